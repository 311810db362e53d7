"""`link_all`: resolve the records in Neo4j into entities and write them with their SAME_AS links.

Each run recomputes the clustering of every record of the government in memory (blocking keeps that
linear in practice), inherits entity ids by overlap with what the graph holds (`ids.assign_ids`), and
then writes. Incremental (default): only records whose entity changed or that are new get their SAME_AS
(re)written, and merges, splits and retired entities are recorded as LinkEvent nodes. Full: every SAME_AS
is rewritten. Both reach the same entities and ids on the same data.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from neo4j import Driver

from core.connection import get_driver
from graph.read import read
from graph.schema import apply_schema
from graph.writer import GraphWriter
from linkage.engine import PairTable, cluster_table, link_frames
from linkage.ids import assign_ids
from linkage.pipelines import ENTITY_KINDS, EntityKind, record_frame
from linkage.settings import LinkageSettings

log = logging.getLogger("chungbaek.linkage")

# Labels below come from the checked model (ENTITY_KINDS), never from input.
READ_RECORDS = "MATCH (r:{label}) WHERE $gov IS NULL OR r.gov = $gov RETURN r {{.*}} AS r"
READ_MEMBERSHIP = ("MATCH (r:{label})-[s:SAME_AS]->(e:{entity}) WHERE $gov IS NULL OR r.gov = $gov "
                   "RETURN r.system AS system, r.source_key AS source_key, e.entity_id AS entity_id")
READ_ENTITIES = "MATCH (e:{entity}) WHERE $gov IS NULL OR e.gov = $gov RETURN e.entity_id AS entity_id"
DROP_STALE = ("UNWIND $rows AS row MATCH (r:{label} {{system: row.system, source_key: row.source_key}})"
              "-[s:SAME_AS]->(e) WHERE e.entity_id <> row.entity_id DELETE s")
RETIRE = "UNWIND $ids AS id MATCH (e:{entity} {{entity_id: id}}) DETACH DELETE e"
# Before an entity is retired, what is ABOUT it (findings, cases) moves to the entities its records went to,
# and a subject id that named it names its successor when there is exactly one: a re-link must not make a
# case lose its subject.
HAND_OVER = """
UNWIND $moves AS move
MATCH (old:{entity} {{entity_id: move.old}})<-[:ABOUT]-(x)
FOREACH (_ IN CASE WHEN size(move.new) = 1 AND x.subject_entity_id = move.old THEN [1] ELSE [] END |
         SET x.subject_entity_id = move.new[0])
