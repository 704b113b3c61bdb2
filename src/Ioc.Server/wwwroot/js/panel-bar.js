// Bar panel: one horizontal bar per matching series (e.g. per commune), named by options.labelTag, best first,
// with the plan target as a line. Bars that meet the target are green, the others amber; a bar whose value
// is stale is drawn grey so one silent unit cannot pass for current.

import { baseChartOptions, chartsAvailable, wallColors, watchSize } from './chart-theme.js';
import { latestOf, openProvenance, traceable } from './provenance.js';
import { meetsTarget, targetValueText } from './target.js';

export function createBarView(body, definition, env, requestPaint) {
  const options = definition.options ?? {};
  const { format, strings } = env;
  const lowerIsBetter = options.targetDirection === 'down';

  const plot = document.createElement('div');
  plot.className = 'bar-plot';
  body.replaceChildren(plot);

  const colors = wallColors();
  watchSize(plot, requestPaint);
  let chart = null;
  let shown = 0;
  let drawnBars = [];
  // A click on a bar traces that bar; Enter on the focused panel traces the first.
  traceable(plot, () => latestOf(drawnBars[0]), { click: false });

  function colorOf(series) {
    if (series.stale) {
      return colors.stale;
    }
    const met = meetsTarget(series.last.value, options);
    if (met === null) {
      return colors.series[0];
    }
    return met ? colors.good : colors.warn;
  }

  function chartOptions(bars) {
    const base = baseChartOptions('bar', colors, plot);
    base.chart.events = {
      dataPointSelection: (event, context, config) => {
        const args = latestOf(drawnBars[config.dataPointIndex]);
        if (args) {
          openProvenance({ ...args, element: plot });
        }
      },
    };
    // Labels as large as the rows allow: 18 px on a wall, smaller only when many units share a short panel.
    const fontSize = `${Math.round(Math.max(11, Math.min(18, (plot.clientHeight - 40) / bars.length * 0.7)))}px`;
    return {
      ...base,
      series: [{ name: definition.title, data: bars.map((s) => ({ x: s.label, y: s.last.value, fillColor: colorOf(s) })) }],
      plotOptions: { bar: { horizontal: true, barHeight: '72%', borderRadius: 3, dataLabels: { position: 'top' } } },
      dataLabels: {
        enabled: true,
        textAnchor: 'start',
        offsetX: 8,
        formatter: (value) => format.withUnit(value, options),
        style: { fontSize, fontWeight: 600, colors: [colors.text] },
        dropShadow: { enabled: false },
      },
      grid: { ...base.grid, xaxis: { lines: { show: true } }, yaxis: { lines: { show: false } }, padding: { left: 8, right: 72 } },
      xaxis: {
        min: options.min ?? 0,
        max: options.max ?? undefined,
        tickAmount: 5,
        axisBorder: { show: false },
        axisTicks: { show: false },
        labels: { style: { fontSize: '15px' }, formatter: (v) => format.axis(Number(v), options) },
      },
      yaxis: { labels: { maxWidth: 260, style: { fontSize, colors: [colors.text] } } },
      annotations: options.target == null ? {} : {
        xaxis: [{
          x: options.target,
          borderColor: colors.target,
          strokeDashArray: 6,
          label: {
            text: `${strings.target} ${targetValueText(options, format)}`,
            orientation: 'horizontal',
            position: 'top',
            borderColor: colors.target,
            style: { background: colors.target, color: '#0b1220', fontSize: '14px', fontWeight: 600 },
          },
        }],
      },
    };
  }

  return {
    async render(list) {
      const bars = list
        .filter((s) => s.last && Number.isFinite(s.last.value))
        .sort((a, b) => (lowerIsBetter ? a.last.value - b.last.value : b.last.value - a.last.value) || a.label.localeCompare(b.label, format.locale));
      shown = bars.length;
      drawnBars = bars;
      if (!chartsAvailable()) {
        plot.textContent = strings.noCharts;
        return;
      }
      if (bars.length === 0) {
        chart?.destroy();
        chart = null;
        plot.textContent = strings.noData;
        return;
      }
      const config = chartOptions(bars);
      if (!chart) {
        plot.textContent = '';
        chart = new window.ApexCharts(plot, config);
        await chart.render();
      } else {
        await chart.updateOptions(config, false, false, false);
      }
    },

    pointCount: () => shown,
  };
}
