"""`chungbaek match` through the CLI on a small Korean file: the run summary (text and --json), clerical
review, supervised labels, and a clear message for each kind of bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from generator.synthetic_people import KOREAN_COLUMNS, korean_people
from linkage.match import read_table


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "chungbaek.cli", "match", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def people(tmp_path_factory) -> tuple[Path, pd.DataFrame]:
    frame = korean_people(400, seed=9)
    path = tmp_path_factory.mktemp("people") / "people.csv"
    frame.drop(columns=["person_id"]).to_csv(path, index=False)
    return path, frame


def test_the_summary_says_what_the_run_did_in_text_and_json(people, tmp_path):
    path, frame = people
    out = tmp_path / "pairs.csv"
    proc = _cli("--left", str(path), "--id-column", "id", "--columns", KOREAN_COLUMNS, "--out", str(out), "--json",
                cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["pairs_kept"] == len(pd.read_csv(out)) > 0
    assert summary["candidate_pairs"] > summary["pairs_kept"]
    assert summary["clusters"] < len(frame) and 2 <= summary["largest_cluster"] <= 10
    assert 0.5 < summary["estimated_precision"] <= 1 and 0.5 < summary["estimated_recall"] <= 1
    text = _cli("--left", str(path), "--id-column", "id", "--columns", KOREAN_COLUMNS, "--out", str(out),
                cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    assert "candidate pairs" in text.stdout and "largest" in text.stdout and "precision" in text.stdout


def test_review_writes_the_most_uncertain_pairs_and_labels_train_the_classifier(people, tmp_path):
    path, frame = people
    out = tmp_path / "pairs.csv"
    proc = _cli("--left", str(path), "--id-column", "id", "--columns", KOREAN_COLUMNS, "--out", str(out),
                "--review", "15", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    review = pd.read_csv(tmp_path / "pairs.review.csv", dtype=str, keep_default_na=False)
    assert len(review) == 15 and (review["match"] == "").all()
    assert {"left_name", "right_name", "probability"} <= set(review.columns)
    all_pairs = tmp_path / "scores.csv"
    # The reviewer's answers, from the truth: the review pairs plus clear matches and non-matches.
    truth = dict(zip(frame["id"], frame["person_id"], strict=True))
    kept = pd.read_csv(out)
    labelled = pd.concat([review[["left_id", "right_id"]], kept[["left_id", "right_id"]].head(60)])
    ids = list(frame["id"])
    labelled = pd.concat([labelled, pd.DataFrame({"left_id": ids[:60], "right_id": ids[60:120]})])
    labelled["match"] = [int(truth[a] == truth[b]) for a, b in zip(labelled["left_id"], labelled["right_id"],
                                                                      strict=True)]
    labels = tmp_path / "labels.csv"
    labelled.to_csv(labels, index=False)
    proc = _cli("--left", str(path), "--id-column", "id", "--columns", KOREAN_COLUMNS, "--out", str(all_pairs),
                "--labels", str(labels), "--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["classifier"] == "logistic"
    found = pd.read_csv(all_pairs)
    correct = sum(truth[a] == truth[b] for a, b in zip(found["left_id"], found["right_id"], strict=True))
    assert correct / len(found) >= 0.95


def test_a_column_blank_in_every_row_is_named_and_left_out(people, tmp_path):
    path, _ = people
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["email"] = ""
    src = tmp_path / "blank.csv"
    frame.to_csv(src, index=False)
    out = tmp_path / "pairs.csv"
    proc = _cli("--left", str(src), "--id-column", "id", "--columns", KOREAN_COLUMNS + ",email:text",
                "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "column 'email' is blank in every row" in proc.stderr
    assert len(pd.read_csv(out)) > 0


def test_every_column_blank_is_an_error(tmp_path):
    src = tmp_path / "blank.csv"
    src.write_text("id,name,birth\n1,,\n2,,\n3,,\n", encoding="utf-8")
    proc = _cli("--left", str(src), "--id-column", "id", "--columns", "name:name,birth:date",
                "--out", str(tmp_path / "o.csv"), cwd=tmp_path)
    assert proc.returncode != 0 and "blank in every row" in proc.stderr and "Traceback" not in proc.stderr


def test_a_file_where_every_record_looks_alike_gets_a_clear_message(tmp_path):
    src = tmp_path / "alike.csv"
    rows = [f"{k},김민준,1980-01-01,010-1234-5678" for k in range(300)]
    src.write_text("id,name,birth,phone\n" + "\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    proc = _cli("--left", str(src), "--id-column", "id", "--columns", "name:name,birth:date,phone:phone",
                "--out", str(out), cwd=tmp_path)
    assert proc.returncode != 0
    assert "every record looks alike" in proc.stderr and "Traceback" not in proc.stderr
    assert not out.exists()


def test_mixed_utf8_and_cp949_lines_are_read_and_named(tmp_path):
    src = tmp_path / "mixed.csv"
    lines = ["id,name,birth", "1,김민준,1980-01-01", "2,이서연,1981-02-02", "3,김민준,19800101", "4,박지훈,1990-03-03"]
    data = b"\n".join(line.encode("cp949" if n in (2, 3) else "utf-8") for n, line in enumerate(lines)) + b"\n"
    src.write_bytes(data)
    out = tmp_path / "o.csv"
    proc = _cli("--left", str(src), "--id-column", "id", "--columns", "name:name,birth:date", "--out", str(out),
                cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "mixed encodings" in proc.stderr and "lines 3, 4" in proc.stderr
    notes: list[str] = []
    table = read_table(src, "id", ["name", "birth"], warnings=notes)
    assert list(table["name"]) == ["김민준", "이서연", "김민준", "박지훈"] and len(notes) == 1


def test_a_labels_file_naming_unknown_ids_gets_a_clear_message(people, tmp_path):
    path, _ = people
    labels = tmp_path / "labels.csv"
    labels.write_text("left_id,right_id,match\nR0000001,R0000002,1\nNOPE1,R0000003,0\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    proc = _cli("--left", str(path), "--id-column", "id", "--columns", KOREAN_COLUMNS, "--out", str(out),
                "--labels", str(labels), cwd=tmp_path)
    assert proc.returncode != 0
    assert "ids are in no input file" in proc.stderr and "NOPE1" in proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists()


def test_a_labels_file_with_a_bad_match_value_gets_a_clear_message(people, tmp_path):
    path, _ = people
    labels = tmp_path / "labels.csv"
    labels.write_text("left_id,right_id,match\nR0000001,R0000002,maybe\n", encoding="utf-8")
    proc = _cli("--left", str(path), "--id-column", "id", "--columns", KOREAN_COLUMNS,
                "--out", str(tmp_path / "o.csv"), "--labels", str(labels), cwd=tmp_path)
    assert proc.returncode != 0 and "match must be 1 or 0" in proc.stderr and "Traceback" not in proc.stderr
