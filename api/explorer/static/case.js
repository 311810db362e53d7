// The case page: details, evidence subgraph (highlighted), timeline, audit trail, the actions the role allows.
import { gql, requireLogin, header, esc, $, showError, krw, fmtDate, viewer, unwrap, scenarioTitles, scenarioTitle, t, lang, areaName, kindName, caseMessage } from "/explorer/static/common.js";
import { date } from "/explorer/static/i18n.js";
import { GraphCanvas, NODE_FIELDS, EDGE_FIELDS, kindColour } from "/explorer/static/graph.js";
import { timeline } from "/explorer/static/charts.js";
import { entityStory, factsTable } from "/explorer/static/story.js";
import { caseFileHtml } from "/explorer/static/casefile.js";
import { download, pngDataUri } from "/explorer/static/png.js";

await requireLogin(); header("cases");
const id = new URLSearchParams(location.search).get("id");
const CASE_FIELDS = `id allowedActions gov scenarioId area severity status subjectKey subjectEntityId subjectName message messageKo amount evidenceKeys
  actions amountImposed amountRecovered excludedReason firstDetectedAt openedAt updatedAt actedAt officialName
  officialUsername supervisorName routingNote routingNoteKo escalationLevel
  timeline { seq at actor kind fromStatus toStatus note action amount }
  notifications { recipientRole recipient channel status deliveredAt }`;
const CASE = `query C($id: ID!) { case(id: $id) { ${CASE_FIELDS}
  evidence { nodes { ${NODE_FIELDS} } edges { ${EDGE_FIELDS} } truncated } } }`;
const RESULT = `__typename ... on CaseUpdated { case { id status } } ... on MutationError { code message hint }`;
const ACK = `mutation A($id: String!, $note: String!) { acknowledgeCase(caseId: $id, note: $note) { ${RESULT} } }`;
const ACT = `mutation A($id: String!, $action: CaseAction!, $amount: KRW, $note: String!) { actOnCase(caseId: $id, action: $action, amount: $amount, note: $note) { ${RESULT} } }`;
const EXCLUDE = `mutation X($id: String!, $reason: String!) { excludeCase(caseId: $id, reason: $reason) { ${RESULT} } }`;
const COMMENT = `mutation M($id: String!, $note: String!) { commentCase(caseId: $id, note: $note) { ${RESULT} } }`;
const CLOSE = `mutation Z($id: String!, $note: String!) { closeCase(caseId: $id, note: $note) { ${RESULT} } }`;

let canvas = null;
let current = null;
let mode = "entities";  // the story at entity level by default; "facts" draws every record and fact
let bundles = new Map();  // the entity-level picture's bundles by id, for the facts table of a click

// The evidence picture: entities joined by aggregated facts, or (expanded) every record and fact.
function draw() {
  const c = current;
  if (!canvas) {
    canvas = new GraphCanvas($("#cy"), {});
    canvas.cy.on("tap", "edge[bundle], node[bundle]", ev => showBundle(ev.target.data("bundle")));
  }
  canvas.cy.elements().remove();
  $("#bundle-facts").innerHTML = "";
  const keys = new Set(c.evidenceKeys);
  // the time filter: facts outside the range leave the picture (and the aggregated edges' counts and sums)
  const from = $("#case-from").value, to = $("#case-to").value;
  const inRange = n => n.layer !== "Fact" || !n.date || ((!from || n.date.slice(0, 10) >= from) && (!to || n.date.slice(0, 10) <= to));
  const shown = c.evidence.nodes.filter(inRange);
  if (mode === "entities") {
    const s = entityStory(shown, c.evidence.edges);
    bundles = s.bundles;
    canvas.add(s.nodes, s.edges);
    const marked = new Set([...s.bundles.values()].filter(b => b.facts.some(f => keys.has(f.key))).map(b => b.id));
    canvas.cy.elements().filter(el => marked.has(el.data("bundle"))).addClass("evidence");
  } else {
    canvas.add(shown, c.evidence.edges);
    canvas.cy.nodes().forEach(n => { if (keys.has(n.id())) n.addClass("evidence"); });
  }
  const subject = c.subjectEntityId || c.subjectKey;
  if (subject) canvas.cy.getElementById(subject).addClass("subject");
  const middle = subject ? canvas.cy.getElementById(subject) : canvas.cy.collection();
  if (mode === "entities" && middle.nonempty()) canvas.radial(middle);
  else {
    canvas.layout("fcose", { spacious: mode === "entities", tidy: middle.empty() });
    if (middle.nonempty()) { canvas.centreOn(middle); canvas.declutter(); }
  }
  $("#story-mode").textContent = t(mode === "entities" ? "story.expand" : "story.collapse");
}

