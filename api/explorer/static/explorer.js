// The graph explorer page: search, expand, filters, paths, case evidence, side panel.
import { gql, requireLogin, header, esc, $, showError, krw, t, kindName, scenarioTitles, scenarioTitle } from "/explorer/static/common.js";
import { date } from "/explorer/static/i18n.js";
import { savePng } from "/explorer/static/png.js";
import { factsTable } from "/explorer/static/story.js";
import { GraphCanvas, NODE_FIELDS, EDGE_FIELDS, KINDS, kindColour } from "/explorer/static/graph.js";

await requireLogin();
header("graph");
document.title = `ChungBaek · ${t("nav.graph")}`;

const MAX_CAP = 500;
const SEARCH = `query S($text: String, $kinds: [EntityKind!]) { searchEntities(text: $text, kinds: $kinds, first: 30) {
  id kind name rrnMasked brn pnu address accountKey recordCount gov } }`;
const NEIGHBOURHOOD = `query N($key: String!, $depth: Int!, $from: String, $to: String, $cap: Int!) {
  neighbourhood(key: $key, depth: $depth, dateFrom: $from, dateTo: $to, nodeCap: $cap) {
    nodes { ${NODE_FIELDS} } edges { ${EDGE_FIELDS} } truncated nodeCap } }`;
const PATHS = `query P($a: String!, $b: String!, $hops: Int!, $all: Boolean!) {
  paths(start: $a, end: $b, maxHops: $hops, allShortest: $all) {
    paths { length nodes { ${NODE_FIELDS} } edges { ${EDGE_FIELDS} } } truncated } }`;
const ENTITY = `query E($id: ID!) { entity(id: $id) { id kind name rrnMasked records { key system kind name rrnMasked
  sameAs { score method evidence } } } }`;
const CASE = `query C($id: ID!) { case(id: $id) { id scenarioId status subjectKey subjectEntityId subjectName amount message evidenceKeys
  evidence { nodes { ${NODE_FIELDS} } edges { ${EDGE_FIELDS} } truncated } } }`;

const g = new GraphCanvas($("#cy"), { onSelect: select });
// the entity view (facts folded into flows, as on the case page) is the default; the last choice is kept
const FOLD = "chungbaek.fold";
$("#fold").checked = localStorage.getItem(FOLD) !== "off";
g.foldFacts = $("#fold").checked;
const pathEnds = { a: null, b: null };
let lastExpand = null;

function count() {
  const vis = g.cy.nodes(":visible").length;
  $("#count").textContent = t("graph.count", { shown: vis, loaded: g.cy.nodes().length, edges: g.cy.edges(":visible").length });
  legend();
}

function legend() {
  const kinds = g.kinds();
  $("#legend").innerHTML = [...kinds.entries()].sort().map(([k, n]) =>
    `<div><label><input type="checkbox" data-kind="${esc(k)}" ${g.hiddenKinds.has(k) ? "" : "checked"}>` +
    `<span class="kind-dot" style="background:${kindColour(k)}"></span>${esc(kindName(k))} (${n})</label></div>`).join("");
  $("#legend").querySelectorAll("input").forEach(i => i.addEventListener("change", () => {
    const hidden = [...$("#legend").querySelectorAll("input:not(:checked)")].map(x => x.dataset.kind);
    g.setHiddenKinds(hidden); count();
  }));
}

// Entities are expanded two steps (their records and what the records take part in), other nodes one.
const expanded = new Set();
// document.body.dataset.busy counts the requests and layouts under way (tests wait for "0")
let pending = 0;
function busy(d) { pending += d; document.body.dataset.busy = String(pending); }
busy(0);

async function expand(key, opts = {}) {
  busy(1);
  try { await expandNow(key, opts); } finally { busy(-1); }
}

