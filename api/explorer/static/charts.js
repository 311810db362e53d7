// Small SVG charts: grouped horizontal bars, vertical bars by month, index bars and a timeline. Every chart
// draws inside its viewBox and scales to its panel (width 100%), so nothing is clipped at any width; a label
// too long for its room is shortened with "…" and kept whole in its <title>.
import { esc } from "/explorer/static/common.js";

const NS = 'xmlns="http://www.w3.org/2000/svg"';
export const SERIES_COLOURS = ["#1f6feb", "#2e7d32", "#9aa5b1", "#e6550d", "#7b3fb5"];

function fmt(n) {
  if (Math.abs(n) >= 1e8) return (n / 1e8).toFixed(1) + "억";
  if (Math.abs(n) >= 1e4) return (n / 1e4).toFixed(0) + "만";
  return String(n);
}

// Width of a text at the charts' 11px font, by script (Hangul and CJK glyphs are about square), rounded up.
function textWidth(s) {
  let w = 0;
  for (const ch of String(s)) w += /[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/.test(ch) ? 11.5 : 7;
  return w;
}
function fit(s, room) {
  s = String(s ?? "");
  if (textWidth(s) <= room) return s;
  let out = "";
  for (const ch of s) { if (textWidth(out + ch + "…") > room) break; out += ch; }
  return out + "…";
}
const svg = (w, h, testid, body) =>
  `<svg ${NS} viewBox="0 0 ${w} ${h}" width="100%" style="max-width:${w}px" data-testid="${esc(testid)}" role="img">${body}</svg>`;

function legend(series, y, width) {
  const slot = Math.max(90, Math.min(150, width / Math.max(1, series.length)));
  return series.map((s, i) => `<rect x="${4 + i * slot}" y="${y}" width="10" height="10" fill="${SERIES_COLOURS[i]}"/>` +
    `<text x="${18 + i * slot}" y="${y + 9}">${esc(fit(s, slot - 20))}</text>`).join("");
}

// rows: [{label, key?, values: [..]}], series: names of the values; `format` writes a value at its bar's end.
// Each row's label sits on its own line above its bars, so a long scenario title never pushes into them.
export function hbars(rows, series, { width = 520, testid = "", format = fmt } = {}) {
  const bar = 10, labelH = 15, gap = 8, top = 22, right = 64;
  const group = labelH + series.length * bar + gap;
  const h = top + rows.length * group + 4;
  const max = Math.max(1, ...rows.flatMap(r => r.values));
  const scale = (width - 8 - right) / max;
  let out = legend(series, 4, width);
  rows.forEach((r, i) => {
    const y = top + i * group;
    const key = r.key ? ` data-key="${esc(r.key)}"` : "";
    out += `<text class="bar-label" x="4" y="${y + 11}"${key}><title>${esc(r.key ? r.label + " · " + r.key : r.label)}</title>${esc(fit(r.label, width - 8))}</text>`;
    r.values.forEach((v, j) => {
      const w = Math.max(v ? 1 : 0, v * scale), by = y + labelH + j * bar;
      out += `<rect x="4" y="${by}" width="${w}" height="${bar - 1}" fill="${SERIES_COLOURS[j]}"><title>${esc(series[j])}: ${esc(format(v))}</title></rect>` +
        (v ? `<text x="${8 + w}" y="${by + 8}">${esc(format(v))}</text>` : "");  // no bare "0" rows
    });
  });
  return svg(width, h, testid, out);
}

// columns: [{label, values: [..]}] (months); labels thinned so they never touch.
export function vbars(cols, series, { width = 520, height = 220, testid = "", format = fmt } = {}) {
  const left = 48, bottom = 36, top = 22;
  const max = Math.max(4, ...cols.flatMap(c => c.values)); // at least 4 so the ticks are whole numbers
  const plotH = height - top - bottom;
  const slot = (width - left - 10) / Math.max(1, cols.length);
  const bw = Math.max(2, (slot - 6) / series.length);
  const every = Math.max(1, Math.ceil(Math.max(...cols.map(c => textWidth(c.label)), 1) / Math.max(1, slot - 4)));
  let out = legend(series, 4, width);
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4, y = top + plotH - (v / max) * plotH;
    out += `<line x1="${left}" x2="${width - 5}" y1="${y}" y2="${y}" stroke="#eef2f6"/><text x="${left - 4}" y="${y + 3}" text-anchor="end">${esc(format(Math.round(v)))}</text>`;
  }
  cols.forEach((c, i) => {
    const x0 = left + i * slot + 3;
    c.values.forEach((v, j) => {
      const h = (v / max) * plotH;
      out += `<rect x="${x0 + j * bw}" y="${top + plotH - h}" width="${bw - 1}" height="${h}" fill="${SERIES_COLOURS[j]}"><title>${esc(c.label)} ${esc(series[j])}: ${esc(format(v))}</title></rect>`;
    });
    if (i % every === 0) {
      const x = Math.min(width - 4 - textWidth(c.label) / 2, Math.max(textWidth(c.label) / 2 + 2, x0 + slot / 2 - 3));
      out += `<text x="${x}" y="${height - bottom + 14}" text-anchor="middle">${esc(c.label)}</text>`;
    }
  });
  return svg(width, height, testid, out);
}

