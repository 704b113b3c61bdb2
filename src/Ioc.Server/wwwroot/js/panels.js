// A panel on the wall: keeps the newest value of each series it draws, matches live points to its
// selectors the way the server does, paints through its type's view (panel-*.js) and shows its freshness.
//
// Test hook on each <section class="panel">: data-panel-id, data-panel-type, data-state (live|stale|offline),
// data-source-state (late|failing|disabled, absent while every source behind it is fresh), data-last-update (Date.now() of the latest paint), data-data-time (server ms of the newest value drawn) and
// data-point-count (points drawn: chart points for timeseries, values for the other types).

import { createStatView } from './panel-stat.js';
import { createTimeseriesView } from './panel-timeseries.js';
import { createBarView } from './panel-bar.js';
import { createGaugeView } from './panel-gauge.js';
import { createRankingView } from './panel-ranking.js';
import { createComparisonView } from './panel-comparison.js';
import { createBreakdownView } from './panel-breakdown.js';
import { createKpiView } from './panel-kpi.js';
import { createPlanProgressView } from './panel-plan-progress.js';
import { createServiceIndexView } from './panel-service-index.js';

const VIEWS = { stat: createStatView, timeseries: createTimeseriesView, bar: createBarView, gauge: createGaugeView, ranking: createRankingView };
VIEWS.comparison = createComparisonView;
VIEWS.breakdown = createBreakdownView;
VIEWS.kpi = createKpiView;
VIEWS['plan-progress'] = createPlanProgressView;
VIEWS['service-index'] = createServiceIndexView;

const PAINT_DELAY_MS = 250; // coalesce bursts of live points into one paint

/** Does a live point belong to this selector? Same rule as the server: measurement, tag subset, field present. */
export function selects(selector, point) {
  if (point.measurement !== selector.measurement) {
    return false;
  }
  const tags = point.tags ?? {};
  for (const [key, value] of Object.entries(selector.tags ?? {})) {
    if (tags[key] !== value) {
      return false;
    }
  }
  return typeof point.fields?.[selector.field] === 'number';
}

const seriesId = (key, field) => `${key}\u0000${field}`;

const drawnBy = (selector, s) =>
  s.field === selector.field && selects(selector, { measurement: s.measurement, tags: s.tags, fields: { [s.field]: 0 } });

/**
 * @param {HTMLElement} element  the page's <section class="panel">
 * @param {object} definition    the panel from the dashboard definition
 * @param {object} env           { format, strings, clock, api, dashboard }
 */
