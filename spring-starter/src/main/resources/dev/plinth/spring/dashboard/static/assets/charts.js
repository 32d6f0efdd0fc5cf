// Small line charts drawn as inline SVG: one chart, several series over the same samples.
const SVG = "http://www.w3.org/2000/svg";

function el(name, attributes = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A tidy upper bound for the y axis: 1, 2 or 5 times a power of ten, at least `max`. */
export function niceCeiling(max) {
  if (!(max > 0)) return 1;
  const power = Math.pow(10, Math.floor(Math.log10(max)));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

function format(value) {
  if (value >= 1000) return (value / 1000).toFixed(value >= 10000 ? 0 : 1) + "k";
  if (value >= 10 || Number.isInteger(value)) return String(Math.round(value));
  return value.toFixed(value >= 1 ? 1 : 2);
}

/**
 * Draws `series` ([{name, color, values}], values null where there is no figure) into `container`,
 * replacing what it held. `labels` are the x positions' times (first and last are written).
 */
export function lineChart(container, { title, series, labels, width = 360, height = 110 }) {
  const left = 34, right = 8, top = 16, bottom = 16;
  const plotWidth = width - left - right, plotHeight = height - top - bottom;
  const count = Math.max(2, ...series.map(s => s.values.length));
  const max = niceCeiling(Math.max(0, ...series.flatMap(s => s.values.filter(v => v !== null))));
  const x = i => left + (plotWidth * i) / (count - 1);
  const y = v => top + plotHeight - (plotHeight * v) / max;

  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title });
  svg.append(el("text", { x: left, y: 11, class: "title" }, title));
  for (const fraction of [0, 0.5, 1]) {
    const value = max * fraction;
    svg.append(el("line", { x1: left, x2: width - right, y1: y(value), y2: y(value), class: fraction === 0 ? "axis" : "grid" }));
    svg.append(el("text", { x: left - 4, y: y(value) + 3, "text-anchor": "end", class: "tick" }, format(value)));
  }
  if (labels.length > 0) {
    svg.append(el("text", { x: left, y: height - 3, class: "tick" }, labels[0]));
    svg.append(el("text", { x: width - right, y: height - 3, "text-anchor": "end", class: "tick" }, labels[labels.length - 1]));
  }
  let legendX = width - right;
  for (const s of [...series].reverse()) {
    const label = el("text", { x: legendX, y: 11, "text-anchor": "end", class: "legend", style: `fill:${s.color}` }, "● " + s.name);
    svg.append(label);
    legendX -= 10 + 7 * (s.name.length + 2);
  }
  for (const s of series) {
    let path = "";
    let pen = false;
    s.values.forEach((value, i) => {
      if (value === null) { pen = false; return; }
      path += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(value).toFixed(1)}`;
      pen = true;
    });
    if (path) {
      svg.append(el("path", { d: path, fill: "none", stroke: s.color, "stroke-width": 1.8, "stroke-linejoin": "round", class: "series", "data-series": s.name }));
    }
  }
  container.replaceChildren(svg);
}
