"""Notifications: an outbox of `Notification` nodes, written in the same transaction as the case event
that caused them, and a worker that delivers them by e-mail (SMTP) or webhook (HTTP POST).

A delivery is claimed with a lease, sent, then marked delivered; a failure schedules a retry with
exponential backoff (30 s, 1 min, 2 min ... capped at 1 h), so a channel that is down delays delivery
and never loses a notification. A notification that cannot ever be delivered (no address, a webhook
answering 4xx, an address the SMTP server refuses) becomes `failed` and stays visible in the backlog;
`retry_failed` puts it back in the queue. E-mails carry `Message-ID: <notification_id@chungbaek>` and
webhooks an `Idempotency-Key` header, so a receiver can drop the duplicate that a crash between sending
and marking could cause. Webhooks are signed: `X-ChungBaek-Signature: t=<unix time>,v1=<hex>` where the hex
is HMAC-SHA256 over `<t>.<body>` with the webhook's secret (`webhook_secret`, shown by
`chungbaek cases webhook add`), so a receiver can refuse forged and replayed posts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import smtplib
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Any

import httpx
from neo4j import Driver, ManagedTransaction

from cases import messages
from cases.store import iso, parse_iso, read, utcnow, write
from core.settings import settings

BACKOFF_BASE_SECONDS = 30
BACKOFF_CAP_SECONDS = 3600
LEASE_SECONDS = 120
# Errors that say the channel itself is unreachable: the rest of its notifications wait for the next pass.
CHANNEL_DOWN = (ConnectionError, TimeoutError, socket.gaierror, smtplib.SMTPServerDisconnected,
                smtplib.SMTPConnectError, httpx.TransportError)


@dataclass(frozen=True)
class Recipient:
    role: str       # official, supervisor, auditor, webhook
    address: str    # e-mail address or webhook URL
    name: str = ""
    channel: str = "email"


@dataclass
class DeliveryReport:
    delivered: int = 0
    retried: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"delivered": self.delivered, "retried": self.retried, "failed": self.failed,
                "errors": self.errors[:20]}


class PermanentFailure(Exception):
    """Delivery can never succeed as addressed (a retry would not help)."""


ENQUEUE = """
UNWIND $rows AS row
MATCH (c:Case {case_id: row.case_id})
MERGE (n:Notification {notification_id: row.notification_id})
ON CREATE SET n += row.props
MERGE (n)-[:OF_CASE]->(c)
"""


def enqueue(tx: ManagedTransaction, case: dict[str, Any], event_id: str, reason: str,
            recipients: list[Recipient], now: str) -> list[str]:
    """Write one pending notification per recipient inside the caller's transaction; returns their ids."""
    rows = []
    for index, rcpt in enumerate(recipients):
        nid = f"{event_id}-N{index + 1}"
        subject, body = render(case, rcpt, reason)
        missing = not rcpt.address
        rows.append({"case_id": case["case_id"], "notification_id": nid, "props": {
            "case_id": case["case_id"], "event_id": event_id, "channel": rcpt.channel, "recipient": rcpt.address,
            "recipient_role": rcpt.role, "recipient_name": rcpt.name, "reason": reason, "subject": subject,
            "body": body, "status": "failed" if missing else "pending", "attempts": 0, "next_attempt_at": now,
            "last_error": f"no address for the {rcpt.role} {rcpt.name}".strip() if missing else None,
            "created_at": now, "gov": case.get("gov"),
        }})
    if rows:
        tx.run(ENQUEUE, rows=rows).consume()
    return [row["notification_id"] for row in rows]


def webhook_recipients(tx: ManagedTransaction, gov: str) -> list[Recipient]:
    result = tx.run("MATCH (w:Webhook {gov: $gov, active: true}) RETURN w.url AS url ORDER BY w.webhook_id", gov=gov)
    return [Recipient("webhook", row["url"], "", "webhook") for row in result]


