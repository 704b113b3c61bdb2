// The sources behind each panel (GET /api/v1/dashboards/{id}/sources): which collector or API key writes its
// measurements, and whether that source is fresh, late, failing or disabled. Read at first paint, every
// POLL_MS, on every reconnect, and soon after a live point of a measurement whose source was not fresh (that
// source has just delivered, so the tile need not stay grey until the next poll); freshness.js greys a tile
// whose source is not fresh.

const POLL_MS = 15_000;
// A source that delivers many points at once is read again once, not once per point; after the server's
// one-second cache of the answer (DashboardSourcesCache), spread so that a whole room of screens does not ask at once.
const DELIVERED_READ_MS = 1_500;
const DELIVERED_SPREAD_MS = 1_000;

// Which reason a tile shows when several of its sources are not fresh: a failure first, then lateness.
const RANK = { failing: 0, late: 1, disabled: 2 };

/**
 * The source a panel should be marked by, or null when every source behind it is fresh (or none is known).
 * @param {Array<{source: string, name: string, state: string, lastSuccess: number|null, measurements: string[]}>} sources
 */
export function worstSource(sources) {
  const notFresh = (sources ?? []).filter((s) => s.state in RANK);
  if (notFresh.length === 0) {
    return null;
  }
  notFresh.sort((a, b) => RANK[a.state] - RANK[b.state] || a.name.localeCompare(b.name));
  return { ...notFresh[0], count: notFresh.length, measurements: new Set(notFresh.flatMap((s) => s.measurements ?? [])) };
}

/**
 * Keeps every panel's sources current.
 * @param {object} options
 * @param {{sources(id: string): Promise<object>}} options.api
 * @param {(panels: Record<string, Array>) => void} options.onSources
 */
export function createSourceWatch({ api, dashboardId, onSources }) {
  let timer = null;
  let inFlight = null;
  let soon = null;
  let stopped = false;
  // At most one such extra read between two polls: a source that stays late beside one that delivers (a key that
  // wrote a wall's measurement once) must not turn every live point into a read on every screen.
  let extraRead = false;
  // Measurements written by a source the last answer called not fresh.
  let waitingFor = new Set();

  async function refresh() {
    if (inFlight) {
      return inFlight;
    }
    inFlight = (async () => {
      try {
        const body = await api.sources(dashboardId);
        if (stopped) {
          return;
        }
        const panels = body.panels ?? {};
        waitingFor = new Set(Object.values(panels).flatMap((list) => (list ?? []).filter((s) => s.state in RANK).flatMap((s) => s.measurements ?? [])));
        onSources(panels);
      } catch (error) {
        // The tiles keep the last answer; the hub's state and staleAfter still mark what is not current.
        console.warn('sources: could not read them, keeping the last answer', error);
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  }

  return {
    start() {
      stopped = false;
      refresh();
      timer ??= setInterval(() => {
        extraRead = false;
        refresh();
      }, POLL_MS);
    },
    refresh,
    /** Live points arrived: read again shortly, once between polls, if one is of a measurement whose source was not fresh. */
    delivered(points) {
      if (soon || stopped || extraRead || waitingFor.size === 0 || !points.some((p) => waitingFor.has(p.measurement))) {
        return;
      }
      extraRead = true;
      soon = setTimeout(() => {
        soon = null;
        refresh();
      }, DELIVERED_READ_MS + Math.random() * DELIVERED_SPREAD_MS);
    },
    stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(soon);
      timer = null;
      soon = null;
    },
  };
}
