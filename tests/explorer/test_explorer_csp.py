"""The explorer's pages run under a strict Content-Security-Policy (`script-src 'self'`): no inline script,
no inline event handler, in the pages or in the HTML the scripts build. Checked twice: by reading the files,
and in real Chromium with the header added to every page, where a refused script would leave the page empty
and report a violation."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from explorerkit import USERS
from playwright.sync_api import expect

from api.explorer.routes import HERE

CSP = "script-src 'self'; object-src 'none'; base-uri 'none'"
HANDLER = re.compile(r"""<[^>]*\son[a-z]+\s*=""", re.I)


class Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inline: list[str] = []
        self.handlers: list[str] = []
        self._open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handlers += [f"<{tag} {k}>" for k, _v in attrs if k.startswith("on")]
        self.handlers += [f"<{tag} {k}={v}>" for k, v in attrs if v and v.strip().lower().startswith("javascript:")]
        self._open = tag == "script" and not dict(attrs).get("src")

    def handle_data(self, data: str) -> None:
        if self._open and data.strip():
            self.inline.append(data.strip()[:60])

    def handle_endtag(self, tag: str) -> None:
        self._open = False


@pytest.mark.parametrize("page", sorted(p.name for p in HERE.glob("pages/*.html")))
def test_a_page_has_no_inline_script_or_handler(page: str) -> None:
    parser = Scripts()
    parser.feed((HERE / "pages" / page).read_text(encoding="utf-8"))
    assert parser.inline == [], f"{page} has inline script: {parser.inline}"
    assert parser.handlers == [], f"{page} has inline handlers: {parser.handlers}"


@pytest.mark.parametrize("script", sorted(p.name for p in HERE.glob("static/*.js")))
def test_the_html_a_script_builds_has_no_inline_handler(script: str) -> None:
    text = (HERE / "static" / script).read_text(encoding="utf-8")
    assert not HANDLER.findall(text), f"{script} writes inline event handlers: {HANDLER.findall(text)[:3]}"
    assert "javascript:" not in text


@pytest.mark.browser
@pytest.mark.neo4j
def test_every_page_works_under_the_policy(page, server, world):
    violations: list[str] = []
    page.route(re.compile(r".*/explorer/(login|graph|cases|case|dashboard)(\?.*)?$"),
               lambda route: route.fulfill(response=(r := route.fetch()),
                                           headers={**r.headers, "content-security-policy": CSP}))
    page.add_init_script("document.addEventListener('securitypolicyviolation', e => "
                         "(window.__csp = window.__csp || []).push(e.violatedDirective + ' ' + e.blockedURI))")
    page.goto(server + "/explorer/login")
    assert "script-src 'self'" in (page.evaluate("fetch(location.href).then(r => r.headers.get('content-security-policy'))") or "")
    page.fill("#username", "auditor41110")
    page.fill("#password", USERS["auditor41110"][2])
    page.click("#submit")
    expect(page.get_by_test_id("who")).to_be_visible()  # the login script ran
    checks = {"graph": "[data-testid=legend]", "cases": "[data-testid=case-row]", "dashboard": "[data-testid=kpi-opened]",
              f"case?id={world['case_id']}": "[data-testid=case-story]"}
    for path, ready in checks.items():
        page.goto(f"{server}/explorer/{path}")
        expect(page.get_by_test_id("who")).to_be_visible()
        expect(page.locator(ready).first).to_be_attached()
        violations += page.evaluate("window.__csp || []")
    assert violations == []
    assert page.console_errors == []