def escalation_date(case: dict[str, Any], days: int) -> dt.datetime | None:
    """When the case escalates if nobody acts: `days` after it was opened or last escalated."""
    base = parse_iso(case.get("escalated_at") or case.get("opened_at"))
    return base + dt.timedelta(days=days) if base else None


def render(case: dict[str, Any], rcpt: Recipient, reason: str) -> tuple[str, str]:
    """Subject and body (plain text for e-mail, Korean first and English below; JSON for webhooks)."""
    cfg = settings()
    title_ko, title_en = messages.scenario_titles(case.get("scenario_id"), cfg.scenario_dir)
    subject_name = case.get("subject_name") or case.get("subject_key") or ""
    amount = case.get("amount") or 0
    values: dict[str, Any] = {
        "title_ko": title_ko, "title_en": title_en, "subject": subject_name, "amount_ko": messages.won(amount),
        "amount_en": messages.krw(amount), "case_id": case["case_id"], "scenario_id": case.get("scenario_id") or "",
        "subject_key": case.get("subject_key") or "",
    }
    subject = messages.text("subject", "ko", **values)
    url = messages.case_url(cfg.public_url, case["case_id"])
    if rcpt.channel == "webhook":
        payload = {"event": reason, "case_id": case["case_id"], "gov": case.get("gov"),
                   "scenario_id": case.get("scenario_id"), "title_ko": title_ko, "title_en": title_en,
                   "area": case.get("area"), "status": case.get("status"),
                   "subject_key": case.get("subject_key"), "subject_name": case.get("subject_name"),
                   "amount": case.get("amount"), "official_key": case.get("official_key"),
                   "supervisor_key": case.get("supervisor_key"), "auditor_emails": case.get("auditor_emails"),
                   "message": case.get("message"), "message_ko": case.get("message_ko"), "url": url}
        return subject, json.dumps(payload, ensure_ascii=False, sort_keys=True)
    due = escalation_date(case, cfg.escalation_days)
    reason_key = f"reason.{reason}" if f"reason.{reason}" in messages.MESSAGES else "reason.opened"
    role = messages.ROLES.get(rcpt.role, {"ko": rcpt.role, "en": rcpt.role})
    blocks = []
    for lang in messages.LANGS:
        official = case.get("official_name") or case.get("official_key") or messages.UNKNOWN[lang]
        supervisor = case.get("supervisor_name") or messages.NO_SUPERVISOR[lang]
        lines = [messages.text(reason_key, lang, **values), "", messages.text("link", lang, url=url)]
        if due is not None:
            lines.append(messages.text("escalation", lang, date_ko=messages.korean_date(due),
                                       date_en=messages.english_date(due)))
        lines += ["", messages.text("details", lang, **values),
                  messages.text("role", lang, role_ko=role["ko"], role_en=role["en"], official=official,
                                supervisor=supervisor)]
        note = (case.get("routing_note_ko") if lang == "ko" else None) or case.get("routing_note")
        if note:
            lines.append(messages.text("routing", lang, note=note))
        blocks.append("\n".join(lines))
    return subject, "\n\n-- English --\n\n".join(blocks) + "\n"


# -- channels ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Channels:
    """Where notifications go: the SMTP server and sender address; webhooks carry their own URL."""

    smtp_host: str
    smtp_port: int
    mail_from: str
    timeout: float = 10.0

    @classmethod
    def from_settings(cls) -> Channels:
        cfg = settings()
        return cls(cfg.smtp_host, cfg.smtp_port, cfg.mail_from)

    def session(self) -> ChannelSession:
        return ChannelSession(self)