async function expandNow(key, { depth = null, cap = 50, relayout = true } = {}) {
  expanded.add(key);
  depth = depth || (g.cy.getElementById(key).data("layer") === "Record" || /:/.test(key) ? 1 : 2);
  const more = $("#more");
  try {
    const r = (await gql(NEIGHBOURHOOD, { key, depth, from: $("#date-from").value || null, to: $("#date-to").value || null, cap })).neighbourhood;
    const added = g.add(r.nodes, r.edges);
    if (relayout) g.layout($("#layout").value, { incremental: g.cy.nodes().length > added.length });
    lastExpand = { key, depth, cap };
    if (r.truncated && cap < MAX_CAP) {
      more.classList.remove("hidden");
      more.innerHTML = `${esc(t("graph.moreExist", { n: r.nodes.length, key }))} <button id="show-more" type="button" data-testid="show-more">${esc(t("graph.showMore"))}</button>`;
      $("#show-more").addEventListener("click", () => expand(key, { depth, cap: Math.min(MAX_CAP, cap * 2) }));
    } else if (r.truncated) {
      // one request returns at most MAX_CAP nodes: beyond that, expand the next ring one node at a time
      const ring = g.cy.getElementById(key).neighborhood("node").filter(n => n.data("layer") !== "Fact" && !expanded.has(n.id()));
      more.classList.remove("hidden");
      more.innerHTML = `${esc(t("graph.atCap", { n: r.nodes.length, key }))} ` +
        (ring.length ? `<button id="show-more" type="button" data-testid="show-more" data-mode="one-by-one">${esc(t("graph.showMoreOneByOne", { n: ring.length }))}</button>` : esc(t("graph.expandSingle")));
      if (ring.length) $("#show-more").addEventListener("click", async () => {
        more.classList.add("hidden");
        busy(1);
        try {
          for (const n of ring.toArray()) await expand(n.id(), { depth: 1, cap: MAX_CAP, relayout: false });
          g.layout($("#layout").value, { incremental: true });
          count();
        } finally { busy(-1); }
      });
    } else {
      more.classList.add("hidden");
    }
  } catch (e) { showError($("#search-error"), e); }
  count();
}

function setEnd(which, node) {
  if (pathEnds[which]) g.cy.getElementById(pathEnds[which]).removeClass("endpoint");
  pathEnds[which] = node.id();
  node.addClass("endpoint");
  $("#path-" + which).textContent = node.data("caption") + " (" + node.id() + ")";
  $("#find-path").disabled = !(pathEnds.a && pathEnds.b);
}

async function select(node) {
  const d = node.data();
  const isEntity = d.layer === "Entity";
  const panel = $("#panel");
  panel.innerHTML = `<h2><span class="kind-dot" style="background:${kindColour(d.kind)}"></span>${esc(d.caption)}</h2>
    <div class="small muted">${esc(kindName(d.kind))} · <span data-testid="node-key">${esc(d.id)}</span>${d.gov ? " · " + esc(t("graph.gov", { gov: d.gov })) : ""}</div>
    ${d.amount != null ? `<div>${krw(d.amount)}</div>` : ""}${d.date ? `<div class="small">${esc(date(d.date))}</div>` : ""}
    <p class="buttons">
      <select id="depth"><option>1</option><option ${isEntity ? "selected" : ""}>2</option><option>3</option></select>
      <button id="expand" type="button" data-testid="expand">${esc(t("graph.expand"))}</button>
      <button type="button" class="secondary" id="set-a">${esc(t("graph.setA"))}</button><button type="button" class="secondary" id="set-b">${esc(t("graph.setB"))}</button>
      ${isEntity ? `<button type="button" class="secondary" id="toggle-records">${esc(t(g.collapseRecords && !g.openEntities.has(d.id) ? "graph.openRecords" : "graph.collapseRecords"))}</button>` : ""}
      <button type="button" class="secondary" id="hide">${esc(t("graph.hide"))}</button></p>
    <h3>${esc(t("graph.properties"))}</h3>${g.propsTable(node)}<div id="records"></div>`;
  $("#expand").addEventListener("click", () => expand(d.id, { depth: Number($("#depth").value) }));
  $("#set-a").addEventListener("click", () => setEnd("a", node));
  $("#set-b").addEventListener("click", () => setEnd("b", node));
  $("#hide").addEventListener("click", () => { node.addClass("hidden-node"); count(); });
  if (isEntity) {
    // held before the request: another node or flow tapped meanwhile replaces the panel, and its answer
    // then lands in the panel it was asked for, out of sight
    const records = $("#records");
    $("#toggle-records").addEventListener("click", () => { g.toggleEntity(d.id); g.layout($("#layout").value, { incremental: true, fit: false }); count(); select(node); });
    try {
      const e = (await gql(ENTITY, { id: d.id })).entity;
      if (e && e.records) {
        records.innerHTML = `<h3>${esc(t("graph.records", { n: e.records.length }))}</h3>` + e.records.map(r =>
          `<div class="small" style="margin:4px 0;padding:4px;border-bottom:1px solid #eee"><b>${esc(r.system)}</b> ${esc(r.key)}<br>
           ${esc(r.name || "")} ${esc(r.rrnMasked || "")}
           ${r.sameAs ? `<br><span class="muted">SAME_AS ${esc(r.sameAs.method || "")} score ${r.sameAs.score ?? ""}: ${esc(r.sameAs.evidence || "")}</span>` : ""}</div>`).join("");
      }
    } catch (e) { records.innerHTML = `<div class="error">${esc(e.message)}</div>`; }
  }
}

