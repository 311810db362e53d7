// The case file: one self-contained HTML document to hand to an audit (print it to PDF from the browser).
// The sentence, the case's facts, the picture as drawn (PNG inside the file), the evidence table (a piece of
// evidence no longer in the graph is listed as missing), the timeline and the audit trail.
import { esc, krw, t, kindName, fmtDate, caseMessage } from "/explorer/static/common.js";
import { factCells, factHead } from "/explorer/static/story.js";

export function caseFileHtml(c, { title, story, facts, picture, user }) {
  const byKey = new Map(c.evidence.nodes.map(n => [n.key, n]));
  const evidence = (c.evidenceKeys || []).map(k => byKey.get(k) ? byKey.get(k) : { key: k, missing: true })
    .sort((a, b) => String(a.date || "").localeCompare(String(b.date || "")));
  const evRows = evidence.map(n => n.missing
    ? `<tr class="missing"><td></td><td>${esc(t("file.missing"))}</td><td></td><td></td><td>${esc(n.key)}</td></tr>`
    : `<tr>${factCells(n)}</tr>`).join("");
  const events = [
    ...evidence.filter(n => n.date).map(n => ({ at: n.date, what: `${kindName(n.kind)} ${n.amount != null ? krw(n.amount) : ""}` })),
    ...c.timeline.map(e => ({ at: e.at, what: `${t("event." + e.kind)} ${e.actor || ""} ${e.note || ""}` })),
  ].sort((a, b) => String(a.at).localeCompare(String(b.at)));
  const trail = c.timeline.map(e => `<tr><td>${e.seq}</td><td>${esc(fmtDate(e.at))}</td><td>${esc(e.actor || "")}</td>
    <td>${esc(t("event." + e.kind))}</td><td>${esc(e.action ? t("action." + String(e.action).toLowerCase()) : "")}</td>
    <td class="num">${e.amount != null ? esc(krw(e.amount)) : ""}</td><td>${esc(e.note || "")}</td></tr>`).join("");
  const kv = facts.map(([label, v]) => `<tr><th>${esc(label)}</th><td>${esc(v)}</td></tr>`).join("");
  return `<!doctype html><html lang="${esc(document.documentElement.lang || "ko")}"><head><meta charset="utf-8">
<title>${esc(t("file.title", { id: c.id }))}</title>
<style>body{font-family:"NanumGothic","Noto Sans CJK KR",sans-serif;margin:24px;color:#1f2933;font-size:12px}
h1{font-size:18px}h2{font-size:14px;margin-top:20px;border-bottom:1px solid #bcccdc}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #d9e2ec;padding:3px 6px;text-align:left;vertical-align:top}.num{text-align:right}
.missing td{color:#c62828}img{max-width:100%;border:1px solid #d9e2ec}@media print{h2{break-after:avoid}tr{break-inside:avoid}}</style>
</head><body>
<h1>${esc(title)} · ${esc(c.subjectName || c.subjectKey || "")}</h1>
<p class="story">${esc(story)}</p><p>${esc(caseMessage(c))}</p>
<table class="kv">${kv}</table>
<h2>${esc(t("file.picture"))}</h2>${picture ? `<img alt="${esc(t("file.picture"))}" src="${picture}">` : ""}
<h2>${esc(t("file.evidence", { n: evidence.length }))}</h2>
<table id="evidence">${factHead()}<tbody>${evRows}</tbody></table>
<h2>${esc(t("case.timeline"))}</h2><table id="timeline">${events.map(e => `<tr><td>${esc(fmtDate(e.at))}</td><td>${esc(e.what)}</td></tr>`).join("")}</table>
<h2>${esc(t("case.trail"))}</h2><table id="trail"><thead><tr><th>#</th><th>${esc(t("trail.when"))}</th><th>${esc(t("trail.who"))}</th>
<th>${esc(t("trail.what"))}</th><th>${esc(t("trail.action"))}</th><th class="num">${esc(t("trail.amount"))}</th><th>${esc(t("trail.note"))}</th></tr></thead>
<tbody>${trail}</tbody></table>
<p>${esc(t("file.made", { at: fmtDate(new Date().toISOString()), user: user || "" }))}</p>
</body></html>`;
}
