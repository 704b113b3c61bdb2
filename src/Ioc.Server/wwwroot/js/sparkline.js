// A small line-and-area drawing of recent values behind a stat tile's number: the trend at a glance, drawn as
// plain SVG (no chart instance per tile).

const SVG = 'http://www.w3.org/2000/svg';

export function createSparkline(container) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'sparkline');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('aria-hidden', 'true');
  const area = document.createElementNS(SVG, 'path');
  area.setAttribute('class', 'sparkline-area');
  const line = document.createElementNS(SVG, 'path');
  line.setAttribute('class', 'sparkline-line');
  line.setAttribute('vector-effect', 'non-scaling-stroke');
  svg.append(area, line);
  container.append(svg);

  return {
    /** points: [[time, value]] in time order; drawn over [from, to] in a 1000×100 box stretched to the tile. */
    draw(points, from, to) {
      const shown = points.filter(([t]) => t >= from);
      if (shown.length < 2 || to <= from) {
        svg.hidden = true;
        return;
      }
      svg.hidden = false;
      svg.setAttribute('viewBox', '0 0 1000 100');
      const values = shown.map(([, v]) => v);
      const low = Math.min(...values);
      const high = Math.max(...values);
      const span = high - low || Math.abs(high) || 1;
      const x = (t) => (((t - from) / (to - from)) * 1000).toFixed(1);
      const y = (v) => (92 - ((v - low) / span) * 80).toFixed(1);
      const path = shown.map(([t, v], i) => `${i === 0 ? 'M' : 'L'}${x(t)},${y(v)}`).join(' ');
      line.setAttribute('d', path);
      area.setAttribute('d', `${path} L${x(shown[shown.length - 1][0])},100 L${x(shown[0][0])},100 Z`);
    },
  };
}