class ChannelSession:
    """Connections for one delivery pass: one SMTP connection and one HTTP client, reused while they work."""

    def __init__(self, channels: Channels) -> None:
        self.channels = channels
        self._smtp: smtplib.SMTP | None = None
        self._http: httpx.Client | None = None

    def __enter__(self) -> ChannelSession:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._drop_smtp(quit_politely=True)
        if self._http is not None:
            self._http.close()

    def send(self, note: dict[str, Any]) -> None:
        if note["channel"] == "email":
            self.send_email(note)
        elif note["channel"] == "webhook":
            self.send_webhook(note)
        else:
            raise PermanentFailure(f"unknown channel {note['channel']!r}")

    def _drop_smtp(self, quit_politely: bool = False) -> None:
        if self._smtp is None:
            return
        try:
            if quit_politely:
                self._smtp.quit()
            else:
                self._smtp.close()
        except (OSError, smtplib.SMTPException):
            self._smtp.close()
        self._smtp = None

    def send_email(self, note: dict[str, Any]) -> None:
        c = self.channels
        msg = EmailMessage()
        msg["From"] = c.mail_from
        msg["To"] = note["recipient"]
        msg["Subject"] = note["subject"]
        msg["Message-ID"] = f"<{note['notification_id']}@chungbaek>"
        msg["Date"] = format_datetime(dt.datetime.now(dt.UTC))
        msg["X-ChungBaek-Case"] = note["case_id"]
        msg["X-ChungBaek-Role"] = note["recipient_role"]
        msg.set_content(note["body"])
        try:
            if self._smtp is None:
                self._smtp = smtplib.SMTP(c.smtp_host, c.smtp_port, timeout=c.timeout)
            self._smtp.send_message(msg)
        except smtplib.SMTPRecipientsRefused as exc:
            if self._smtp is not None:
                self._smtp.rset()
            codes = [code for code, _msg in exc.recipients.values()]
            if all(500 <= code < 600 for code in codes):
                raise PermanentFailure(f"the SMTP server refused {note['recipient']}: {exc.recipients}") from exc
            raise
        except OSError:  # includes smtplib's errors: start afresh with the next message
            self._drop_smtp()
            raise

    def send_webhook(self, note: dict[str, Any]) -> None:
        if self._http is None:
            self._http = httpx.Client(timeout=self.channels.timeout)
        body = note["body"].encode("utf-8")
        response = self._http.post(
            note["recipient"], content=body,
            headers={"Content-Type": "application/json", "Idempotency-Key": note["notification_id"],
                     "X-ChungBaek-Case": note["case_id"],
                     "X-ChungBaek-Signature": sign_webhook(webhook_secret(note["recipient"]), body)},
        )
        if 200 <= response.status_code < 300:
            return
        if 400 <= response.status_code < 500 and response.status_code not in (408, 425, 429):
            raise PermanentFailure(f"webhook answered {response.status_code}")
        raise OSError(f"webhook answered {response.status_code}")


def backoff_seconds(attempts: int) -> int:
    """Delay before the next try after `attempts` failed ones: 30 s doubling, capped at an hour."""
    return int(min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(0, attempts - 1)))


# The first SET takes the node's write lock; the condition is then read again under the lock, so two
# workers racing for the same notification cannot both claim it.
CLAIM = """
MATCH (n:Notification {status: 'pending'})
WHERE n.next_attempt_at <= $now AND (n.claimed_until IS NULL OR n.claimed_until < $now)
WITH n ORDER BY n.next_attempt_at, n.notification_id LIMIT $limit
SET n.claim_lock = coalesce(n.claim_lock, 0) + 1
WITH n WHERE n.status = 'pending' AND (n.claimed_until IS NULL OR n.claimed_until < $now)
SET n.claimed_until = $lease, n.claim = $claim
RETURN properties(n) AS n
"""

DONE = """
MATCH (n:Notification {notification_id: $id, claim: $claim})
SET n.status = 'delivered', n.delivered_at = $now, n.attempts = coalesce(n.attempts, 0) + 1,
    n.claimed_until = null, n.claim = null, n.last_error = null
"""

FAILED = """
MATCH (n:Notification {notification_id: $id, claim: $claim})
SET n.attempts = coalesce(n.attempts, 0) + 1, n.last_error = $error, n.claimed_until = null, n.claim = null,
    n.status = $status, n.next_attempt_at = $next
"""


