// Trades the display token in the fragment for a display cookie, then opens its dashboard. The token never
// leaves the fragment except in this one POST body, and is dropped from the address bar and history.

const token = decodeURIComponent(location.hash.replace(/^#/, ''));
history.replaceState(null, '', location.pathname);

async function open() {
  const response = await fetch('kiosk/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
    credentials: 'same-origin',
  });
  if (!response.ok) {
    throw new Error(`kiosk session refused: ${response.status}`);
  }
  const { path } = await response.json();
  location.replace(path); // already carries the path base
}

open().catch((error) => {
  console.warn(error);
  document.getElementById('kiosk-error').hidden = false;
});
