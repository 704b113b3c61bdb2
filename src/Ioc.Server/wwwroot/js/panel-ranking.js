// Ranking panel: the units at a level (communes by default) under the unit the page shows, ranked by the panel's
// measure from POST /api/v1/query/units (counts summed, ratios as ratios of sums, old units rolled into new ones).
// A toggle sorts best or worst first; clicking a unit opens the same dashboard for it (?unit=), and Back returns.
// A unit with nothing below it at that level (a commune) is shown among its siblings, marked as the current one.
//
// Test hook: each row is a <button class="ranking-row" data-unit="<code>" data-value="<number>">.

import { meetsTarget, targetValueText } from './target.js';
import { traceable } from './provenance.js';

const REFRESH_MS = 60_000;

const words = {
  vi: { best: 'Tốt nhất trước', worst: 'Kém nhất trước', none: 'Không có đơn vị cấp dưới', failed: 'Không tải được xếp hạng', open: (name) => `Xem số liệu của ${name}` },
  en: { best: 'Best first', worst: 'Worst first', none: 'No units below this one', failed: 'Could not load the ranking', open: (name) => `Open ${name}` },
};

export function createRankingView(body, definition, env, requestPaint) {
  const options = definition.options ?? {};
  const { format, strings } = env;
  const text = format.locale?.startsWith('vi') === false ? words.en : words.vi;
  const lowerIsBetter = options.targetDirection === 'down';
  const main = document.getElementById('dashboard');
  const pathBase = (main?.dataset.pathBase ?? '').replace(/\/$/, '');
  const pageUnit = main?.dataset.unit || undefined;
  const trail = [...document.querySelectorAll('.unit-trail [data-unit]')].map((e) => e.dataset.unit);
  const pageParent = trail.length >= 2 ? trail[trail.length - 2] : undefined;

  let bestFirst = true;
  let rows = [];
  let fetchedAt = 0;

  const sort = document.createElement('button');
  sort.type = 'button';
  sort.className = 'ranking-sort';
  sort.addEventListener('click', () => {
    bestFirst = !bestFirst;
    draw();
  });
  const list = document.createElement('ol');
  list.className = 'ranking-list';
  const tools = document.createElement('div');
  tools.className = 'ranking-tools';
  tools.append(sort);
  body.replaceChildren(tools, list);
  const refresh = setInterval(requestPaint, REFRESH_MS);

  async function load(parent) {
    const response = await fetch(`${pathBase}/api/v1/query/units`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ measure: options.measure, level: options.level ?? 'commune', parent }),
      cache: 'no-store',
    });
    if (!response.ok) {
      throw new Error(`/api/v1/query/units: HTTP ${response.status}`);
    }
    return (await response.json()).units ?? [];
  }

  function ordered() {
    const known = rows.filter((r) => Number.isFinite(r.value));
    const unknown = rows.filter((r) => !Number.isFinite(r.value));
    const better = (a, b) => (lowerIsBetter ? a.value - b.value : b.value - a.value);
    known.sort((a, b) => (bestFirst ? better(a, b) : -better(a, b)) || a.name.localeCompare(b.name, format.locale));
    return [...known, ...unknown];
  }

  function drill(code) {
    location.assign(`${pathBase}/d/${encodeURIComponent(env.dashboard.id)}?unit=${encodeURIComponent(code)}`);
  }

  function draw() {
    sort.textContent = bestFirst ? text.best : text.worst;
    sort.setAttribute('aria-pressed', String(!bestFirst));
    if (rows.length === 0) {
      list.replaceChildren(Object.assign(document.createElement('li'), { className: 'ranking-empty', textContent: text.none }));
      return;
    }
    const values = rows.map((r) => r.value).filter(Number.isFinite);
    const top = Math.max(options.max ?? 0, options.target ?? 0, ...values, 0) || 1;
    list.replaceChildren(...ordered().map((row) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'ranking-row';
      button.dataset.unit = row.code;
      if (row.code === pageUnit) {
        button.setAttribute('aria-current', 'true');
      }
      button.title = text.open(row.name);
      const met = meetsTarget(row.value, options);
      button.dataset.met = met === null ? '' : String(met);
      const name = Object.assign(document.createElement('span'), { className: 'ranking-name', textContent: row.name });
      const track = Object.assign(document.createElement('span'), { className: 'ranking-track' });
      const fill = Object.assign(document.createElement('span'), { className: 'ranking-fill' });
      track.append(fill);
      if (Number.isFinite(row.value)) {
        button.dataset.value = String(row.value);
        fill.style.setProperty('--share', String(Math.max(0, row.value) / top));
      }
      if (options.target != null) {
        const mark = Object.assign(document.createElement('span'), { className: 'ranking-target', title: `${strings.target} ${targetValueText(options, format)}` });
        mark.style.setProperty('--at', String(options.target / top));
        track.append(mark);
      }
      const value = Object.assign(document.createElement('span'), { className: 'ranking-value', textContent: Number.isFinite(row.value) ? format.withUnit(row.value, options) : '–' });
      // The figure itself opens where it comes from (rolled up through the units); the rest of the row drills down.
      traceable(value, () => (Number.isFinite(row.value) ? { measure: options.measure, unit: row.code, time: row.time, value: row.value } : null));
      button.append(name, track, value);
      button.addEventListener('click', () => drill(row.code));
      item.append(button);
      return item;
    }));
  }

  return {
    async render() {
      if (Date.now() - fetchedAt < REFRESH_MS / 2 && fetchedAt > 0) {
        draw();
        return;
      }
      try {
        rows = await load(pageUnit);
        if (rows.length === 0 && pageParent) {
          rows = await load(pageParent);
        }
        fetchedAt = Date.now();
        draw();
      } catch (error) {
        console.warn(`panel ${definition.id}:`, error);
        if (rows.length === 0) {
          list.replaceChildren(Object.assign(document.createElement('li'), { className: 'ranking-empty', textContent: text.failed }));
        }
      }
    },

    pointCount: () => rows.filter((r) => Number.isFinite(r.value)).length,

    destroy: () => clearInterval(refresh),

    /** Freshness is judged by the newest value behind each ranked unit. */
    seriesTimes: () => rows.filter((r) => Number.isFinite(r.value)).map((r) => ({ id: r.code, time: r.time ?? null, measurement: options.measure?.series?.measurement ?? options.measure?.numerator?.measurement })),
  };
}
