// The graph canvas: Cytoscape.js with styles by kind, records collapsed under their entity, filters by
// kind and date, evidence and path highlighting, and layouts that stay readable at a thousand nodes (fcose).
/* global cytoscape, cytoscapeFcose */
import { esc, krw, t, kindName } from "/explorer/static/common.js";
import { date } from "/explorer/static/i18n.js";
import { entityStory } from "/explorer/static/story.js";
import { VOCABULARY } from "/explorer/vocabulary.js";

export const NODE_FIELDS = "key kind layer caption gov date amount attributes { name value }";
export const EDGE_FIELDS = "type source target attributes { name value }";

// kind -> [colour, shape, size], from the model's vocabulary (graph/model/vocabulary.yaml) as the API serves
// it: a new node kind is declared there once, not copied here.
export const KINDS = Object.fromEntries(Object.entries(VOCABULARY.kinds).map(([k, d]) => [k, [d.colour, d.shape, d.size]]));
export const PAYMENT_KINDS = ["Payment", "PayrollPayment", "WelfarePayment", "TaxRefund", "BankTransfer", "CardApproval"];
export function kindColour(kind) { return (KINDS[kind] || ["#9aa5b1"])[0]; }

let fcoseRegistered = false;

// Facts are named by what they are, when and how much; other nodes by their caption, or by their kind in
// the reader's language where they have none (the API then gives the kind's id).
function label(n) {
  if (n.layer !== "Fact") return n.caption && n.caption !== n.kind ? n.caption : kindName(n.kind);
  const what = n.caption && n.caption !== n.kind ? `${kindName(n.kind)} (${n.caption})` : kindName(n.kind);
  return [what, n.date ? date(n.date) : "", n.amount != null ? krw(n.amount) : ""]
    .filter(Boolean).join(" · ");
}