WITH x, move
UNWIND move.new AS new_id
MATCH (new:{entity} {{entity_id: new_id}})
MERGE (x)-[:ABOUT]->(new)
"""


def record_key(system: str, source_key: str) -> str:
    return f"{system}:{source_key}"


@dataclass
class KindReport:
    kind: str
    records: int = 0
    candidate_pairs: int = 0
    links: int = 0
    entities: int = 0
    changed: int = 0
    merges: int = 0
    splits: int = 0
    retired: int = 0
    deterministic_links: int = 0
    probabilistic_links: int = 0
    refused_by_guard: int = 0


@dataclass
class LinkReport:
    run_id: str
    gov: str | None
    mode: str
    kinds: dict[str, KindReport] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"run_id": self.run_id, "gov": self.gov, "mode": self.mode, "seconds": round(self.seconds, 3),
                "kinds": {k: asdict(v) for k, v in self.kinds.items()}}


@dataclass
class Resolution:
    """The in-memory result for one entity kind: records, pairs, clusters, ids."""

    kind: EntityKind
    settings: LinkageSettings
    records: pd.DataFrame
    standardised: pd.DataFrame
    pairs: PairTable
    labels: np.ndarray  # cluster label per record
    entity_ids: list[str]  # per cluster label

    @cached_property
    def keys(self) -> list[str]:
        return [record_key(s, k) for s, k in zip(self.records["system"], self.records["source_key"], strict=True)]


def resolve(kind: EntityKind, rows: list[dict[str, Any]], previous: dict[str, str],
            settings: LinkageSettings | None = None) -> Resolution:
    """Link, cluster and name the entities of one kind from plain record rows."""
    settings = settings or kind.settings()
    frame = record_frame(kind, rows).sort_values(["system", "source_key"], kind="stable").reset_index(drop=True)
    if len(frame) == 0:
        return Resolution(kind, settings, frame, frame, PairTable.empty(), np.zeros(0, np.int64), [])
    table, sl, _ = link_frames(settings, frame)
    labels = cluster_table(settings, table, sl)
    keys = [record_key(s, k) for s, k in zip(frame["system"], frame["source_key"], strict=True)]
    members: dict[int, list[str]] = defaultdict(list)
    for key, label in zip(keys, labels, strict=True):
        members[int(label)].append(key)
    ids = assign_ids([members[c] for c in range(len(members))], previous, kind.prefix)
    return Resolution(kind, settings, frame, sl, table, labels, ids)


def _best_links(res: Resolution) -> dict[int, int]:
    """For each record position, the index (in res.pairs) of its strongest link inside its own cluster."""
    t = res.pairs
    same = t.match & (res.labels[t.i] == res.labels[t.j]) if len(t) else np.zeros(0, bool)
    idx = np.flatnonzero(same)
    det = t.deterministic[idx]
    order = idx[np.lexsort((-t.prob[idx], ~det))]
    best: dict[int, int] = {}
    for k in order:
        for pos in (int(t.i[k]), int(t.j[k])):
            best.setdefault(pos, int(k))
    return best


def same_as_rows(res: Resolution) -> list[dict[str, Any]]:
    """One SAME_AS row per record: its entity and the evidence of its strongest link inside it."""
    best = _best_links(res)
    t = res.pairs
    assert res.settings.trained is not None or not best
    names = list(t.levels.columns)
    levels = t.levels.to_numpy(dtype=np.int64) if best else np.zeros((0, 0), np.int64)
    weights = res.settings.trained.weights if best else {}
    prior = round(res.settings.trained.prior, 3) if best else 0.0
    keys = res.keys
    rows = []
    for pos, (system, source_key) in enumerate(zip(res.records["system"], res.records["source_key"], strict=True)):
        entity_id = res.entity_ids[int(res.labels[pos])]
        k = best.get(pos)
        if k is None:
            props = {"score": 1.0, "method": "singleton", "evidence": "{}"}
        else:
            other = int(t.j[k]) if int(t.i[k]) == pos else int(t.i[k])
            row_levels = [int(v) for v in levels[k]]
            ev = {"pair": keys[other],
                  "levels": dict(zip(names, row_levels, strict=True)),
                  "weights": {n: (round(weights[n][v], 3) if v >= 0 else 0.0)
                              for n, v in zip(names, row_levels, strict=True)},
                  "prior": prior, "match_weight": round(float(t.weight[k]), 3)}
            props = {"score": round(float(t.prob[k]), 6), "method": str(t.method[k]),
                     "evidence": json.dumps(ev, ensure_ascii=False)}
        rows.append({"start": {"system": system, "source_key": source_key}, "end": {"entity_id": entity_id},
                     "props": props, "entity_id": entity_id})
    return rows


def _modes(labels: np.ndarray, values: pd.Series, prefer: np.ndarray | None = None) -> dict[int, Any]:
    """Per cluster label, its most frequent present value (ties: the greatest as text). With `prefer`, only
    the preferred rows count in clusters that have any."""
    frame = pd.DataFrame({"label": labels, "value": values.to_numpy(dtype=object)})
    present = frame["value"].notna().to_numpy() & (frame["value"] != "").to_numpy()
    if prefer is not None:
        preferred = present & prefer
        has_preferred = np.zeros(int(labels.max()) + 1 if len(labels) else 0, dtype=bool)
        has_preferred[labels[preferred]] = True
        present &= preferred | ~has_preferred[labels]
    frame = frame[present]
    if frame.empty:
        return {}
    counts = frame.groupby(["label", "value"], sort=False).size().reset_index(name="n")
    counts["text"] = counts["value"].astype(str)
    counts = counts.sort_values(["label", "n", "text"], ascending=[True, False, False], kind="stable")
    first = counts.drop_duplicates("label")
    return dict(zip(first["label"].tolist(), first["value"].tolist(), strict=True))


def _has_hangul(value: Any) -> bool:
    return isinstance(value, str) and any("가" <= ch <= "힣" for ch in value)


def entity_rows(res: Resolution) -> list[dict[str, Any]]:
    """One row per entity: its id, record count and the most frequent value of each property (a Hangul
    spelling of a name wins over romanised ones)."""
    labels = np.asarray(res.labels, dtype=np.int64)
    props = [p for p in res.kind.properties if p in ENTITY_PROPERTIES[res.kind.kind]]
    sizes = np.bincount(labels, minlength=len(res.entity_ids)) if len(labels) else []
    gov = _modes(labels, res.records["gov"])
    modes = {}
    for p in props:
        prefer = None
        if p == "name":
            prefer = np.fromiter((_has_hangul(v) for v in res.records[p]), dtype=bool, count=len(labels))
        modes[p] = _modes(labels, res.records[p], prefer)
    rows = []
    for label, entity_id in enumerate(res.entity_ids):
        row: dict[str, Any] = {"entity_id": entity_id, "gov": gov.get(label), "record_count": int(sizes[label])}
        for p in props:
            value = modes[p].get(label)
            if value is not None:
                row[p] = value
        rows.append(row)
    return rows


ENTITY_PROPERTIES = {
    "person": ("name", "birth_date", "rrn_masked", "sex"),
    "business": ("name", "brn", "crn"),
    "parcel": ("pnu", "address"),
    "building": ("building_no", "pnu", "address"),
    "account": ("account_key", "bank_code"),
}


def events(res: Resolution, previous: dict[str, str]) -> list[dict[str, Any]]:
    """Merges (a new entity holds records of several previous ones), splits (a previous entity's records
    went to several new ones) and retirements (a previous id is no longer used)."""
    new_of = {key: res.entity_ids[int(label)] for key, label in zip(res.keys, res.labels, strict=True)}
    olds_per_new: dict[str, set[str]] = defaultdict(set)
    news_per_old: dict[str, set[str]] = defaultdict(set)
    for key, old in previous.items():
        new = new_of.get(key)
        if new is not None:
            olds_per_new[new].add(old)
            news_per_old[old].add(new)
    out = []
    for new, olds in sorted(olds_per_new.items()):
        if len(olds) > 1:
            out.append({"kind": "merge", "entity_id": new, "other_ids": sorted(olds - {new})})
    for old, news in sorted(news_per_old.items()):
        if len(news) > 1:
            out.append({"kind": "split", "entity_id": old, "other_ids": sorted(news - {old})})
    used = set(res.entity_ids)
    for old in sorted(set(previous.values()) - used):
        out.append({"kind": "retired", "entity_id": old, "other_ids": sorted(news_per_old.get(old, set()))})
    return out


def link_kind(kind: EntityKind, *, gov: str | None, full: bool, run_id: str, driver: Driver,
              writer: GraphWriter) -> tuple[KindReport, LinkageSettings, list[dict[str, Any]]]:
    rows = [r["r"] for r in read(READ_RECORDS.format(label=kind.record_label), driver, gov=gov)]
    previous = {record_key(r["system"], r["source_key"]): r["entity_id"] for r in
                read(READ_MEMBERSHIP.format(label=kind.record_label, entity=kind.entity_label), driver, gov=gov)}
    known_entities = {r["entity_id"] for r in read(READ_ENTITIES.format(entity=kind.entity_label), driver, gov=gov)}
    res = resolve(kind, rows, previous)
    report = KindReport(kind.kind, records=len(res.records), candidate_pairs=len(res.pairs),
                        links=int(res.pairs.match.sum()) if len(res.pairs) else 0, entities=len(res.entity_ids))
    if len(res.pairs):
        det = res.pairs.deterministic
        report.deterministic_links = int((res.pairs.match & det).sum())
        report.probabilistic_links = int((res.pairs.match & ~det).sum())
        report.refused_by_guard = int((res.pairs.match & (res.labels[res.pairs.i] != res.labels[res.pairs.j])).sum())
    sa_rows = same_as_rows(res)
    if not full:
        sa_rows = [r for r in sa_rows
                   if previous.get(record_key(r["start"]["system"], r["start"]["source_key"])) != r["entity_id"]]
    report.changed = len(sa_rows)
    writer.merge_nodes(kind.entity_label, entity_rows(res))
    if sa_rows:
        with driver.session() as session:
            for start in range(0, len(sa_rows), writer.batch_size):
                batch = [{**r["start"], "entity_id": r["entity_id"]} for r in sa_rows[start:start + writer.batch_size]]
                session.execute_write(lambda tx, b=batch: tx.run(
                    DROP_STALE.format(label=kind.record_label), rows=b).consume())
        # One transaction at a time: batches sharing an entity node would deadlock on its relationship lock.
        serial = GraphWriter(driver, batch_size=writer.batch_size, concurrency=1)
        serial.merge_relationships("SAME_AS", kind.record_label, kind.entity_label,
                                   [{**r, "props": {**r["props"], "run_id": run_id}} for r in sa_rows])
    evs = events(res, previous)
    retired = sorted((known_entities | set(previous.values())) - set(res.entity_ids))
    if retired:
        successors = {ev["entity_id"]: ev["other_ids"] for ev in evs if ev["kind"] == "retired"}
        moves = [{"old": old, "new": successors[old]} for old in retired if successors.get(old)]
        with driver.session() as session:
            if moves:
                session.execute_write(lambda tx: tx.run(HAND_OVER.format(entity=kind.entity_label),
                                                        moves=moves).consume())
            session.execute_write(lambda tx: tx.run(RETIRE.format(entity=kind.entity_label), ids=retired).consume())
    for ev in evs:
        report.merges += ev["kind"] == "merge"
        report.splits += ev["kind"] == "split"
        report.retired += ev["kind"] == "retired"
        ev["entity_kind"] = kind.kind
    return report, res.settings, evs


def link_all(gov: str | None = None, *, full: bool = False, kinds: list[str] | None = None,
             driver: Driver | None = None) -> LinkReport:
    """Resolve records into entities for one government (or all) and write the result. The public entry
    point of the stage for the pipeline: `linkage.link_all(gov="41110")`."""
    driver = driver or get_driver()
    apply_schema(driver)  # entity MERGEs need their key constraints, or each one scans the label
    started = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    run_id = f"LR-{started:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    report = LinkReport(run_id, gov, "full" if full else "incremental")
    writer = GraphWriter(driver)
    all_settings: dict[str, Any] = {}
    all_events: list[dict[str, Any]] = []
    clock = dt.datetime.now()
    for name in kinds or list(ENTITY_KINDS):
        kind = ENTITY_KINDS[name]
        kr, settings, evs = link_kind(kind, gov=gov, full=full, run_id=run_id, driver=driver, writer=writer)
        report.kinds[name] = kr
        all_settings[name] = settings.to_dict()
        all_events.extend(evs)
        log.info("linked %s: %s", name, kr)
    finished = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    writer.merge_nodes("LinkRun", [{
        "run_id": run_id, "gov": gov or "", "mode": report.mode, "started_at": started, "finished_at": finished,
        "records": sum(k.records for k in report.kinds.values()),
        "entities": sum(k.entities for k in report.kinds.values()),
        "links": sum(k.links for k in report.kinds.values()),
        "changed": sum(k.changed for k in report.kinds.values()), "events": len(all_events),
        "settings": json.dumps(all_settings, ensure_ascii=False)}])
    if all_events:
        rows = [{"event_id": f"{run_id}-{n:06d}", "run_id": run_id, "gov": gov or "", "at": finished,
                 "kind": ev["kind"], "entity_kind": ev["entity_kind"], "entity_id": ev["entity_id"],
                 "other_ids": ev["other_ids"]} for n, ev in enumerate(all_events)]
        writer.merge_nodes("LinkEvent", rows)
        GraphWriter(driver, concurrency=1).merge_relationships("IN_LINK_RUN", "LinkEvent", "LinkRun",
                                   [{"start": {"event_id": r["event_id"]}, "end": {"run_id": run_id}} for r in rows])
    report.seconds = (dt.datetime.now() - clock).total_seconds()
    return report


LATEST_SETTINGS = ("MATCH (r:LinkRun) WHERE $gov IS NULL OR r.gov = $gov OR r.gov = '' "
                   "RETURN r.settings AS settings ORDER BY r.finished_at DESC, r.run_id DESC LIMIT 1")


def latest_settings(kind: str, gov: str | None = None, driver: Driver | None = None) -> LinkageSettings | None:
    """The trained settings of the last link run (what explain scores with), or None before any run."""
    rows = read(LATEST_SETTINGS, driver, gov=gov)
    if not rows or not rows[0]["settings"]:
        return None
    data = json.loads(rows[0]["settings"]).get(kind)
    return LinkageSettings.from_dict(data) if data else None
