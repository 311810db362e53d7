"""Scores of the anomaly detectors and the sentences that explain them.

Each feature counts only by how far it lies above the population's typical value (the median), in units of
max(unit, 95th percentile - median). The score is the sum over features. A lead's sentence names every
feature that added to the score, with the subject's value and the typical one, Korean first."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from core.errors import ChungBaekError
from detectors.anomaly.features import Subject

SETTINGS = Path(__file__).with_name("settings.yaml")


class AnomalySettingsError(ChungBaekError):
    """The anomaly settings file is missing a value or holds nonsense."""


@cache
def load_settings(path: Path = SETTINGS) -> dict[str, dict[str, Any]]:
    """The detectors' settings, checked: numbers where numbers belong, a sentence for every feature."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise AnomalySettingsError(f"{path}: cannot read the anomaly settings ({exc})") from exc
    if not isinstance(data, dict) or not data:
        raise AnomalySettingsError(f"{path}: expected one section per anomaly detector")
    for det, cfg in data.items():
        for name in ("lead_threshold", "case_threshold"):
            value = cfg.get(name) if isinstance(cfg, dict) else None
            if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                raise AnomalySettingsError(f"{path}: {det}.{name} must be a number >= 0, not {value!r}")
        if cfg["case_threshold"] < cfg["lead_threshold"]:
            raise AnomalySettingsError(f"{path}: {det}.case_threshold is below its lead_threshold")
        for fname, f in (cfg.get("features") or {}).items():
            unit = f.get("unit") if isinstance(f, dict) else None
            if not isinstance(unit, int | float) or isinstance(unit, bool) or unit <= 0:
                raise AnomalySettingsError(f"{path}: {det}.features.{fname}.unit must be a number > 0")
            if not (f.get("ko") and f.get("en")):
                raise AnomalySettingsError(f"{path}: {det}.features.{fname} needs a Korean and an English sentence")
        if not cfg.get("features"):
            raise AnomalySettingsError(f"{path}: {det} lists no features")
    return data


@dataclass(frozen=True)
class Population:
    """Typical value and spread of every feature."""
    typical: dict[str, float]
    spread: dict[str, float]


def population(subjects: list[Subject], features: dict[str, dict[str, Any]]) -> Population:
    typical, spread = {}, {}
    for name, f in features.items():
        x = np.array([float(s.values.get(name) or 0) for s in subjects]) if subjects else np.zeros(1)
        med = float(np.median(x))
        typical[name] = med
        spread[name] = max(float(f["unit"]), float(np.percentile(x, 95)) - med)
    return Population(typical, spread)


def contributions(subject: Subject, pop: Population) -> dict[str, float]:
    return {name: max(0.0, (float(subject.values.get(name) or 0) - pop.typical[name]) / pop.spread[name])
            for name in pop.typical}


def score(subject: Subject, pop: Population) -> float:
    return round(sum(contributions(subject, pop).values()), 4)


def _num(v: float) -> str:
    return f"{v:g}" if v != int(v) else f"{int(v):,}"


def explain(subject: Subject, pop: Population, cfg: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """(Korean sentence, English sentence, the features that added to the score with value and typical)."""
    parts = sorted(((c, n) for n, c in contributions(subject, pop).items() if c > 0), reverse=True)
    shown = {n: {"value": float(subject.values.get(n) or 0), "typical": pop.typical[n], "points": round(c, 2)}
             for c, n in parts}
    texts = {}
    for lang in ("ko", "en"):
        clauses = [cfg["features"][n][lang].format(value=_num(v["value"]), typical=_num(v["typical"]))
                   for n, v in shown.items()]
        joiner = ". " if lang == "ko" else "; "
        texts[lang] = f"{cfg['subject'][lang]} " + joiner.join(clauses) + "."
    return texts["ko"], texts["en"], shown
