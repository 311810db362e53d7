// The case list: filters that reach the API, titles of the scenarios, pages of 50.
import { gql, requireLogin, header, esc, $, showError, krw, fmtDate, viewer, scenarioTitles, scenarioLabel, scenarioTitle, t, areaName } from "/explorer/static/common.js";

await requireLogin(); header("cases");
document.title = `ChungBaek · ${t("cases.heading")}`;
const LIST = `query L($filter: CaseFilter, $after: String) { cases(filter: $filter, first: 50, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id scenarioId area subjectName subjectKey amount status officialName openedAt gov } } } }`;
const CATALOG = `{ scenarios { id area description } }`;
const titles = await scenarioTitles();
let after = null;
try {
  const sc = (await gql(CATALOG)).scenarios;
  $("#f-scenario").innerHTML += sc.map(s => `<option value="${esc(s.id)}" title="${esc(s.description)}">${esc(scenarioTitle(titles, s.id))} (${esc(s.id)})</option>`).join("");
  $("#f-area").innerHTML += [...new Set(sc.map(s => s.area))].sort().map(a => `<option value="${esc(a)}">${esc(areaName(a))}</option>`).join("");
} catch (e) { showError($("#error"), e); }
$("#f-gov").innerHTML += ((viewer() || {}).governments || []).map(g => `<option>${esc(g)}</option>`).join("");
const p = new URLSearchParams(location.search);
for (const [k, id] of [["scenario", "#f-scenario"], ["area", "#f-area"], ["gov", "#f-gov"], ["assignee", "#f-assignee"]]) if (p.get(k)) $(id).value = p.get(k);

// Anomaly leads have their own tab: the rules' cases are the default list. A scenario chosen in the
// filters (a lead's detector included) is shown whichever tab is open.
const leads = p.get("leads") === "1";
$(leads ? "#tab-leads" : "#tab-cases").classList.add("active");
if (leads) { $("h1").textContent = t("cases.tab.leads"); document.title = `ChungBaek · ${t("cases.tab.leads")}`; }

function filter() {
  const f = {};
  if (!$("#f-scenario").value) f.leads = leads;
  const st = [...$("#f-status").selectedOptions].map(o => o.value);
  if (st.length) f.status = st;
  if ($("#f-scenario").value) f.scenarioId = $("#f-scenario").value;
  if ($("#f-area").value) f.area = $("#f-area").value;
  if ($("#f-gov").value) f.gov = $("#f-gov").value;
  if ($("#f-assignee").value.trim()) f.assignee = $("#f-assignee").value.trim();
  if ($("#f-from").value) f.openedFrom = $("#f-from").value;
  if ($("#f-to").value) f.openedTo = $("#f-to").value;
  return f;
}
async function load(reset) {
  if (reset) { after = null; $("#cases tbody").innerHTML = ""; }
  $("#error").classList.add("hidden");
  try {
    const c = (await gql(LIST, { filter: filter(), after })).cases;
    $("#total").textContent = t("cases.total", { n: c.totalCount });
    $("#cases tbody").insertAdjacentHTML("beforeend", c.edges.map(({ node: n }) => `<tr data-testid="case-row" data-id="${esc(n.id)}">
      <td>${fmtDate(n.openedAt)}</td><td><a href="/explorer/case?id=${encodeURIComponent(n.id)}">${scenarioLabel(titles, n.scenarioId)}</a></td>
      <td>${esc(areaName(n.area))}</td><td>${esc(n.subjectName || n.subjectKey)}</td><td class="num">${krw(n.amount)}</td>
      <td><span class="status ${esc(n.status)}" data-status="${esc(n.status)}">${esc(t("status." + n.status))}</span></td><td>${esc(n.officialName || "")}</td><td>${esc(n.gov)}</td></tr>`).join(""));
    after = c.pageInfo.endCursor;
    $("#more").classList.toggle("hidden", !c.pageInfo.hasNextPage);
  } catch (e) { showError($("#error"), e); }
}
$("#filters").addEventListener("submit", ev => { ev.preventDefault(); load(true); });
$("#more").addEventListener("click", () => load(false));
load(true);
