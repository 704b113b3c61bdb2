// Service-index panel: the national service index of Decision 766/QĐ-TTg from /api/v1/service-index (its
// series only judge freshness). options.level 'province': the total out of 100, the five groups as bars
// against their maxima, the rank and a trend sparkline; 'agency' or 'commune': every agency or commune as a bar,
// best first (commune is the default level). Any score that involves an indicator not taken from the decision's annex is marked "ước tính".
//
// Test hook on the view's root: data-level, data-total (province), data-estimate, data-entries.

import { baseChartOptions, chartsAvailable, wallColors, wallPx, watchSize } from './chart-theme.js';
import { createSparkline } from './sparkline.js';

// The index is read again when newer counts reach the panel's series, and at most this often otherwise.
const REFRESH_MS = 60_000;

const words = {
  estimate: 'ước tính',
  rank: (rank, of) => `Hạng ${rank}/${of}`,
  outOf: (max) => `/${max}`,
  noData: 'Chưa có số liệu',
  failed: 'Không tải được chỉ số',
  points: 'điểm',
  noValue: 'không có số liệu',
  source: 'Nguồn',
  at: 'lúc',
  close: 'Đóng',
};

export function createServiceIndexView(body, definition, env, requestPaint) {
  const options = definition.options ?? {};
  const level = options.level ?? 'commune';
  const { format, api } = env;
  const colors = wallColors();

  const root = document.createElement('div');
  root.className = `service-index service-index-${level === 'province' ? 'summary' : 'ranking'}`;
  root.dataset.level = level;
  const head = document.createElement('div');
  head.className = 'service-index-head';
  const plot = document.createElement('div');
  plot.className = 'service-index-plot';
  // ApexCharts pins a min-height on the element it draws in; drawing in an inner box keeps the plot free to shrink.
  const canvas = document.createElement('div');
  canvas.className = 'service-index-canvas';
  plot.append(canvas);
  let sparkline = null;
  const spark = document.createElement('div');
  if (level === 'province') {
    spark.className = 'service-index-spark';
    sparkline = createSparkline(spark);
    root.append(head, spark, plot);
  } else {
    root.append(head, plot);
  }
  // Opened by a click on a bar: the scores behind it, down to the counts and when they were collected.
  const details = document.createElement('div');
  details.className = 'service-index-details';
  details.dataset.role = 'details';
  details.hidden = true;
  details.addEventListener('click', () => { details.hidden = true; });
  root.append(details);
  body.replaceChildren(root);
  watchSize(plot, requestPaint);

  let answer = null;
  let problem = null;
  let fetchedAt = -Infinity;
  let fetching = null;
  let countsTime = -Infinity; // newest count the last read could include
  let chart = null;
  let shown = 0;

  function refresh(newest) {
    if (fetching || (newest <= countsTime && Date.now() - fetchedAt < REFRESH_MS)) {
      return;
    }
    countsTime = Math.max(countsTime, newest);
    fetching = api.serviceIndex(level)
      .then((body) => { answer = body; problem = null; })
      .catch((error) => { problem = error.message; })
      .finally(() => { fetchedAt = Date.now(); fetching = null; requestPaint(); });
  }

  const number = (value, decimals = 1) => format.number(value, { decimals });
  const band = (fraction) => (fraction >= 0.8 ? colors.good : fraction >= 0.5 ? colors.warn : colors.bad);

  function estimateMark() {
    const mark = document.createElement('span');
    mark.className = 'service-index-estimate';
    mark.textContent = words.estimate;
    return mark;
  }

  function renderHead(entry) {
    if (!entry) {
      head.textContent = problem ? words.failed : words.noData;
      return;
    }
    const total = document.createElement('span');
    total.className = 'service-index-total';
    total.textContent = number(entry.total);
    const max = document.createElement('span');
    max.className = 'service-index-max';
    max.textContent = words.outOf(entry.maxPoints);
    const parts = [total, max];
    if (entry.estimate) {
      parts.push(estimateMark());
    }
    if (entry.rankOf > 1) {
      const rank = document.createElement('span');
      rank.className = 'service-index-rank';
      rank.textContent = words.rank(entry.rank, entry.rankOf);
      parts.push(rank);
    }
    head.replaceChildren(...parts);
  }

  function renderTrend(entry) {
    const points = (answer?.trendTimes ?? [])
      .map((time, i) => [Date.parse(time), entry?.trend?.[i]])
      .filter(([, v]) => v != null);
    // No history yet (a new install): the bars get the room.
    spark.hidden = points.length < 2;
    sparkline.draw(points, points[0]?.[0] ?? 0, points[points.length - 1]?.[0] ?? 0);
  }

  function line(className, ...parts) {
    const element = document.createElement('div');
    element.className = className;
    element.append(...parts.filter((p) => p != null));
    return element;
  }

  function scoreText(score, max) {
    return `${number(score)}/${max} ${words.points}`;
  }

  function countText(count) {
    return count ? `${count.field} = ${format.number(count.value, { decimals: 0 })}` : '–';
  }

  /** One indicator: its value and the counts it is a ratio of, its points, and where the counts come from. */
  function indicatorLine(indicator) {
    const value = indicator.value == null
      ? words.noValue
      : `${format.number(indicator.value, { decimals: 1 })} % (${format.number(indicator.numerator?.value, { decimals: 0 })}/${format.number(indicator.denominator?.value, { decimals: 0 })})`;
    const when = indicator.numerator?.time ?? indicator.denominator?.time;
    const source = `${words.source}: ${indicator.numerator?.measurement ?? indicator.denominator?.measurement ?? '–'} · ${countText(indicator.numerator)} / ${countText(indicator.denominator)}${when ? ` · ${words.at} ${format.asOf(Date.parse(when), Date.now())}` : ''}`;
    return line(
      'service-index-indicator',
      line('service-index-indicator-name', indicator.name, indicator.estimate ? estimateMark() : null),
      line('service-index-indicator-score', `${value} → ${scoreText(indicator.score, indicator.maxPoints)}`),
      line('service-index-indicator-source', source),
    );
  }

  function showDetails(index) {
    const entries = answer?.entries ?? [];
    const heading = document.createElement('h3');
    heading.className = 'service-index-details-title';
    let rows;
    if (level === 'province') {
      const group = entries[0]?.groups?.[index];
      if (!group) {
        return;
      }
      heading.textContent = `${group.name}: ${scoreText(group.score, group.maxPoints)}`;
      rows = group.indicators.map(indicatorLine);
    } else {
      const entry = entries[index];
      if (!entry) {
        return;
      }
      heading.textContent = `${entry.name}: ${scoreText(entry.total, entry.maxPoints)} · ${words.rank(entry.rank, entry.rankOf)}`;
      rows = entry.groups.map((g) => line('service-index-indicator', line('service-index-indicator-name', g.name, g.estimate ? estimateMark() : null), line('service-index-indicator-score', scoreText(g.score, g.maxPoints))));
    }
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'service-index-details-close';
    close.textContent = words.close;
    details.replaceChildren(heading, ...rows, close);
    details.hidden = false;
  }

  function groupBars(entry) {
    const groups = entry.groups;
    return {
      // An estimated group says so on a second line of its label, so long names are not cut.
      labels: groups.map((g) => (g.estimate ? [g.name, `(${words.estimate})`] : g.name)),
      data: groups.map((g) => ({ y: g.maxPoints > 0 ? (100 * g.score) / g.maxPoints : 0, fillColor: band(g.score / g.maxPoints) })),
      text: groups.map((g) => `${number(g.score)}/${g.maxPoints}`),
      max: 100,
    };
  }

  // When every total is an estimate, the mark above the bars says so once; otherwise each estimated bar carries it.
  function rankingBars(entries) {
    const mixed = entries.some((e) => e.estimate) && entries.some((e) => !e.estimate);
    return {
      labels: entries.map((e) => e.name),
      data: entries.map((e) => ({ y: e.total, fillColor: band(e.total / e.maxPoints) })),
      text: entries.map((e) => (mixed && e.estimate ? `${number(e.total)} · ${words.estimate}` : number(e.total))),
      max: entries[0]?.maxPoints ?? 100,
    };
  }

  function chartOptions(bars) {
    const base = baseChartOptions('bar', colors, plot);
    const fontSize = `${Math.round(Math.max(wallPx(11), Math.min(wallPx(17), ((plot.clientHeight - wallPx(20)) / Math.max(1, bars.labels.length)) * 0.6)))}px`;
    return {
      ...base,
      chart: { ...base.chart, events: { dataPointSelection: (_event, _context, { dataPointIndex }) => showDetails(dataPointIndex) } },
      series: [{ name: definition.title, data: bars.labels.map((x, i) => ({ x, ...bars.data[i] })) }],
      plotOptions: { bar: { horizontal: true, barHeight: '70%', borderRadius: wallPx(3), dataLabels: { position: 'top' } } },
      dataLabels: {
        enabled: true,
        textAnchor: 'start',
        offsetX: wallPx(8),
        formatter: (_value, { dataPointIndex }) => bars.text[dataPointIndex],
        style: { fontSize, fontWeight: 600, colors: [colors.text] },
        dropShadow: { enabled: false },
      },
      grid: { ...base.grid, xaxis: { lines: { show: false } }, yaxis: { lines: { show: false } }, padding: { left: wallPx(8), right: wallPx(110), top: wallPx(-10), bottom: wallPx(-6) } },
      xaxis: { min: 0, max: bars.max, labels: { show: false }, axisBorder: { show: false }, axisTicks: { show: false } },
      yaxis: { labels: { maxWidth: wallPx(300), style: { fontSize, colors: [colors.text] } } },
    };
  }

  async function draw(bars) {
    shown = bars.labels.length;
    if (!chartsAvailable()) {
      canvas.textContent = env.strings.noCharts;
      return;
    }
    if (shown === 0) {
      chart?.destroy();
      chart = null;
      canvas.textContent = '';
      return;
    }
    const config = chartOptions(bars);
    if (!chart) {
      canvas.textContent = '';
      chart = new window.ApexCharts(canvas, config);
      await chart.render();
    } else {
      await chart.updateOptions(config, false, false, false);
    }
  }

  return {
    async render(list) {
      refresh(Math.max(-Infinity, ...(list ?? []).map((s) => s.last?.time ?? -Infinity)));
      const entries = answer?.entries ?? [];
      root.dataset.entries = String(entries.length);
      root.dataset.estimate = String(entries.some((e) => e.estimate));
      if (level === 'province') {
        const entry = entries[0] ?? null;
        root.dataset.total = entry ? String(entry.total) : '';
        renderHead(entry);
        renderTrend(entry);
        await draw(entry ? groupBars(entry) : { labels: [], data: [], text: [], max: 100 });
      } else {
        head.replaceChildren();
        if (entries.length === 0) {
          head.textContent = problem ? words.failed : words.noData;
        } else if (entries.every((e) => e.estimate)) {
          head.append(estimateMark());
        }
        await draw(rankingBars(entries));
      }
    },

    pointCount: () => shown,
  };
}
