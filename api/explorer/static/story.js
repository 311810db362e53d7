// The case story at entity level. Each evidence fact is folded into the parties it names: the resolved
// entity of each record it points to (or the record, where linkage left it alone). Facts of one kind between
// the same two parties become one edge that says how many, when and how much ("급여 28건 · 2024. 1. –
// 2025. 12. · 합계 102,340,000원"); facts that name one party, or three and more, become one bundle node
// joined to each of them. The facts behind an edge or a bundle are listed on demand (factsTable).
import { esc, krw, t, kindName } from "/explorer/static/common.js";
import { date, month } from "/explorer/static/i18n.js";

// nodes and edges as the API's evidence Subgraph gives them -> { nodes, edges, bundles } for GraphCanvas.add
export function entityStory(nodes, edges) {
  const byKey = new Map(nodes.map(n => [n.key, n]));
  const entityOf = new Map();
  for (const e of edges) {
    if (e.type === "SAME_AS" && (byKey.get(e.target) || {}).layer === "Entity") entityOf.set(e.source, e.target);
  }
  const party = key => entityOf.get(key) || key;
  const facts = nodes.filter(n => n.layer === "Fact");
  const named = new Map(facts.map(f => [f.key, new Set()]));
  for (const e of edges) {
    if (e.type === "SAME_AS") continue;
    for (const [f, other] of [[e.source, e.target], [e.target, e.source]]) {
      const o = byKey.get(other);
      if (named.has(f) && o && o.layer !== "Fact") named.get(f).add(party(other));
    }
  }
  const bundles = new Map();
  for (const f of facts) {
    const parties = [...named.get(f.key)].sort();
    const id = `bundle|${f.kind}|${parties.join("|")}`;
    if (!bundles.has(id)) bundles.set(id, { id, kind: f.kind, parties, facts: [] });
    bundles.get(id).facts.push(f);
  }
  const outNodes = new Map();
  const outEdges = [];
  for (const b of bundles.values()) {
    b.facts.sort((x, y) => String(x.date || "").localeCompare(String(y.date || "")));
    b.summary = summary(b);
    for (const p of b.parties) if (byKey.has(p)) outNodes.set(p, byKey.get(p));
    if (b.parties.length === 2) {
      outEdges.push({ type: b.summary, source: b.parties[0], target: b.parties[1], bundle: b.id });
    } else {
      outNodes.set(b.id, { key: b.id, kind: b.kind, layer: "Bundle", caption: b.summary, gov: b.facts[0].gov,
        date: b.facts[0].date, amount: total(b), attributes: [], bundle: b.id });
      for (const p of b.parties) outEdges.push({ type: "", source: b.id, target: p, bundle: b.id });
    }
  }
  return { nodes: [...outNodes.values()], edges: outEdges, bundles };
}

function total(b) {
  const amounts = b.facts.map(f => f.amount).filter(a => a != null);
  return amounts.length ? amounts.reduce((s, a) => s + Number(a), 0) : null;
}

function summary(b) {
  const days = b.facts.map(f => f.date).filter(Boolean);
  const span = !days.length ? "" : b.facts.length === 1 ? date(days[0])
    : month(days[0]) === month(days[days.length - 1]) ? month(days[0]) : `${month(days[0])} – ${month(days[days.length - 1])}`;
  const sum = total(b);
  return [t("bundle.count", { kind: kindName(b.kind), n: b.facts.length }), span,
    sum != null ? t("bundle.total", { amount: krw(sum) }) : ""].filter(Boolean).join(" · ");
}

// A table of facts: its head, and one fact's cells (date, kind, amount, what, the record key).
export function factHead() {
  return `<thead><tr><th>${esc(t("bundle.c.date"))}</th><th>${esc(t("bundle.c.kind"))}</th>
    <th class="num">${esc(t("bundle.c.amount"))}</th><th>${esc(t("bundle.c.what"))}</th><th>${esc(t("bundle.c.key"))}</th></tr></thead>`;
}

export function factCells(f) {
  return `<td>${esc(date(f.date))}</td><td>${esc(kindName(f.kind))}</td><td class="num">${f.amount != null ? esc(krw(f.amount)) : ""}</td>
    <td>${esc(f.caption && f.caption !== f.kind ? f.caption : "")}</td><td class="small">${esc(f.key)}</td>`;
}

// The facts of one bundle as a table, the evidence ones marked.
export function factsTable(bundle, evidenceKeys) {
  const keys = new Set(evidenceKeys || []);
  const rows = bundle.facts.map(f => `<tr data-testid="bundle-fact"${keys.has(f.key) ? ' class="evidence-row"' : ""}>${factCells(f)}</tr>`).join("");
  return `<h3>${esc(bundle.summary)}</h3><table data-testid="bundle-facts">${factHead()}<tbody>${rows}</tbody></table>`;
}
