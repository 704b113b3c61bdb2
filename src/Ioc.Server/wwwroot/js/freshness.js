// Never show old numbers as current. Each panel is judged every few seconds by the server's clock:
//   offline  the hub is down or the page has not re-read the server since it came back
//   stale    some series' newest value is older than the panel's staleAfter (or there is none), or a source
//            that writes its measurements is late, failing or disabled (sources.js), however new the value
//   live     otherwise
// A panel that is not live is dimmed and says why and since when ("Dữ liệu cũ — lúc 14:05",
// "Nguồn lỗi — Cổng dịch vụ công · thành công lúc 14:05").

import { parseDuration } from './duration.js';
import { worstSource } from './sources.js';

// At most this long between checks; panels with a short staleAfter are checked more often.
const CHECK_EVERY_MS = 5_000;
const CHECK_AT_LEAST_MS = 250;

/** The server's clock as seen from this screen: kiosk clocks drift, and staleness is judged against server times. */
export function createServerClock() {
  let offset = 0;
  return {
    /** `serverTime` was read at `localTime` (the request's midpoint). */
    sample({ serverTime, localTime }) {
      if (Number.isFinite(serverTime) && Number.isFinite(localTime)) {
        offset = serverTime - localTime;
      }
    },
    now: () => Date.now() + offset,
    get offsetMs() {
      return offset;
    },
  };
}

/**
 * The verdict for one panel.
 * @param {Array<{id: string, time: number|null, measurement?: string}>} series  newest value time per series (server ms)
 * @param {object|null} source  the worst source behind the panel that is not fresh (sources.js worstSource), or null
 */
export function judge(series, staleAfterMs, now, live, source = null) {
  const staleSeries = series.filter((s) => s.time == null || now - s.time > staleAfterMs || (source?.measurements.has(s.measurement) ?? false));
  const newest = maxOrNull(series.map((s) => s.time));
  const staleTimes = staleSeries.map((s) => s.time);
  const oldestStale = staleTimes.length === 0 || staleTimes.includes(null) ? null : Math.min(...staleTimes);
  let state = 'live';
  if (!live) {
    state = 'offline';
  } else if (series.length === 0 || staleSeries.length > 0 || source) {
    state = 'stale';
  }
  return { state, staleIds: new Set(staleSeries.map((s) => s.id)), total: series.length, newest, oldestStale, source: live ? source : null };
}

function maxOrNull(values) {
  const known = values.filter((v) => v != null);
  return known.length > 0 ? Math.max(...known) : null;
}

/**
 * Marks panels on an interval and whenever the connection changes.
 * @param {object} options
 * @param {Array<{element: HTMLElement, definition: object, seriesTimes(): Array, showFreshness(verdict, now): void}>} options.panels
 * @param {{now(): number}} options.clock
 * @param {(verdicts: Array<object>) => void} [options.onVerdicts]  every panel's verdict after each check
 */
export function createFreshnessMonitor({ panels, clock, onVerdicts }) {
  let live = false;
  let sources = {};
  const staleAfter = new Map(panels.map((p) => [p, parseDuration(p.definition.options?.staleAfter, 5 * 60_000)]));

  function check() {
    const now = clock.now();
    const verdicts = [];
    for (const panel of panels) {
      const verdict = judge(panel.seriesTimes(), staleAfter.get(panel), now, live, worstSource(sources[panel.definition.id]));
      panel.showFreshness(verdict, now);
      verdicts.push(verdict);
    }
    onVerdicts?.(verdicts);
  }

  const shortest = Math.min(CHECK_EVERY_MS * 2, ...staleAfter.values());
  const timer = setInterval(check, Math.max(CHECK_AT_LEAST_MS, Math.min(CHECK_EVERY_MS, shortest / 4)));
  return {
    check,
    /** Live means connected and re-read from the server since connecting. */
    setLive(value) {
      if (value !== live) {
        live = value;
        check();
      }
    },
    /** Each panel's sources by panel id, as GET /api/v1/dashboards/{id}/sources answers them. */
    setSources(panelSources) {
      sources = panelSources ?? {};
      check();
    },
    stop: () => clearInterval(timer),
  };
}
