"""Scenario files: one YAML file per preventive scenario, validated when loaded.

A scenario is data (see docs/detectors.md): id, titles, area, systems, severity, description, typed
parameters with defaults, a Cypher query using `$parameters` only (plus the runner's `$gov`, `$since` and
`$as_of`) and the result contract naming the columns that carry subject, official, amount and evidence.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from neo4j import Driver

from core.errors import ChungBaekError
from core.settings import settings
from detectors.parameters import Parameter, ParameterError, coerce, parse_parameter
from graph.vocabulary import vocabulary

__all__ = ["Parameter", "ParameterError", "Scenario", "ScenarioError", "coerce", "explain", "load_catalog",
           "parse_scenario"]

SCENARIO_DIR = Path(__file__).resolve().parent / "scenarios"
AREAS = vocabulary().areas
SYSTEMS = (*vocabulary().system_ids, "linkage")  # linkage: a scenario may read SAME_AS and entities
SEVERITIES = ("low", "medium", "high", "critical")
RUNTIME_PARAMS = ("gov", "since", "as_of")
TOP_KEYS = {"id", "title", "area", "systems", "severity", "description", "parameters", "query", "result"}
REQUIRED_TOP = TOP_KEYS - {"parameters", "result"}
RESULT_KEYS = {"subject", "subject_name", "official", "amount", "evidence", "message", "message_ko"}
MESSAGES = ("message", "message_ko")  # English, Korean: templates over the query's columns
# The result contract when a file leaves it (or some of it) out: the columns every scenario returns by
# convention; subject_name and official only when the query returns them.
DEFAULT_RESULT = {"subject": "subject_key", "amount": "amount", "evidence": "evidence_keys"}
OPTIONAL_RESULT = {"subject_name": "subject_name", "official": "official_key"}
PARAM_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
ID_RE = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")


class ScenarioError(ChungBaekError):
    """A scenario file is not valid; the message names the file."""


@dataclass(frozen=True)
class Scenario:
    id: str
    title_en: str
    title_ko: str
    area: str
    systems: tuple[str, ...]
    severity: str
    description: str
    parameters: dict[str, Parameter]
    query: str
    result: dict[str, str]
    path: Path
    sha256: str
    extra: dict[str, Any] = field(default_factory=dict)

    def bind(self, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
        """Defaults overlaid with typed, bounded overrides (unknown names are ignored here; the runner checks)."""
        values = {name: p.default for name, p in self.parameters.items()}
        for name, value in (overrides or {}).items():
            if name in self.parameters:
                try:
                    values[name] = self.parameters[name].read(value)
                except ParameterError as exc:
                    raise ParameterError(f"{self.id} ({self.path.name}): {exc.message}") from None
        # every value was read (checked) above or when the catalog loaded: only its query form is left
        return {name: self.parameters[name].query_value(v) for name, v in values.items()}

    def message(self, row: dict[str, Any], lang: str = "en") -> str:
        """The finding's sentence in `lang` ("ko" or "en"), its fields filled from the row."""
        template = self.result.get("message_ko" if lang == "ko" else "message", "")
        for attempt in (template, re.sub(r"\{(\w+)[:!][^}]*\}", r"{\1}", template)):
            try:  # a field a format spec cannot take (a missing or text amount for {amount:,}) is shown plain
                return attempt.format_map(_Missing({k: v for k, v in row.items() if v is not None}))
            except (ValueError, IndexError, TypeError):
                continue
        return template


