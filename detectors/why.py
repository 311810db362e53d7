"""`chungbaek scenarios why`: a scenario's conditions run one by one for one subject, to say which let it go.

Works for every scenario without per-scenario code: the query is split at its top-level clauses (MATCH,
OPTIONAL MATCH, UNWIND, CALL, OPTIONAL CALL, WITH, RETURN) and each WHERE into its top-level AND conditions. Step k runs
the query up to its k-th condition and counts the rows that still concern the subject: a row concerns it
when a node bound so far is the subject's node, or touches it through a relationship type the scenario
itself reads. The first step left with no such row is the condition that let the subject go; the last
step counts the findings whose subject it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver

from core.connection import execute
from core.errors import ChungBaekError
from detectors.scenario import Scenario

CLAUSES = ("OPTIONAL MATCH", "OPTIONAL CALL", "MATCH", "UNWIND", "CALL", "WITH", "WHERE", "RETURN")
WORD = re.compile(r"[A-Za-z_]")
SUBJECT = "__why_subject"
REL_TYPES = re.compile(r"\[\s*[A-Za-z_]*\s*:\s*([A-Z_][A-Z0-9_|:]*)")
# a pattern's node, not a function's argument: date(day) and toString(x) bind nothing
NODE_VAR = re.compile(r"(?<![A-Za-z0-9_])\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*[:{)]")
FIND_SUBJECT = """
CALL () {
  MATCH (s:Record {system: $system, source_key: $key}) RETURN s
  UNION
  MATCH (s:Fact {system: $system, source_key: $key}) RETURN s
}
RETURN elementId(s) AS id, s.gov AS gov, labels(s) AS labels LIMIT 1
"""


class WhyError(ChungBaekError):
    """The scenario or the subject asked about is unknown."""


@dataclass
class Step:
    n: int
    kind: str  # the clause (MATCH, WHERE ...) or AND for a further condition of a WHERE
    text: str
    prefix: str  # the query up to and including this step
    scope: list[str] = field(default_factory=list)  # the variables bound after it
    nodes: list[str] = field(default_factory=list)  # those of them a pattern binds, so they can be nodes
    rows: int | None = None


def _word_at(text: str, i: int, word: str) -> bool:
    end = i + len(word)
    return (text[i:end].upper() == word and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_.$"))
            and (end >= len(text) or not (text[end].isalnum() or text[end] == "_")))


def _scan(text: str) -> list[tuple[int, str]]:
    """(position, character) of every character at depth 0, outside strings and comments."""
    out, depth, i, quote = [], 0, 0, ""
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 2
                continue
            if c == quote:
                quote = ""
        elif c in "'\"`":
            quote = c
        elif text.startswith("//", i):
            i = text.find("\n", i) if "\n" in text[i:] else len(text)
            continue
        elif c in "([{" or _word_at(text, i, "CASE"):
            depth += 1
        elif c in ")]}" or _word_at(text, i, "END"):
            # CASE ... END nests like a bracket: its WHEN conditions' ANDs belong to the expression.
            depth -= 1
        elif depth == 0:
            out.append((i, c))
        i += 1
    return out


def _keywords(text: str, words: tuple[str, ...]) -> list[tuple[int, str]]:
    """Where each of the words starts at depth 0 (whole words, any case)."""
    top = {i for i, _ in _scan(text)}
    hits = []
    i = 0
    upper = text.upper()
    while i < len(text):
        if i in top and (i == 0 or not WORD.match(text[i - 1]) and not text[i - 1].isdigit()):
            for w in words:
                end = i + len(w)
                if upper.startswith(w, i) and (end >= len(text) or not (WORD.match(text[end]) or text[end].isdigit())):
                    after_starts = w == "WITH" and re.search(r"\b(STARTS|ENDS)\s+$", upper[:i])
                    if all(j in top for j in range(i, end)) and not after_starts:
                        hits.append((i, w))
                        i = end - 1
                        break
        i += 1
    return hits


def _split(text: str, word: str) -> list[str]:
    cuts = [i for i, _ in _keywords(text, (word,))]
    parts, start = [], 0
    for cut in cuts:
        parts.append(text[start:cut])
        start = cut + len(word)
    parts.append(text[start:])
    return [p.strip() for p in parts]


def _commas(text: str) -> list[str]:
    cuts = [i for i, c in _scan(text) if c == ","]
    parts, start = [], 0
    for cut in cuts:
        parts.append(text[start:cut])
        start = cut + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _projected(items: str, scope: list[str]) -> list[str]:
    """The names a WITH or RETURN item list binds."""
    head = items
    for stop in _keywords(items, ("ORDER BY", "SKIP", "LIMIT")):
        head = items[:stop[0]]
        break
    names: list[str] = []
    for item in _commas(re.sub(r"^\s*DISTINCT\s+", "", head, flags=re.IGNORECASE)):
        if item == "*":
            names += scope
            continue
        alias = _keywords(item, ("AS",))
        name = item[alias[-1][0] + 2:].strip() if alias else item
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            names.append(name)
    return list(dict.fromkeys(names))


def _scope_after(kind: str, body: str, scope: list[str]) -> list[str]:
    if kind in ("MATCH", "OPTIONAL MATCH"):
        return list(dict.fromkeys(scope + NODE_VAR.findall(body)))
    if kind == "WITH":
        return _projected(body, scope)
    if kind == "UNWIND":
        alias = _keywords(body, ("AS",))
        return scope + [body[alias[-1][0] + 2:].strip()] if alias else scope
    if kind in ("CALL", "OPTIONAL CALL"):
        inner = body[body.find("{") + 1:body.rfind("}")] if "{" in body else ""
        returns = _keywords(inner, ("RETURN",))
        return list(dict.fromkeys(scope + (_projected(inner[returns[-1][0] + 6:], []) if returns else [])))
    return scope


def steps(query: str) -> list[Step]:
    """The query as cumulative steps: each clause, and each top-level AND condition of a WHERE."""
    text = query.strip()
    marks = _keywords(text, CLAUSES)
    clauses = [(w, text[i + len(w):(marks[k + 1][0] if k + 1 < len(marks) else len(text))].strip())
               for k, (i, w) in enumerate(marks)]
    out: list[Step] = []
    done, scope = "", []
    for kind, body in clauses:
        if kind == "WHERE":
            has_or = any(w in ("OR", "XOR") for _, w in _keywords(body, ("OR", "XOR")))
            conditions = [body] if has_or else _split(body, "AND")
            for j, cond in enumerate(conditions):
                so_far = " AND ".join(conditions[:j + 1])
                out.append(Step(len(out) + 1, "WHERE" if j == 0 else "AND", cond,
                                f"{done}\nWHERE {so_far}", list(scope)))
            done = f"{done}\nWHERE {' AND '.join(conditions)}"
            continue
        done = f"{done}\n{kind} {body}".strip()
        scope = _scope_after(kind, body, scope)
        out.append(Step(len(out) + 1, kind, body, done, list(scope)))
    in_patterns = set(NODE_VAR.findall(text))
    for step in out:
        step.nodes = [v for v in step.scope if v in in_patterns]
    return out


def _count_query(step: Step, rel_types: list[str]) -> str:
    nodes = ", ".join(step.nodes)
    near = (f" OR EXISTS {{ MATCH (x)-[:{'|'.join(rel_types)}]-(s) WHERE elementId(s) = ${SUBJECT} }}"
            if rel_types else "")
    return (f"{step.prefix}\nWITH * WHERE any(x IN [{nodes}] WHERE CASE WHEN valueType(x) STARTS WITH 'NODE' "
            f"THEN elementId(x) = ${SUBJECT}{near} ELSE false END)\nRETURN count(*) AS rows")


def why(driver: Driver, scenario: Scenario, subject: str, gov: str, values: dict[str, Any]) -> dict[str, Any]:
    """Run the scenario step by step for one subject (`system:source_key`); `values` are its parameters
    with the runner's $gov, $since and $as_of."""
    system, sep, key = subject.partition(":")
    if not sep or not system or not key:
        raise WhyError(f"subject {subject!r} is not system:source_key",
                       hint="e.g. --subject saeol:41281-LIC-000123 (the key a finding or the explorer shows)")
    rows, _, _ = execute(driver, FIND_SUBJECT, system=system, key=key)
    if not rows:
        raise WhyError(f"no record or fact {subject} is in the graph (government {gov})",
                       hint="check the system and key; `chungbaek explain` and the explorer show record keys")
    if rows[0]["gov"] not in (None, gov):
        raise WhyError(f"{subject} belongs to government {rows[0]['gov']}, not {gov}",
                       hint=f"ask with --gov {rows[0]['gov']}")
    params = {**values, SUBJECT: rows[0]["id"]}
    rel_types = sorted({t for m in REL_TYPES.findall(scenario.query) for t in re.split(r"[|:]", m) if t})
    plan = steps(scenario.query)
    stopped: Step | None = None
    for step in plan[:-1]:
        if not step.nodes:  # nothing yet to tie to the subject (a CALL computing a date, say)
            continue
        result, _, _ = execute(driver, _count_query(step, rel_types), params)
        step.rows = result[0]["rows"]
        if step.rows == 0:
            stopped = step
            break
    last = plan[-1]
    if stopped is None:
        column = scenario.result["subject"]
        result, _, _ = execute(driver,
            f"CALL () {{\n{scenario.query}\n}}\nWITH * WHERE {column} = $__why_key\nRETURN count(*) AS rows",
            {**params, "__why_key": subject})
        last.rows = result[0]["rows"]
    verdict = "stopped" if stopped else "found" if last.rows else "other_subject"
    return {"scenario_id": scenario.id, "title_ko": scenario.title_ko, "title_en": scenario.title_en,
            "subject": subject, "gov": gov, "as_of": values.get("as_of"), "verdict": verdict,
            "stopped_at": stopped.n if stopped else None,
            "steps": [{"n": s.n, "kind": s.kind, "condition": " ".join(s.text.split()), "rows": s.rows}
                      for s in plan],
            "ko": _say_ko(verdict, stopped, last), "en": _say_en(verdict, stopped, last)}


