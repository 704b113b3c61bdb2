// Keeps the page consistent with the server: (re)subscribe, read everything from the query API, then apply
// the live points that arrived meanwhile. Runs after every (re)connect, on a sequence gap or a new server
// stream, and every few minutes as a safety net. Until a run succeeds the page is not live.

import { backoffDelay } from './connection.js';

const SAFETY_RESYNC_MS = 10 * 60_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Whether a read taken before subscribing misses nothing: it was answered by this stream, and no series of the
 * dashboard was numbered between its snapshot (taken before its reads) and the subscription's.
 */
async function stillCurrent(read, subscription) {
  const answer = await read.catch(() => null);
  const taken = answer?.body?.sequences;
  if (!taken || answer.body.stream !== subscription.stream) {
    return false;
  }
  const now = subscription.sequences ?? {};
  const keys = Object.keys(now);
  return keys.length === Object.keys(taken).length && keys.every((key) => taken[key] === now[key]);
}

/**
 * @param {object} options
 * @param {ReturnType<import('./connection.js').createLiveConnection>} options.connection
 * @param {ReturnType<import('./query-api.js').createQueryApi>} options.api
 * @param {string} options.dashboardId
 * @param {(body: object, clockSample: object) => void} options.onData   paint every panel from /data
 * @param {(points: object[]) => void} options.onPoints                   apply live points
 * @param {(status: {synced?: boolean, problem?: string|null}) => void} options.onStatus  what changed
 * @param {Promise<{body: object, clockSample: object}>} [options.firstRead]  the page's own first read, which it
 *        paints itself: the first run takes it instead of reading again when nothing was published in between
 */
export function createSync({ connection, api, dashboardId, onData, onPoints, onStatus, firstRead }) {
  let running = null;
  let first = firstRead ?? null;
  let again = null; // { resubscribe } when another run was asked for while one was in progress
  let buffer = null; // live points held back while a run reads the query API
  let safetyTimer = null;
  let stopped = false;

  async function runOnce(resubscribe) {
    buffer = [];
    // After a (re)connect or a server restart nothing on screen can be trusted until the read succeeds;
    // a gap or the safety run only refreshes what is already live, so the screen stays live meanwhile.
    if (resubscribe) {
      onStatus({ synced: false });
    }
    try {
      for (let attempt = 0; ; attempt++) {
        if (!connection.connected || stopped) {
          return; // the next onConnected starts a new run; a stopped sync belongs to an unmounted dashboard
        }
        try {
          let subscription = null;
          if (resubscribe || connection.stream === null || connection.dashboardId !== dashboardId) {
            subscription = await connection.subscribe(dashboardId);
          }
          const taken = first;
          first = null;
          if (taken && subscription && (await stillCurrent(taken, subscription))) {
            if (stopped) {
              return;
            }
            finish();
            return;
          }
          const { body, clockSample } = await api.data(dashboardId);
          if (stopped) {
            return;
          }
          if (body.stream !== connection.stream) {
            // The server restarted between subscribing and reading (or, behind a balancer without sticky
            // sessions, another server answered): wait before trying again rather than spin.
            resubscribe = true;
            await sleep(backoffDelay(attempt));
            continue;
          }
          onData(body, clockSample);
          finish();
          return;
        } catch (error) {
          if (stopped) {
            return;
          }
          console.warn('resync failed, retrying', error);
          onStatus({ problem: error.message });
          await sleep(backoffDelay(attempt));
        }
      }
    } finally {
      buffer = null;
    }
  }

  // The held live points go on top of what was painted; the page is live.
  function finish() {
    const held = buffer;
    buffer = null;
    if (held.length > 0) {
      onPoints(held);
    }
    onStatus({ synced: true, problem: null });
  }

  async function pump(resubscribe) {
    running = runOnce(resubscribe);
    await running;
    while (again) {
      const next = again;
      again = null;
      running = runOnce(next.resubscribe);
      await running;
    }
    running = null;
    clearTimeout(safetyTimer);
    if (!stopped) {
      safetyTimer = setTimeout(() => request('safety', false), SAFETY_RESYNC_MS);
    }
  }

  /** Ask for a run; runs never overlap, and requests during a run collapse into one more run. */
  function request(reason, resubscribe) {
    if (stopped) {
      return;
    }
    console.info(`resync: ${reason}`);
    if (running) {
      again = { resubscribe: resubscribe || (again?.resubscribe ?? false) };
      return;
    }
    pump(resubscribe);
  }

  return {
    /** Live points from the connection: applied now, or after the run in progress has painted. */
    points(points) {
      if (buffer) {
        buffer.push(...points);
      } else {
        onPoints(points);
      }
    },
    connected: () => request('connected', true),
    resync: (reason, resubscribe) => request(reason, resubscribe),
    /** The dashboard is unmounted: no more runs, no safety timer. */
    stop() {
      stopped = true;
      again = null;
      clearTimeout(safetyTimer);
    },
  };
}