function showBundle(id) {
  const b = bundles.get(id);
  if (b) $("#bundle-facts").innerHTML = factsTable(b, current.evidenceKeys);
}

// One file for the audit report: the sentence, the facts, the picture as drawn now, evidence, timeline, trail.
$("#case-file").addEventListener("click", () => {
  if (!current || !canvas) return;
  const html = caseFileHtml(current, { title: current.title, story: $("#story").textContent, facts: current.shownFacts,
    picture: pngDataUri(canvas.cy), user: (viewer() || {}).username });
  download(new Blob([html], { type: "text/html;charset=utf-8" }), `chungbaek-${current.id}.html`);
});

for (const el of ["#case-from", "#case-to"]) $(el).addEventListener("change", () => { if (current) draw(); });

$("#story-mode").addEventListener("click", () => { mode = mode === "entities" ? "facts" : "entities"; if (current) draw(); });

async function load() {
  let c;
  try {
    c = (await gql(CASE, { id })).case;
    if (!c) throw Object.assign(new Error(t("case.notFound", { id })), { code: "NOT_FOUND" });
  } catch (e) { showError($("#error"), e); $("#case").classList.add("hidden"); return; }
  $("#case").classList.remove("hidden");
  const titles = await scenarioTitles();
  const title = scenarioTitle(titles, c.scenarioId);
  document.title = `ChungBaek · ${title}`;
  $("#title").textContent = `${title} · ${c.subjectName || c.subjectKey || ""}`;
  $("#status").textContent = t("status." + c.status); $("#status").className = "status " + c.status; $("#status").dataset.status = c.status;
  $("#message").textContent = caseMessage(c);
  const kv = [[t("field.case"), "case", c.id], [t("field.scenario"), "scenario", c.scenarioId], [t("field.gov"), "gov", c.gov], [t("field.area"), "area", areaName(c.area)], [t("field.severity"), "severity", t("severity." + c.severity)],
    [t("field.subject"), "subject", `${c.subjectName || ""} (${c.subjectEntityId || c.subjectKey || ""})`],
    [t("field.amount"), "amount", krw(c.amount)], [t("field.imposed"), "imposed", krw(c.amountImposed || 0)], [t("field.recovered"), "recovered", krw(c.amountRecovered || 0)],
    [t("field.actions"), "actions", (c.actions || []).map(a => t("action." + String(a).toLowerCase())).join(", ")], [t("field.excludedReason"), "excludedReason", c.excludedReason],
    [t("field.firstDetected"), "firstDetected", fmtDate(c.firstDetectedAt)], [t("field.opened"), "opened", fmtDate(c.openedAt)], [t("field.acted"), "acted", fmtDate(c.actedAt)],
    [t("field.official"), "official", `${c.officialName || ""} ${c.officialUsername ? "(" + c.officialUsername + ")" : ""}`],
    [t("field.supervisor"), "supervisor", c.supervisorName], [t("field.routing"), "routing", (lang() === "ko" && c.routingNoteKo) || c.routingNote], [t("field.escalationLevel"), "escalationLevel", c.escalationLevel]];
  const shown = kv.filter(([, , v]) => v !== null && v !== undefined && v !== "");
  $("#facts").innerHTML = shown.map(([label, k, v]) => `<dt>${esc(label)}</dt><dd data-field="${esc(k)}">${esc(v)}</dd>`).join("");
  c.shownFacts = shown.map(([label, , v]) => [label, v]);
  c.title = title;
  $("#open-explorer").href = `/explorer/graph?case=${encodeURIComponent(c.id)}`;

  $("#story").textContent = story(c, title);
  current = c;
  draw();

  const facts = c.evidence.nodes.filter(n => n.layer === "Fact" && n.date)
    .map(n => ({ at: n.date, lane: kindName(n.kind), amount: n.amount, colour: kindColour(n.kind),
      label: `${kindName(n.kind)} ${n.amount != null ? krw(n.amount) : ""}` }));
  const events = c.timeline.map(e => ({ at: e.at, lane: t("timeline.caseLane"), colour: "#102a43",
    label: t("timeline.event", { what: t("event." + e.kind), action: e.action ? t("action." + String(e.action).toLowerCase()) : "", who: e.actor || "" }) }));
  $("#timeline").innerHTML = timeline([...facts, ...events], { testid: "timeline-svg", day: s => date(s), empty: t("timeline.empty"),
    lane: (name, n, total) => t(total ? "timeline.laneTotal" : "timeline.lane", { lane: name, n, total }), money: krw });
  const st = s => (s ? t("status." + s) : "");
  $("#trail tbody").innerHTML = c.timeline.map(e => `<tr data-testid="event"><td>${e.seq}</td><td>${fmtDate(e.at)}</td><td>${esc(e.actor)}</td>
    <td>${esc(t("event." + e.kind))}</td><td>${esc(st(e.fromStatus))} → ${esc(st(e.toStatus))}</td><td>${esc(e.action ? t("action." + String(e.action).toLowerCase()) : "")}</td>
    <td class="num">${e.amount != null ? krw(e.amount) : ""}</td><td>${esc(e.note || "")}</td></tr>`).join("");
  $("#notes tbody").innerHTML = c.notifications.map(n => `<tr><td>${esc(n.recipient)}</td><td>${esc(t("recipient." + n.recipientRole))}</td>
    <td>${esc(n.channel)}</td><td>${esc(n.status)}</td><td>${fmtDate(n.deliveredAt)}</td></tr>`).join("");
  actions(c);
}

