// The page header: the server's time and whether the screen is live, plus a banner across the top while the
// hub is disconnected or the page cannot load. (Re-reading after a reconnect takes a moment; the indicator
// and the panels' own marking cover it without flashing a banner.)

export function createStatusBar({ strings, format, clock }) {
  const indicator = document.getElementById('connection');
  const clockTime = document.getElementById('clock-time');
  const clockDate = document.getElementById('clock-date');
  const banner = document.getElementById('offline-banner');
  let problem = null;
  let view = 'connecting';

  function tick() {
    const now = clock.now();
    if (clockTime) {
      clockTime.textContent = format.timeSeconds(now);
      clockTime.dateTime = new Date(now).toISOString();
    }
    if (clockDate) {
      clockDate.textContent = format.longDate(now);
    }
  }

  function paint() {
    document.body.dataset.connection = view;
    if (indicator) {
      indicator.dataset.state = view;
      indicator.textContent = { connecting: strings.connecting, syncing: strings.syncing, live: strings.live, offline: strings.reconnecting }[view];
    }
    if (!banner) {
      return;
    }
    let text = null;
    if (problem) {
      text = strings.bannerFailed(problem);
    } else if (view === 'offline') {
      text = strings.bannerOffline;
    }
    banner.hidden = text === null;
    banner.dataset.kind = view;
    banner.textContent = text ?? '';
  }

  tick();
  setInterval(tick, 1000);
  paint();

  return {
    /**
     * @param {'connecting'|'connected'|'reconnecting'} connection  the hub's state
     * @param {boolean} synced  the page has re-read the server since connecting
     */
    show(connection, synced) {
      if (connection === 'reconnecting') {
        view = 'offline';
      } else if (connection === 'connecting') {
        view = 'connecting';
      } else {
        view = synced ? 'live' : 'syncing';
      }
      paint();
    },

    /** A load or resync error worth a banner, or null once it is over. */
    problem(text) {
      problem = text ?? null;
      paint();
    },

    tick,
  };
}
