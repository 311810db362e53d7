// Korean first, English one click away: the language is kept per user in localStorage (the last choice also
// serves the login page), messages come from the catalogue in messages.js, and dates and won amounts follow
// the language's conventions (2026. 3. 1. and 1,250,000원 in Korean).
import { MESSAGES } from "/explorer/static/messages.js";

const LAST = "chungbaek.lang";
const userKey = () => {
  try { const u = JSON.parse(sessionStorage.getItem("chungbaek.user") || "null"); return u ? `${LAST}.${u.username}` : null; }
  catch { return null; }
};

export function lang() {
  const k = userKey();
  const v = (k && localStorage.getItem(k)) || localStorage.getItem(LAST);
  return v === "en" ? "en" : "ko";
}

export function setLang(l) {
  const k = userKey();
  if (k) localStorage.setItem(k, l);
  localStorage.setItem(LAST, l);
}

// The message `key` in the current language, its {placeholders} filled from `vars`; a key missing from the
// catalogue shows itself, so a gap is visible (a test keeps the catalogue complete).
export function t(key, vars = {}) {
  const m = MESSAGES[lang()][key] ?? MESSAGES.ko[key] ?? key;
  return m.replace(/\{(\w+)\}/g, (_, k) => (vars[k] ?? "") + "");
}

// Static text of a page: data-i18n (text), data-i18n-placeholder, data-i18n-title, data-i18n-aria.
export function translatePage(root = document) {
  document.documentElement.lang = lang();
  root.querySelectorAll("[data-i18n]").forEach(el => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll("[data-i18n-placeholder]").forEach(el => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  root.querySelectorAll("[data-i18n-title]").forEach(el => { el.title = t(el.dataset.i18nTitle); });
}

export function won(n) {
  if (n == null || n === "") return "";
  const s = Number(n).toLocaleString("ko-KR");
  return lang() === "ko" ? s + "원" : "KRW " + s;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

// A date (or the date of a date-time) as `2026. 3. 1.` / `1 Mar 2026`; with `time`, the hh:mm after it.
export function date(s, { time = false } = {}) {
  if (!s) return "";
  const text = String(s);
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}:\d{2}))?/.exec(text);
  if (!m) return text;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = lang() === "ko" ? `${y}. ${mo}. ${d}.` : `${d} ${MONTHS[mo - 1]} ${y}`;
  return time && m[4] ? `${day} ${m[4]}` : day;
}

// A month `2024-01` as `2024. 1.` / `Jan 2024`.
export function month(s) {
  const m = /^(\d{4})-(\d{2})/.exec(String(s || ""));
  if (!m) return String(s || "");
  return lang() === "ko" ? `${m[1]}. ${Number(m[2])}.` : `${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
}

// The button that switches the language; the page is drawn again in the other one.
export function languageToggle() {
  const b = document.createElement("button");
  b.id = "lang-toggle";
  b.dataset.testid = "lang-toggle";
  b.type = "button";
  b.textContent = lang() === "ko" ? "English" : "한국어";
  b.lang = lang() === "ko" ? "en" : "ko";
  b.addEventListener("click", () => { setLang(lang() === "ko" ? "en" : "ko"); location.reload(); });
  return b;
}
