// Entry point of a wall page: a dashboard (/d/{id}) or a playlist (/p/{id}) that shows its dashboards in turn.
// One live connection serves the page; each dashboard is mounted on it (built, painted, subscribed) and unmounted
// again when a playlist moves on, without reloading the page. See docs/live-hub.md and docs/dashboards.md.
//
// Other modules learn what is shown from the `ioc:mounted` event on document ({ dashboardId, playlistId,
// position, count }) and reach the connection through window.iocLive ({ hub, connectionId, dashboardId, playlistId, charts }).

import { createFormat } from './format.js';
import { stringsFor } from './strings.js';
import { createLiveConnection } from './connection.js';
import { createServerClock } from './freshness.js';
import { createStatusBar } from './status-bar.js';
import { liveChartCount, trackCharts } from './chart-scope.js';
import { mountDashboard, preload } from './mount.js';
import { createRotation } from './playlist.js';
import { createScreen } from './screen.js';

trackCharts();

const main = document.getElementById('dashboard');
const pathBase = (main.dataset.pathBase ?? '').replace(/\/$/, '');
const locale = main.dataset.locale || document.documentElement.lang || 'vi-VN';
const playlistId = main.dataset.playlistId || null;
// A playlist's stops come with the page; a dashboard page is a playlist of one that never moves on.
const stops = playlistId
  ? JSON.parse(main.dataset.playlist).map((s) => ({ dashboardId: s.dashboard, unit: s.unit ?? undefined, dwellMs: s.dwellMs }))
  : [{ dashboardId: main.dataset.dashboardId, unit: main.dataset.unit || undefined, dwellMs: Infinity }];

const clock = createServerClock();
const statusBar = createStatusBar({ strings: stringsFor(locale), format: createFormat(locale, main.dataset.timeZone || undefined), clock });
let connectionState = 'connecting';
let mounted = null;
let screen = null;

const connection = createLiveConnection({
  url: `${pathBase}/hubs/live`,
  onState(state) {
    connectionState = state;
    if (mounted) {
      mounted.connectionChanged(state);
    } else {
      statusBar.show(state, false);
    }
  },
  onConnected: () => {
    screen?.connected();
    mounted?.connected();
  },
  onPoints: (points) => mounted?.points(points),
  onResyncNeeded: (reason, resubscribe) => mounted?.resync(reason, resubscribe),
});

// Only unattended screens (display tokens) account for themselves; a person's browser is not a screen.
if (main.dataset.kiosk === 'true') {
  screen = createScreen({ hub: connection.hub, showing: () => ({ dashboardId: mounted?.dashboardId ?? stops[0].dashboardId, playlistId: playlistId ?? undefined }) });
}

window.iocLive = {
  hub: connection.hub,
  get connectionId() {
    return connection.hub.connectionId;
  },
  get dashboardId() {
    return mounted?.dashboardId ?? null;
  },
  playlistId,
  /** Charts alive in this page: an unmounted dashboard leaves none behind. */
  get charts() {
    return liveChartCount();
  },
};

const position = document.getElementById('playlist-position');

function show(stop, index, preloaded) {
  mounted = mountDashboard({
    main,
    dashboardId: stop.dashboardId,
    unit: stop.unit,
    pathBase,
    connection,
    connectionState: () => connectionState,
    clock,
    statusBar,
    preloaded,
    onUpdate: () => screen?.updated(),
  });
  if (position) {
    position.textContent = `${index + 1}/${stops.length}`;
  }
  document.body.dataset.playlistPosition = String(index + 1);
  document.dispatchEvent(new CustomEvent('ioc:mounted', {
    detail: { dashboardId: stop.dashboardId, playlistId, position: index + 1, count: stops.length },
  }));
  return mounted;
}

createRotation({
  stops,
  show,
  hide: async () => {
    const leaving = mounted;
    mounted = null;
    await leaving?.unmount();
  },
  preload: (stop) => preload({ pathBase, dashboardId: stop.dashboardId, unit: stop.unit }),
}).start();
connection.start();