function style() {
  const s = [
    { selector: "node", style: {
      "background-color": "#9aa5b1", "label": "data(label)", "font-size": 10, "text-valign": "bottom",
      "text-margin-y": 3, "width": 20, "height": 20, "color": "#1f2933", "text-wrap": "ellipsis",
      "text-max-width": 170, "min-zoomed-font-size": 7, "border-width": 1, "border-color": "#fff" } },
    { selector: "node[layer = 'Entity']", style: { "font-size": 12, "font-weight": "bold", "border-width": 2 } },
    { selector: "edge", style: {
      "width": 1.2, "line-color": "#bcccdc", "target-arrow-color": "#bcccdc", "target-arrow-shape": "triangle",
      "arrow-scale": 0.7, "curve-style": "bezier", "label": "data(type)", "font-size": 7, "color": "#829ab1",
      "min-zoomed-font-size": 9, "text-rotation": "autorotate" } },
    { selector: "edge[type = 'SAME_AS']", style: { "line-style": "dashed", "line-color": "#d9e2ec", "target-arrow-shape": "none" } },
    { selector: "edge[?virtual]", style: { "line-style": "dotted", "line-color": "#9fb3c8" } },
    // the entity-level story (story.js): facts folded into labelled edges and bundle nodes
    { selector: "node[layer = 'Bundle']", style: { "shape": "round-rectangle", "width": 30, "height": 18,
      "font-size": 11, "text-wrap": "wrap", "text-max-width": 190, "min-zoomed-font-size": 5, "border-color": "#fff",
      "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 2 } },
    { selector: "edge[bundle]", style: { "width": 3, "target-arrow-shape": "none", "font-size": 11, "color": "#243b53",
      "min-zoomed-font-size": 5, "text-rotation": "none", "text-wrap": "wrap", "text-max-width": 170,
      "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 2 } },
    { selector: ".collapsed, .folded, .hide-kind, .hide-date, .hidden-node", style: { "display": "none" } },
    // the edges of folded facts: hidden, and straight, because Cytoscape's bezier bundling of parallel
    // edges failed on a pair whose edges were all hidden
    { selector: "edge.folded", style: { "curve-style": "straight" } },
    { selector: "node[records > 0]", style: { "label": "data(collapsedLabel)" } },
    { selector: ".evidence", style: { "border-width": 5, "border-color": "#c62828", "z-index": 20 } },
    { selector: "edge.evidence", style: { "width": 3, "line-color": "#ef9a9a", "target-arrow-color": "#ef9a9a" } },
    { selector: ".subject", style: { "border-width": 6, "border-style": "double", "border-color": "#c62828" } },
    { selector: ".path", style: { "border-width": 4, "border-color": "#ff9800", "z-index": 30 } },
    { selector: "edge.path", style: { "width": 4, "line-color": "#ff9800", "target-arrow-color": "#ff9800" } },
    { selector: ".endpoint", style: { "overlay-color": "#ff9800", "overlay-opacity": 0.25, "overlay-padding": 6 } },
    { selector: ":selected", style: { "overlay-color": "#1f6feb", "overlay-opacity": 0.2, "overlay-padding": 5 } },
    // a label that would cover a more important one at this zoom waits for the pointer (declutter below)
    { selector: ".quiet", style: { "text-opacity": 0, "text-background-opacity": 0 } },
    { selector: ".quiet.pointed", style: { "text-opacity": 1, "z-index": 99 } },
    { selector: "edge[bundle].quiet.pointed, node[layer = 'Bundle'].quiet.pointed", style: { "text-background-opacity": 0.85 } },
  ];
  for (const [kind, [colour, shape, size]] of Object.entries(KINDS)) {
    s.splice(2, 0, { selector: `node[kind = '${kind}']`, style: { "background-color": colour, "shape": shape, "width": size, "height": size } });
  }
  return s;
}

export class GraphCanvas {
  constructor(container, { onSelect } = {}) {
    if (!fcoseRegistered && window.cytoscapeFcose) { cytoscape.use(window.cytoscapeFcose); fcoseRegistered = true; }
    this.cy = cytoscape({ container, style: style(), minZoom: 0.05, maxZoom: 4 });
    this.collapseRecords = true;
    this.foldFacts = false;  // the graph page turns it on by default (explorer.js)
    this.bundles = new Map();
    this.openEntities = new Set();
    this.hiddenKinds = new Set();
    this.dateFrom = ""; this.dateTo = "";
    this.cy.on("tap", "node", ev => onSelect && onSelect(ev.target));
    this.cy.on("mouseover", "node, edge", ev => ev.target.addClass("pointed"));
    this.cy.on("mouseout", "node, edge", ev => ev.target.removeClass("pointed"));
    let pending = null;
    this.cy.on("zoom", () => { clearTimeout(pending); pending = setTimeout(() => this.declutter(), 120); });
    this.cy.on("dragfree", "node", () => this.declutter());
    window.__cy = this.cy; // for tests and the browser console
  }

  // No label is drawn over another: in order of importance (the subject, the evidence, entities, aggregated
  // flows, then the rest, the better connected first), a label is shown where it covers no label already
  // shown, and is otherwise kept for the pointer or a closer zoom. Labels too small to be drawn at this zoom
  // take no room.
  declutter() {
    const cy = this.cy, zoom = cy.zoom();
    const rank = el => el.hasClass("subject") ? 0 : el.hasClass("evidence") ? 1 : el.data("layer") === "Entity" ? 2
      : el.data("bundle") ? 3 : el.isNode() ? 4 : 5;
    const degree = el => (el.isNode() ? el.degree(false) : 0);
    // Cytoscape draws a label when its font, scaled by the zoom times the pixel ratio rounded up to a power
    // of two, reaches min-zoomed-font-size (its renderer's eleTextBiggerThanMin)
    const scale = 2 ** Math.ceil(Math.log2(zoom * (window.devicePixelRatio || 1)));
    const drawn = el => {
      const size = parseFloat(el.style("font-size")) * scale;
      return el.style("label") && size >= parseFloat(el.style("min-zoomed-font-size"));
    };
    cy.batch(() => {
      cy.elements().removeClass("quiet");
      const order = cy.elements(":visible").filter(drawn).toArray()
        .sort((a, b) => rank(a) - rank(b) || degree(b) - degree(a));
      const CELL = 120, grid = new Map();
      const cells = bb => {
        const out = [];
        for (let x = Math.floor(bb.x1 / CELL); x <= Math.floor(bb.x2 / CELL); x++)
          for (let y = Math.floor(bb.y1 / CELL); y <= Math.floor(bb.y2 / CELL); y++) out.push(`${x},${y}`);
        return out;
      };
      const hits = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
      for (const el of order) {
        const bb = el.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true, includeOverlays: false });
        if (!(bb.w > 0 && bb.h > 0)) continue;
        const mine = cells(bb);
        if (mine.some(c => (grid.get(c) || []).some(other => hits(bb, other)))) { el.addClass("quiet"); continue; }
        for (const c of mine) { if (!grid.has(c)) grid.set(c, []); grid.get(c).push(bb); }
      }
    });
  }

  // The case story's picture: the subject in the middle and every other entity on the ring of its distance
  // from it, inside the angle its parent was given, so that the flows leave the middle like spokes and their
  // labels have room. The rings are ellipses as wide as the canvas is. Same input, same picture.
  radial(subject) {
    const cy = this.cy, rx = 210, ry = 210 * Math.min(1, cy.height() / Math.max(cy.width(), 1)) + 20;
    const place = new Map([[subject.id(), { x: 0, y: 0 }]]), sector = new Map([[subject.id(), [0, 2 * Math.PI]]]);
    const byId = (a, b) => (a.id() < b.id() ? -1 : 1);
    let ring = [subject], depth = 0;
    while (ring.length) {
      depth += 1;
      const next = [];
      for (const parent of ring) {
        const kids = parent.neighborhood("node:visible").filter(n => !place.has(n.id())).sort(byId);
        const [a0, a1] = sector.get(parent.id()), step = (a1 - a0) / Math.max(kids.length, 1);
        kids.forEach((kid, i) => {
          // the first ring starts at the right, so two neighbours sit left and right on a wide canvas
          const angle = depth === 1 ? a0 + i * step : a0 + (i + 0.5) * step;
          place.set(kid.id(), { x: depth * rx * Math.cos(angle), y: depth * ry * Math.sin(angle) });
          sector.set(kid.id(), [angle - step / 2, angle + step / 2]);
          next.push(kid);
        });
      }
      ring = next;
    }
    const rest = cy.nodes(":visible").filter(n => !place.has(n.id())).sort(byId);
    rest.forEach((n, i) => {
      const angle = (2 * Math.PI * i) / rest.length;
      place.set(n.id(), { x: depth * rx * Math.cos(angle), y: depth * ry * Math.sin(angle) });
    });
    cy.batch(() => cy.nodes(":visible").forEach(n => n.position(place.get(n.id()))));
    this.centreOn(subject);
    this.declutter();
  }

  // The whole picture in view with `node` in the middle of the canvas.
  centreOn(node) {
    const cy = this.cy, bb = cy.elements(":visible").boundingBox(), p = node.position(), pad = 40;
    const halfW = Math.max(p.x - bb.x1, bb.x2 - p.x) + pad, halfH = Math.max(p.y - bb.y1, bb.y2 - p.y) + pad;
    const zoom = Math.min(cy.width() / (2 * halfW), cy.height() / (2 * halfH), 1.6);
    cy.zoom(zoom);
    cy.pan({ x: cy.width() / 2 - p.x * zoom, y: cy.height() / 2 - p.y * zoom }); // center() would centre its label too
  }

  // Add nodes and edges of a Subgraph / GraphPath; returns the ids added.
  add(nodes, edges, cls = "") {
    const added = [];
    this.cy.batch(() => {
      for (const n of nodes) {
        let el = this.cy.getElementById(n.key);
        if (el.empty()) {
          el = this.cy.add({ group: "nodes", data: { id: n.key, kind: n.kind, layer: n.layer, label: label(n),
            caption: n.caption, gov: n.gov, date: n.date, amount: n.amount, attributes: n.attributes || [], bundle: n.bundle } });
          added.push(n.key);
        }
        if (cls) el.addClass(cls);
      }
      for (const e of edges) {
        const id = `${e.source}|${e.type}|${e.target}`;
        if (this.cy.getElementById(e.source).empty() || this.cy.getElementById(e.target).empty()) continue;
        let el = this.cy.getElementById(id);
        if (el.empty()) {
          el = this.cy.add({ group: "edges", data: { id, source: e.source, target: e.target, type: e.type,
            attributes: e.attributes || [], bundle: e.bundle } });
          added.push(id);
        }
        if (cls) el.addClass(cls);
      }
      // new nodes start around a node already placed, so an incremental layout only has to settle them
      const fresh = new Set(added);
      for (const id of added) {
        const n = this.cy.getElementById(id);
        if (!n.isNode()) continue;
        const anchor = n.neighborhood("node").filter(m => !fresh.has(m.id())).first();
        if (anchor.nonempty()) {
          const a = Math.random() * 2 * Math.PI, r = 60 + Math.random() * 120, p = anchor.position();
          n.position({ x: p.x + r * Math.cos(a), y: p.y + r * Math.sin(a) });
        }
      }
    });
    this.refresh();
    return added;
  }

  // Records folded into their entity (virtual edges carry their relationships), kind and date filters.
  refresh() {
    const cy = this.cy;
    // outside the batch: removed and added again in one batch, Cytoscape's parallel-edge cache kept the
    // removed flows and failed on them in the next layout
    cy.remove("[?story]");
    cy.batch(() => {
      cy.remove("edge[?virtual]");
      cy.elements().removeClass("collapsed");
      cy.nodes().forEach(n => n.data("records", 0));
      const into = new Map();
      cy.nodes("[layer = 'Record']").forEach(r => {
        const ent = r.outgoers("edge[type = 'SAME_AS']").targets("[layer = 'Entity']").first();
        if (ent.nonempty() && this.collapseRecords && !this.openEntities.has(ent.id())) into.set(r.id(), ent);
      });
      const virtual = new Map();
      for (const [rid, ent] of into) {
        const r = cy.getElementById(rid);
        r.addClass("collapsed");
        ent.data("records", ent.data("records") + 1);
        r.connectedEdges().forEach(e => {
          if (e.data("type") === "SAME_AS") return;
          const s = into.get(e.source().id()) || e.source(), t = into.get(e.target().id()) || e.target();
          if (s.id() === t.id()) return;
          const id = `v|${s.id()}|${e.data("type")}|${t.id()}`;
          if (!virtual.has(id)) virtual.set(id, { group: "edges", data: { id, source: s.id(), target: t.id(), type: e.data("type"), virtual: true, via: rid } });
        });
      }
      cy.add([...virtual.values()]);
      this.fold();
      cy.nodes().forEach(n => {
        const k = n.data("records");
        if (k) n.data("collapsedLabel", t("graph.plusRecords", { label: n.data("label"), n: k }));
        n.toggleClass("hide-kind", this.hiddenKinds.has(n.data("kind")));
        const d = n.data("date");
        n.toggleClass("hide-date", !!d && ((this.dateFrom && d < this.dateFrom) || (this.dateTo && d.slice(0, 10) > this.dateTo)));
      });
    });
  }

  // With foldFacts, the case page's entity view (story.js) over what is drawn: facts leave the picture, and
  // the facts of one kind between the same parties (entities, or records left alone or opened) become one
  // labelled flow, or one bundle node where they name one party or three.
  fold() {
    const cy = this.cy;
    cy.nodes("[layer = 'Fact']").removeClass("folded").connectedEdges().removeClass("folded");
    this.bundles = new Map();
    if (!this.foldFacts) return;
    // facts of a kind the legend hides leave the flows too
    const shown = cy.nodes().filter(n => !n.hasClass("collapsed") && !(n.data("layer") === "Fact" && this.hiddenKinds.has(n.data("kind"))));
    const party = new Map();  // a collapsed record's relationships are its entity's
    cy.nodes(".collapsed").forEach(r => {
      const ent = r.outgoers("edge[type = 'SAME_AS']").targets("[layer = 'Entity']").first();
      if (ent.nonempty()) party.set(r.id(), ent.id());
    });
    const inRange = n => n.data("layer") !== "Fact" || !n.data("date") || ((!this.dateFrom || n.data("date") >= this.dateFrom)
      && (!this.dateTo || n.data("date").slice(0, 10) <= this.dateTo));
    const nodes = shown.filter(inRange).map(n => ({ key: n.id(), kind: n.data("kind"), layer: n.data("layer"), caption: n.data("caption"),
      gov: n.data("gov"), date: n.data("date"), amount: n.data("amount") }));
    const edges = cy.edges("[!virtual]").filter(e => e.data("type") !== "SAME_AS").map(e => ({ type: e.data("type"),
      source: party.get(e.source().id()) || e.source().id(), target: party.get(e.target().id()) || e.target().id() }));
    const story = entityStory(nodes, edges);
    this.bundles = story.bundles;
    const add = [];
    for (const n of story.nodes) {
      if (n.layer !== "Bundle" || cy.getElementById(n.key).nonempty()) continue;
      add.push({ group: "nodes", data: { id: n.key, kind: n.kind, layer: "Bundle", label: n.caption, caption: n.caption,
        gov: n.gov, date: n.date, amount: n.amount, attributes: [], bundle: n.bundle, story: true } });
    }
    story.edges.forEach((e, i) => add.push({ group: "edges", data: { id: `story|${i}|${e.bundle}`, source: e.source,
      target: e.target, type: e.type, bundle: e.bundle, story: true } }));
    const ids = new Set(add.filter(el => el.group === "nodes").map(el => el.data.id));
    const there = id => ids.has(id) || cy.getElementById(id).nonempty();
    cy.add(add.filter(el => el.group === "nodes" || (there(el.data.source) && there(el.data.target))));
    cy.nodes("[layer = 'Fact']").addClass("folded").connectedEdges().addClass("folded");
    // a bundle starts where its facts were, so an incremental layout only has to settle it; a flow carries
    // the marks of its facts (on a found path, evidence of the case), which are hidden now
    const marked = ["path", "evidence"];
    for (const b of story.bundles.values()) {
      const node = cy.getElementById(b.id), first = cy.getElementById(b.facts[0].key);
      if (node.nonempty() && first.nonempty()) node.position({ ...first.position() });
      const marks = marked.filter(m => b.facts.some(f => cy.getElementById(f.key).hasClass(m)));
      if (marks.length) cy.elements("[?story]").filter(el => el.data("bundle") === b.id).addClass(marks.join(" "));
    }
  }

  setFold(on) { this.foldFacts = on; this.refresh(); }
  setCollapse(on) { this.collapseRecords = on; this.openEntities.clear(); this.refresh(); }
  toggleEntity(id) { if (this.openEntities.has(id)) this.openEntities.delete(id); else this.openEntities.add(id); this.refresh(); }
  setHiddenKinds(kinds) { this.hiddenKinds = new Set(kinds); this.refresh(); }
  setDates(from, to) { this.dateFrom = from || ""; this.dateTo = to || ""; this.refresh(); }
  kinds() { const m = new Map(); this.cy.nodes("[!story]").forEach(n => m.set(n.data("kind"), (m.get(n.data("kind")) || 0) + 1)); return m; }
  clearMarks(cls) { this.cy.elements("." + cls).removeClass(cls); }

  // `tidy: false` leaves the labels to the caller, who moves the view first (declutter depends on the zoom)
  layout(name = "fcose", { incremental = false, fit = true, spacious = false, tidy = true } = {}) {
    const els = this.cy.elements(":visible");
    const n = els.nodes().length;
    if (!n) return;
    let opts;
    // hubs with hundreds of leaves need far more room than a small neighbourhood (measured at ~1,000 nodes:
    // 400000 / 300 leaves under 1% of the nodes overlapping)
    // a spacious picture (the case story: a few entities with labelled edges) leaves room for the labels
    const [repulsion, edgeLength] = spacious ? [60000, 260] : n > 400 ? [400000, 300] : n > 150 ? [60000, 150] : [8000, 60];
    if (name === "fcose" && fcoseRegistered) {
      // "draft" is the spectral step only, which an incremental layout (randomize false) skips
      opts = { name: "fcose", quality: "default", randomize: !incremental, animate: false,
        nodeRepulsion: () => repulsion, idealEdgeLength: () => edgeLength, nodeSeparation: 60, numIter: 2500,
        packComponents: true, fit, padding: 40 };
    } else if (name === "cose") {
      opts = { name: "cose", animate: false, randomize: !incremental, nodeRepulsion: () => repulsion, idealEdgeLength: () => edgeLength, fit, padding: 40 };
    } else if (name === "concentric") {
      opts = { name: "concentric", concentric: nd => (nd.data("layer") === "Entity" ? 3 : nd.data("layer") === "Record" ? 2 : 1),
        levelWidth: () => 1, minNodeSpacing: 12, fit, padding: 30, animate: false };
    } else {
      opts = { name, fit, padding: 30, animate: false };
    }
    els.layout(opts).run();
    if (fit && this.cy.zoom() > 1.6) { this.cy.zoom(1.6); this.cy.center(els); }
    if (tidy) this.declutter();
  }

  propsTable(node) {
    const rows = (node.data("attributes") || []).map(a => `<tr><td>${esc(a.name)}</td><td>${esc(a.value)}</td></tr>`).join("");
    return `<table class="props" data-testid="props">${rows}</table>`;
  }
}
