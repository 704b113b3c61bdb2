// Stat tile: the newest value, big enough to read across the room, its unit, the plan target with whether
// it is met, and a sparkline of the dashboard's window behind it. With several series (a selector matching
// many units) it lists them, one per row, without sparkline.

import { parseDuration } from './duration.js';
import { createSeriesWindow } from './series-window.js';
import { createSparkline } from './sparkline.js';
import { latestOf, traceable } from './provenance.js';
import { meetsTarget, targetText } from './target.js';

const MAX_ROWS = 6;
const SPARK_POINTS = 60; // as the server's DashboardsApi.SparklinePoints

export function createStatView(body, definition, env, requestPaint) {
  const options = definition.options ?? {};
  const { format, strings, clock } = env;
  const windowMs = parseDuration(options.timeWindow ?? env.dashboard.timeWindow, 3_600_000);
  const history = createSeriesWindow({ windowMs, maxPoints: SPARK_POINTS, aggregation: 'last' });

  const root = document.createElement('div');
  root.className = 'stat';
  const sparkBox = document.createElement('div');
  sparkBox.className = 'stat-spark';
  const sparkline = createSparkline(sparkBox);
  body.replaceChildren(sparkBox, root);

  function valueElement(value, className, series) {
    const wrap = document.createElement('div');
    wrap.className = className;
    const number = document.createElement('span');
    number.className = 'stat-number';
    number.textContent = format.number(value, options);
    wrap.append(number);
    if (series?.last) {
      traceable(number, () => latestOf(series));
    }
    if (options.unit && number.textContent !== '–') {
      const unit = document.createElement('span');
      unit.className = 'stat-unit';
      unit.textContent = format.unitSuffix(options.unit).trim();
      wrap.append(unit);
    }
    return wrap;
  }

  function verdictElement(value) {
    const met = meetsTarget(value, options);
    if (met === null) {
      return null;
    }
    const line = document.createElement('div');
    line.className = 'stat-target';
    line.dataset.met = String(met);
    const label = document.createElement('span');
    label.className = 'stat-target-label';
    label.textContent = targetText(options, strings, format);
    const verdict = document.createElement('span');
    verdict.className = 'stat-verdict';
    verdict.textContent = met ? `✓ ${strings.met}` : `✗ ${strings.notMet}`;
    line.append(label, verdict);
    return line;
  }

  function renderSingle(series) {
    const value = series?.last?.value;
    const children = [valueElement(value, 'stat-value', series)];
    const met = meetsTarget(value, options);
    root.dataset.met = met === null ? '' : String(met);
    const verdict = verdictElement(value);
    if (verdict) {
      children.push(verdict);
    } else if (series?.label) {
      const caption = document.createElement('div');
      caption.className = 'stat-caption';
      caption.textContent = series.label;
      children.push(caption);
    }
    if (!series) {
      const empty = document.createElement('div');
      empty.className = 'stat-empty';
      empty.textContent = strings.noData;
      children.push(empty);
    }
    root.replaceChildren(...children);
  }

  function renderRows(list) {
    root.dataset.met = '';
    const rows = list.slice(0, MAX_ROWS).map((series) => {
      const row = document.createElement('div');
      row.className = 'stat-row';
      row.dataset.stale = String(series.stale);
      const met = meetsTarget(series.last?.value, options);
      row.dataset.met = met === null ? '' : String(met);
      const label = document.createElement('span');
      label.className = 'stat-row-label';
      label.textContent = series.label;
      row.append(label, valueElement(series.last?.value, 'stat-row-value', series));
      return row;
    });
    if (list.length > MAX_ROWS) {
      const more = document.createElement('div');
      more.className = 'stat-more';
      more.textContent = `+${list.length - MAX_ROWS}`;
      rows.push(more);
    }
    root.replaceChildren(...rows);
  }

  function renderSparkline(series, many) {
    const met = meetsTarget(series?.last?.value, options);
    sparkBox.dataset.met = met === null ? '' : String(met);
    const now = clock.now();
    sparkline.draw(many || !series?.points ? [] : series.points, now - windowMs, Math.max(now, series?.points?.at(-1)?.[0] ?? now));
  }

  return {
    /** A new read from the dashboard's data: its newest value and, for a single tile, the window's history. */
    reset(state, data) {
      history.reset(state, data?.points ? data : data ? { last: data.last } : null);
    },

    append(state, time, value) {
      history.append(state, time, value);
    },

    render(list) {
      root.classList.toggle('stat--rows', list.length > 1);
      list.forEach((s) => history.trim(s, clock.now() - windowMs));
      renderSparkline(list[0], list.length > 1);
      if (list.length > 1) {
        renderRows(list);
      } else {
        renderSingle(list[0]);
      }
    },
  };
}
