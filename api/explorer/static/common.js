// Shared by every explorer page: the token in sessionStorage, the GraphQL client, the header.
import { VOCABULARY } from "/explorer/vocabulary.js";
import { t, lang, won as wonIn, date, translatePage, languageToggle } from "/explorer/static/i18n.js";

export { t, lang, translatePage };
const TOKEN = "chungbaek.token";
const USER = "chungbaek.user";

export function token() { return sessionStorage.getItem(TOKEN); }
export function viewer() { try { return JSON.parse(sessionStorage.getItem(USER) || "null"); } catch { return null; } }
export function saveLogin(t, user) { sessionStorage.setItem(TOKEN, t); sessionStorage.setItem(USER, JSON.stringify(user)); }
function forget() { sessionStorage.removeItem(TOKEN); sessionStorage.removeItem(USER); location.href = "/explorer/login"; }
// Logging out revokes the token on the server too, so a copy of it (a shared screen, a log) is worthless.
export async function logout() {
  if (token()) { try { await gql("mutation { logout }"); } catch { /* already refused: nothing to revoke */ } }
  forget();
}

// Without a token, off to the login page; the returned promise then never settles, so a page that
// awaits it stops there.
export function requireLogin() {
  if (token()) return Promise.resolve();
  location.href = "/explorer/login?next=" + encodeURIComponent(location.pathname + location.search);
  return new Promise(() => {});
}

export class ApiError extends Error {
  constructor(message, code, hint) { super(message); this.code = code; this.hint = hint; }
}

// One GraphQL request; throws ApiError with the server's code and message. An expired token sends the
// user back to the login page.
export async function gql(query, variables = {}) {
  const headers = { "Content-Type": "application/json" };
  if (token()) headers.Authorization = "Bearer " + token();
  const res = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  let body;
  try { body = await res.json(); } catch { throw new ApiError(`the server answered ${res.status}`, "HTTP_" + res.status); }
  if (body.errors && body.errors.length) {
    const e = body.errors[0];
    const code = (e.extensions && e.extensions.code) || "ERROR";
    if (code === "UNAUTHENTICATED" && token()) { forget(); }
    throw new ApiError(e.message, code, e.extensions && e.extensions.hint);
  }
  return body.data;
}

// Mutations return `Success | MutationError`: throw the error as an ApiError.
export function unwrap(result) {
  if (result && result.__typename === "MutationError") throw new ApiError(result.message, result.code, result.hint);
  return result;
}

export function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
}
// Amounts and dates in the user's language (1,250,000원 and 2026. 3. 1. in Korean).
export function krw(n) { return wonIn(n); }
export function fmtDate(s) { return date(s, { time: true }); }
export function $(sel, root = document) { return root.querySelector(sel); }

export function showError(el, err) {
  el.classList.remove("hidden");
  el.className = "error";
  el.textContent = err.message + (err.hint ? " — " + err.hint : "");
  el.dataset.code = err.code || "";
}

export function header(active) {
  const u = viewer();
  const links = [["graph", "/explorer/graph", "nav.graph"], ["inbox", "/explorer/inbox", "nav.inbox"],
                 ["cases", "/explorer/cases", "nav.cases"], ["dashboard", "/explorer/dashboard", "nav.dashboard"]];
  const h = document.createElement("header");
  h.className = "top";
  h.innerHTML = `<span class="brand">${esc(t("brand"))}</span>` +
    links.map(([k, href, label]) => `<a href="${href}" class="${k === active ? "active" : ""}" data-nav="${k}">${esc(t(label))}</a>`).join("") +
    `<span class="who" data-testid="who">${u ? esc(u.displayName) + " · " + esc(t("role." + u.role)) + " · " + esc((u.governments || []).join(", ") || t("all")) : ""}</span>` +
    `<button id="logout" type="button">${esc(t("logout"))}</button>`;
  h.insertBefore(languageToggle(), h.querySelector("#logout"));
  document.body.prepend(h);
  h.querySelector("#logout").addEventListener("click", logout);
  translatePage();
}


// Scenario titles from the catalog (the scenario files), fetched once per page: id -> {ko, en}.
// A detector id not in the catalog (an anomaly detector's title may be English only) falls back to itself.
let titlesPromise = null;
export function scenarioTitles() {
  if (!titlesPromise) {
    titlesPromise = gql("{ scenarios { id titleKo titleEn } }")
      .then(d => new Map(d.scenarios.map(s => [s.id, { ko: s.titleKo || s.titleEn || s.id, en: s.titleEn || s.titleKo || s.id }])))
      .catch(() => new Map());
  }
  return titlesPromise;
}
export function scenarioTitle(titles, id) { const s = titles.get(id); return (s && (s[lang()] || s.ko)) || id || ""; }
// The finding's sentence in the reader's language (a case opened before there were Korean sentences has only English).
export function caseMessage(c) { return (lang() === "ko" && c.messageKo) || c.message || ""; }
// The title first, the id as secondary text (people read the title; the id is what operators grep for).
export function scenarioLabel(titles, id) {
  return `<span class="sc-title" data-testid="scenario-title">${esc(scenarioTitle(titles, id))}</span>` +
    ` <span class="sc-id muted small">${esc(id)}</span>`;
}

// A business area (a system id) by its name in the user's language, from the model's vocabulary.
export function areaName(area) {
  const s = area && VOCABULARY.systems.find(x => x.id === area);
  return s ? s[lang()] || s.ko : area || "";
}
// A node kind by its name in the user's language.
export function kindName(kind) {
  const k = VOCABULARY.kinds[kind];
  return k ? k[lang()] || k.ko : kind || "";
}
