// Entry point of a wall page (/d/{id}): builds the panels the server rendered, paints them from the query
// API, keeps them current from the live hub and marks anything that is not current. See docs/live-hub.md.

import { createFormat } from './format.js';
import { stringsFor } from './strings.js';
import { createQueryApi } from './query-api.js';
import { createLiveConnection, backoffDelay } from './connection.js';
import { createSync } from './sync.js';
import { createPanel } from './panels.js';
import { createFreshnessMonitor, createServerClock } from './freshness.js';
import { createStatusBar } from './status-bar.js';
import { createSourceWatch } from './sources.js';
import { createScreen } from './screen.js';

const main = document.getElementById('dashboard');
const dashboardId = main.dataset.dashboardId;
const pathBase = (main.dataset.pathBase ?? '').replace(/\/$/, '');
const locale = main.dataset.locale || document.documentElement.lang || 'vi-VN';

const format = createFormat(locale, main.dataset.timeZone || undefined);
const strings = stringsFor(locale);
const clock = createServerClock();
const statusBar = createStatusBar({ strings, format, clock });
// A leaders' dashboard shows one unit: ?unit=, else the province (the server renders it as data-unit).
const pageUnit = main.dataset.unit || undefined;
const api = createQueryApi(pathBase, pageUnit);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Grid spans come from data attributes; set through CSSOM because the page's CSP allows no inline styles. */
function applyLayout(definition) {
  main.style.setProperty('--columns', String(definition.columns ?? 12));
  for (const section of main.querySelectorAll('.panel')) {
    section.style.setProperty('--span-x', section.dataset.width ?? '3');
    section.style.setProperty('--span-y', section.dataset.height ?? '1');
  }
}

/** The section the server rendered for a panel, or a new one when the definition changed since. */
function sectionFor(panel) {
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
  const header = document.createElement('header');
  header.className = 'panel-header';
  const title = document.createElement('h2');
  title.className = 'panel-title';
  title.textContent = panel.title;
  const updated = document.createElement('span');
  updated.className = 'panel-updated';
  updated.dataset.role = 'updated';
  const body = document.createElement('div');
  body.className = 'panel-body';
  body.dataset.role = 'body';
  const status = document.createElement('p');
  status.className = 'panel-status';
  status.dataset.role = 'status';
  status.hidden = true;
  header.append(title, updated);
  section.append(header, body, status);
  main.append(section);
  return section;
}

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

async function loadDefinition() {
  for (let attempt = 0; ; attempt++) {
    try {
      const definition = await api.definition(dashboardId);
      statusBar.problem(null);
      return definition;
    } catch (error) {
      statusBar.problem(error.message);
      await sleep(backoffDelay(attempt));
    }
  }
}

async function start() {
  const definition = withUnit(await loadDefinition(), pageUnit);
  const env = { format, strings, clock, api, dashboard: definition };
  const panels = definition.panels.map((p) => createPanel(sectionFor(p), p, env));
  applyLayout(definition);
  const freshness = createFreshnessMonitor({
    panels,
    clock,
    onVerdicts: (verdicts) => statusBar.sourceTiles(verdicts.filter((v) => v.source).length),
  });
  env.recheck = () => freshness.check(); // panels that read plans mark themselves current as their answers arrive
  const sources = createSourceWatch({ api, dashboardId, onSources: (bySource) => freshness.setSources(bySource) });
  sources.start();

  let connectionState = 'connecting';
  let synced = false;
  let newestData = -Infinity;

  function showLiveness() {
    const live = connectionState === 'connected' && synced;
    freshness.setLive(live);
    statusBar.show(connectionState, synced);
  }

  let screen = null;

  function paintData(body, clockSample) {
    if (body.serverTime < newestData) {
      return; // an older answer overtaken by a newer one
    }
    newestData = body.serverTime;
    screen?.updated();
    clock.sample(clockSample);
    for (const panel of panels) {
      const data = body.panels?.[panel.definition.id];
      panel.setData(data?.series ?? [], data?.more ?? 0);
    }
    freshness.check();
  }

  function applyPoints(points) {
    screen?.updated();
    for (const point of points) {
      for (const panel of panels) {
        panel.accept(point);
      }
    }
    // A panel that was stale turns live the moment fresh data lands, not at the next periodic check.
    freshness.check();
  }

  Promise.all(panels.map((p) => p.firstPaint)).then(() => {
    document.body.dataset.ready = 'true';
  });

  // Paint straight away, marked not live, rather than wait for the hub: a blank wall tells nobody anything.
  api.data(dashboardId).then(({ body, clockSample }) => paintData(body, clockSample)).catch((error) => {
    console.warn('first paint failed; the hub connection will retry', error);
  });

  let sync = null;
  const connection = createLiveConnection({
    url: `${pathBase}/hubs/live`,
    dashboardId,
    onState(state) {
      connectionState = state;
      if (state !== 'connected') {
        synced = false;
      }
      showLiveness();
    },
    onConnected: () => {
      sources.refresh();
      screen?.connected();
      return sync.connected();
    },
    onPoints: (points) => sync.points(points),
    onResyncNeeded: (reason, resubscribe) => sync.resync(reason, resubscribe),
  });
  // Only unattended screens (display tokens) account for themselves; a person's browser is not a screen.
  if (main.dataset.kiosk === 'true') {
    screen = createScreen({ hub: connection.hub, showing: () => ({ dashboardId }) });
  }
  sync = createSync({
    connection,
    api,
    dashboardId,
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
  connection.start();
}

start().catch((error) => {
  console.error(error);
  statusBar.problem(error.message);
});
