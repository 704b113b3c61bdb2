// Trades the display token in the fragment for a display cookie, then opens its dashboard. The token never
// leaves the fragment except in the POST body, and is dropped from the address bar and history. A screen is
// unattended, so nothing here waits for a click unless a person is signed in in this browser: then the page asks
// before their session is replaced.

const token = decodeURIComponent(location.hash.replace(/^#/, ''));
history.replaceState(null, '', location.pathname);

async function open(replace) {
  const response = await fetch('kiosk/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token, replace }),
    credentials: 'same-origin',
  });
  if (response.status === 409) {
    ask(await response.json());
    return;
  }
  if (!response.ok) {
    throw new Error(`kiosk session refused: ${response.status}`);
  }
  const { path } = await response.json();
  location.replace(path); // already carries the path base
}

function ask({ signedInAs, dashboardTitle }) {
  document.getElementById('kiosk-user').textContent = signedInAs;
  document.getElementById('kiosk-dashboard').textContent = dashboardTitle;
  document.getElementById('kiosk-opening').hidden = true;
  document.getElementById('kiosk-ask').hidden = false;
  document.getElementById('kiosk-continue').addEventListener('click', () => open(true).catch(failed), { once: true });
  document.getElementById('kiosk-cancel').addEventListener('click', () => location.replace('./'), { once: true });
}

function failed(error) {
  console.warn(error);
  document.getElementById('kiosk-ask').hidden = true;
  document.getElementById('kiosk-error').hidden = false;
}

open(false).catch(failed);
