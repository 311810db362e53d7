"""Helpers of the case tests: a small org chart, findings written as INTERFACES §4 describes them, and real SMTP / HTTP servers.

Org chart of government 41110 (heads in brackets):

    ROOT  mayor's office      [mayor   P-MAYOR]
     └ FIN finance bureau     [director P-DIR]
        ├ TAX tax division    [head    P-HEAD]   area local_tax   officials P-O1 (and P-HEAD)
        └ WEL welfare division  (vacant)         area welfare     official  P-O2
    P-O3 is employed but has no unit; P-OLD retired.
"""

from __future__ import annotations

import datetime as dt
import random
import socket
from dataclasses import dataclass, field
from email import message_from_bytes
from http.server import ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

from graph.writer import GraphWriter

GOV = "41110"
T0 = dt.datetime(2026, 3, 2, 9, 0, 0)
PEOPLE = {  # key -> (name, employee_no, unit, retired_on)
    "P-MAYOR": ("김시장", "E001", "ROOT", None),
    "P-DIR": ("이국장", "E002", "FIN", None),
    "P-HEAD": ("박과장", "E003", "TAX", None),
    "P-O1": ("최주무", "E010", "TAX", None),
    "P-O2": ("정복지", "E011", "WEL", None),
    "P-O3": ("한무소", "E012", None, None),
    "P-OLD": ("오퇴직", "E013", "TAX", "2020-01-31"),
}
UNITS = {  # code -> (name, parent, head, area)
    "ROOT": ("시장실", None, "P-MAYOR", None),
    "FIN": ("재정국", "ROOT", "P-DIR", None),
    "TAX": ("세정과", "FIN", "P-HEAD", "local_tax"),
    "WEL": ("복지과", "FIN", None, "welfare"),
}


def hr(key: str) -> str:
    return f"local_hr:{GOV}-HR-{key}"


def _rk(key: str) -> dict[str, str]:
    return {"system": "local_hr", "source_key": f"{GOV}-HR-{key}"}


def build_org_chart(driver: Any) -> None:
    w = GraphWriter(driver)
    w.merge_nodes("PersonRecord", [{**_rk(k), "gov": GOV, "name": v[0], "role": "official"}
                                   for k, v in PEOPLE.items()])
    w.merge_nodes("Employment", [
        {**_rk("EMP-" + k), "gov": GOV, "employee_no": v[1], "user_id": v[1].lower(),
         "email": f"{v[1].lower()}@gov.example", "date": "2015-03-01", "retired_on": v[3]}
        for k, v in PEOPLE.items()
    ])
    w.merge_nodes("OrgUnit", [{**_rk("UNIT-" + c), "gov": GOV, "unit_code": c, "name": v[0], "area": v[3]}
                              for c, v in UNITS.items()])
    w.merge_relationships("EMPLOYEE", "Employment", "PersonRecord",
                          [{"start": _rk("EMP-" + k), "end": _rk(k)} for k in PEOPLE])
    w.merge_relationships("IN_UNIT", "Employment", "OrgUnit",
                          [{"start": _rk("EMP-" + k), "end": _rk("UNIT-" + v[2])} for k, v in PEOPLE.items() if v[2]])
    w.merge_relationships("PART_OF", "OrgUnit", "OrgUnit",
                          [{"start": _rk("UNIT-" + c), "end": _rk("UNIT-" + v[1])} for c, v in UNITS.items() if v[1]])
    w.merge_relationships("HEADED_BY", "OrgUnit", "PersonRecord",
                          [{"start": _rk("UNIT-" + c), "end": _rk(v[2])} for c, v in UNITS.items() if v[2]])


ADD_FINDING = """
MERGE (r:DetectorRun {run_id: $run_id}) ON CREATE SET r.gov = $gov, r.started_at = $created_at, r.status = 'finished'
MERGE (f:Finding {finding_id: $finding_id})
SET f += $props
MERGE (f)-[:IN_RUN]->(r)
"""


def add_finding(driver: Any, finding_id: str, *, scenario_id: str = "TAX-ACQ-USE-APPROVAL", area: str = "local_tax",
                subject_key: str = "construction:41110-CO-1", official: str | None = "P-O1", amount: int = 1_000_000,
                evidence: tuple[str, ...] = ("construction:41110-UA-1",), run_id: str = "run-1",
                created_at: str = "2026-03-01T02:00:00", gov: str = GOV) -> None:
    props = {
        "finding_id": finding_id, "run_id": run_id, "scenario_id": scenario_id, "area": area, "severity": "high",
        "gov": gov, "subject_key": subject_key, "subject_entity_id": None, "subject_name": "주식회사 한빛",
        "official_key": hr(official) if official else None, "amount": amount,
        "message": f"{scenario_id} on {subject_key}", "evidence_keys": list(evidence), "score": 1.0,
        "features": "{}", "created_at": created_at,
    }
    driver.execute_query(ADD_FINDING, run_id=run_id, gov=gov, created_at=created_at, finding_id=finding_id,
                         props=props)


_handed_out: set[int] = set()


def free_port() -> int:
    """A free loopback port in 18025-18099, never the same twice in a run (a server may start later)."""
    if len(_handed_out) > 60:
        _handed_out.clear()
    ports = [p for p in range(18025, 18100) if p not in _handed_out]
    random.shuffle(ports)
    for port in ports:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
    raise RuntimeError("no free port in 18025-18099")


@dataclass
class Inbox:
    """What a real SMTP server on loopback received."""

    messages: list[Any] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        msg = message_from_bytes(envelope.content)
        self.messages.append({"to": list(envelope.rcpt_tos), "message_id": msg["Message-ID"],
                              "subject": msg["Subject"], "role": msg["X-ChungBaek-Role"],
                              "case": msg["X-ChungBaek-Case"], "body": msg.get_payload(decode=True).decode()})
        return "250 OK"


@dataclass
class SmtpServer:
    port: int
    inbox: Inbox
    controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None


@dataclass
class WebhookServer:
    url: str
    received: list[dict[str, Any]]
    failures_left: list[int]  # answer 503 while this is > 0
    httpd: ThreadingHTTPServer


