"""The pages fit the screens officials have, in both languages: at 1280 and 1440 px wide, in Korean and in
English, no text of the dashboard leaves its panel, and no label of the case picture is drawn over another
at the default zoom, with the subject in the middle. Screenshots of each go to test-artifacts/explorer/."""

from __future__ import annotations

import pytest
from explorerkit import (
    LABEL_OVERLAPS,
    PW_PAYROLL,
    PW_TRANSFERS,
    PW_WELFARE,
    build_payroll_welfare_case,
    login,
    shot,
)
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]

SCREENS = [(width, lang) for width in (1280, 1440) for lang in ("ko", "en")]

# Every element that draws text inside a dashboard panel (a .card or a KPI), and SVG text inside its chart,
# whose box reaches past the panel's, or whose text is wider than its own box (cut off or scrolled).
OVERFLOWS = """() => {
  const out = [];
  const panels = [...document.querySelectorAll('.card, .kpis > *')];
  for (const panel of panels) {
    const p = panel.getBoundingClientRect();
    for (const el of panel.querySelectorAll('*')) {
      const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      if (!own || el.closest('svg') && el.tagName.toLowerCase() !== 'text') continue;
      const r = el.getBoundingClientRect();
      if (!r.width && !r.height) continue;
      const cut = el.tagName.toLowerCase() !== 'text' && el.scrollWidth > el.clientWidth + 1 &&
        getComputedStyle(el).overflowX !== 'visible';
      if (r.left < p.left - 1 || r.right > p.right + 1 || r.top < p.top - 1 || r.bottom > p.bottom + 1 || cut)
        out.push(`${el.tagName} "${el.textContent.trim().slice(0, 40)}"`);
    }
  }
  return {panels: panels.length, out};
}"""

# The case timeline: its lanes, and the pairs of its texts drawn over one another.
TIMELINE = """() => {
  const svg = document.querySelector('[data-testid=timeline-svg]');
  const texts = [...svg.querySelectorAll('text')].map(el => [el.textContent, el.getBoundingClientRect()]);
  const box = svg.getBoundingClientRect(), pairs = [], outside = [];
  texts.forEach(([s, r], i) => {
    if (r.left < box.left - 1 || r.right > box.right + 1) outside.push(s);
    texts.slice(i + 1).forEach(([s2, r2]) => {
      if (r.left < r2.right && r2.left < r.right && r.top < r2.bottom && r2.top < r.bottom) pairs.push(s + ' / ' + s2);
    });
  });
  return {lanes: [...svg.querySelectorAll('[data-lane]')].map(g => g.textContent), dots: svg.querySelectorAll('circle').length,
          pairs, outside};
}"""

SUBJECT_OFFSET = """id => {
  const cy = window.__cy, p = cy.getElementById(id).renderedPosition();
  return [Math.abs(p.x - cy.width() / 2), Math.abs(p.y - cy.height() / 2)];
}"""


@pytest.fixture()
def screen(browser, request):
    width, lang = request.param
    ctx = browser.new_context(viewport={"width": width, "height": 900}, locale="ko-KR")
    # the language an official chose last, as the pages keep it (i18n.js)
    ctx.add_init_script(f"localStorage.setItem('chungbaek.lang', '{lang}')")
    page = ctx.new_page()
    page.console_errors = []
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page, width, lang
    ctx.close()


@pytest.mark.parametrize("screen", SCREENS, indirect=True, ids=[f"{w}-{lang}" for w, lang in SCREENS])
def test_dashboard_and_case_fit_the_screen(screen, server, world, neo4j_driver):
    page, width, lang = screen
    case_id = build_payroll_welfare_case(neo4j_driver)
    login(page, server, "auditor41110", then="/explorer/dashboard")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.wait_for_function("() => document.querySelectorAll('#by-scenario svg, #by-scenario *').length > 0")
    page.wait_for_load_state("networkidle")
    found = page.evaluate(OVERFLOWS)
    shot(page, f"layout-{width}-{lang}-dashboard")
    assert found["panels"] >= 8
    assert found["out"] == [], found["out"]

    page.goto(f"{server}/explorer/case?id={case_id}")
    page.wait_for_function("() => window.__cy && window.__cy.nodes().length > 0")
    page.wait_for_load_state("networkidle")
    labels = page.evaluate(LABEL_OVERLAPS)
    shot(page, f"layout-{width}-{lang}-case")
    sentence = "다른 사람의 복지급여 4건" if lang == "ko" else "4 welfare payments of another person"
    expect(page.locator("#message")).to_contain_text(sentence)
    assert labels["pairs"] == [], labels["pairs"]
    # the guarantee is not bought by hiding the story: the people, the account and the salary keep their labels
    assert {"P-PW-OFF", "P-PW-REC", "A-PW"} <= set(labels["shownIds"]), labels["shownIds"]
    salary = page.evaluate("""() => window.__cy.edges('[bundle]').filter(e =>
        [e.source().id(), e.target().id()].sort().join() === 'A-PW,P-PW-OFF').map(e => e.id())""")
    assert len(salary) == 1 and salary[0] in labels["shownIds"], (salary, labels["shownIds"])
    # a crowded timeline: one lane per kind of fact and one for the case, a dot per dated fact, no text on text
    line = page.evaluate(TIMELINE)
    page.get_by_test_id("timeline-svg").scroll_into_view_if_needed()
    shot(page, f"layout-{width}-{lang}-timeline")
    assert len(line["lanes"]) == 4, line["lanes"]
    payroll = [lane for lane in line["lanes"] if ("급여 지급 12건" if lang == "ko" else "Payroll payment ×12") in lane]
    assert payroll and f"{12 * 3_100_000:,}" in payroll[0], line["lanes"]
    assert line["dots"] >= PW_PAYROLL + PW_WELFARE + PW_TRANSFERS
    assert line["pairs"] == [] and line["outside"] == [], line
    dx, dy = page.evaluate(SUBJECT_OFFSET, page.evaluate("() => window.__cy.nodes('.subject').first().id()"))
    assert dx < 2 and dy < 2, (dx, dy)

    page.goto(f"{server}/explorer/graph")
    page.wait_for_load_state("networkidle")
    shot(page, f"layout-{width}-{lang}-graph")
    assert page.console_errors == []
