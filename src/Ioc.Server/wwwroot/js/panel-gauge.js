// Gauge: the newest value on an arc from options.min to options.max, coloured by whether it meets the plan
// target, with the target written under it (ApexCharts radial bars have no target marker).

import { baseChartOptions, chartsAvailable, wallColors, wallPx, watchSize } from './chart-theme.js';
import { latestOf, traceable } from './provenance.js';
import { meetsTarget, targetText } from './target.js';

export function createGaugeView(body, definition, env, requestPaint) {
  const options = definition.options ?? {};
  const { format, strings } = env;
  const min = options.min ?? 0;
  const max = options.max ?? 100;

  const plot = document.createElement('div');
  plot.className = 'gauge-plot';
  const caption = document.createElement('div');
  caption.className = 'gauge-caption';
  body.replaceChildren(plot, caption);
  traceable(plot, () => latestOf(current));

  const colors = wallColors();
  watchSize(plot, requestPaint);
  let chart = null;
  let current = null;

  const percentOf = (value) => (Number.isFinite(value) ? Math.max(0, Math.min(100, ((value - min) / (max - min)) * 100)) : 0);

  function colorOf(series) {
    if (!series || series.stale) {
      return colors.stale;
    }
    const met = meetsTarget(series.last?.value, options);
    return met === null ? colors.series[0] : met ? colors.good : colors.warn;
  }

  function chartOptions(series) {
    const base = baseChartOptions('radialBar', colors, plot);
    // ApexCharts sizes labels in pixels; scale them with the panel so a big gauge gets a big number.
    const size = Math.max(wallPx(120), Math.min(plot.clientHeight, plot.clientWidth));
    return {
      ...base,
      series: [percentOf(series?.last?.value)],
      labels: [series?.label ?? definition.title],
      colors: [colorOf(series)],
      stroke: { lineCap: 'round' },
      plotOptions: {
        radialBar: {
          startAngle: -130,
          endAngle: 130,
          hollow: { size: '64%' },
          track: { background: colors.track, strokeWidth: '100%' },
          dataLabels: {
            name: { show: true, offsetY: Math.round(size * 0.13), fontSize: `${Math.round(Math.max(wallPx(14), size * 0.065))}px`, color: colors.muted },
            value: {
              show: true,
              offsetY: -Math.round(size * 0.05),
              fontSize: `${Math.round(size * 0.15)}px`,
              fontWeight: 700,
              color: colors.text,
              formatter: () => format.withUnit(current?.last?.value, options),
            },
          },
        },
      },
    };
  }

  function renderCaption(series) {
    const met = meetsTarget(series?.last?.value, options);
    caption.dataset.met = met === null ? '' : String(met);
    if (met === null) {
      caption.textContent = series ? '' : strings.noData;
      return;
    }
    const label = document.createElement('span');
    label.className = 'gauge-target';
    label.textContent = targetText(options, strings, format);
    const verdict = document.createElement('span');
    verdict.className = 'gauge-verdict';
    verdict.textContent = met ? `✓ ${strings.met}` : `✗ ${strings.notMet}`;
    caption.replaceChildren(label, verdict);
  }

  return {
    async render(list) {
      current = list[0] ?? null;
      renderCaption(current);
      if (!chartsAvailable()) {
        plot.textContent = strings.noCharts;
        return;
      }
      const config = chartOptions(current);
      if (!chart) {
        chart = new window.ApexCharts(plot, config);
        await chart.render();
      } else {
        await chart.updateOptions(config, false, false, false);
      }
    },

    pointCount: () => (current?.last ? 1 : 0),
  };
}
