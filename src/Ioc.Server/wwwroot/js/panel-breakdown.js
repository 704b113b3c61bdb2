// Breakdown: a measure split by a tag (options.by, e.g. sector), one sorted bar per value, with the overall value as
// a reference line, so "land sector 2.06 % against 81 % overall" is plain. Ratios are ratios of sums (the server
// computes them: GET …/panels/{id}/breakdown). A click on a bar opens that bar's provenance.

import { baseChartOptions, horizontalBarOptions, chartsAvailable, wallColors, wallFont, wallPx, watchSize } from './chart-theme.js';
import { createFiguresFeed, measureWithTag } from './figures-feed.js';
import { openProvenance, traceable } from './provenance.js';

const TEXT = {
  vi: { overall: 'Chung', noData: 'Chưa có dữ liệu' },
  en: { overall: 'Overall', noData: 'No data yet' },
};

export function createBreakdownView(body, definition, env, requestPaint) {
  const options = definition.options ?? {};
  const { format } = env;
  const text = /^vi\b/i.test(format.locale) ? TEXT.vi : TEXT.en;
  const feed = createFiguresFeed(env, definition, 'breakdown');
  const lowerIsBetter = options.targetDirection === 'down';

  const plot = document.createElement('div');
  plot.className = 'bar-plot breakdown-plot';
  body.replaceChildren(plot);

  const colors = wallColors();
  watchSize(plot, requestPaint);
  let chart = null;
  let latest = null;
  let items = [];

  const traceOf = (item) => (item && latest ? { measure: measureWithTag(latest.measure, latest.by, item.key), time: item.time, value: item.value } : null);
  traceable(plot, () => traceOf(items[0]), { click: false });

  function colorOf(item) {
    if (latest.overall == null || item.value == null) {
      return colors.series[0];
    }
    const behind = lowerIsBetter ? item.value > latest.overall : item.value < latest.overall;
    return behind ? colors.warn : colors.good;
  }

  function chartOptions() {
    const base = baseChartOptions('bar', colors, plot);
    base.chart.events = {
      dataPointSelection: (event, context, config) => {
        const args = traceOf(items[config.dataPointIndex]);
        if (args) {
          openProvenance({ ...args, element: plot });
        }
      },
    };
    const fontSize = `${Math.round(Math.max(wallPx(11), Math.min(wallPx(16), (plot.clientHeight - wallPx(40)) / Math.max(1, items.length) * 0.6)))}px`;
    return horizontalBarOptions(base, colors, {
      name: definition.title,
      data: items.map((i) => ({ x: i.label, y: i.value, fillColor: colorOf(i) })),
      fontSize,
      labelWidth: Math.max(wallPx(240), plot.clientWidth * 0.36),
      axisFontSize: wallFont(13),
      barHeight: '70%',
      format,
      options,
      reference: latest.overall == null ? null : { x: latest.overall, text: `${text.overall} ${format.withUnit(latest.overall, options)}` },
    });
  }

  return {
    async render() {
      const figures = await feed.get();
      if (!figures || figures.items.length === 0) {
        chart?.destroy();
        chart = null;
        plot.textContent = text.noData;
        return;
      }
      latest = figures;
      items = figures.items.filter((i) => i.value != null);
      plot.dataset.overall = figures.overall == null ? '' : String(figures.overall);
      if (!chartsAvailable()) {
        plot.textContent = env.strings.noCharts;
        return;
      }
      const config = chartOptions();
      if (!chart) {
        plot.textContent = '';
        chart = new window.ApexCharts(plot, config);
        await chart.render();
      } else {
        await chart.updateOptions(config, false, false, false);
      }
    },

    seriesTimes: () => feed.seriesTimes(latest?.items.length ? Math.max(...latest.items.map((i) => i.time)) : null),

    pointCount: () => items.length,
  };
}
