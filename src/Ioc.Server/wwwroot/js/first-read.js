// The first reads of a dashboard page (its definition and /data), started as soon as this small module arrives,
// while the chart library is still loading and parsing, instead of after every script has run. The page loads it
// as an async module; mount.js imports the same module and takes the reads when it mounts that dashboard.

import { createQueryApi } from './query-api.js';

let first = null;

const main = document.getElementById('dashboard');
// A playlist shows its stops through preload (mount.js); a dashboard page reads its one dashboard here.
if (main && main.dataset.dashboardId && !main.dataset.playlistId) {
  const unit = main.dataset.unit || undefined;
  const api = createQueryApi(main.dataset.pathBase, unit);
  const dashboardId = main.dataset.dashboardId;
  first = { dashboardId, unit, definition: api.definition(dashboardId), data: api.data(dashboardId) };
  // Whoever takes them handles a failure; until then it is not an unhandled rejection.
  first.definition.catch(() => {});
  first.data.catch(() => {});
}

/** The reads started at page load, once, when they are for this dashboard and unit; null otherwise. */
export function takeFirstRead(dashboardId, unit) {
  const taken = first;
  first = null;
  return taken && taken.dashboardId === dashboardId && taken.unit === unit ? taken : null;
}
