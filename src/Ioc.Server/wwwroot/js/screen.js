// A wall screen accounts for itself (docs/live-hub.md, "Screens"): an id kept in local storage, a heartbeat over
// the hub (what it shows, version, uptime, heap, when data last arrived, viewport), and reloads — when an admin
// asks, when Ioc was upgraded or its dashboards changed, and when the heap passes its bound, because a wall runs
// for months and nobody is there to press F5.

const ID_KEY = 'ioc.screen-id';
const RELOADED_KEY = 'ioc.screen-reloaded';
const ID_PATTERN = /^[A-Za-z0-9-]{8,64}$/;
// The same reason reloads once per window at most: a cluster half-way through an upgrade answers two versions.
const RELOAD_GUARD_MS = 5 * 60_000;

export function screenId(storage = window.localStorage) {
  let id = null;
  try {
    id = storage.getItem(ID_KEY);
    if (!id || !ID_PATTERN.test(id)) {
      id = crypto.randomUUID();
      storage.setItem(ID_KEY, id);
    }
  } catch {
    // Storage off (a locked-down kiosk profile): one id for this page's life is the best there is.
    id ??= crypto.randomUUID();
  }
  return id;
}

/** Whether a reload for this reason is allowed now, remembering it when it is. */
export function mayReload(reason, now = Date.now(), storage = window.sessionStorage) {
  try {
    const last = JSON.parse(storage.getItem(RELOADED_KEY) ?? 'null');
    if (last && last.reason === reason && now - last.at < RELOAD_GUARD_MS) {
      return false;
    }
    storage.setItem(RELOADED_KEY, JSON.stringify({ reason, at: now }));
  } catch {
    // no storage: allow it; the guard only prevents loops
  }
  return true;
}

function heap() {
  const memory = performance.memory; // Chromium; other browsers do not tell
  return memory ? { used: memory.usedJSHeapSize, limit: memory.jsHeapSizeLimit } : null;
}

/**
 * @param {object} options
 * @param {object} options.hub        the SignalR HubConnection
 * @param {() => {dashboardId?: string, playlistId?: string}} options.showing
 * @param {(reason: string) => void} [options.reload]
 */
export function createScreen({ hub, showing, reload = () => location.reload() }) {
  const id = screenId();
  const started = performance.now();
  let lastUpdate = null;
  let intervalMs = 30_000;
  let heapLimit = Infinity;
  let heard = null; // { appVersion, revision } of the first answer
  let timer = null;
  let stopped = false;

  function reloadFor(reason) {
    // An admin's reload always goes; the automatic ones are guarded against looping.
    if (stopped || (reason !== 'admin' && !mayReload(reason))) {
      return;
    }
    stopped = true;
    console.info(`screen ${id}: reloading (${reason})`);
    reload(reason);
  }

  hub.on('reload', (reason) => reloadFor(String(reason ?? 'admin')));

  async function beat() {
    clearTimeout(timer);
    const memory = heap();
    if (memory && memory.used > heapLimit) {
      reloadFor('heap');
      return;
    }
    const { dashboardId = null, playlistId = null } = showing();
    try {
      const answer = await hub.invoke('Heartbeat', {
        screenId: id,
        dashboardId,
        playlistId,
        appVersion: heard?.appVersion ?? null,
        revision: heard?.revision ?? null,
        uptimeSeconds: (performance.now() - started) / 1000,
        heapUsedBytes: memory?.used ?? null,
        heapLimitBytes: memory?.limit ?? null,
        secondsSinceUpdate: lastUpdate === null ? null : (performance.now() - lastUpdate) / 1000,
        viewportWidth: Math.round(innerWidth),
        viewportHeight: Math.round(innerHeight),
        devicePixelRatio: devicePixelRatio || 1,
      });
      heard ??= { appVersion: answer.appVersion, revision: answer.revision };
      intervalMs = Math.max(1000, answer.intervalSeconds * 1000);
      heapLimit = answer.heapLimitBytes;
      if (answer.reload) {
        reloadFor(answer.reload);
        return;
      }
    } catch (error) {
      // Disconnected (the next connect beats again) or refused; either way try again later.
      console.warn('screen heartbeat failed', error);
    }
    if (!stopped) {
      timer = setTimeout(beat, intervalMs);
    }
  }

  return {
    id,
    /** After every (re)connect: say so at once, which also learns of an upgrade that happened meanwhile. */
    connected: () => beat(),
    /** The page received data (a live point or a resync). */
    updated() {
      lastUpdate = performance.now();
    },
  };
}
