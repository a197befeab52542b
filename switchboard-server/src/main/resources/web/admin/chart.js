// Small time-series charts drawn as SVG: one line and its filled area, scaled to the largest value shown.
const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 300;
const HEIGHT = 60;

/**
 * Draws `values` (numbers, or null for a missing second) across `svg`, newest at the right edge,
 * `capacity` points filling the width. Missing values break the line.
 */
export function drawChart(svg, values, capacity) {
  const max = Math.max(1, ...values.filter((v) => v !== null));
  const step = WIDTH / Math.max(1, capacity - 1);
  const offset = WIDTH - (values.length - 1) * step;
  let line = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    const x = (offset + i * step).toFixed(1);
    const y = (HEIGHT - 2 - (v / max) * (HEIGHT - 4)).toFixed(1);
    line += `${pen ? 'L' : 'M'}${x},${y} `;
    pen = true;
  });
  svg.replaceChildren();
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', line.trim());
  path.setAttribute('class', 'line');
  svg.append(path);
  const label = document.createElementNS(SVG, 'text');
  label.setAttribute('x', '2');
  label.setAttribute('y', '10');
  label.setAttribute('class', 'max');
  label.textContent = `max ${format(max)}`;
  svg.append(label);
  svg.dataset.points = String(values.filter((v) => v !== null).length);
}

/** A figure for people: "—" when unknown, whole numbers as such, others to two significant places. */
export function format(v) {
  if (v === null || v === undefined) {
    return '—';
  }
  if (Number.isInteger(v)) {
    return v.toLocaleString('en-US');
  }
  return v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toPrecision(2);
}
