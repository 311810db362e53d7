from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from api.types.case_event import CaseEvent
from api.types.case_status import CaseOperation
from api.types.money import KRW
from api.types.notification import Notification
from api.types.subgraph import Subgraph
from cases.actions import allowed_actions
from cases.notify import escalation_date
from core.settings import settings


@strawberry.type(description="A case: one scenario about one subject, routed to an official, a supervisor and auditors.")
class Case:
    id: str
    gov: str | None
    scenario_id: str
    area: str | None
    severity: str | None
    status: str
    subject_key: str | None
    subject_entity_id: str | None
    subject_name: str | None
    message: str | None
    message_ko: str | None
    amount: KRW | None
    evidence_keys: list[str]
    finding_ids: list[str]
    actions: list[str]
    amount_imposed: KRW | None
    amount_recovered: KRW | None
    excluded_reason: str | None
    first_detected_at: str | None
    opened_at: str | None
    updated_at: str | None
    acted_at: str | None
    official_key: str | None
    official_name: str | None
    official_username: str | None
    supervisor_key: str | None
    supervisor_name: str | None
    routing_note: str | None
    routing_note_ko: str | None
    escalation_level: int | None
    run_id: str | None

    props: strawberry.Private[dict[str, Any]]

    @strawberry.field(description="What you may do to this case now, given its status, your role and jurisdiction.")
    def allowed_actions(self, info: Info) -> list[CaseOperation]:
        return [CaseOperation(kind) for kind in allowed_actions(info.context.require_user(), self.props)]

    @strawberry.field(description="Priority: the severity's rank (low 1 .. critical 4), one more when an anomaly "
                                  "lead sits on the case's entity.")
    def priority(self) -> int | None:
        return self.props.get("priority")

    @strawberry.field(description="When the case escalates to the next head up if nobody acts (ISO date-time); "
                                  "null once acted on, excluded or closed.")
    def escalates_at(self) -> str | None:
        if self.status not in ("open", "acknowledged"):
            return None
        due = escalation_date(self.props, settings().escalation_days)
        return due.isoformat() if due else None

    @strawberry.field(description="The audit trail, oldest first.")
    async def timeline(self, info: Info) -> list[CaseEvent]:
        return [CaseEvent.of(e) for e in await info.context.loaders.events.load(self.id)]

    @strawberry.field(description="Who was told, and whether it arrived.")
    async def notifications(self, info: Info) -> list[Notification]:
        return [Notification.of(n) for n in await info.context.loaders.notifications.load(self.id)]

    @strawberry.field(description="The evidence facts with the records they name and the entities behind them.")
    async def evidence(self, info: Info) -> Subgraph:
        from api.resolvers.evidence import evidence_subgraph

        info.context.audit.add("case_evidence", [self.id, *self.evidence_keys], gov=self.gov)
        return await evidence_subgraph(self.evidence_keys)

    @staticmethod
    def of(c: dict[str, Any]) -> Case:
        return Case(
            id=c["case_id"], gov=c.get("gov"), scenario_id=c.get("scenario_id") or "", area=c.get("area"),
            severity=c.get("severity"), status=c.get("status") or "", subject_key=c.get("subject_key"),
            subject_entity_id=c.get("subject_entity_id"), subject_name=c.get("subject_name"), message=c.get("message"),
            message_ko=c.get("message_ko"),
            amount=c.get("amount"), evidence_keys=list(c.get("evidence_keys") or []),
            finding_ids=list(c.get("finding_ids") or []), actions=list(c.get("actions") or []),
            amount_imposed=c.get("amount_imposed"), amount_recovered=c.get("amount_recovered"),
            excluded_reason=c.get("excluded_reason"), first_detected_at=c.get("first_detected_at"),
            opened_at=c.get("opened_at"), updated_at=c.get("updated_at"), acted_at=c.get("acted_at"),
            official_key=c.get("official_key"), official_name=c.get("official_name"),
            official_username=c.get("official_username"), supervisor_key=c.get("supervisor_key"),
            supervisor_name=c.get("supervisor_name"), routing_note=c.get("routing_note"), routing_note_ko=c.get("routing_note_ko"),
            escalation_level=c.get("escalation_level"), run_id=c.get("run_id"), props=c,
        )