class _Missing(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "?"


def _fail(path: Path, why: str) -> ScenarioError:
    return ScenarioError(f"{path.name}: {why}")


def parse_scenario(path: Path) -> Scenario:
    """Read and check one scenario file (everything but the Cypher compilation)."""
    try:
        raw = path.read_bytes()
        data = yaml.safe_load(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise _fail(path, f"cannot be read as YAML: {exc}") from None
    if not isinstance(data, dict):
        raise _fail(path, "is not a mapping of scenario fields")
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise _fail(path, f"unknown keys {', '.join(sorted(map(str, unknown)))}")
    missing = REQUIRED_TOP - set(data)
    if missing:
        raise _fail(path, f"missing keys {', '.join(sorted(missing))}")
    sid = str(data["id"])
    if not ID_RE.match(sid):
        raise _fail(path, f"id {sid!r} is not like TAX-ACQ-USE-APPROVAL")
    title = data["title"]
    if not isinstance(title, dict) or set(title) != {"en", "ko"}:
        raise _fail(path, "title needs exactly `en` and `ko`")
    if data["area"] not in AREAS:
        raise _fail(path, f"area {data['area']!r} is not one of {', '.join(AREAS)}")
    systems = data["systems"]
    if not isinstance(systems, list) or not systems or any(s not in SYSTEMS for s in systems):
        raise _fail(path, f"systems must be a list of {', '.join(SYSTEMS)}")
    if data["severity"] not in SEVERITIES:
        raise _fail(path, f"severity {data['severity']!r} is not one of {', '.join(SEVERITIES)}")
    params: dict[str, Parameter] = {}
    declared = data.get("parameters") or {}
    if not isinstance(declared, dict):
        raise _fail(path, "parameters must be a mapping of name: {type, value}")
    for name, spec in declared.items():
        if name in RUNTIME_PARAMS:
            raise _fail(path, f"parameter {name} is set by the runner and cannot be declared")
        try:
            params[str(name)] = parse_parameter(str(name), spec)
        except ParameterError as exc:
            raise _fail(path, exc.message) from None
    query = data["query"]
    if not isinstance(query, str) or not query.strip():
        raise _fail(path, "query is empty")
    used = set(PARAM_RE.findall(query))
    undeclared = used - set(params) - set(RUNTIME_PARAMS)
    if undeclared:
        raise _fail(path, f"query uses undeclared parameters {', '.join(sorted('$' + u for u in undeclared))}")
    unused = set(params) - used
    if unused:
        raise _fail(path, f"declared parameters not used by the query: {', '.join(sorted(unused))}")
    result = data.get("result") or {}
    if not isinstance(result, dict):
        raise _fail(path, "result must be a mapping")
    result = {**DEFAULT_RESULT, **{k: v for k, v in OPTIONAL_RESULT.items()
                                   if re.search(rf"\bAS\s+{v}\b", query, re.IGNORECASE)},
              "message": str(title["en"]), "message_ko": str(title["ko"]), **result}
    bad = set(result) - RESULT_KEYS
    if bad:
        raise _fail(path, f"result: unknown keys {', '.join(sorted(bad))}")
    need = RESULT_KEYS - {"subject_name", "official", "message_ko"}
    if need - set(result):
        raise _fail(path, f"result: missing {', '.join(sorted(need - set(result)))}")
    return Scenario(
        id=sid, title_en=str(title["en"]), title_ko=str(title["ko"]), area=data["area"], systems=tuple(systems),
        severity=data["severity"], description=str(data["description"]).strip(), parameters=params,
        query=query, result={k: str(v) for k, v in result.items()}, path=path,
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def explain(scenario: Scenario, driver: Driver) -> None:
    """Compile the query with EXPLAIN; check it returns the columns the result contract names."""
    params: dict[str, Any] = {name: p.default for name, p in scenario.parameters.items()}
    params.update(gov="00000", since="1900-01-01", as_of="2100-01-01")
    from neo4j.exceptions import Neo4jError

    try:
        with driver.session() as session:
            result = session.run("EXPLAIN " + scenario.query, params)
            keys = set(result.keys())
            result.consume()
    except Neo4jError as exc:
        raise _fail(scenario.path, f"the query does not compile: {exc.message}") from None
    columns = {v for k, v in scenario.result.items() if k not in MESSAGES}
    missing = columns - keys
    if missing:
        raise _fail(scenario.path, f"the query returns no column {', '.join(sorted(missing))}")
    fields = {f for m in MESSAGES for f in re.findall(r"\{([A-Za-z_][A-Za-z0-9_]*)", scenario.result.get(m, ""))}
    absent = set(fields) - keys
    if absent:
        raise _fail(scenario.path, f"the message names columns the query does not return: {', '.join(sorted(absent))}")


def load_catalog(directory: Path | None = None, driver: Driver | None = None) -> list[Scenario]:
    """Every scenario file of the directory (default: CHUNGBAEK_SCENARIO_DIR, else the packaged catalog),
    checked (and compiled when a driver is given)."""
    directory = directory or settings().scenario_dir or SCENARIO_DIR
    scenarios: list[Scenario] = []
    seen: dict[str, Path] = {}
    for path in sorted(directory.glob("*.yaml")):
        scenario = parse_scenario(path)
        if scenario.id in seen:
            raise _fail(path, f"id {scenario.id} is already used by {seen[scenario.id].name}")
        seen[scenario.id] = path
        if driver is not None:
            explain(scenario, driver)
        scenarios.append(scenario)
    return scenarios
