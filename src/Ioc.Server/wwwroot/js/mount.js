// One dashboard on the page: built from its definition (the query API's /api/v1/dashboards/{id}), painted from
// /data, kept current through the page's one live connection, marked by freshness and its sources, and torn down
// again (timers, charts, group, DOM) when a playlist moves on. See docs/live-hub.md.

import { createFormat } from './format.js';
import { stringsFor } from './strings.js';
import { createQueryApi } from './query-api.js';
import { backoffDelay } from './connection.js';
import { createSync } from './sync.js';
import { createPanel } from './panels.js';
import { createFreshnessMonitor } from './freshness.js';
import { createSourceWatch } from './sources.js';
import { destroyChartsIn } from './chart-scope.js';
import { takeFirstRead } from './first-read.js';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Series tags of "$unit" stand for the page's unit, so live points are matched as the server matched the first paint. */
function withUnit(definition, unit) {
  if (!unit) {
    return definition;
  }
  for (const panel of definition.panels ?? []) {
    for (const series of panel.series ?? []) {
      for (const [key, value] of Object.entries(series.tags ?? {})) {
        if (value === '$unit') {
          series.tags[key] = unit;
        }
      }
    }
  }
  return definition;
}

/** The section the server rendered for a panel, or a new one (a playlist's later dashboards, a changed definition). */
function sectionFor(main, panel) {
  const existing = [...main.querySelectorAll('.panel')].find((s) => s.dataset.panelId === panel.id);
  if (existing) {
    return existing;
  }
  const section = document.createElement('section');
  section.className = 'panel';
  section.dataset.panelId = panel.id;
  section.dataset.panelType = panel.type;
  section.dataset.width = String(panel.width ?? 3);
  section.dataset.height = String(panel.height ?? 1);
  section.dataset.state = 'offline';
  const header = document.createElement('header');
  header.className = 'panel-header';
  const title = document.createElement('h2');
  title.className = 'panel-title';
  title.id = `panel-title-${panel.id}`;
  title.textContent = panel.title;
  section.setAttribute('aria-labelledby', title.id);
  const more = document.createElement('span');
  more.className = 'panel-more';
  more.dataset.role = 'more';
  more.hidden = true;
  const updated = document.createElement('span');
  updated.className = 'panel-updated';
  updated.dataset.role = 'updated';
  const body = document.createElement('div');
  body.className = 'panel-body';
  body.dataset.role = 'body';
  const status = document.createElement('p');
  status.className = 'panel-status';
  status.dataset.role = 'status';
  status.setAttribute('role', 'status');
  status.hidden = true;
  header.append(title, more, updated);
  section.append(header, body, status);
  main.append(section);
  return section;
}

/** Grid spans come from data attributes; set through CSSOM because the page's CSP allows no inline styles. */
function applyLayout(main, definition) {
  main.style.setProperty('--columns', String(definition.columns ?? 12));
  for (const section of main.querySelectorAll('.panel')) {
    section.style.setProperty('--span-x', section.dataset.width ?? '3');
    section.style.setProperty('--span-y', section.dataset.height ?? '1');
  }
}

/** The header and the page's data attributes follow the dashboard shown (other modules read them). */
function showHeading(main, definition, unit) {
  main.dataset.dashboardId = definition.id;
  main.dataset.locale = definition.locale ?? 'vi-VN';
  main.dataset.audience = definition.audience ?? '';
  main.dataset.timeZone = definition.timeZone ?? '';
  main.dataset.columns = String(definition.columns ?? 12);
  if (unit) {
    main.dataset.unit = unit;
  } else {
    delete main.dataset.unit;
  }
  document.documentElement.lang = main.dataset.locale;
  document.title = `${definition.title} · IOC`;
  const title = document.querySelector('.wall-title');
  if (title) {
    title.textContent = definition.title;
  }
  let description = document.querySelector('.wall-description');
  if (!description && definition.description && title) {
    description = document.createElement('p');
    description.className = 'wall-description';
    title.after(description);
  }
  if (description) {
    description.textContent = definition.description ?? '';
    description.hidden = !definition.description;
  }
}

/** Reads what a dashboard needs before it is shown, so a playlist's switch paints at once. */
export async function preload({ pathBase, dashboardId, unit }) {
  const api = createQueryApi(pathBase, unit);
  const definition = await api.definition(dashboardId);
  const data = await api.data(dashboardId).catch(() => null);
  return { dashboardId, definition, data };
}

/**
 * Shows one dashboard in `main` until `unmount()`.
 * @param {object} options
 * @param {HTMLElement} options.main            the page's <main id="dashboard">
 * @param {string} options.dashboardId
 * @param {string} [options.unit]               the unit shown by a dashboard that follows units
 * @param {string} options.pathBase
 * @param {ReturnType<import('./connection.js').createLiveConnection>} options.connection  the page's one connection
 * @param {() => string} options.connectionState  'connecting' | 'connected' | 'reconnecting'
 * @param {object} options.clock                the page's server clock
 * @param {ReturnType<import('./status-bar.js').createStatusBar>} options.statusBar
 * @param {{definition: object, data: object|null}} [options.preloaded]  read shortly before (preload)
 * @param {() => void} [options.onUpdate]      data arrived (a read or live points): the screen's heartbeat says when
 */