g.cy.on("tap", "node", ev => {
  if (ev.originalEvent && ev.originalEvent.shiftKey) setEnd(pathEnds.a && !pathEnds.b ? "b" : "a", ev.target);
});

async function findPath() {
  const out = $("#path-result");
  out.textContent = t("searching");
  try {
    const r = (await gql(PATHS, { a: pathEnds.a, b: pathEnds.b, hops: Number($("#max-hops").value), all: $("#all-shortest").checked })).paths;
    g.clearMarks("path");
    if (!r.paths.length) { out.innerHTML = `<span data-testid="path-none">${esc(t("graph.noPath", { hops: $("#max-hops").value }))}</span>`; return; }
    for (const p of r.paths) g.add(p.nodes, p.edges, "path");
    // a path through a collapsed record shows through its entity: open the entities the path passes
    for (const p of r.paths) for (const n of p.nodes) if (n.layer === "Record") {
      const ent = g.cy.getElementById(n.key).outgoers("edge[type = 'SAME_AS']").targets().first();
      if (ent.nonempty() && !g.openEntities.has(ent.id())) g.openEntities.add(ent.id());
    }
    g.refresh();
    g.layout($("#layout").value, { incremental: true });
    out.innerHTML = `<span data-testid="path-found">${esc(t("graph.pathsFound", { n: r.paths.length, hops: r.paths[0].length }))}</span>` +
      r.paths.slice(0, 3).map(p => `<div class="muted">${p.nodes.map(n => esc(n.caption)).join(" → ")}</div>`).join("");
  } catch (e) { showError(out, e); }
  count();
}

