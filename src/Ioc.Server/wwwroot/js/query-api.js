// The query API the page paints from (docs/live-hub.md, "Query API").

const TIMEOUT_MS = 15_000;

// The dashboard whose definition this page read last (by any mount): every viewer of the page may read it.
let shown = null;

/** @param {string} [unit]  the unit the page shows (?unit=), for panels whose series name "$unit" */
export function createQueryApi(pathBase, unit) {
  const base = (pathBase ?? '').replace(/\/$/, '');

  /** Whether the page's session or display token still holds, asked of the one read every viewer has. */
  async function signedIn() {
    if (shown === null) {
      return false;
    }
    try {
      const response = await fetch(`${base}/api/v1/dashboards/${encodeURIComponent(shown)}`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
      return response.status !== 401;
    } catch {
      return true; // the server is away: that is an outage, not a sign-out
    }
  }

  async function getJson(path, body) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      const response = await fetch(base + path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        signal: controller.signal,
      });
      if (response.status === 401) {
        if (!(await signedIn())) {
          location.reload(); // signed out or token revoked: let the server send the page to sign-in
        }
        // Still signed in: this read is not for this screen (a wall screen on a panel only people may read).
        // Reloading would loop for ever; the panel says it instead.
        throw new Error(`${path}: not readable from this screen (HTTP 401)`);
      }
      if (!response.ok) {
        throw new Error(`${path}: HTTP ${response.status}`);
      }
      return await response.json();
    } catch (error) {
      if (error.name === 'AbortError') {
        throw new Error(`${path}: no answer in ${TIMEOUT_MS / 1000} s`);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    definition: async (dashboardId) => {
      const definition = await getJson(`/api/v1/dashboards/${encodeURIComponent(dashboardId)}`);
      shown = dashboardId;
      return definition;
    },

    /**
     * What every panel needs, plus a clock sample: the server's `serverTime` is taken as the midpoint of
     * the request so the page can judge staleness by the server's clock, not the kiosk's.
     */
    async data(dashboardId) {
      const sentAt = Date.now();
      const query = unit ? `?unit=${encodeURIComponent(unit)}` : '';
      const body = await getJson(`/api/v1/dashboards/${encodeURIComponent(dashboardId)}/data${query}`);
      const receivedAt = Date.now();
      return { body, clockSample: { serverTime: body.serverTime, localTime: (sentAt + receivedAt) / 2, roundTrip: receivedAt - sentAt } };
    },

    /** The state of the sources behind each panel (sources.js). */
    sources: (dashboardId) => getJson(`/api/v1/dashboards/${encodeURIComponent(dashboardId)}/sources`),

    /** A comparison or breakdown panel's figures (`kind` is `comparison` or `breakdown`). */
    figures: (dashboardId, panelId, kind) =>
      getJson(`/api/v1/dashboards/${encodeURIComponent(dashboardId)}/panels/${encodeURIComponent(panelId)}/${kind}`),

    /** GET /api/v1/targets: a plan's targets judged now, for one unit when given (plan-data.js shares the answers). */
    targets: (plan, unit) =>
      getJson(`/api/v1/targets?plan=${encodeURIComponent(plan)}${unit ? `&unit=${encodeURIComponent(unit)}` : ''}`),

    /** GET /api/v1/plans: every plan with its targets and tasks counted per status. */
    plans: () => getJson('/api/v1/plans'),

    /** The national service index at one level (province, agency, commune), as of now. */
    serviceIndex: (level) => getJson(`/api/v1/service-index?level=${encodeURIComponent(level)}`),

    /** POST /api/v1/query/range: `queries` of { measurement, tags, field, aggregation }, times in server ms. */
    range: (queries, from, to, maxPoints) =>
      getJson('/api/v1/query/range', { queries, from: Math.floor(from), to: Math.ceil(to), maxPoints }),
  };
}
