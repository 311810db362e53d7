// The dashboard: cases (anomaly leads counted apart), amounts, months and the internal-control indexes.
import { gql, requireLogin, header, esc, $, showError, krw, viewer, scenarioTitles, scenarioTitle, t, areaName } from "/explorer/static/common.js";
import { month } from "/explorer/static/i18n.js";
import { hbars, vbars, gauges } from "/explorer/static/charts.js";

await requireLogin(); header("dashboard");
document.title = `ChungBaek · ${t("dash.heading")}`;
const ROW = "dimension value opened actedOn excluded imposedKrw recoveredKrw";
const STATS = `query S($gov: String) { statistics(gov: $gov) { totals { ${ROW} } rows { ${ROW} }
  indexes { gov cases actedWithinMonth monitoringOutput privilegeSetup usage officials officialsWithUser auditorUser }
  notifications { name count } } }`;
const KINDS = `{ scenarios { id kind } }`;
$("#gov").innerHTML += ((viewer() || {}).governments || []).map(g => `<option>${esc(g)}</option>`).join("");
const counts = r => ({ label: r.value, key: r.key, values: [r.opened, r.actedOn, r.excluded] });
const money = r => ({ label: r.value, key: r.key, values: [r.imposedKrw, r.recoveredKrw] });
const link = (dim, value) => `/explorer/cases?${dim}=${encodeURIComponent(value)}`;
const sum = (rows, f) => rows.reduce((a, r) => a + (r[f] || 0), 0);
// ids of the anomaly detectors: their findings are leads, counted apart from the rules' cases
const anomalies = gql(KINDS).then(d => new Set(d.scenarios.filter(s => s.kind === "anomaly").map(s => s.id))).catch(() => new Set());

async function load() {
  $("#error").classList.add("hidden");
  try {
    const s = (await gql(STATS, { gov: $("#gov").value || null })).statistics;
    const t0 = s.totals;
    const titles = await scenarioTitles();
    const leadIds = await anomalies;
    const by = dim => s.rows.filter(r => r.dimension === dim);
    const named = rows => rows.sort((a, b) => b.opened - a.opened).map(r => ({ ...r, key: r.value, value: scenarioTitle(titles, r.value) }));
    const scenRows = by("scenario_id");
    const scen = named(scenRows.filter(r => !leadIds.has(r.value)));
    const leads = named(scenRows.filter(r => leadIds.has(r.value)));
    const leadCount = sum(leads, "opened");
    $("#kpis").innerHTML = [["opened", t0.opened - leadCount, t("kpi.cases")], ["leads", leadCount, t("kpi.leads")],
      ["acted-on", t0.actedOn, t("kpi.actedOn")], ["excluded", t0.excluded, t("kpi.excluded")],
      ["imposed", krw(t0.imposedKrw), t("kpi.imposed")], ["recovered", krw(t0.recoveredKrw), t("kpi.recovered")]]
      .map(([k, v, l]) => `<div class="kpi"><div class="v" data-testid="kpi-${k}">${esc(v)}</div><div class="l">${esc(l)}</div></div>`).join("");
    const series = [t("series.opened"), t("series.actedOn"), t("series.excluded")];
    const moneySeries = [t("series.imposed"), t("series.recovered")];
    const empty = `<p class="muted">${esc(t("dash.none"))}</p>`;
    const areas = by("area").map(r => ({ ...r, key: r.value, value: areaName(r.value) }));
    $("#by-scenario").innerHTML = scen.length ? hbars(scen.map(counts), series, { testid: "chart-scenario" }) : empty;
    $("#leads").innerHTML = leads.length ? hbars(leads.map(counts), series, { testid: "chart-leads" }) : empty;
    $("#by-area").innerHTML = areas.length ? hbars(areas.map(counts), series, { testid: "chart-area" }) : empty;
    const months = by("month").sort((a, b) => (a.value < b.value ? -1 : 1)).map(r => ({ ...r, value: month(r.value) }));
    $("#by-month").innerHTML = months.length ? vbars(months.map(counts), series, { testid: "chart-month" }) : empty;
    $("#money-month").innerHTML = months.length ? vbars(months.map(money), moneySeries, { testid: "chart-money-month" }) : empty;
    $("#amounts-area").innerHTML = areas.length ? hbars(areas.map(money), moneySeries, { testid: "chart-amount-area" }) : empty;
    $("#amounts-scenario").innerHTML = scen.length ? hbars(scen.map(money), moneySeries, { testid: "chart-amount-scenario" }) : empty;
    // ranked by the mean of the four indexes, across the governments this user may see
    const mean = ix => (ix.actedWithinMonth + ix.monitoringOutput + ix.privilegeSetup + ix.usage) / 4;
    const ranked = [...s.indexes].sort((a, b) => mean(b) - mean(a));
    $("#indexes").innerHTML = ranked.length ? ranked.map((ix, i) => `<h3>${esc(t("dash.rank", { rank: i + 1, of: ranked.length, gov: ix.gov }))}
      <span class="small muted">${esc(t("dash.indexLine", { cases: ix.cases, withUser: ix.officialsWithUser, officials: ix.officials }))} ·
      ${esc(ix.auditorUser ? t("dash.hasAuditor") : t("dash.noAuditor"))}</span></h3>` +
      gauges([{ label: t("ix.acted"), value: ix.actedWithinMonth }, { label: t("ix.monitoring"), value: ix.monitoringOutput },
              { label: t("ix.privilege"), value: ix.privilegeSetup }, { label: t("ix.usage"), value: ix.usage }], { testid: "gauges-" + ix.gov })).join("") : empty;
    $("#notifications").textContent = s.notifications.map(n => `${n.name}: ${n.count}`).join(" · ") || t("none");
    document.querySelectorAll("[data-testid=chart-scenario] .bar-label, [data-testid=chart-leads] .bar-label").forEach(el => {
      el.style.cursor = "pointer";
      el.addEventListener("click", () => { location.href = link("scenario", el.dataset.key || el.textContent); });
    });
  } catch (e) { showError($("#error"), e); }
}
$("#gov").addEventListener("change", load);
load();
