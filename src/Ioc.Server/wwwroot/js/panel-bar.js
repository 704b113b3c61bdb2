// Bar panel: one horizontal bar per matching series (e.g. per commune), named by options.labelTag, best first,
// with the plan target as a line. Bars that meet the target are green, the others amber; a bar whose value
// is stale is drawn grey so one silent unit cannot pass for current.

import { baseChartOptions, horizontalBarOptions, chartsAvailable, wallColors, wallFont, wallPx, watchSize } from './chart-theme.js';
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
    // Labels as large as the rows allow: 18 px on a 1080p wall, smaller only when many units share a short panel.
    const fontSize = `${Math.round(Math.max(wallPx(11), Math.min(wallPx(18), (plot.clientHeight - wallPx(40)) / bars.length * 0.7)))}px`;
    return horizontalBarOptions(base, colors, {
      name: definition.title,
      data: bars.map((s) => ({ x: s.label, y: s.last.value, fillColor: colorOf(s) })),
      fontSize,
      labelWidth: Math.max(wallPx(260), plot.clientWidth * 0.38), // long sector names ("Lao động – Thương binh và Xã hội") whole where the panel allows
      axisFontSize: wallFont(15),
      barHeight: '72%',
      format,
      options,
      reference: options.target == null ? null : { x: options.target, text: `${strings.target} ${targetValueText(options, format)}` },
    });
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
