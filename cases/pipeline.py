"""The case stage of the pipeline in one call: officials become users, findings become cases, and the
notifications go out (what `make demo` runs after the detectors)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from neo4j import Driver

from cases.notify import Channels, deliver_once, outbox
from cases.opening import open_cases_from_findings
from cases.users import users_from_org_chart
from core.settings import settings


def run_case_stage(gov: str | None = None, run_id: str | None = None, *, channels: Channels | None = None,
                   deliver: bool = True, now: dt.datetime | None = None,
                   driver: Driver | None = None) -> dict[str, Any]:
    """Import the org chart's officials as users, open or update the cases of the findings, and deliver
    the outbox once (to settings' SMTP server: the demo's local mailbox). Safe to run again."""
    code = gov or settings().default_government
    made = users_from_org_chart(code, driver)
    report = open_cases_from_findings(run_id=run_id, gov=code, now=now, driver=driver)
    delivered = deliver_once(channels, now=now, driver=driver).to_dict() if deliver else None
    return {"gov": code, "users": len(made), "cases": report.to_dict(), "delivery": delivered,
            "outbox": outbox(driver, now)["by_status"]}
