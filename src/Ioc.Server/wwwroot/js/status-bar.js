// The page header: the server's time and whether the screen is live, plus a banner across the top while the
// hub is disconnected or the page cannot load. (Re-reading after a reconnect takes a moment; the indicator
// and the panels' own marking cover it without flashing a banner.) It also counts the tiles greyed because the
// source behind them is not fresh, so a glance at the header says how much of the wall to distrust.

export function createStatusBar({ strings, format, clock }) {
  const indicator = document.getElementById('connection');
  const clockTime = document.getElementById('clock-time');
  const clockDate = document.getElementById('clock-date');
  const banner = document.getElementById('offline-banner');
  const sourceAlerts = createSourceAlerts();
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

    /** How many tiles a late, failing or paused source greys (0 hides the count). */
    sourceTiles(count) {
      if (!sourceAlerts) {
        return;
      }
      const text = count > 0 ? strings.sourceTiles(count) : '';
      sourceAlerts.hidden = count === 0;
      sourceAlerts.dataset.count = String(count);
      if (sourceAlerts.textContent !== text) {
        sourceAlerts.textContent = text;
      }
    },

    tick,

    /** A playlist's dashboards may each have their own locale. */
    setLocale(nextStrings, nextFormat) {
      strings = nextStrings;
      format = nextFormat;
      tick();
      paint();
    },
  };
}

function createSourceAlerts() {
  const existing = document.getElementById('source-alerts');
  const status = document.querySelector('.wall-status');
  if (existing || !status) {
    return existing;
  }
  const element = document.createElement('span');
  element.id = 'source-alerts';
  element.className = 'source-alerts';
  element.setAttribute('role', 'status');
  element.hidden = true;
  element.dataset.count = '0';
  status.prepend(element);
  return element;
}