export function mountDashboard({ main, dashboardId, unit, pathBase, connection, connectionState, clock, statusBar, preloaded, onUpdate }) {
  const api = createQueryApi(pathBase, unit);
  let stopped = false;
  let panels = [];
  let freshness = null;
  let sources = null;
  let sync = null;
  let synced = false;
  let newestData = -Infinity;

  async function loadDefinition() {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        const definition = await api.definition(dashboardId);
        statusBar.problem(null);
        return definition;
      } catch (error) {
        statusBar.problem(error.message);
        await sleep(backoffDelay(attempt));
      }
    }
    return null;
  }

  function showLiveness() {
    if (stopped || !freshness) {
      return;
    }
    const state = connectionState();
    freshness.setLive(state === 'connected' && synced);
    statusBar.show(state, synced);
  }

  function paintData(body, clockSample) {
    if (stopped || body.serverTime < newestData) {
      return; // unmounted, or an older answer overtaken by a newer one
    }
    newestData = body.serverTime;
    onUpdate?.();
    clock.sample(clockSample);
    for (const panel of panels) {
      const data = body.panels?.[panel.definition.id];
      panel.setData(data?.series ?? [], data?.more ?? 0);
    }
    freshness.check();
  }

  function applyPoints(points) {
    if (stopped) {
      return;
    }
    onUpdate?.();
    for (const point of points) {
      for (const panel of panels) {
        panel.accept(point);
      }
    }
    // A panel that was stale turns live the moment fresh data lands, not at the next periodic check.
    freshness.check();
    sources?.delivered(points);
  }

  // A dashboard page's first reads began before the scripts had loaded (first-read.js).
  const early = preloaded ? null : takeFirstRead(dashboardId, unit);

  const ready = (async () => {
    const definition = preloaded?.definition ?? (early ? await early.definition.catch(() => null) : null) ?? (await loadDefinition());
    if (stopped || !definition) {
      return;
    }
    withUnit(definition, unit);
    const format = createFormat(definition.locale || 'vi-VN', definition.timeZone || undefined);
    const strings = stringsFor(definition.locale || 'vi-VN');
    statusBar.setLocale(strings, format);
    showHeading(main, definition, unit);
    const env = { format, strings, clock, api, dashboard: definition };
    panels = definition.panels.map((p) => createPanel(sectionFor(main, p), p, env));
    applyLayout(main, definition);
    freshness = createFreshnessMonitor({
      panels,
      clock,
      onVerdicts: (verdicts) => statusBar.sourceTiles(verdicts.filter((v) => v.source).length),
    });
    env.recheck = () => freshness.check(); // panels that read plans mark themselves current as their answers arrive
    sources = createSourceWatch({ api, dashboardId, onSources: (bySource) => freshness.setSources(bySource) });
    sources.start();
    showLiveness();

    Promise.all(panels.map((p) => p.firstPaint)).then(() => {
      if (!stopped) {
        document.body.dataset.ready = 'true';
      }
    });

    // Paint straight away, marked not live, rather than wait for the hub: a blank wall tells nobody anything.
    if (preloaded?.data) {
      paintData(preloaded.data.body, preloaded.data.clockSample);
    } else {
      (early?.data ?? api.data(dashboardId)).then(({ body, clockSample }) => paintData(body, clockSample)).catch((error) => {
        console.warn('first paint failed; the hub connection will retry', error);
      });
    }

    sync = createSync({
      connection,
      api,
      dashboardId,
      firstRead: early?.data,
      onData: paintData,
      onPoints: applyPoints,
      onStatus(status) {
        if (status.synced !== undefined) {
          synced = status.synced;
          showLiveness();
        }
        if (status.problem !== undefined) {
          statusBar.problem(status.problem);
        }
      },
    });
    if (connection.connected) {
      sync.connected(); // the page's connection is up already: subscribe and read now
    }
  })();

  return {
    dashboardId,
    ready,

    /** The connection changed state (the page's one connection serves whichever dashboard is mounted). */
    connectionChanged(state) {
      if (state !== 'connected') {
        synced = false;
      }
      showLiveness();
    },
    connected() {
      sources?.refresh();
      sync?.connected();
    },
    points: (points) => sync?.points(points),
    resync: (reason, resubscribe) => sync?.resync(reason, resubscribe),

    /** Tears everything down: runs, timers, charts, the hub group and the panels' DOM. */
    async unmount() {
      stopped = true;
      sync?.stop();
      sources?.stop();
      freshness?.stop();
      panels.forEach((p) => p.destroy());
      destroyChartsIn(main);
      main.replaceChildren();
      delete document.body.dataset.ready;
      await connection.unsubscribe(dashboardId);
    },
  };
}
