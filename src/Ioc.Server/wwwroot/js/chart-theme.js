// What every ApexCharts panel shares: colours from wall.css (so the theme lives in one place), no animation
// (a wall repaints often and nobody hovers), no toolbar, tooltips or zoom, and times in the dashboard's locale.

export function chartsAvailable() {
  return typeof window.ApexCharts === 'function';
}

/** The wall's colours, read from the CSS custom properties in wall.css. */
export function wallColors() {
  const css = getComputedStyle(document.documentElement);
  const read = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
  return {
    text: read('--text', '#e8eef7'),
    muted: read('--text-muted', '#8fa3bf'),
    grid: read('--grid-line', '#1f2d44'),
    track: read('--track', '#1a2638'),
    good: read('--good', '#2ecc71'),
    warn: read('--warn', '#f5a524'),
    bad: read('--bad', '#ff5d5d'),
    stale: read('--stale', '#5b6b82'),
    target: read('--target', '#ffd166'),
    font: read('--font-family', 'system-ui, sans-serif'),
    series: [1, 2, 3, 4, 5, 6].map((i) => read(`--series-${i}`, '#4cc9f0')),
  };
}

/** The root font size in pixels: 16 at 1920×1080, 32 at 3840×2160 (wall.css makes it follow the viewport). */
export function rootFontPx() {
  return parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

/**
 * A length given as it looks at 1920×1080 (where 1rem is 16px), in pixels for this screen. ApexCharts takes
 * pixels only, so every chart size goes through here; read at each draw, it follows a resized or rotated screen.
 */
export function wallPx(px) {
  return (px * rootFontPx()) / 16;
}

/** wallPx as a CSS font size ('18px' at 1080p, '36px' at 4K). */
export function wallFont(px) {
  return `${Math.round(wallPx(px) * 10) / 10}px`;
}

/**
 * Offset and room for x-axis labels of this CSS font size: ApexCharts sets their baseline a fixed distance under
 * the plot whatever their size, so large labels would climb into the lowest y-axis label (which hangs half its
 * height below the plot) and the bars' value labels; they move down as they grow beyond 1080p sizes, with room
 * kept under the plot for them.
 */
export function xLabelRoom(fontSize) {
  const size = parseFloat(fontSize);
  return { offsetY: Math.max(0, 1.2 * size - 18.5), minHeight: Math.round(2.4 * size) };
}

/**
 * Explicit pixel size from the plot element: ApexCharts resolves '100%' against the wrong ancestor when a
 * legend or caption shares the panel, so views pass the plot and repaint on resize (see watchSize).
 */
export function baseChartOptions(type, colors, plot) {
  return {
    chart: {
      type,
      height: Math.max(80, plot.clientHeight),
      width: Math.max(80, plot.clientWidth),
      background: 'transparent',
      foreColor: colors.muted,
      fontFamily: colors.font,
      animations: { enabled: false },
      toolbar: { show: false },
      zoom: { enabled: false },
      selection: { enabled: false },
      redrawOnParentResize: false,
      redrawOnWindowResize: false,
      parentHeightOffset: 0,
    },
    theme: { mode: 'dark' },
    tooltip: { enabled: false, style: { fontSize: wallFont(14) } },
    states: { hover: { filter: { type: 'none' } }, active: { filter: { type: 'none' } } },
    dataLabels: { enabled: false, style: { fontSize: wallFont(16) } },
    grid: { borderColor: colors.grid, strokeDashArray: 0, padding: { left: wallPx(8), right: wallPx(16) } },
    legend: { show: false, labels: { colors: colors.text }, fontSize: wallFont(18), markers: { size: wallPx(7) } },
    xaxis: { labels: { style: { fontSize: wallFont(16) } } },
    yaxis: { labels: { style: { fontSize: wallFont(16) } } },
  };
}

const RESIZE_SETTLE_MS = 250;
const onResize = new Set();
let resizeTimer = 0;

// One listener for every chart: a resized window or a rotated screen changes the root font size even where a
// plot's box stays the same, so every chart is repainted once the resizing has settled.
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => onResize.forEach((paint) => paint()), RESIZE_SETTLE_MS);
});

/** Repaints when the plot's box changes (window resize, a legend wrapping), at most once per frame, and after a window resize. */
export function watchSize(plot, requestPaint) {
  let last = '';
  new ResizeObserver(([entry]) => {
    const size = `${Math.round(entry.contentRect.width)}x${Math.round(entry.contentRect.height)}`;
    if (size !== last) {
      last = size;
      requestPaint();
    }
  }).observe(plot);
  onResize.add(requestPaint);
}

let measuring = null;

/**
 * How far right a horizontal bar chart's axis labels must move to keep the first: ApexCharts removes it when it
 * reaches more than 20 px left of the plot, which "0%" at a 4K wall's font size does by a few pixels.
 */
function firstLabelShift(text, fontSize, font) {
  measuring ??= document.createElement('canvas').getContext('2d');
  if (!measuring) {
    return 0;
  }
  measuring.font = `${fontSize} ${font}`;
  return Math.max(0, Math.ceil(measuring.measureText(text).width / 2 - 18));
}

/**
 * Options of a horizontal bar chart with its values at the bars' ends and an optional dashed reference line
 * (a target, an overall value): the bar and breakdown panels draw the same way.
 * @param {object} base baseChartOptions('bar', …)
 * @param {{ name: string, data: object[], fontSize: string, labelWidth: number (pixels), axisFontSize: string,
 *   barHeight: string, format: object, options: object, reference?: { x: number, text: string } | null }} chart
 */
export function horizontalBarOptions(base, colors, chart) {
  const { name, data, fontSize, labelWidth, axisFontSize, barHeight, format, options, reference } = chart;
  const shift = firstLabelShift(format.axis(Number(options.min ?? 0), options), axisFontSize, colors.font);
  return {
    ...base,
    series: [{ name, data }],
    plotOptions: { bar: { horizontal: true, barHeight, borderRadius: wallPx(3), dataLabels: { position: 'top' } } },
    dataLabels: {
      enabled: true,
      textAnchor: 'start',
      offsetX: wallPx(8),
      formatter: (value) => format.withUnit(value, options),
      style: { fontSize, fontWeight: 600, colors: [colors.text] },
      dropShadow: { enabled: false },
    },
    grid: { ...base.grid, xaxis: { lines: { show: true } }, yaxis: { lines: { show: false } }, padding: { left: wallPx(8), right: wallPx(72) } },
    xaxis: {
      min: options.min ?? 0,
      max: options.max ?? undefined,
      tickAmount: 5,
      axisBorder: { show: false },
      axisTicks: { show: false },
      // ApexCharts places these labels 2 × offsetX to the left.
      labels: { ...xLabelRoom(axisFontSize), offsetX: -shift / 2, style: { fontSize: axisFontSize }, formatter: (v) => format.axis(Number(v), options) },
    },
    yaxis: { labels: { maxWidth: labelWidth, style: { fontSize, colors: [colors.text] } } },
    annotations: reference == null ? {} : {
      xaxis: [{
        x: reference.x,
        borderColor: colors.target,
        strokeDashArray: wallPx(6),
        label: {
          text: reference.text,
          orientation: 'horizontal',
          position: 'top',
          borderColor: colors.target,
          style: { background: colors.target, color: '#0b1220', fontSize: wallFont(14), fontWeight: 600 },
        },
      }],
    },
  };
}
