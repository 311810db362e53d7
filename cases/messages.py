"""The texts people read about a case (mail subjects and bodies), Korean first with English below, and the
Korean conventions for dates and won amounts. Messages live here, not inline in the code that sends them."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from urllib.parse import quote

from detectors.scenario import load_catalog

LANGS = ("ko", "en")

MESSAGES: dict[str, dict[str, str]] = {
    "subject": {
        "ko": "[청백] {title_ko} · {amount_ko} · {subject}",
        "en": "[ChungBaek] {title_en} · {amount_en} · {subject}",
    },
    "reason.opened": {
        "ko": "새 사건이 열렸습니다: '{title_ko}' 규칙이 {subject}에 대해 {amount_ko} 규모의 의심 사항을 찾았습니다.",
        "en": "A new case was opened: the rule '{title_en}' found a suspected issue of {amount_en} concerning {subject}.",
    },
    "reason.reopened": {
        "ko": "증거가 바뀌어 사건이 다시 열렸습니다: '{title_ko}' 규칙이 {subject}에 대해 {amount_ko} 규모의 의심 사항을 "
              "다시 찾았습니다.",
        "en": "A case was reopened because its evidence changed: the rule '{title_en}' again found a suspected "
              "issue of {amount_en} concerning {subject}.",
    },
    "reason.escalated": {
        "ko": "조치 없이 기한이 지나 사건이 귀하에게 이관되었습니다: '{title_ko}' 규칙, {subject}, {amount_ko}.",
        "en": "A case had no action in time and is escalated to you: the rule '{title_en}', {subject}, {amount_en}.",
    },
    "link": {"ko": "사건 보기: {url}", "en": "Open the case: {url}"},
    "escalation": {
        "ko": "{date_ko}까지 조치가 없으면 상급자에게 이관됩니다.",
        "en": "Without action by {date_en} it is escalated to the next level.",
    },
    "details": {
        "ko": "사건 {case_id} · 규칙 {scenario_id} · 대상 {subject_key}",
        "en": "Case {case_id} · rule {scenario_id} · subject {subject_key}",
    },
    "role": {
        "ko": "귀하는 {role_ko} 자격으로 이 메일을 받습니다. 담당자({official}), 감독자({supervisor}), 감사관에게 함께 "
              "알렸습니다.",
        "en": "You receive this as the {role_en}. The responsible official ({official}), the supervisor "
              "({supervisor}) and the auditor are told at the same time.",
    },
    "routing": {"ko": "배정 참고: {note}", "en": "Routing: {note}"},
    # what routing had to decide (cases/routing.py), kept on the case in both languages
    "routing.no_unit": {"ko": "담당 공무원의 소속 부서가 조직도에 없음", "en": "the official has no unit in the org chart"},
    "routing.not_in_hr": {"ko": "담당 공무원 {official}이(가) 인사 기록에 없음",
                          "en": "official {official} is not in the HR records"},
    "routing.no_official": {"ko": "발견 사항에 담당 공무원이 없음", "en": "the finding names no responsible official"},
    "routing.area_unit": {"ko": "상급자는 {area_ko} 담당 부서에서 정함",
                          "en": "supervisor taken from the unit responsible for {area_en}"},
    "routing.vacant_head": {"ko": "부서장이 공석: 그 위 부서장에게 배정", "en": "the unit's head is vacant: next head up"},
    "routing.official_heads": {"ko": "담당 공무원이 부서장: 그 위 부서장에게 배정",
                               "en": "the official heads the unit: next head up"},
    "routing.no_supervisor": {"ko": "조직도에 상급자가 없음: 감사관만이 두 번째 확인자",
                              "en": "no supervisor found in the org chart: the auditor is the only second pair of eyes"},
}

ROLES = {
    "official": {"ko": "담당자", "en": "responsible official"},
    "supervisor": {"ko": "감독자", "en": "supervisor"},
    "auditor": {"ko": "감사관", "en": "auditor"},
}
UNKNOWN = {"ko": "미상", "en": "unknown"}
NO_SUPERVISOR = {"ko": "없음", "en": "none found"}


def text(key: str, lang: str, **values: object) -> str:
    return MESSAGES[key][lang].format(**values)


def won(amount: int | float | None) -> str:
    """1250000 -> '1,250,000원'."""
    return f"{int(amount or 0):,}원"


def krw(amount: int | float | None) -> str:
    return f"{int(amount or 0):,} KRW"


def korean_date(day: dt.date | dt.datetime) -> str:
    """2026-03-01 -> '2026. 3. 1.' (the way Korean documents write dates)."""
    return f"{day.year}. {day.month}. {day.day}."


def english_date(day: dt.date | dt.datetime) -> str:
    return f"{day.day} {day.strftime('%b')} {day.year}"


@cache
def _titles(directory: Path | None) -> dict[str, tuple[str, str]]:
    from detectors.anomaly import DETECTORS

    return {**{d.scenario_id: (d.title_ko, d.title) for d in DETECTORS},
            **{s.id: (s.title_ko, s.title_en) for s in load_catalog(directory)}}


def scenario_titles(scenario_id: str | None, directory: Path | None = None) -> tuple[str, str]:
    """(Korean, English) title of a scenario from its file; the id itself for one not in the catalog
    (a scenario since removed), so a mail is never left without a name; an anomaly detector's title comes
    from detectors/anomaly/settings.yaml."""
    sid = scenario_id or ""
    return _titles(directory).get(sid, (sid, sid))


def case_url(public_url: str, case_id: str) -> str:
    return f"{public_url.rstrip('/')}/explorer/case?id={quote(case_id)}"
