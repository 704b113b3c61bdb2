// Moves a wall through a playlist's stops: each stays for its dwell time, then the next is shown. A few seconds
// before a switch the next dashboard's definition and data are read, so it paints at once when it is mounted.

const PRELOAD_MS = 5_000;

/**
 * @param {object} options
 * @param {Array<{dashboardId: string, unit?: string, dwellMs: number}>} options.stops
 * @param {(stop, index: number, preloaded?: object) => void} options.show   mounts a stop
 * @param {() => Promise<void>} options.hide                                  unmounts the stop shown
 * @param {(stop) => Promise<object>} options.preload                         reads a stop ahead of time
 */
export function createRotation({ stops, show, hide, preload }) {
  let index = 0;
  let timer = null;
  let preloadTimer = null;
  let ahead = null; // { index, promise }

  function schedule() {
    const dwell = stops[index].dwellMs;
    if (stops.length < 2 || !Number.isFinite(dwell)) {
      return; // one dashboard: nothing to rotate
    }
    const next = (index + 1) % stops.length;
    preloadTimer = setTimeout(() => {
      ahead = { index: next, promise: preload(stops[next]).catch((error) => {
        console.warn(`playlist: could not read ${stops[next].dashboardId} ahead; it loads when shown`, error);
        return null;
      }) };
    }, Math.max(0, dwell - Math.min(PRELOAD_MS, dwell / 2)));
    timer = setTimeout(() => advance(next), dwell);
  }

  async function advance(next) {
    const preloaded = ahead?.index === next ? await ahead.promise : null;
    ahead = null;
    await hide();
    index = next;
    show(stops[index], index, preloaded ?? undefined);
    schedule();
  }

  return {
    start() {
      show(stops[index], index);
      schedule();
    },
    stop() {
      clearTimeout(timer);
      clearTimeout(preloadTimer);
    },
  };
}