def deliver_once(channels: Channels | None = None, *, now: dt.datetime | None = None, limit: int = 200,
                 driver: Driver | None = None) -> DeliveryReport:
    """Deliver every notification that is due now, in batches of `limit`; failures are rescheduled
    (to after `now`, so the loop ends), never dropped."""
    channels = channels or Channels.from_settings()
    moment = now or utcnow()
    report = DeliveryReport()
    while _deliver_batch(channels, moment, limit, report, driver) == limit:
        pass
    return report


def _deliver_batch(channels: Channels, moment: dt.datetime, limit: int, report: DeliveryReport,
                   driver: Driver | None) -> int:
    claim = secrets.token_hex(8)
    # the lease outlasts the slowest batch (every send timing out), so no other worker takes it over early
    lease = moment + dt.timedelta(seconds=LEASE_SECONDS + limit * channels.timeout)
    notes = [row["n"] for row in write(CLAIM, driver, now=iso(moment), limit=limit, claim=claim, lease=iso(lease))]
    with channels.session() as session:
        _send_all(session, notes, claim, moment, report, driver)
    return len(notes)


def _send_all(session: ChannelSession, notes: list[dict[str, Any]], claim: str, moment: dt.datetime,
              report: DeliveryReport, driver: Driver | None) -> None:
    down: dict[str, str] = {}  # a channel that failed with a connection error is not tried again this pass
    for note in notes:
        attempts = int(note.get("attempts") or 0) + 1
        target = channel_target(note)
        try:
            if target in down:
                raise OSError(down[target])
            session.send(note)
        except PermanentFailure as exc:
            write(FAILED, driver, id=note["notification_id"], claim=claim, error=str(exc), status="failed",
                  next=None)
            report.failed += 1
            report.errors.append(f"{note['notification_id']}: {exc}")
            continue
        except (OSError, httpx.HTTPError) as exc:  # smtplib's errors are OSErrors
            error = f"{type(exc).__name__}: {exc}"
            if isinstance(exc, CHANNEL_DOWN):
                down[target] = error
            retry_at = moment + dt.timedelta(seconds=backoff_seconds(attempts))
            write(FAILED, driver, id=note["notification_id"], claim=claim, error=error, status="pending",
                  next=iso(retry_at))
            report.retried += 1
            report.errors.append(f"{note['notification_id']}: {error}")
            continue
        write(DONE, driver, id=note["notification_id"], claim=claim, now=iso(moment))
        report.delivered += 1


def channel_target(note: dict[str, Any]) -> str:
    if note["channel"] == "webhook":
        return "webhook:" + httpx.URL(note["recipient"]).host
    return "email"


def run_worker(channels: Channels | None = None, *, poll_seconds: float = 5.0,
               should_stop: Callable[[], bool] = lambda: False, log: Callable[[str], None] = print,
               driver: Driver | None = None) -> None:
    """Deliver forever: one pass, then sleep until the next notification is due (at most `poll_seconds`)."""
    import time

    from neo4j.exceptions import ServiceUnavailable, SessionExpired, TransientError

    from graph.errors import Neo4jUnavailable

    while not should_stop():
        try:
            report = deliver_once(channels, driver=driver)
        except (Neo4jUnavailable, ServiceUnavailable, SessionExpired, TransientError) as exc:
            log(f"the database is not answering ({type(exc).__name__}); trying again in {poll_seconds:g} s")
        else:
            if report.delivered or report.retried or report.failed:
                log(f"delivered {report.delivered}, retry later {report.retried}, failed {report.failed}")
        time.sleep(poll_seconds)


def retry_failed(case_id: str | None = None, driver: Driver | None = None, now: dt.datetime | None = None) -> int:
    """Put failed notifications back in the queue (after fixing an address or a webhook)."""
    rows = write(
        "MATCH (n:Notification {status: 'failed'}) WHERE $case_id IS NULL OR n.case_id = $case_id "
        "SET n.status = 'pending', n.next_attempt_at = $now RETURN count(n) AS c",
        driver, case_id=case_id, now=iso(now),
    )
    return int(rows[0]["c"])