// indexes: [{label, value in 0..1}]
export function gauges(items, { width = 520, testid = "" } = {}) {
  const left = 200, row = 22, h = items.length * row + 10;
  let out = "";
  items.forEach((it, i) => {
    const y = 6 + i * row, w = (width - left - 60) * Math.max(0, Math.min(1, it.value));
    const colour = it.value >= 0.8 ? "#2e7d32" : it.value >= 0.5 ? "#f9a825" : "#c62828";
    out += `<text x="4" y="${y + 11}"><title>${esc(it.label)}</title>${esc(fit(it.label, left - 12))}</text>` +
      `<rect x="${left}" y="${y}" width="${width - left - 60}" height="14" fill="#eef2f6"/>` +
      `<rect x="${left}" y="${y}" width="${w}" height="14" fill="${colour}"/>` +
      `<text x="${width - 54}" y="${y + 11}">${(it.value * 100).toFixed(0)}%</text>`;
  });
  return svg(width, h, testid, out);
}

// events: [{at: ISO date or date-time, label, colour}]; `day` writes a date.
// A timeline in lanes: one per kind of fact and one for the case's own events, each a row of dots on a
// shared time axis with its name, count and total on the left. A case of hundreds of payments stays one line
// per kind (a row of text per event crossed the lines of every later one); each dot names its day, what
// and how much in its <title>, and the evidence and audit-trail tables below give them all in full.
export function timeline(events, { width = 720, testid = "", day = s => s.slice(0, 10), empty = "",
  lane = (name, n, total) => `${name} ${n}${total ? " · " + total : ""}`, money = n => String(n) } = {}) {
  const ev = events.filter(e => e.at).sort((a, b) => (a.at < b.at ? -1 : 1));
  if (!ev.length) return `<p class="muted">${esc(empty)}</p>`;
  const t = s => new Date(s.length === 10 ? s + "T00:00:00" : s).getTime();
  const t0 = t(ev[0].at), t1 = t(ev[ev.length - 1].at), span = Math.max(1, t1 - t0);
  const names = [...new Set(ev.map(e => e.lane || ""))];
  const labelW = 200, left = labelW + 16, right = 16, axis = 22, laneH = 24;
  const h = axis + names.length * laneH + 8;
  const x = at => left + ((t(at) - t0) / span) * (width - left - right);
  let out = `<text x="${left}" y="12">${esc(day(ev[0].at))}</text>` +
    `<text x="${width - right}" y="12" text-anchor="end">${esc(day(ev[ev.length - 1].at))}</text>` +
    `<line x1="${left}" x2="${width - right}" y1="${axis - 4}" y2="${axis - 4}" stroke="#9aa5b1"/>`;
  // a tick at each new year between the ends, far enough from both end labels to leave them readable
  for (let y = new Date(t0).getFullYear() + 1; y <= new Date(t1).getFullYear(); y++) {
    const at = `${y}-01-01`, px = x(at);
    if (px - left < 90 || width - right - px < 90) continue;
    out += `<line x1="${px}" x2="${px}" y1="${axis - 8}" y2="${h - 4}" stroke="#e4e7eb"/>` +
      `<text x="${px}" y="12" text-anchor="middle">${y}</text>`;
  }
  names.forEach((name, i) => {
    const mine = ev.filter(e => (e.lane || "") === name), y = axis + i * laneH + laneH / 2;
    const amounts = mine.map(e => e.amount).filter(a => a != null);
    const total = amounts.length ? money(amounts.reduce((a, b) => a + Number(b), 0)) : "";
    const text = lane(name, mine.length, total);
    out += `<g data-lane="${esc(name)}"><title>${esc(text)}</title>` +
      `<text x="0" y="${y + 4}">${esc(fit(text, labelW))}</text></g>` +
      `<line x1="${left}" x2="${width - right}" y1="${y}" y2="${y}" stroke="#f0f4f8"/>`;
    for (const e of mine) {
      out += `<circle cx="${x(e.at)}" cy="${y}" r="4" fill="${e.colour || "#1f6feb"}" fill-opacity="0.8">` +
        `<title>${esc(day(e.at) + " " + e.label)}</title></circle>`;
    }
  });
  return svg(width, h, testid, out);
}