def _short(step: Step) -> str:
    text = " ".join(step.text.split())
    return f"{step.kind} {text[:160]}{'…' if len(text) > 160 else ''}"


def _say_ko(verdict: str, stopped: Step | None, last: Step) -> str:
    if verdict == "found":
        return f"이 대상은 이 시나리오에서 적발됩니다 (발견 {last.rows}건)."
    if stopped is not None:
        return f"{stopped.n}단계 조건에서 이 대상과 관련된 행이 모두 빠졌습니다: {_short(stopped)}"
    return "모든 조건에 이 대상과 관련된 행이 남지만, 시나리오는 다른 대상(예: 허가·계좌의 다른 보유자)을 지목합니다."


def _say_en(verdict: str, stopped: Step | None, last: Step) -> str:
    if verdict == "found":
        return f"This subject is found by the scenario ({last.rows} findings)."
    if stopped is not None:
        return f"Step {stopped.n} let every row about this subject go: {_short(stopped)}"
    return ("Rows about this subject pass every condition, but the scenario names another subject "
            "(e.g. another holder of the permit or account).")


def render(report: dict[str, Any]) -> str:
    lines = [f"{report['scenario_id']} {report['title_ko']} ({report['title_en']})",
             f"대상 subject {report['subject']}  정부 gov {report['gov']}  기준일 as of {report['as_of']}"]
    for s in report["steps"]:
        rows = "-" if s["rows"] is None else f"{s['rows']:,}"
        cond = s["condition"] if len(s["condition"]) <= 90 else s["condition"][:89] + "…"
        lines.append(f"  {s['n']:>2} {rows:>7}  {s['kind']} {cond}")
    lines += [report["ko"], report["en"]]
    return "\n".join(lines)