function actions(c) {
  const role = (viewer() || {}).role;
  const box = $("#actions");
  // The server says what this user may do to this case now (status, role and jurisdiction): no rules here.
  const may = new Set(c.allowedActions);
  let html = `<h2 class="first">${esc(t("act.heading"))}</h2><div id="action-error" class="hidden"></div>`;
  if (!may.size) html += `<p class="muted">${esc(t("act.readOnly", { role: t("role." + role) }))}</p>`;
  if (may.has("ACKNOWLEDGE")) html += `<form id="ack-form"><input id="ack-note" placeholder="${esc(t("act.noteOptional"))}"><button id="ack">${esc(t("act.ack"))}</button></form>`;
  if (may.has("ACT")) html += `<form id="act-form"><select id="act-action" data-testid="act-action">` +
      ["IMPOSED", "COLLECTED", "CORRECTED", "REIMBURSED", "REFERRED"].map(a => `<option value="${a}">${esc(t("action." + a.toLowerCase()))}</option>`).join("") + `</select>
      <input id="act-amount" type="number" min="0" step="1" placeholder="${esc(t("act.amount"))}" data-testid="act-amount" class="amount-input">
      <input id="act-note" placeholder="${esc(t("act.note"))}"><button id="act">${esc(t("act.record"))}</button></form>`;
  if (may.has("EXCLUDE")) html += `<form id="exclude-form"><input id="exclude-reason" placeholder="${esc(t("act.reason"))}" required><button id="exclude">${esc(t("act.exclude"))}</button></form>`;
  if (may.has("CLOSE")) html += `<form id="close-form"><input id="close-note" placeholder="${esc(t("act.noteOptional"))}"><button id="close">${esc(t("act.close"))}</button></form>`;
  if (may.has("COMMENT")) html += `<form id="comment-form"><input id="comment-note" placeholder="${esc(t("act.comment"))}" required><button class="secondary" id="comment">${esc(t("act.commentBtn"))}</button></form>`;
  box.innerHTML = html;
  const run = async (q, vars) => {
    try { unwrap(Object.values(await gql(q, vars))[0]); await load(); }
    catch (e) { showError($("#action-error"), e); }
  };
  const on = (form, fn) => { const f = box.querySelector(form); if (f) f.addEventListener("submit", ev => { ev.preventDefault(); fn(); }); };
  on("#ack-form", () => run(ACK, { id: c.id, note: $("#ack-note").value }));
  on("#act-form", () => {
    const a = $("#act-amount").value;
    run(ACT, { id: c.id, action: $("#act-action").value, amount: a === "" ? null : Number(a), note: $("#act-note").value });
  });
  on("#exclude-form", () => run(EXCLUDE, { id: c.id, reason: $("#exclude-reason").value }));
  on("#close-form", () => run(CLOSE, { id: c.id, note: $("#close-note").value }));
  on("#comment-form", () => run(COMMENT, { id: c.id, note: $("#comment-note").value }));
}

if (!id) showError($("#error"), new Error(t("case.noId")));
else await load();

// One sentence above the picture: the subject, the evidence (counted by kind, named from the model's
// vocabulary) and the rule's claim; the finding's own message stays in its line under the title.
function story(c, title) {
  const keys = new Set(c.evidenceKeys || []);
  const counts = new Map();
  for (const n of c.evidence.nodes) if (keys.has(n.key)) counts.set(n.kind, (counts.get(n.kind) || 0) + 1);
  const parts = [...counts].map(([k, n]) => t("story.part", { kind: kindName(k), n })).join(", ");
  const missing = keys.size - [...counts.values()].reduce((a, b) => a + b, 0);
  const subject = c.subjectName || c.subjectKey || "";
  return t("story.sentence", { title, subject, n: keys.size, parts: parts ? ` (${parts})` : "", amount: krw(c.amount || 0) }) +
    (missing > 0 ? " " + t("story.missing", { n: missing }) : "");
}
