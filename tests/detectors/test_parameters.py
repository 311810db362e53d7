"""Scenario parameters are settings as data: typed, bounded, refused when nonsense, with the file and the
parameter named, whether they come from a scenario file or from `--param` on the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from detectors.parameters import ParameterError, parse_parameter, type_for_name
from detectors.runner import _parse_overrides, select
from detectors.scenario import ScenarioError, load_catalog, parse_scenario
from tests.detectors.test_catalog import GOOD, write

CHUNGBAEK = str(Path(sys.executable).with_name("chungbaek"))


def with_param(line: str, use: str = "$limit") -> str:
    """GOOD with its parameter replaced (the query still uses it)."""
    return GOOD.replace("  limit: {type: int, default: 5}", line).replace("$limit", use)


@pytest.mark.parametrize(("line", "use", "message"), [
    ("  window_days: {type: int, default: -5}", "$window_days", "parameter window_days: -5 is below the minimum 0"),
    ("  window_days: {type: days, value: 0, min: 1}", "$window_days", "parameter window_days: 0 is below the minimum 1"),
    ("  window_days: {type: days, value: 10, min: -1}", "$window_days", "min -1 is below what a number of days allows"),
    ("  window_days: {type: string, default: ten}", "$window_days", "declare type: days"),
    ("  window_days: {type: int, default: '60'}", "$window_days", "written in quotes"),
    ("  min_area_m2: {type: float, default: large}", "$min_area_m2", "'large' is not an area in m2"),
    ("  min_area_m2: {type: string, default: '330'}", "$min_area_m2", "declare type: area_m2"),
    ("  limit: {type: money, default: 5}", "$limit", "type must be one of"),
    ("  limit: {type: krw, default: 5, max: 1}", "$limit", "5 is above the maximum 1"),
    ("  limit: {type: krw, default: 5, min: 9, max: 1}", "$limit", "min 9 is above max 1"),
    ("  limit: {type: int, value: 5, default: 5}", "$limit", "exactly one of value or default"),
    ("  limit: {type: int}", "$limit", "exactly one of value or default"),
    ("  limit: {type: int, default: 5, unit: won}", "$limit", "unknown keys unit"),
    ("  start_hour: {type: int, default: 24}", "$start_hour", "24 is above the maximum 23"),
    ("  fine_rate: {type: float, default: 3}", "$fine_rate", "3 is above the maximum 1"),
    ("  holidays: {type: 'list[string]', default: ['2024-02-30']}", "$holidays", "is not an ISO date"),
    ("  banned_mcc: {type: 'list[string]', default: [5813]}", "$banned_mcc", "is not a list of 4-digit"),
    ("  enabled: {type: bool, default: 'yes'}", "$enabled", "is not true or false"),
    ("  kind: {type: string, value: bar, choices: [pub, club]}", "$kind", "'bar' is not one of pub, club"),
    ("  limit: 5", "$limit", "must be a mapping"),
])
def test_nonsense_parameters_are_refused_naming_file_and_parameter(tmp_path, line, use, message):
    path = write(tmp_path, with_param(line, use), "nonsense_param.yaml")
    with pytest.raises(ScenarioError) as err:
        parse_scenario(path)
    assert str(err.value).startswith("nonsense_param.yaml: "), str(err.value)
    assert message in str(err.value)


@pytest.mark.parametrize(("line", "use", "expected"), [
    ("  limit: {type: int, default: 5}", "$limit", ("krw", 5)),             # the plain older form
    ("  window_days: {type: days, value: 60, min: 1}", "$window_days", ("days", 60)),
    ("  min_area_m2: {type: float, default: 330}", "$min_area_m2", ("area_m2", 330.0)),
    ("  holidays: {type: dates, value: [2024-05-06]}", "$holidays", ("dates", ["2024-05-06"])),
    ("  kind: {type: string, value: pub, choices: [pub, club]}", "$kind", ("string", "pub")),
    ("  cutoff: {type: date, default: 2024-01-01}", "$cutoff", ("date", "2024-01-01")),
])
def test_sensible_parameters_load_with_their_type(tmp_path, line, use, expected):
    scenario = parse_scenario(write(tmp_path, with_param(line, use)))
    (param,) = scenario.parameters.values()
    assert (param.type, param.default) == expected


def test_the_name_says_the_type_only_for_names_that_mean_one():
    assert type_for_name("grace_days").name == "days"
    assert type_for_name("rate_per_m2").name == "krw"
    assert type_for_name("permit_type") is None
    with pytest.raises(ParameterError, match="parameter lookback_days: 'soon' is not a number of days"):
        parse_parameter("lookback_days", {"type": "days", "value": "soon"})


def test_every_shipped_parameter_is_typed_and_within_its_bounds():
    for scenario in load_catalog():
        for p in scenario.parameters.values():
            assert p.read(p.default, strict=True) == p.default, (scenario.id, p.name)
    by_id = {s.id: s for s in load_catalog()}
    assert by_id["DUTY-ROAD-OCCUPANCY"].parameters["grace_days"].type == "days"
    assert by_id["TAX-RES-PROPERTY-330"].parameters["min_area_m2"].type == "area_m2"


def test_command_line_values_are_read_and_bounded():
    catalog = load_catalog()
    road = select(catalog, ["DUTY-ROAD-OCCUPANCY"])
    assert _parse_overrides(road, {"grace_days": "90"})["DUTY-ROAD-OCCUPANCY"]["grace_days"] == 90
    with pytest.raises(ParameterError, match=r"DUTY-ROAD-OCCUPANCY \(duty_road_occupancy.yaml\): parameter "
                                             r"grace_days: -5 is below the minimum 0"):
        _parse_overrides(road, {"grace_days": "-5"})
    area = select(catalog, ["TAX-RES-PROPERTY-330"])
    with pytest.raises(ParameterError, match="parameter min_area_m2: 'big' is not an area in m2"):
        _parse_overrides(area, {"min_area_m2": "big"})


def test_a_holiday_calendar_gives_the_query_its_dates():
    card = select(load_catalog(), ["CARD-HOLIDAY"])
    days = card[0].bind()["holiday_calendar"]
    # a substitute holiday, 추석, an election day and a temporary holiday; not Labour Day nor the eve of 설날
    assert {"2024-05-06", "2024-09-17", "2024-04-10", "2025-01-27"} <= set(days)
    assert not {"2024-05-01", "2024-02-08"} & set(days)
    assert _parse_overrides(card, {"holiday_calendar": ""})["CARD-HOLIDAY"]["holiday_calendar"] == []
    with pytest.raises(ParameterError, match="no public-holiday calendar for country 'XX'"):
        _parse_overrides(card, {"holiday_calendar": "XX"})
    with pytest.raises(ParameterError, match="parameter holiday_calendar: 'korea' is not a country's public holidays"):
        _parse_overrides(card, {"holiday_calendar": "korea"})


def test_result_has_a_default(tmp_path):
    text = GOOD.replace('result: {subject: subject_key, official: official_key, amount: amount, '
                        'evidence: evidence_keys, message: "x {amount}"}\n', 'result: {message: "x {amount}"}\n')
    scenario = parse_scenario(write(tmp_path, text))
    assert scenario.result == {"subject": "subject_key", "official": "official_key", "amount": "amount",
                               "evidence": "evidence_keys", "message": "x {amount}", "message_ko": "시험"}
    bare = parse_scenario(write(tmp_path, text.replace('result: {message: "x {amount}"}\n', ""), "bare.yaml"))
    # without sentences of its own, a finding says the scenario's title, in each language
    assert bare.result["message"] == "A test" and bare.result["message_ko"] == "시험"
    assert "subject_name" not in bare.result


def bad_catalog(tmp_path: Path) -> dict[str, str]:
    write(tmp_path, GOOD, "good.yaml")
    write(tmp_path, with_param("  window_days: {type: int, default: -30}", "$window_days"), "bad_window.yaml")
    return {**os.environ, "CHUNGBAEK_SCENARIO_DIR": str(tmp_path)}


def test_scenarios_command_refuses_a_bad_catalog_without_a_traceback(tmp_path):
    result = subprocess.run([CHUNGBAEK, "scenarios"], env=bad_catalog(tmp_path), capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 1
    assert "bad_window.yaml: default of parameter window_days: -30 is below the minimum 0" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.neo4j
def test_detect_refuses_a_bad_catalog_and_a_bad_value_without_a_traceback(tmp_path, db):
    result = subprocess.run([CHUNGBAEK, "detect", "--gov", "41110", "--no-cases"], env=bad_catalog(tmp_path),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "bad_window.yaml: default of parameter window_days: -30 is below the minimum 0" in result.stderr
    result = subprocess.run([CHUNGBAEK, "detect", "--gov", "41110", "--no-cases", "--scenario", "DUTY-ROAD-OCCUPANCY",
                             "--param", "grace_days=-1"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "parameter grace_days: -1 is below the minimum 0" in result.stderr
    assert "Traceback" not in result.stderr