export function createPanel(element, definition, env) {
  const options = definition.options ?? {};
  const selectors = definition.series ?? [];
  const body = element.querySelector('[data-role=body]');
  const status = element.querySelector('[data-role=status]');
  const updated = element.querySelector('[data-role=updated]');
  const moreNote = element.querySelector('[data-role=more]');
  const maxSeries = options.maxSeries ?? 50;
  let more = 0;
  const createView = VIEWS[definition.type];
  const view = createView
    ? createView(body, definition, env, () => schedulePaint(false))
    : { render: () => { body.textContent = `? ${definition.type}`; }, pointCount: () => 0 };

  /** id → { id, key, measurement, tags, field, label, last: {time, value} | null, stale } in drawing order. */
  let series = new Map();
  let paintTimer = null;
  let painted = false;
  let hasData = false; // nothing to paint before the first read or live point
  let resolvePainted;
  const firstPaint = new Promise((resolve) => { resolvePainted = resolve; });

  function labelFor(selector, point) {
    const byTag = options.labelTag ? point.tags?.[options.labelTag] : undefined;
    return byTag ?? selector.label ?? point.key;
  }

  let painting = null;
  let paintAgain = false;
  let destroyed = false;

  /** Paints run one at a time (a chart must not be updated while it renders); requests meanwhile coalesce. */
  function paint() {
    paintTimer = null;
    if (painting) {
      paintAgain = true;
      return painting;
    }
    painting = (async () => {
      do {
        paintAgain = false;
        await paintOnce();
      } while (paintAgain);
      painting = null;
    })();
    return painting;
  }

  async function paintOnce() {
    if (destroyed) {
      return;
    }
    try {
      await view.render([...series.values()]);
    } catch (error) {
      console.error(`panel ${definition.id}: paint failed`, error);
    }
    const times = [...series.values()].map((s) => s.last?.time).filter((t) => t != null);
    element.dataset.lastUpdate = String(Date.now());
    element.dataset.dataTime = times.length > 0 ? String(Math.max(...times)) : '';
    element.dataset.pointCount = String(view.pointCount ? view.pointCount() : series.size);
    if (!painted) {
      painted = true;
      resolvePainted();
    }
  }

  /** "+k more": the series the panel matched but does not draw (options.maxSeries). */
  function setMore(count) {
    more = count;
    if (moreNote) {
      moreNote.hidden = more === 0;
      moreNote.textContent = more === 0 ? '' : env.strings.more(more);
    }
  }

  function schedulePaint(now) {
    if (!hasData || destroyed) {
      return undefined;
    }
    if (now) {
      clearTimeout(paintTimer);
      return paint();
    }
    paintTimer ??= setTimeout(paint, PAINT_DELAY_MS);
    return undefined;
  }

  return {
    element,
    definition,
    firstPaint,

    /** Everything from /api/v1/dashboards/{id}/data for this panel; replaces what was drawn. */
    setData(dataSeries, moreCount = 0) {
      setMore(moreCount);
      const next = new Map();
      for (const s of dataSeries ?? []) {
        const id = seriesId(s.key, s.field);
        const state = { id, key: s.key, measurement: s.measurement, tags: s.tags ?? {}, field: s.field, label: s.label ?? s.key, last: s.last ?? null, stale: series.get(id)?.stale ?? false };
        view.reset?.(state, s);
        next.set(id, state);
      }
      series = next;
      hasData = true;
      return schedulePaint(true);
    },

    /** A live point from the hub; returns whether this panel draws it. */
    accept(point) {
      let used = false;
      for (const selector of selectors) {
        if (!selects(selector, point)) {
          continue;
        }
        const id = seriesId(point.key, selector.field);
        let state = series.get(id);
        if (!state && series.size >= maxSeries) {
          // The panel draws at most maxSeries; a series past that competes again at the next read, which counts it.
          continue;
        }
        if (!state) {
          state = { id, key: point.key, measurement: point.measurement, tags: point.tags ?? {}, field: selector.field, label: labelFor(selector, point), last: null, stale: false };
          view.reset?.(state, null);
          series.set(id, state);
        }
        const value = point.fields[selector.field];
        if (!state.last || point.time >= state.last.time) {
          state.last = { time: point.time, value };
        }
        view.append?.(state, point.time, value);
        used = true;
      }
      if (used) {
        hasData = true;
        schedulePaint(false);
      }
      return used;
    },

    /** Newest value time per series, plus a placeholder for each selector nothing matched yet. */
    seriesTimes() {
      // Views that read their own figures (comparison, breakdown) say how new those are.
      if (view.seriesTimes) {
        return view.seriesTimes();
      }
      const list = [...series.values()].map((s) => ({ id: s.id, time: s.last?.time ?? null, measurement: s.measurement }));
      selectors.forEach((selector, i) => {
        if (![...series.values()].some((s) => drawnBy(selector, s))) {
          list.push({ id: `missing:${i}`, time: null, measurement: selector.measurement });
        }
      });
      return list;
    },

    /** Stops the view's timers and paints; the dashboard that unmounts it destroys its charts and removes its element. */
    destroy() {
      destroyed = true;
      clearTimeout(paintTimer);
      paintTimer = null;
      view.destroy?.();
    },

    /** Marks the panel from a freshness verdict (freshness.js) and repaints if which series are stale changed. */
    showFreshness(verdict, now) {
      element.dataset.state = verdict.state;
      if (verdict.source) {
        element.dataset.sourceState = verdict.source.state;
      } else {
        delete element.dataset.sourceState;
      }
      let changed = false;
      for (const s of series.values()) {
        const stale = verdict.state === 'offline' || verdict.staleIds.has(s.id);
        changed ||= stale !== s.stale;
        s.stale = stale;
      }
      renderStatus(status, updated, verdict, now, env.strings, env.format);
      if (changed && painted) {
        schedulePaint(false);
      }
    },
  };
}

/**
 * Live: a small time in the header. Not live: a band across the foot of the panel, in colour, saying what is
 * wrong and since when ("DỮ LIỆU CŨ · lúc 14:05"; "NGUỒN LỖI · Cổng dịch vụ công · thành công lúc 14:05"),
 * over a dimmed body.
 */
function renderStatus(status, updated, verdict, now, strings, format) {
  if (updated) {
    const text = verdict.newest != null ? format.timeSeconds(verdict.newest) : '';
    if (updated.textContent !== text) {
      updated.textContent = text;
    }
  }
  if (!status) {
    return;
  }
  if (verdict.state === 'live') {
    status.hidden = true;
    return;
  }
  let badge;
  let detail;
  if (verdict.source) {
    const source = verdict.source;
    badge = strings.source[source.state];
    const parts = [source.count > 1 ? strings.sourcesMore(source.name, source.count - 1) : source.name];
    parts.push(source.lastSuccess != null ? strings.lastSuccess(format.asOf(source.lastSuccess, now)) : strings.neverSucceeded);
    detail = parts.join(' · ');
  } else {
    badge = verdict.state === 'offline' ? strings.offline : strings.stale;
    const partly = verdict.state === 'stale' && verdict.staleIds.size > 0 && verdict.staleIds.size < verdict.total;
    const at = partly ? verdict.oldestStale : verdict.newest;
    const parts = partly ? [strings.staleSome(verdict.staleIds.size, verdict.total)] : [];
    parts.push(at != null ? strings.asOf(format.asOf(at, now)) : strings.noData);
    detail = parts.join(' · ');
  }
  status.hidden = false;
  if (status.dataset.text === `${badge}|${detail}`) {
    return;
  }
  status.dataset.text = `${badge}|${detail}`;
  const badgeElement = document.createElement('span');
  badgeElement.className = 'panel-badge';
  badgeElement.textContent = badge;
  const detailElement = document.createElement('span');
  detailElement.className = 'panel-asof';
  detailElement.textContent = detail;
  status.replaceChildren(badgeElement, detailElement);
}
