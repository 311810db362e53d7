// Small SVG charts: grouped horizontal bars, vertical bars by month, index bars and a timeline.
import { esc } from "/explorer/static/common.js";

const NS = 'xmlns="http://www.w3.org/2000/svg"';
export const SERIES_COLOURS = ["#1f6feb", "#2e7d32", "#9aa5b1", "#e6550d", "#7b3fb5"];

function fmt(n) {
  if (Math.abs(n) >= 1e8) return (n / 1e8).toFixed(1) + "억";
  if (Math.abs(n) >= 1e4) return (n / 1e4).toFixed(0) + "만";
  return String(n);
}

function legend(series, y) {
  return series.map((s, i) => `<rect x="${10 + i * 120}" y="${y}" width="10" height="10" fill="${SERIES_COLOURS[i]}"/>` +
    `<text x="${24 + i * 120}" y="${y + 9}">${esc(s)}</text>`).join("");
}

// rows: [{label, values: [..]}], series: names of the values
export function hbars(rows, series, { width = 520, testid = "" } = {}) {
  const bar = 10, gap = 6, left = 190, top = 24;
  const group = series.length * bar + gap;
  const h = top + rows.length * group + 10;
  const max = Math.max(1, ...rows.flatMap(r => r.values));
  const scale = (width - left - 60) / max;
  let out = `<svg ${NS} width="${width}" height="${h}" data-testid="${esc(testid)}" role="img">` + legend(series, 4);
  rows.forEach((r, i) => {
    const y = top + i * group;
    const key = r.key ? ` data-key="${esc(r.key)}"` : "";
    out += `<text x="${left - 6}" y="${y + group / 2}" text-anchor="end"${key}><title>${esc(r.key ? r.label + " · " + r.key : r.label)}</title>${esc(r.label.length > 30 ? r.label.slice(0, 29) + "…" : r.label)}</text>`;
    r.values.forEach((v, j) => {
      const w = Math.max(v ? 1 : 0, v * scale);
      out += `<rect x="${left}" y="${y + j * bar}" width="${w}" height="${bar - 1}" fill="${SERIES_COLOURS[j]}"><title>${esc(series[j])}: ${v}</title></rect>` +
        (v ? `<text x="${left + w + 4}" y="${y + j * bar + 8}">${fmt(v)}</text>` : "");  // no bare "0" rows
    });
  });
  return out + "</svg>";
}

// columns: [{label, values: [..]}] (months)
export function vbars(cols, series, { width = 520, height = 220, testid = "" } = {}) {
  const left = 44, bottom = 36, top = 22;
  const max = Math.max(4, ...cols.flatMap(c => c.values)); // at least 4 so the ticks are whole numbers
  const plotH = height - top - bottom;
  const slot = (width - left - 10) / Math.max(1, cols.length);
  const bw = Math.max(2, (slot - 6) / series.length);
  let out = `<svg ${NS} width="${width}" height="${height}" data-testid="${esc(testid)}" role="img">` + legend(series, 4);
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4, y = top + plotH - (v / max) * plotH;
    out += `<line x1="${left}" x2="${width - 5}" y1="${y}" y2="${y}" stroke="#eef2f6"/><text x="${left - 4}" y="${y + 3}" text-anchor="end">${fmt(Math.round(v))}</text>`;
  }
  cols.forEach((c, i) => {
    const x0 = left + i * slot + 3;
    c.values.forEach((v, j) => {
      const h = (v / max) * plotH;
      out += `<rect x="${x0 + j * bw}" y="${top + plotH - h}" width="${bw - 1}" height="${h}" fill="${SERIES_COLOURS[j]}"><title>${esc(c.label)} ${esc(series[j])}: ${v}</title></rect>`;
    });
    out += `<text x="${x0 + slot / 2 - 3}" y="${height - bottom + 14}" text-anchor="middle">${esc(c.label)}</text>`;
  });
  return out + "</svg>";
}

// indexes: [{label, value in 0..1}]
export function gauges(items, { width = 520, testid = "" } = {}) {
  const left = 190, row = 22, h = items.length * row + 10;
  let out = `<svg ${NS} width="${width}" height="${h}" data-testid="${esc(testid)}" role="img">`;
  items.forEach((it, i) => {
    const y = 6 + i * row, w = (width - left - 60) * Math.max(0, Math.min(1, it.value));
    const colour = it.value >= 0.8 ? "#2e7d32" : it.value >= 0.5 ? "#f9a825" : "#c62828";
    out += `<text x="${left - 6}" y="${y + 11}" text-anchor="end">${esc(it.label)}</text>` +
      `<rect x="${left}" y="${y}" width="${width - left - 60}" height="14" fill="#eef2f6"/>` +
      `<rect x="${left}" y="${y}" width="${w}" height="14" fill="${colour}"/>` +
      `<text x="${width - 54}" y="${y + 11}">${(it.value * 100).toFixed(0)}%</text>`;
  });
  return out + "</svg>";
}

// events: [{at: ISO date or date-time, label, colour}]
export function timeline(events, { width = 720, testid = "" } = {}) {
  const ev = events.filter(e => e.at).sort((a, b) => (a.at < b.at ? -1 : 1));
  if (!ev.length) return `<p class="muted">No dated events.</p>`;
  const t = s => new Date(s.length === 10 ? s + "T00:00:00" : s).getTime();
  const t0 = t(ev[0].at), t1 = t(ev[ev.length - 1].at), span = Math.max(1, t1 - t0);
  const left = 20, right = 20, axis = 30, rowH = 16;
  const h = axis + ev.length * rowH + 10;
  let out = `<svg ${NS} width="${width}" height="${h}" data-testid="${esc(testid)}" role="img">` +
    `<line x1="${left}" x2="${width - right}" y1="${axis - 8}" y2="${axis - 8}" stroke="#9aa5b1"/>` +
    `<text x="${left}" y="12">${esc(ev[0].at.slice(0, 10))}</text><text x="${width - right}" y="12" text-anchor="end">${esc(ev[ev.length - 1].at.slice(0, 10))}</text>`;
  ev.forEach((e, i) => {
    const x = left + ((t(e.at) - t0) / span) * (width - left - right), y = axis + i * rowH;
    const anchor = x > width * 0.6 ? "end" : "start", dx = anchor === "end" ? -8 : 8;
    out += `<line x1="${x}" x2="${x}" y1="${axis - 8}" y2="${y + 4}" stroke="#d9e2ec"/>` +
      `<circle cx="${x}" cy="${y + 4}" r="4" fill="${e.colour || "#1f6feb"}"/>` +
      `<text x="${x + dx}" y="${y + 8}" text-anchor="${anchor}">${esc(e.at.slice(0, 10))} ${esc(e.label)}</text>`;
  });
  return out + "</svg>";
}
