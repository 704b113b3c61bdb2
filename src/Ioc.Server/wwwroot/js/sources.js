// The sources behind each panel (GET /api/v1/dashboards/{id}/sources): which collector or API key writes its
// measurements, and whether that source is fresh, late, failing or disabled. Read at first paint, every
// POLL_MS and on every reconnect; freshness.js greys a tile whose source is not fresh.

const POLL_MS = 15_000;

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

  async function refresh() {
    if (inFlight) {
      return inFlight;
    }
    inFlight = (async () => {
      try {
        const body = await api.sources(dashboardId);
        onSources(body.panels ?? {});
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
      refresh();
      timer ??= setInterval(refresh, POLL_MS);
    },
    refresh,
    stop() {
      clearInterval(timer);
      timer = null;
    },
  };
}