$("#find-path").addEventListener("click", findPath);
$("#search").addEventListener("submit", async ev => {
  ev.preventDefault();
  $("#search-error").classList.add("hidden");
  const kinds = [...document.querySelectorAll("#kinds-filter input:checked")].map(i => i.value);
  const list = $("#results");
  list.innerHTML = `<li class="muted">${esc(t("searching"))}</li>`;
  try {
    const r = (await gql(SEARCH, { text: $("#q").value.trim(), kinds })).searchEntities;
    list.innerHTML = r.length ? r.map(e => `<li data-id="${esc(e.id)}" data-testid="result"><span class="kind-dot" style="background:${kindColour(e.kind[0] + e.kind.slice(1).toLowerCase())}"></span>
      <b>${esc(e.name || e.accountKey || e.pnu || e.address || e.id)}</b> <span class="small muted">${esc(t("kind." + e.kind.toLowerCase()))} ${esc(e.rrnMasked || e.brn || e.pnu || "")} · ${esc(t("graph.recordCount", { n: e.recordCount ?? 0 }))}</span></li>`).join("")
      : `<li class="muted" data-testid="no-results">${esc(t("graph.nothingFound"))}</li>`;
    list.querySelectorAll("li[data-id]").forEach(li => li.addEventListener("click", async () => {
      await expand(li.dataset.id);
      const n = g.cy.getElementById(li.dataset.id);
      if (n.nonempty()) { g.cy.$(":selected").unselect(); n.select(); select(n); g.cy.center(n); }
    }));
  } catch (e) { list.innerHTML = ""; showError($("#search-error"), e); }
});
$("#relayout").addEventListener("click", () => g.layout($("#layout").value));
$("#fit").addEventListener("click", () => g.cy.fit(undefined, 30));
$("#save-png").addEventListener("click", () => savePng(g.cy, "chungbaek-graph.png"));
$("#clear").addEventListener("click", () => { g.cy.elements().remove(); pathEnds.a = pathEnds.b = null; $("#path-a").textContent = $("#path-b").textContent = "—"; $("#find-path").disabled = true; $("#more").classList.add("hidden"); count(); });
$("#collapse").addEventListener("change", () => { g.setCollapse($("#collapse").checked); g.layout($("#layout").value, { incremental: true }); count(); });
$("#fold").addEventListener("change", () => {
  localStorage.setItem(FOLD, $("#fold").checked ? "on" : "off");
  g.setFold($("#fold").checked); g.layout($("#layout").value, { spacious: g.foldFacts }); count();
});
// A flow or bundle of the entity view lists its facts in the side panel, as on the case page; expanding it
// draws what its facts touch (the counterparty a bundle is missing), folded again into flows.
const FLOW_EXPAND_MAX = 100;
g.cy.on("tap", "[?story]", ev => {
  const b = g.bundles.get(ev.target.data("bundle"));
  if (!b) return;
  const n = Math.min(b.facts.length, FLOW_EXPAND_MAX);
  $("#panel").innerHTML = `<p class="buttons"><button id="expand-flow" type="button" data-testid="expand-flow">${esc(t("graph.expandFlow", { n }))}</button></p>` +
    factsTable(b, []);
  $("#expand-flow").addEventListener("click", async () => {
    busy(1);
    try {
      for (const f of b.facts.slice(0, n)) await expand(f.key, { depth: 1, relayout: false });
      g.layout($("#layout").value, { incremental: true, spacious: g.foldFacts });
    } finally { busy(-1); }
    count();
  });
});
const dates = () => { g.setDates($("#date-from").value, $("#date-to").value); count(); };
$("#date-from").addEventListener("change", dates); $("#date-to").addEventListener("change", dates);

// ?case=ID shows the case's evidence subgraph highlighted; ?focus=KEY opens a node.
const params = new URLSearchParams(location.search);
if (params.get("case")) {
  try {
    const c = (await gql(CASE, { id: params.get("case") })).case;
    if (!c) throw new Error(t("case.notFound", { id: params.get("case") }));
    g.add(c.evidence.nodes, c.evidence.edges);
    for (const k of c.evidenceKeys) g.cy.getElementById(k).addClass("evidence");
    g.refresh();  // the flows of the entity view carry the marks of their facts
    const subject = c.subjectEntityId || c.subjectKey;
    if (subject) g.cy.getElementById(subject).addClass("subject");
    g.layout("fcose");
    const b = $("#case-banner");
    b.classList.remove("hidden");
    const title = scenarioTitle(await scenarioTitles(), c.scenarioId);
    b.innerHTML = esc(t("graph.caseBanner", { subject: c.subjectName || "", case: "\u0001" })).replace("\u0001",
      `<a href="/explorer/case?id=${encodeURIComponent(c.id)}">${esc(title)}</a> <span class="sc-id muted">${esc(c.scenarioId)}</span>`);
  } catch (e) { showError($("#search-error"), e); }
}
if (params.get("focus")) await expand(params.get("focus"));
count();
void KINDS;
