// The case page: details, evidence subgraph (highlighted), timeline, audit trail, the actions the role allows.
import { gql, requireLogin, header, esc, $, showError, krw, fmtDate, viewer, unwrap, scenarioTitles, scenarioTitle } from "/explorer/static/common.js";
import { GraphCanvas, NODE_FIELDS, EDGE_FIELDS, kindColour } from "/explorer/static/graph.js";
import { timeline } from "/explorer/static/charts.js";
import { VOCABULARY } from "/explorer/vocabulary.js";

await requireLogin(); header("cases");
const id = new URLSearchParams(location.search).get("id");
const CASE_FIELDS = `id allowedActions gov scenarioId area severity status subjectKey subjectEntityId subjectName message amount evidenceKeys
  actions amountImposed amountRecovered excludedReason firstDetectedAt openedAt updatedAt actedAt officialName
  officialUsername supervisorName routingNote escalationLevel
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

async function load() {
  let c;
  try {
    c = (await gql(CASE, { id })).case;
    if (!c) throw Object.assign(new Error(`There is no case ${id}.`), { code: "NOT_FOUND" });
  } catch (e) { showError($("#error"), e); $("#case").classList.add("hidden"); return; }
  $("#case").classList.remove("hidden");
  const titles = await scenarioTitles();
  const title = scenarioTitle(titles, c.scenarioId);
  document.title = `ChungBaek · ${title}`;
  $("#title").textContent = `${title} · ${c.subjectName || c.subjectKey || ""}`;
  $("#status").textContent = c.status; $("#status").className = "status " + c.status;
  $("#message").textContent = c.message || "";
  const kv = [["case", c.id], ["scenario", c.scenarioId], ["government", c.gov], ["area", c.area], ["severity", c.severity], ["subject", `${c.subjectName || ""} (${c.subjectEntityId || c.subjectKey || ""})`],
    ["amount at stake", krw(c.amount)], ["imposed", krw(c.amountImposed || 0)], ["recovered", krw(c.amountRecovered || 0)],
    ["actions", (c.actions || []).join(", ")], ["excluded because", c.excludedReason], ["first detected", fmtDate(c.firstDetectedAt)],
    ["opened", fmtDate(c.openedAt)], ["acted", fmtDate(c.actedAt)], ["official", `${c.officialName || ""} ${c.officialUsername ? "(" + c.officialUsername + ")" : ""}`],
    ["supervisor", c.supervisorName], ["routing", c.routingNote], ["escalation level", c.escalationLevel]];
  $("#facts").innerHTML = kv.filter(([, v]) => v !== null && v !== undefined && v !== "").map(([k, v]) => `<dt>${esc(k)}</dt><dd data-field="${esc(k)}">${esc(v)}</dd>`).join("");
  $("#open-explorer").href = `/explorer/graph?case=${encodeURIComponent(c.id)}`;

  $("#story").textContent = story(c, title);
  if (!canvas) canvas = new GraphCanvas($("#cy"), {});
  canvas.cy.elements().remove();
  const keys = new Set(c.evidenceKeys);
  canvas.add(c.evidence.nodes, c.evidence.edges);
  canvas.cy.nodes().forEach(n => { if (keys.has(n.id())) n.addClass("evidence"); });
  const subject = c.subjectEntityId || c.subjectKey;
  if (subject) canvas.cy.getElementById(subject).addClass("subject");
  canvas.layout("fcose");

  const facts = c.evidence.nodes.filter(n => n.layer === "Fact" && n.date)
    .map(n => ({ at: n.date, label: `${n.kind} ${n.amount != null ? krw(n.amount) : ""}`, colour: kindColour(n.kind) }));
  const events = c.timeline.map(e => ({ at: e.at, label: `${e.kind}${e.action ? " " + e.action : ""} by ${e.actor || ""}`, colour: "#102a43" }));
  $("#timeline").innerHTML = timeline([...facts, ...events], { testid: "timeline-svg" });
  $("#trail tbody").innerHTML = c.timeline.map(e => `<tr data-testid="event"><td>${e.seq}</td><td>${fmtDate(e.at)}</td><td>${esc(e.actor)}</td>
    <td>${esc(e.kind)}</td><td>${esc(e.fromStatus || "")} → ${esc(e.toStatus || "")}</td><td>${esc(e.action || "")}</td>
    <td class="num">${e.amount != null ? krw(e.amount) : ""}</td><td>${esc(e.note || "")}</td></tr>`).join("");
  $("#notes tbody").innerHTML = c.notifications.map(n => `<tr><td>${esc(n.recipient)}</td><td>${esc(n.recipientRole)}</td>
    <td>${esc(n.channel)}</td><td>${esc(n.status)}</td><td>${fmtDate(n.deliveredAt)}</td></tr>`).join("");
  actions(c);
}

function actions(c) {
  const role = (viewer() || {}).role;
  const box = $("#actions");
  // The server says what this user may do to this case now (status, role and jurisdiction): no rules here.
  const may = new Set(c.allowedActions);
  let html = `<h2 style="margin-top:0">Actions</h2><div id="action-error" class="hidden"></div>`;
  if (!may.size) html += `<p class="muted">Your role (${esc(role)}) may read this case but not change it.</p>`;
  if (may.has("ACKNOWLEDGE")) html += `<form id="ack-form"><input id="ack-note" placeholder="note (optional)"><button id="ack">Acknowledge</button></form>`;
  if (may.has("ACT")) html += `<form id="act-form"><select id="act-action" data-testid="act-action"><option value="IMPOSED">imposed</option><option value="COLLECTED">collected</option>
      <option value="CORRECTED">corrected</option><option value="REIMBURSED">reimbursed</option><option value="REFERRED">referred</option></select>
      <input id="act-amount" type="number" min="0" step="1" placeholder="amount (KRW)" data-testid="act-amount" style="width:130px">
      <input id="act-note" placeholder="note"><button id="act">Record action</button></form>`;
  if (may.has("EXCLUDE")) html += `<form id="exclude-form"><input id="exclude-reason" placeholder="reason (required)" required><button id="exclude">Exclude</button></form>`;
  if (may.has("CLOSE")) html += `<form id="close-form"><input id="close-note" placeholder="note (optional)"><button id="close">Close</button></form>`;
  if (may.has("COMMENT")) html += `<form id="comment-form"><input id="comment-note" placeholder="comment" required><button class="secondary" id="comment">Comment</button></form>`;
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

if (!id) showError($("#error"), new Error("No case id: open a case from the case list."));
else await load();

// One sentence above the picture: the subject, the evidence (counted by kind, named from the model's
// vocabulary) and the rule's claim; the finding's own message stays in its line under the title.
function story(c, title) {
  const keys = new Set(c.evidenceKeys || []);
  const counts = new Map();
  for (const n of c.evidence.nodes) if (keys.has(n.key)) counts.set(n.kind, (counts.get(n.kind) || 0) + 1);
  const name = k => (VOCABULARY.kinds[k] && VOCABULARY.kinds[k].ko) || k;
  const parts = [...counts].map(([k, n]) => `${name(k)} ${n}건`).join(", ");
  const missing = keys.size - [...counts.values()].reduce((a, b) => a + b, 0);
  const subject = c.subjectName || c.subjectKey || "";
  const amount = Number(c.amount || 0).toLocaleString("ko-KR") + "원";
  return `'${title}' 규칙: ${subject}에 대해 증거 ${keys.size}건${parts ? "(" + parts + ")" : ""}이 ${amount} 규모의 의심 사항을 보여 줍니다.` +
    (missing > 0 ? ` 증거 ${missing}건은 그래프에서 찾을 수 없습니다.` : "");
}
