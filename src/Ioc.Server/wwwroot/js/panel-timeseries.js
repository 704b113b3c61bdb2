// Time-series panel: bucketed history from the query API, then live points appended as they come, over a
// window that slides with the server's clock (series-window.js keeps the points), one legend entry per series
// with its newest value, and the plan target as a line.

import { parseDuration } from './duration.js';
import { baseChartOptions, chartsAvailable, wallColors, watchSize } from './chart-theme.js';
import { createSeriesWindow } from './series-window.js';
import { latestOf, openProvenance, traceable } from './provenance.js';
import { targetValueText } from './target.js';

const SLIDE_EVERY_MS = 15_000; // move the window even when nothing arrives, so a flat line never looks current

/** Round bounds and a tick count for [low, high]: steps of 1, 2, 2.5 or 5 × 10^k, about four of them. */
function niceRange(low, high) {
  const span = high - low || Math.abs(high) || 1;
  const raw = span / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw);
  const min = Math.floor(low / step) * step;
  const max = Math.ceil(high / step) * step;
  return { min, max, tickAmount: Math.max(1, Math.round((max - min) / step)) };
}

export function createTimeseriesView(body, definition, env, requestPaint) {
  const options = definition.options ?? {};
  const { format, clock } = env;
  const windowMs = parseDuration(options.timeWindow ?? env.dashboard.timeWindow, 3_600_000);
  const history = createSeriesWindow({ windowMs, maxPoints: options.maxPoints ?? 240, aggregation: options.aggregation });

  const legend = document.createElement('ul');
  legend.className = 'ts-legend';
  const plot = document.createElement('div');
  plot.className = 'ts-plot';
  body.replaceChildren(legend, plot);

  const colors = wallColors();
  watchSize(plot, requestPaint);
  let chart = null;
  let drawn = 0;
  setInterval(requestPaint, SLIDE_EVERY_MS);

  function renderLegend(list) {
    legend.replaceChildren(...list.map((s, i) => {
      const item = document.createElement('li');
      item.className = 'ts-legend-item';
      item.dataset.stale = String(s.stale);
      const swatch = document.createElement('span');
      swatch.className = 'ts-swatch';
      swatch.style.setProperty('--swatch', colors.series[i % colors.series.length]);
      const label = document.createElement('span');
      label.className = 'ts-label';
      label.textContent = s.label;
      const value = document.createElement('span');
      value.className = 'ts-value';
      value.textContent = format.withUnit(s.last?.value, options);
      traceable(value, () => latestOf(s));
      item.append(swatch, label, value);
      return item;
    }));
  }

  /** options.min/max when set; otherwise the data's range, stretched to take in the target line. */
  function valueRange(list) {
    if (options.min != null || options.max != null || options.target == null) {
      return { min: options.min ?? undefined, max: options.max ?? undefined };
    }
    const values = list.flatMap((s) => s.points.map(([, v]) => v));
    if (values.length === 0) {
      return {};
    }
    return niceRange(Math.min(options.target, ...values), Math.max(options.target, ...values));
  }

  /** The drawn point nearest a click on the plot area, traced as the newest point of its bucket. */
  function pointAt(event, context, list) {
    const g = context?.w?.globals;
    if (!g || !g.gridWidth || !g.gridHeight) {
      return null;
    }
    const box = plot.getBoundingClientRect();
    const x = event.clientX - box.left - g.translateX;
    const y = event.clientY - box.top - g.translateY;
    const time = g.minX + (x / g.gridWidth) * (g.maxX - g.minX);
    const minY = g.minYArr?.[0] ?? g.minY;
    const maxY = g.maxYArr?.[0] ?? g.maxY;
    const value = maxY - (y / g.gridHeight) * (maxY - minY);
    let best = null;
    list.forEach((s) => s.points.forEach(([t, v], i) => {
      const distance = Math.abs(t - time) / ((g.maxX - g.minX) || 1) + Math.abs(v - value) / ((maxY - minY) || 1);
      if (!best || distance < best.distance) {
        const next = s.points[i + 1]?.[0];
        best = { distance, args: { measurement: s.measurement, tags: s.tags, field: s.field, time: next != null ? next - 1 : s.last?.time ?? t, value: v } };
      }
    }));
    return best?.args ?? null;
  }

  function chartOptions(list, from, to) {
    const base = baseChartOptions('area', colors, plot);
    // Named, so ApexCharts.getChartByID finds what a screen draws (tests and the soak benchmark read it).
    base.chart.id = `panel-${definition.id}`;
    base.chart.events = {
      click: (event, context) => {
        const args = pointAt(event, context, list);
        if (args) {
          openProvenance({ ...args, element: plot });
        }
      },
    };
    return {
      ...base,
      series: list.map((s) => ({ name: s.label, data: s.points.map(([t, v]) => [t, v]) })),
      colors: colors.series,
      stroke: { width: 3, curve: 'straight', dashArray: list.map((s) => (s.stale ? 8 : 0)) },
      fill: { type: 'gradient', gradient: { shadeIntensity: 0, opacityFrom: 0.35, opacityTo: 0.02, stops: [0, 100] } },
      markers: { size: 0 },
      xaxis: {
        type: 'datetime',
        min: from,
        max: to,
        tickAmount: 6,
        axisBorder: { color: colors.grid },
        axisTicks: { color: colors.grid },
        labels: { datetimeUTC: false, style: { fontSize: '16px' }, formatter: (_, timestamp) => format.time(timestamp) },
      },
      yaxis: {
        ...valueRange(list),
        forceNiceScale: true,
        labels: { style: { fontSize: '16px' }, formatter: (v) => format.axis(v, options), minWidth: 48 },
      },
      annotations: options.target == null ? {} : {
        yaxis: [{ y: options.target, borderColor: colors.target, strokeDashArray: 6, label: { text: targetValueText(options, format), borderColor: colors.target, style: { background: colors.target, color: '#0b1220', fontSize: '14px' } } }],
      },
    };
  }

  return {
    reset: history.reset,
    append: history.append,

    async render(list) {
      const now = clock.now();
      const from = now - windowMs;
      list.forEach((s) => history.trim(s, from));
      // A point slightly ahead of the server's clock (a source's clock, a scheduled slot) is still drawn.
      const to = Math.max(now, ...list.map((s) => s.points.at(-1)?.[0] ?? now));
      drawn = list.reduce((n, s) => n + s.points.length, 0);
      renderLegend(list);
      if (!chartsAvailable()) {
        plot.textContent = env.strings.noCharts;
        return;
      }
      const config = chartOptions(list, from, to);
      if (!chart) {
        chart = new window.ApexCharts(plot, config);
        await chart.render();
      } else {
        await chart.updateOptions(config, false, false, false);
      }
    },

    pointCount: () => drawn,
  };
}
