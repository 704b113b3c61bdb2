// ApexCharts keeps a chart alive (a window resize listener, observers, its detached SVG) until destroy() is called.
// Views create charts as they need them; this records every chart so that a dashboard that is unmounted (a
// playlist moving on) destroys the charts inside it, whatever the view that made them.

const charts = new Set();

/** Wraps window.ApexCharts once, before any view draws. */
export function trackCharts() {
  const Base = window.ApexCharts;
  if (typeof Base !== 'function' || Base.iocTracked) {
    return;
  }
  class TrackedChart extends Base {
    constructor(element, options) {
      super(element, options);
      charts.add(this);
    }

    destroy() {
      charts.delete(this);
      return super.destroy();
    }
  }
  TrackedChart.iocTracked = true;
  window.ApexCharts = TrackedChart;
}

/** Destroys every chart drawn inside `root` (or whose element is gone). */
export function destroyChartsIn(root) {
  for (const chart of [...charts]) {
    if (!chart.el || root.contains(chart.el) || !chart.el.isConnected) {
      try {
        chart.destroy();
      } catch (error) {
        charts.delete(chart);
        console.warn('chart: destroy failed', error);
      }
    }
  }
}

/** Charts alive now (a test hook: an unmounted dashboard leaves none behind). */
export const liveChartCount = () => charts.size;
