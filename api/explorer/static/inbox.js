// My cases: what is still to be done (open or acknowledged), the most urgent first (priority, then amount),
// with the day each case escalates if nobody acts. The API scopes the list to the user's role: an official
// sees the cases routed to them, a supervisor their unit's, an auditor their governments'.
import { gql, requireLogin, header, esc, $, showError, krw, fmtDate, viewer, scenarioTitles, scenarioLabel, t } from "/explorer/static/common.js";

await requireLogin(); header("inbox");
document.title = `ChungBaek · ${t("inbox.heading")}`;
const LIST = `query I($after: String) { cases(filter: { status: [OPEN, ACKNOWLEDGED] }, order: PRIORITY, first: 50, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { node { id scenarioId severity priority subjectName subjectKey amount status officialName gov escalatesAt } } } }`;
const titles = await scenarioTitles();
const role = (viewer() || {}).role;
$("#scope").textContent = t("inbox.scope." + (role || "official"));
let after = null;
const now = new Date().toISOString();

async function load() {
  $("#error").classList.add("hidden");
  try {
    const c = (await gql(LIST, { after })).cases;
    $("#total").textContent = t("inbox.total", { n: c.totalCount });
    $("#inbox tbody").insertAdjacentHTML("beforeend", c.edges.map(({ node: n }) => {
      const late = n.escalatesAt && n.escalatesAt < now;
      return `<tr data-testid="inbox-row" data-id="${esc(n.id)}" data-priority="${esc(n.priority ?? "")}">
      <td><span class="severity ${esc(n.severity || "")}">${esc(t("severity." + n.severity))}</span></td>
      <td><a href="/explorer/case?id=${encodeURIComponent(n.id)}">${scenarioLabel(titles, n.scenarioId)}</a></td>
      <td>${esc(n.subjectName || n.subjectKey || "")}</td><td class="num">${krw(n.amount)}</td>
      <td><span class="status ${esc(n.status)}" data-status="${esc(n.status)}">${esc(t("status." + n.status))}</span></td>
      <td data-testid="escalates"${late ? ' class="late"' : ""}>${esc(fmtDate(n.escalatesAt))}${late ? " " + esc(t("inbox.overdue")) : ""}</td>
      <td>${esc(n.officialName || "")}</td><td>${esc(n.gov)}</td></tr>`;
    }).join(""));
    after = c.pageInfo.endCursor;
    $("#more").classList.toggle("hidden", !c.pageInfo.hasNextPage);
  } catch (e) { showError($("#error"), e); }
}
$("#more").addEventListener("click", load);
load();
