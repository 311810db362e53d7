"""A mail from the outbox, sent through a real SMTP server on loopback, carries a link that opens its case
page in real Chromium; the pages show the scenario's Korean title, with the id as secondary text."""

from __future__ import annotations

import re
import threading
from email import message_from_bytes
from email.header import decode_header, make_header
from urllib.parse import urlsplit

import pytest
import yaml
from aiosmtpd.controller import Controller
from explorerkit import REFUND_AMOUNT, SCENARIO, SUBJECT_NAME, USERS, shot
from playwright.sync_api import expect
from testkit import free_port

from cases import deliver_once
from cases.notify import Channels
from core.settings import settings
from detectors.scenario import SCENARIO_DIR

pytestmark = [pytest.mark.browser, pytest.mark.neo4j]


class Inbox:
    def __init__(self) -> None:
        self.mails: list[dict[str, str]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls this hook by name
        msg = message_from_bytes(envelope.content)
        with self.lock:
            self.mails.append({"role": msg["X-ChungBaek-Role"], "subject": str(make_header(decode_header(msg["Subject"]))),
                               "body": msg.get_payload(decode=True).decode()})
        return "250 OK"


def _title() -> dict[str, str]:
    for path in SCENARIO_DIR.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["id"] == SCENARIO:
            return data["title"]
    raise AssertionError(f"no scenario file for {SCENARIO}")


def test_the_link_in_a_mail_opens_its_case_page(page, server, world):
    inbox = Inbox()
    port = free_port(18250, 18299)
    smtp = Controller(inbox, hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        report = deliver_once(Channels("127.0.0.1", port, "chungbaek@test.example", timeout=5))
    finally:
        smtp.stop()
    assert report.delivered >= 1 and inbox.mails
    title = _title()
    mail = inbox.mails[0]
    assert title["ko"] in mail["subject"]
    links = re.findall(r"https?://\S+/explorer/case\?id=\S+", mail["body"])
    assert links and all(link == links[0] for link in links)
    link = urlsplit(links[0])
    # the origin is the deployment's CHUNGBAEK_PUBLIC_URL; the test's server listens on a free port instead
    assert f"{link.scheme}://{link.netloc}" == settings().public_url
    assert link.query == f"id={world['case_id']}"

    page.goto(server + link.path + "?" + link.query)
    expect(page).to_have_url(re.compile(r"/explorer/login\?next="))
    page.fill("#username", "auditor41110")
    page.fill("#password", USERS["auditor41110"][2])
    page.click("#submit")
    expect(page).to_have_url(re.compile(re.escape(link.path + "?" + link.query) + "$"))
    expect(page.get_by_test_id("case-title")).to_contain_text(title["ko"])
    expect(page.get_by_test_id("case-title")).to_contain_text(SUBJECT_NAME)
    expect(page.locator("[data-field=scenario]")).to_have_text(SCENARIO)
    story = page.get_by_test_id("case-story")  # subject, evidence and the rule's claim in one sentence
    expect(story).to_contain_text(title["ko"])
    expect(story).to_contain_text(SUBJECT_NAME)
    expect(story).to_contain_text(f"{REFUND_AMOUNT:,}원")
    expect(story).to_contain_text("증거 1건")
    shot(page, "mail-link-case")

    page.click("[data-nav=cases]")
    row = page.get_by_test_id("case-row").filter(has_text=title["ko"])
    expect(row).to_have_count(1)
    expect(row).to_contain_text(SCENARIO)  # the id stays, as secondary text
    page.click("[data-nav=dashboard]")
    expect(page.locator("[data-testid=chart-scenario] text[data-key]").first).to_contain_text(title["ko"])
    shot(page, "dashboard-titles")
    assert page.console_errors == []
