"""`chungbaek cases ...`, `chungbaek notify deliver` and `chungbaek stats`."""

from __future__ import annotations

import datetime as dt
import getpass
import json
from typing import Any

import click

from cases import actions, escalation, notify, opening, queries, stats
from cases.errors import CaseNotFound
from cases.lifecycle import ACTIONS, STATUSES
from cases.users import User
from core.cli_options import emit, gov_option, json_option

USER_HELP = "Act as this user (default $CHUNGBAEK_USER; without one, the console operator as admin)."


def _actor(username: str | None) -> User | str:
    if username:
        return username
    return User(f"cli:{getpass.getuser()}", role="admin", display_name="console operator")


def _now(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _dump(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@click.group("cases")
def cases_group() -> None:
    """The case queue: cases from findings, routed to the official, their supervisor and an auditor."""


def _notes_summary(notes: list[dict[str, Any]]) -> str:
    parts = []
    for n in notes:
        if n.get("notification_id") is None:
            continue
        mark = {"delivered": "ok", "pending": "..", "failed": "!!"}.get(n["status"], n["status"])
        parts.append(f"{n['role']}:{mark}")
    return " ".join(parts) or "-"


@cases_group.command("list")
@click.option("--status", multiple=True, type=click.Choice(STATUSES), help="Repeatable.")
@gov_option()
@click.option("--scenario", "scenario_id", default=None)
@click.option("--area", default=None)
@click.option("--first", default=50, show_default=True)
@click.option("--after", default=None, help="Cursor printed after the previous page.")
@click.option("--json", "as_json", is_flag=True, help="Cases with official, supervisor, auditors and notifications.")
def list_cmd(status: tuple[str, ...], gov: str | None, scenario_id: str | None, area: str | None, first: int,
             after: str | None, as_json: bool) -> None:
    """List cases, newest first."""
    filters = {k: v for k, v in {"status": list(status) or None, "gov": gov, "scenario_id": scenario_id,
                                 "area": area}.items() if v}
    page = queries.list_cases(filters, first=first, after=after)
    if as_json:
        _dump(page)
        return
    if not page["items"]:
        click.echo("no cases")
        return
    for c in page["items"]:
        click.echo(f"{c['case_id']:<18} {c['status']:<12} {c['scenario_id']:<30} {c.get('amount') or 0:>14,} "
                   f"{(c.get('official_name') or '-')[:12]:<12} {(c.get('supervisor_name') or '-')[:12]:<12} "
                   f"{_notes_summary(c['notifications'])}")
    more = f"; next page: --after {page['end_cursor']}" if page["has_next_page"] else ""
    click.echo(f"{len(page['items'])} of {page['total']} cases{more}")


@cases_group.command("show")
@click.argument("case_id")
@click.option("--json", "as_json", is_flag=True)
def show(case_id: str, as_json: bool) -> None:
    """One case with its audit trail and notifications."""
    case = queries.get_case(case_id)
    if case is None:
        raise CaseNotFound(f"no case {case_id!r}", hint="see: chungbaek cases list")
    if as_json:
        _dump(case)
        return
    click.echo(f"{case['case_id']}  {case['status']}  {case['scenario_id']} ({case.get('area')})  gov {case['gov']}")
    click.echo(f"  subject     {case.get('subject_name') or ''} [{case['subject_key']}]")
    click.echo(f"  amount      {case.get('amount') or 0:,} KRW at stake; imposed {case.get('amount_imposed') or 0:,}; "
               f"recovered {case.get('amount_recovered') or 0:,}")
    click.echo(f"  official    {case.get('official_name') or '-'} <{case.get('official_email') or '-'}> "
               f"[{case.get('official_key') or '-'}]")
    click.echo(f"  supervisor  {case.get('supervisor_name') or '-'} <{case.get('supervisor_email') or '-'}>")
    click.echo(f"  auditors    {', '.join(case.get('auditor_emails') or []) or '-'}")
    if case.get("routing_note"):
        click.echo(f"  routing     {case['routing_note']}")
    click.echo(f"  evidence    {', '.join(case.get('evidence_keys') or [])}")
    click.echo("  audit trail:")
    for e in case["events"]:
        if e.get("seq") is None:
            continue
        extra = f" {e['action']} {e['amount'] or 0:,} KRW" if e.get("action") else ""
        click.echo(f"    {e['at']}  {e['actor']:<14} {e['kind']:<12} {e['from_status']} -> {e['to_status']}"
                   f"{extra}  {e.get('note') or ''}")
    click.echo("  notifications:")
    for n in case["notifications"]:
        if n.get("notification_id") is None:
            continue
        click.echo(f"    {n['notification_id']:<28} {n['reason']:<10} {n['role']:<10} {n['recipient'] or '-':<30} "
                   f"{n['status']} (attempts {n['attempts']}){' ' + n['last_error'] if n.get('last_error') else ''}")


@cases_group.command("act")
@click.argument("case_id")
@click.argument("action", type=click.Choice(ACTIONS))
@click.option("--amount", type=int, default=None, help="KRW (needed for imposed, collected, reimbursed).")
@click.option("--note", default="")
@click.option("--user", "username", envvar="CHUNGBAEK_USER", default=None, help=USER_HELP)
@click.option("--now", default=None, help="ISO time to record (for back-filling).")
@json_option()
def act_cmd(case_id: str, action: str, amount: int | None, note: str, username: str | None, now: str | None,
            as_json: bool) -> None:
    """Record an action: imposed, collected, corrected, reimbursed or referred."""
    case = actions.act(case_id, _actor(username), action, amount, note, now=_now(now))
    emit(as_json, {"case_id": case_id, "action": action, "status": case["status"],
                   "amount_imposed": case.get("amount_imposed"), "amount_recovered": case.get("amount_recovered")},
         f"{case_id}: {action} recorded; now {case['status']} (imposed {case.get('amount_imposed') or 0:,}, "
               f"recovered {case.get('amount_recovered') or 0:,} KRW)")


def _simple(name: str, func: Any, text_arg: str | None, help_text: str) -> click.Command:
    @click.command(name, help=help_text)
    @click.argument("case_id")
    @click.option("--user", "username", envvar="CHUNGBAEK_USER", default=None, help=USER_HELP)
    @click.option("--reason" if text_arg == "reason" else "--note", "text", default="",
                  required=text_arg == "reason")
    @json_option()
    def command(case_id: str, username: str | None, text: str, as_json: bool) -> None:
        case = func(case_id, _actor(username), text)
        emit(as_json, {"case_id": case_id, "status": case["status"]}, f"{case_id}: now {case['status']}")

    return command


cases_group.add_command(_simple("ack", actions.acknowledge, "note", "Acknowledge a case (open -> acknowledged)."))
cases_group.add_command(_simple("exclude", actions.exclude, "reason", "Exclude a case; --reason is required."))
cases_group.add_command(_simple("comment", actions.comment, "note", "Add a comment to the audit trail."))
cases_group.add_command(_simple("close", actions.close, "note", "Close a case that was acted on."))


@cases_group.command("open-from-findings")
@click.option("--run", "run_id", default=None, help="Detector run id (default: the newest run per subject).")
@gov_option()
@click.option("--json", "as_json", is_flag=True)
def open_from_findings(run_id: str | None, gov: str | None, as_json: bool) -> None:
    """Open or update cases from findings; new cases are put in the outbox for their three people."""
    report = opening.open_cases_from_findings(run_id=run_id, gov=gov)
    if as_json:
        _dump(report.to_dict())
        return
    click.echo(f"{report.findings} findings -> {report.cases} cases: {report.opened} opened, {report.updated} "
               f"updated, {report.reopened} reopened, {report.unchanged} unchanged")


@cases_group.command("stage")
@gov_option("Government code (default CHUNGBAEK_GOVERNMENT).")
@click.option("--run", "run_id", default=None, help="Detector run id (default: the newest run per subject).")
@click.option("--deliver/--no-deliver", default=True, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def stage_cmd(gov: str | None, run_id: str | None, deliver: bool, as_json: bool) -> None:
    """The pipeline's case stage: org chart -> users, findings -> cases, one delivery pass."""
    from cases.pipeline import run_case_stage

    result = run_case_stage(gov, run_id, deliver=deliver)
    if as_json:
        _dump(result)
        return
    c = result["cases"]
    click.echo(f"{result['users']} users from the org chart of {result['gov']}; {c['findings']} findings -> "
               f"{c['cases']} cases ({c['opened']} opened, {c['reopened']} reopened, {c['updated']} updated)")
    if result["delivery"]:
        d = result["delivery"]
        click.echo(f"notifications: delivered {d['delivered']}, retry later {d['retried']}, failed {d['failed']}")


@cases_group.command("escalate")
@click.option("--now", default=None, help="ISO time to use as now (default: the clock).")
@click.option("--days", type=int, default=None, help="Days without action (default CHUNGBAEK_ESCALATION_DAYS).")
@gov_option()
@click.option("--json", "as_json", is_flag=True)
def escalate_cmd(now: str | None, days: int | None, gov: str | None, as_json: bool) -> None:
    """Escalate cases without action to the next head up and the auditor (run it daily from cron)."""
    report = escalation.escalate(_now(now), days=days, gov=gov)
    if as_json:
        _dump(report.to_dict())
        return
    click.echo(f"{report.escalated} cases escalated ({report.to_auditor_only} to the auditor only)")


@cases_group.command("outbox")
@click.option("--json", "as_json", is_flag=True)
def outbox_cmd(as_json: bool) -> None:
    """The notification backlog: counts per status, what is due, and what keeps failing."""
    box = notify.outbox()
    if as_json:
        _dump(box)
        return
    counts = ", ".join(f"{k} {v}" for k, v in sorted(box["by_status"].items())) or "empty"
    click.echo(f"notifications: {counts}; due now {box['due_now']}; oldest pending {box['oldest_pending'] or '-'}")
    for p in box["problems"]:
        click.echo(f"  {p['notification_id']:<28} {p['status']:<8} {p['channel']:<8} {p['recipient'] or '-':<30} "
                   f"attempts {p['attempts']}, next {p['next_attempt_at'] or '-'}: {p['last_error']}")


@cases_group.group("webhook")
def webhook_group() -> None:
    """Webhooks that receive every notification event of a government as a JSON POST."""


@webhook_group.command("add")
@click.argument("url")
@gov_option(required=True)
@json_option()
def webhook_add(url: str, gov: str, as_json: bool) -> None:
    """Register URL; prints its id, then the secret its receiver checks X-ChungBaek-Signature with
    (HMAC-SHA256 of '<t>.<body>', see docs/cases.md)."""
    webhook_id, secret = notify.add_webhook(url, gov), notify.webhook_secret(url)
    emit(as_json, {"webhook_id": webhook_id, "gov": gov, "url": url, "secret": secret}, f"{webhook_id}\n{secret}")


@webhook_group.command("list")
@json_option()
def webhook_list(as_json: bool) -> None:
    """The registered webhooks (removed ones too)."""
    hooks = notify.list_webhooks()
    if as_json:
        _dump(hooks)
        return
    for w in hooks:
        click.echo(f"{w['webhook_id']}  {w['gov']}  {'active' if w['active'] else 'removed'}  {w['url']}")


@webhook_group.command("remove")
@click.argument("webhook_id")
@json_option()
def webhook_remove(webhook_id: str, as_json: bool) -> None:
    """Stop sending to a webhook (kept, marked removed, for the audit trail)."""
    removed = notify.remove_webhook(webhook_id)
    emit(as_json, {"webhook_id": webhook_id, "removed": removed}, "removed" if removed else f"no webhook {webhook_id}")


@click.group("notify")
def notify_group() -> None:
    """Deliver the notification outbox (e-mail over SMTP, webhooks)."""


@notify_group.command("deliver")
@click.option("--once", is_flag=True, help="One pass over what is due, then exit (for cron and the pipeline).")
@click.option("--poll", default=5.0, show_default=True, help="Seconds between passes when running on.")
@click.option("--json", "as_json", is_flag=True)
def deliver(once: bool, poll: float, as_json: bool) -> None:
    """Send due notifications; failures are retried later with backoff, never dropped."""
    if once:
        report = notify.deliver_once()
        if as_json:
            _dump(report.to_dict())
        else:
            click.echo(f"delivered {report.delivered}, retry later {report.retried}, failed {report.failed}")
            for error in report.errors[:5]:
                click.echo(f"  {error}", err=True)
        return
    notify.run_worker(poll_seconds=poll, log=click.echo)


@notify_group.command("retry")
@click.option("--case", "case_id", default=None)
@json_option()
def retry(case_id: str | None, as_json: bool) -> None:
    """Put failed notifications back in the queue (after fixing an address or a webhook)."""
    n = notify.retry_failed(case_id)
    emit(as_json, {"queued_again": n}, f"{n} notifications queued again")


@click.command("stats")
@gov_option()
@click.option("--by", "dimension", type=click.Choice(stats.DIMENSIONS), default=None,
              help="Only this breakdown (default all).")
@click.option("--json", "as_json", is_flag=True)
def stats_cmd(gov: str | None, dimension: str | None, as_json: bool) -> None:
    """Cases opened, acted on, excluded, KRW imposed and recovered; the internal-control indexes."""
    data = stats.case_stats(gov)
    if as_json:
        _dump(data)
        return
    header = f"{'':<32}{'opened':>8}{'acted':>8}{'excl.':>8}{'imposed KRW':>16}{'recovered KRW':>16}"
    for dim in [dimension] if dimension else stats.DIMENSIONS:
        click.echo(f"by {dim}")
        click.echo(header)
        for value, m in data["by"][dim].items():
            click.echo(f"  {value[:30]:<30}{m['opened']:>8}{m['acted_on']:>8}{m['excluded']:>8}"
                       f"{m['imposed_krw']:>16,}{m['recovered_krw']:>16,}")
        click.echo("")
    t = data["totals"]
    click.echo(f"  {'total':<30}{t['opened']:>8}{t['acted_on']:>8}{t['excluded']:>8}{t['imposed_krw']:>16,}"
               f"{t['recovered_krw']:>16,}\n")
    click.echo("internal-control indexes")
    click.echo(f"  {'gov':<8}{'cases':>7}{'acted<1mo':>11}{'monitoring':>12}{'privileges':>12}{'usage':>8}")
    for code, ix in data["indexes"].items():
        click.echo(f"  {code:<8}{ix['cases']:>7}{ix['acted_within_month']:>11.1%}{ix['monitoring_output']:>12.1%}"
                   f"{ix['privilege_setup']:>12.1%}{ix['usage']:>8.1%}")
    backlog = ", ".join(f"{k} {v}" for k, v in sorted(data["notifications"].items())) or "none"
    click.echo(f"\nnotifications: {backlog} (details: chungbaek cases outbox)")


COMMANDS = [cases_group, notify_group, stats_cmd]
