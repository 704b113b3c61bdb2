// Comparison: a measure this quarter (or year) to date against the same span of the period before, computed by the
// server in the dashboard's time zone (GET …/panels/{id}/comparison, docs/provenance.md): both values, the change
// in units and in percent, and a small bar of the two. Each value opens its provenance.

import { baseChartOptions, chartsAvailable, wallColors, wallFont, wallPx, watchSize, xLabelRoom } from './chart-theme.js';
import { createFiguresFeed } from './figures-feed.js';
import { openProvenance, traceable } from './provenance.js';

const TEXT = {
  vi: {
    quarter: (q, y) => `Quý ${q}/${y}`,
    year: (y) => `Năm ${y}`,
    until: (day) => `đến ${day}`,
    change: 'Thay đổi',
    noEarlier: 'Chưa có số liệu kỳ trước để so sánh',
    noData: 'Chưa có dữ liệu',
  },
  en: {
    quarter: (q, y) => `Q${q} ${y}`,
    year: (y) => `${y}`,
    until: (day) => `to ${day}`,
    change: 'Change',
    noEarlier: 'No earlier figure to compare with',
    noData: 'No data yet',
  },
};

export function createComparisonView(body, definition, env, requestPaint) {
  const options = definition.options ?? {};
  const { format } = env;
  const text = /^vi\b/i.test(format.locale) ? TEXT.vi : TEXT.en;
  const feed = createFiguresFeed(env, definition, 'comparison');
  const lowerIsBetter = options.targetDirection === 'down';
  const dayFormat = new Intl.DateTimeFormat(format.locale, { day: '2-digit', month: '2-digit', timeZone: env.dashboard.timeZone });
  const dayOf = (ms) => dayFormat.formatToParts(new Date(ms)).filter((p) => p.type === 'day' || p.type === 'month').map((p) => p.value).join('/');

  const root = document.createElement('div');
  root.className = 'comparison';
  const figuresRow = document.createElement('div');
  figuresRow.className = 'comparison-figures';
  const plot = document.createElement('div');
  plot.className = 'comparison-plot';
  root.append(figuresRow, plot);
  body.replaceChildren(root);

  const colors = wallColors();
  watchSize(plot, requestPaint);
  let chart = null;
  let latest = null;

  const periodName = (p) => (p.quarter ? text.quarter(p.quarter, p.year) : text.year(p.year));

  function figureElement(period, role, measure) {
    const box = document.createElement('div');
    box.className = `comparison-figure comparison-${role}`;
    const name = document.createElement('div');
    name.className = 'comparison-period';
    name.textContent = `${periodName(period)} · ${text.until(dayOf(period.to))}`;
    const value = document.createElement('div');
    value.className = 'comparison-value';
    value.dataset.role = role;
    value.textContent = format.withUnit(period.value, options);
    if (period.value != null) {
      traceable(value, () => ({ measure, time: period.to, value: period.value }));
    }
    box.append(name, value);
    return box;
  }

  function changeElement(figures) {
    const box = document.createElement('div');
    box.className = 'comparison-change';
    if (figures.change == null) {
      box.dataset.trend = 'none';
      box.textContent = figures.current.value != null && figures.previous.value == null ? text.noEarlier : '';
      return box;
    }
    const better = lowerIsBetter ? figures.change < 0 : figures.change > 0;
    box.dataset.trend = figures.change === 0 ? 'flat' : better ? 'better' : 'worse';
    const sign = figures.change > 0 ? '+' : figures.change < 0 ? '−' : '±';
    const percent = figures.changePercent == null ? '' : ` (${sign}${format.number(Math.abs(figures.changePercent), { decimals: 1 })}%)`;
    box.textContent = `${text.change}: ${sign}${format.withUnit(Math.abs(figures.change), options)}${percent}`;
    return box;
  }

  async function drawChart(figures) {
    if (!chartsAvailable()) {
      return;
    }
    const base = baseChartOptions('bar', colors, plot);
    base.chart.events = {
      dataPointSelection: (event, context, config) => {
        const period = config.dataPointIndex === 0 ? figures.previous : figures.current;
        if (period.value != null) {
          openProvenance({ measure: figures.measure, time: period.to, value: period.value, element: plot });
        }
      },
    };
    const config = {
      ...base,
      series: [{ name: definition.title, data: [figures.previous.value, figures.current.value] }],
      colors: [colors.stale, colors.series[0]],
      plotOptions: { bar: { distributed: true, columnWidth: '55%', borderRadius: wallPx(3) } },
      xaxis: { categories: [periodName(figures.previous), periodName(figures.current)], labels: { ...xLabelRoom(wallFont(14)), style: { fontSize: wallFont(14) } } },
      yaxis: { labels: { formatter: (v) => format.axis(v, options), style: { fontSize: wallFont(13) } } },
    };
    if (!chart) {
      plot.textContent = '';
      chart = new window.ApexCharts(plot, config);
      await chart.render();
    } else {
      await chart.updateOptions(config, false, false, false);
    }
  }

  return {
    async render() {
      const figures = await feed.get();
      if (!figures) {
        figuresRow.textContent = text.noData;
        return;
      }
      latest = figures;
      figuresRow.replaceChildren(
        figureElement(figures.previous, 'previous', figures.measure),
        figureElement(figures.current, 'current', figures.measure),
        changeElement(figures),
      );
      await drawChart(figures);
    },

    seriesTimes: () => feed.seriesTimes(latest?.current.value != null ? latest.serverTime : null),

    pointCount: () => (latest ? [latest.current.value, latest.previous.value].filter((v) => v != null).length : 0),
  };
}
