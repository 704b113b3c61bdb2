// Stat tile: the newest value, big enough to read across the room, its unit, and the plan target with
// whether it is met. With several series (a selector matching many units) it lists them, one per row.

import { meetsTarget, targetText } from './target.js';

const MAX_ROWS = 6;

export function createStatView(body, definition, env) {
  const options = definition.options ?? {};
  const { format, strings } = env;

  const root = document.createElement('div');
  root.className = 'stat';
  body.replaceChildren(root);

  function valueElement(value, className) {
    const wrap = document.createElement('div');
    wrap.className = className;
    const number = document.createElement('span');
    number.className = 'stat-number';
    number.textContent = format.number(value, options);
    wrap.append(number);
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
    const children = [valueElement(value, 'stat-value')];
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
      row.append(label, valueElement(series.last?.value, 'stat-row-value'));
      return row;
    });
    root.replaceChildren(...rows);
  }

  return {
    render(list) {
      root.classList.toggle('stat--rows', list.length > 1);
      if (list.length > 1) {
        renderRows(list);
      } else {
        renderSingle(list[0]);
      }
    },
  };
}
