// The SignalR connection to /hubs/live (docs/live-hub.md, "Hub"): connects and reconnects forever, because a
// wall screen has nobody to press reload, and turns the server's per-series sequence numbers into three
// outcomes: apply (next in order), drop (duplicate) or apply-and-resync (gap, or a different server stream).
// Behind several Ioc nodes two nodes may publish one series at the same moment and their batches may cross on the
// way: a point that comes early waits up to REORDER_MS for the ones before it, and only then counts as a gap.

/** 0.5 s, 1 s, 2 s … capped at 30 s, with ±20 % jitter so a room of screens does not reconnect in step. */
export function backoffDelay(attempt) {
  const base = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
  return Math.round(base * (0.8 + Math.random() * 0.4));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const REORDER_MS = 1500;

/** The session ended or the display token was revoked. The client keeps a refused negotiation's status only in its message. */
function isRefusal(error) {
  return error?.statusCode === 401 || /Status code '401'/.test(String(error?.message ?? error ?? ''));
}

/**
 * @param {object} options
 * @param {string} options.url              hub URL
 * @param {(state: 'connecting'|'connected'|'reconnecting') => void} options.onState
 * @param {() => void} options.onConnected    after every (re)connect: group membership is gone, subscribe again
 * @param {(points: object[]) => void} options.onPoints  points in order, duplicates removed
 * @param {(reason: string, resubscribe: boolean) => void} options.onResyncNeeded  a gap, or a new stream
 *        (the server restarted: subscribe again), so re-read from the query API
 */
export function createLiveConnection({ url, onState, onConnected, onPoints, onResyncNeeded }) {
  const signalR = window.signalR;
  if (!signalR) {
    throw new Error('SignalR client missing (lib/signalr/signalr.min.js)');
  }

  const hub = new signalR.HubConnectionBuilder()
    .withUrl(url)
    .withAutomaticReconnect({
      // A refusal (401) is not an outage: stop, so that onclose → startForever sends the page to sign-in.
      nextRetryDelayInMilliseconds: (context) => (isRefusal(context.retryReason) ? null : backoffDelay(context.previousRetryCount)),
    })
    .configureLogging(signalR.LogLevel.Warning)
    .build();

  let stream = null;
  let lastSeq = new Map();
  // Points that came before their predecessors, by series key: Map<seq, point>; flushed as a gap after REORDER_MS.
  let held = new Map();
  let heldTimer = null;
  // The one dashboard this connection watches; a playlist moves it from one dashboard to the next.
  let dashboardId = null;
  let state = null;
  // Batches that arrive while SubscribeDashboard is in flight wait for its baseline instead of being lost.
  let early = null;

  function setState(next) {
    if (next !== state) {
      state = next;
      onState(next);
    }
  }

  hub.on('points', (batch) => {
    if (!batch || !Array.isArray(batch.points)) {
      return;
    }
    if (early) {
      early.push(batch);
      return;
    }
    receive(batch);
  });

  function receive(batch) {
    if (stream === null) {
      return; // not subscribed yet; the subscription's resync reads everything anyway
    }
    if (batch.dashboard && batch.dashboard !== dashboardId) {
      return; // still in flight for the dashboard the screen has left
    }
    if (batch.stream !== stream) {
      onResyncNeeded(`new server stream ${batch.stream}`, true);
      return;
    }
    const fresh = [];
    for (const point of batch.points) {
      const last = lastSeq.get(point.key) ?? 0;
      if (point.seq <= last || held.get(point.key)?.has(point.seq)) {
        continue;
      }
      if (point.seq > last + 1) {
        if (!held.has(point.key)) {
          held.set(point.key, new Map());
        }
        held.get(point.key).set(point.seq, point);
        continue;
      }
      lastSeq.set(point.key, point.seq);
      fresh.push(point);
      drainInOrder(point.key, fresh);
    }
    if (fresh.length > 0) {
      onPoints(fresh);
    }
    if (held.size > 0 && heldTimer === null) {
      heldTimer = setTimeout(flushHeld, REORDER_MS);
    }
  }

  /** Applies held points of this series that now follow on without a gap. */
  function drainInOrder(key, into) {
    const waiting = held.get(key);
    if (!waiting) {
      return;
    }
    let next = lastSeq.get(key) + 1;
    while (waiting.has(next)) {
      into.push(waiting.get(next));
      waiting.delete(next);
      lastSeq.set(key, next);
      next++;
    }
    if (waiting.size === 0) {
      held.delete(key);
    }
  }

  /** What still waits after REORDER_MS is a real gap: apply it in order and re-read from the query API. */
  function flushHeld() {
    heldTimer = null;
    if (held.size === 0) {
      return;
    }
    const fresh = [];
    let gap = null;
    for (const [key, waiting] of held) {
      const seqs = [...waiting.keys()].sort((x, y) => x - y);
      gap ??= `${key}: seq ${lastSeq.get(key) ?? 0} → ${seqs[0]}`;
      for (const seq of seqs) {
        fresh.push(waiting.get(seq));
      }
      lastSeq.set(key, seqs[seqs.length - 1]);
    }
    held = new Map();
    if (fresh.length > 0) {
      onPoints(fresh);
    }
    onResyncNeeded(`sequence gap ${gap}`, false);
  }

  function forgetHeld() {
    held = new Map();
    clearTimeout(heldTimer);
    heldTimer = null;
  }

  hub.onreconnecting(() => {
    stream = null;
    forgetHeld();
    setState('reconnecting');
  });
  hub.onreconnected(() => {
    setState('connected');
    onConnected();
  });
  // Automatic reconnect never gives up, so a close means the server ended the connection some other way:
  // start again from scratch.
  hub.onclose(() => {
    stream = null;
    forgetHeld();
    setState('reconnecting');
    startForever();
  });

  let starting = false;
  async function startForever() {
    if (starting) {
      return;
    }
    starting = true;
    for (let attempt = 0; ; attempt++) {
      try {
        await hub.start();
        break;
      } catch (error) {
        if (isRefusal(error)) {
          // The session ended or the screen's display token was revoked: the server's sign-in page says so
          // (a page reload lets it answer); retrying would only show an outage that is not one.
          location.reload();
          return;
        }
        console.warn('live hub: connection failed, retrying', error);
        setState('reconnecting'); // a first connection that fails is an outage too: say so
        await sleep(backoffDelay(attempt));
      }
    }
    starting = false;
    setState('connected');
    onConnected();
  }

  return {
    /** The SignalR connection itself, for modules with their own hub methods (screen.js). */
    hub,

    get connected() {
      return hub.state === signalR.HubConnectionState.Connected;
    },

    get stream() {
      return stream;
    },

    /** The dashboard watched now, or null. */
    get dashboardId() {
      return dashboardId;
    },

    start() {
      setState('connecting');
      return startForever();
    },

    /**
     * Joins the dashboard's group (leaving the one watched before, if another); from here on points with a seq
     * above the returned baseline are new.
     */
    async subscribe(id) {
      if (dashboardId !== null && dashboardId !== id) {
        await this.unsubscribe(dashboardId);
      }
      dashboardId = id;
      early = [];
      try {
        const subscription = await hub.invoke('SubscribeDashboard', id);
        stream = subscription.stream;
        lastSeq = new Map(Object.entries(subscription.sequences ?? {}));
        forgetHeld();
        return subscription;
      } finally {
        const waiting = early;
        early = null;
        waiting.forEach(receive);
      }
    },

    /** Leaves the dashboard's group; batches still in flight for it are dropped. */
    async unsubscribe(id) {
      if (dashboardId === id) {
        dashboardId = null;
        stream = null;
        lastSeq = new Map();
        forgetHeld();
      }
      if (hub.state !== signalR.HubConnectionState.Connected) {
        return; // a closed connection is in no group
      }
      try {
        await hub.invoke('UnsubscribeDashboard', id);
      } catch (error) {
        console.warn(`live hub: could not leave dashboard ${id}`, error);
      }
    },
  };
}