def outbox(driver: Driver | None = None, now: dt.datetime | None = None) -> dict[str, Any]:
    """The backlog: counts per status and channel, the oldest pending one, and the failed ones."""
    counts = read("MATCH (n:Notification) RETURN n.status AS status, n.channel AS channel, count(*) AS c "
                  "ORDER BY status, channel", driver)
    pending = read(
        "MATCH (n:Notification {status: 'pending'}) RETURN min(n.created_at) AS oldest, "
        "count(CASE WHEN n.next_attempt_at <= $now THEN 1 END) AS due, max(n.attempts) AS max_attempts",
        driver, now=iso(now),
    )[0]
    problems = read(
        "MATCH (n:Notification) WHERE n.status = 'failed' OR (n.status = 'pending' AND n.attempts > 0) "
        "RETURN n.notification_id AS notification_id, n.case_id AS case_id, n.status AS status, "
        "n.channel AS channel, n.recipient AS recipient, n.attempts AS attempts, n.last_error AS last_error, "
        "n.next_attempt_at AS next_attempt_at ORDER BY n.created_at LIMIT 50",
        driver,
    )
    by_status: dict[str, int] = {}
    for row in counts:
        by_status[row["status"]] = by_status.get(row["status"], 0) + row["c"]
    return {"by_status": by_status, "by_status_channel": counts, "oldest_pending": pending["oldest"],
            "due_now": pending["due"], "max_attempts": pending["max_attempts"] or 0, "problems": problems}


def webhook_secret(url: str) -> str:
    """The key a webhook's receiver checks our signatures with. Derived from the server's token secret and the
    URL, so it is never stored; changing CHUNGBAEK_TOKEN_SECRET changes every webhook's secret."""
    digest = hmac.new(settings().token_secret, b"webhook:" + url.encode("utf-8"), hashlib.sha256).hexdigest()
    return "whsec_" + digest[:48]


def sign_webhook(secret: str, body: bytes) -> str:
    """`t=<unix time>,v1=<HMAC-SHA256 of "<t>.<body>">`: the receiver recomputes it and checks that t is recent."""
    moment = int(dt.datetime.now(dt.UTC).timestamp())
    mac = hmac.new(secret.encode("utf-8"), f"{moment}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={moment},v1={mac}"


def add_webhook(url: str, gov: str, driver: Driver | None = None) -> str:
    """Register a webhook that receives every notification event of a government (JSON POST)."""
    parsed = httpx.URL(url)
    if parsed.scheme not in ("http", "https") or not parsed.host:
        from cases.errors import InvalidAction

        raise InvalidAction(f"not an http(s) URL: {url!r}")
    webhook_id = "W-" + secrets.token_hex(4)
    write("MERGE (w:Webhook {gov: $gov, url: $url}) ON CREATE SET w.webhook_id = $id, w.created_at = $now "
          "SET w.active = true", driver, gov=gov, url=url, id=webhook_id, now=iso(None))
    return read("MATCH (w:Webhook {gov: $gov, url: $url}) RETURN w.webhook_id AS id", driver, gov=gov, url=url)[0]["id"]


def list_webhooks(gov: str | None = None, driver: Driver | None = None) -> list[dict[str, Any]]:
    return read("MATCH (w:Webhook) WHERE $gov IS NULL OR w.gov = $gov RETURN w.webhook_id AS webhook_id, "
                "w.gov AS gov, w.url AS url, w.active AS active ORDER BY w.webhook_id", driver, gov=gov)


def remove_webhook(webhook_id: str, driver: Driver | None = None) -> bool:
    rows = write("MATCH (w:Webhook {webhook_id: $id}) SET w.active = false RETURN w.webhook_id AS id",
                 driver, id=webhook_id)
    return bool(rows)
