// The login page: the token and the user go to sessionStorage, then on to the page asked for.
import { gql, saveLogin, showError, $, translatePage, t } from "/explorer/static/common.js";
import { languageToggle } from "/explorer/static/i18n.js";

translatePage();
document.title = `ChungBaek · ${t("login.title")}`;
$("#lang-slot").append(languageToggle());
const LOGIN = `mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) {
  __typename ... on LoginSuccess { token expiresAt user { username displayName role governments } }
  ... on MutationError { code message hint } } }`;
$("#login").addEventListener("submit", async ev => {
  ev.preventDefault();
  try {
    const r = (await gql(LOGIN, { u: $("#username").value, p: $("#password").value })).login;
    if (r.__typename === "MutationError") { showError($("#error"), r); return; }
    saveLogin(r.token, r.user);
    const next = new URLSearchParams(location.search).get("next");
    location.href = next && next.startsWith("/explorer/") ? next : "/explorer/graph";
  } catch (e) { showError($("#error"), e); }
});
