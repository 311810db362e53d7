"""Scenario parameters: their types (detectors/parameter_types.yaml), how a value is read and bounded.

A value written in a scenario file must already be of its type (60, not "60"); a value typed on the
command line is text and is converted. Either way it is checked against the type's bounds and the
scenario's own, and a bad one is refused with the parameter named.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from core.errors import ChungBaekError

TYPES_FILE = Path(__file__).resolve().parent / "parameter_types.yaml"
BASES = ("int", "float", "string", "date", "bool", "list[string]")
SPEC_KEYS = {"type", "default", "value", "description", "min", "max", "choices"}


class ParameterError(ChungBaekError):
    """A parameter value is unknown, of the wrong type or out of its bounds."""


@dataclass(frozen=True)
class ParameterType:
    name: str
    base: str
    en: str
    ko: str
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    items: str | None = None
    names: tuple[str, ...] = ()
    calendar: bool = False  # the value names a country's public holidays; the query gets their dates


@cache
def parameter_types() -> dict[str, ParameterType]:
    data = yaml.safe_load(TYPES_FILE.read_text(encoding="utf-8"))
    types = {}
    for name, spec in data.items():
        if spec["base"] not in BASES:
            raise ChungBaekError(f"{TYPES_FILE.name}: type {name} has unknown base {spec['base']!r}")
        types[name] = ParameterType(name, spec["base"], spec["en"], spec["ko"], spec.get("min"), spec.get("max"),
                                    spec.get("pattern"), spec.get("items"), tuple(spec.get("names", ())),
                                    bool(spec.get("calendar", False)))
    return types


def type_for_name(name: str) -> ParameterType | None:
    """The type a parameter's name means (`grace_days` is a number of days), if any."""
    return next((t for t in parameter_types().values() if any(fnmatchcase(name, p) for p in t.names)), None)


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: Any
    description: str = ""
    min: float | None = None
    max: float | None = None
    choices: tuple[Any, ...] = ()

    @property
    def kind(self) -> ParameterType:
        return parameter_types()[self.type]

    def read(self, value: Any, *, strict: bool = False) -> Any:
        """The value converted to this parameter's type and checked against its bounds."""
        value = coerce(self.type, value, self.name, strict=strict)
        if self.kind.calendar:
            public_holidays(value)  # an unknown country is refused here, not when the query runs
        low = _tighter(self.kind.min, self.min, max)
        high = _tighter(self.kind.max, self.max, min)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, int | float) and not isinstance(item, bool):
                if low is not None and item < low:
                    raise ParameterError(f"parameter {self.name}: {_num(item)} is below the minimum {_num(low)} "
                                         f"({self.kind.en}; {self.kind.ko})")
                if high is not None and item > high:
                    raise ParameterError(f"parameter {self.name}: {_num(item)} is above the maximum {_num(high)} "
                                         f"({self.kind.en}; {self.kind.ko})")
        if self.choices and value not in self.choices:
            raise ParameterError(f"parameter {self.name}: {value!r} is not one of "
                                 f"{', '.join(map(str, self.choices))}")
        return value

    def query_value(self, value: Any) -> Any:
        """What the query receives: the value itself, or for a holiday calendar its dates."""
        return public_holidays(value) if self.kind.calendar else value

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "base": self.kind.base, "default": self.default}
        low, high = _tighter(self.kind.min, self.min, max), _tighter(self.kind.max, self.max, min)
        out.update({k: v for k, v in (("min", low), ("max", high)) if v is not None})
        if self.choices:
            out["choices"] = list(self.choices)
        return out


@cache
def public_holidays(country: str) -> list[str]:
    """ISO dates of a country's public holidays 2000-2040 from the `holidays` package: for KR the lunar
    ones (설날, 추석), substitute holidays, election days and temporary holidays, which a fixed list misses.
    An empty code means none."""
    if not country:
        return []
    import holidays

    try:
        calendar = holidays.country_holidays(country, years=range(2000, 2041))
    except NotImplementedError:
        raise ParameterError(f"parameter calendar: no public-holiday calendar for country {country!r} "
                             "(use an ISO 3166 code such as KR)") from None
    return sorted(day.isoformat() for day in calendar)


def _num(x: float) -> str:
    return str(int(x)) if isinstance(x, float) and x.is_integer() else str(x)


def _tighter(a: float | None, b: float | None, pick: Any) -> float | None:
    return b if a is None else a if b is None else pick(a, b)


def coerce(kind: str, value: Any, name: str, *, strict: bool = False) -> Any:
    """Convert a value to a parameter type (a base or a named type). Strict: the value comes from a
    scenario file and must already be of the type (YAML has numbers, dates, lists); else text is read."""
    types = parameter_types()
    if kind not in types:
        raise ParameterError(f"parameter {name}: unknown type {kind}")
    ptype = types[kind]
    try:
        if ptype.base == "list[string]":
            if isinstance(value, str) and not strict:
                value = [v.strip() for v in value.split(",") if v.strip()]
            if not isinstance(value, list | tuple):
                raise ValueError
            if ptype.items:
                return [coerce(ptype.items, v, name, strict=strict) for v in value]
            if not all(isinstance(v, str) for v in value):
                raise ValueError
            items = list(value)
            for v in items:
                _match(ptype, v, name)
            return items
        result = _base(ptype.base, value, strict)
    except (TypeError, ValueError):
        quoted = " (written in quotes: a text, not a number)" if strict and isinstance(value, str) else ""
        raise ParameterError(f"parameter {name}: {value!r} is not {ptype.en} ({ptype.ko}){quoted}") from None
    if isinstance(result, str):
        _match(ptype, result, name)
    return result


def _match(ptype: ParameterType, value: str, name: str) -> None:
    if ptype.pattern and not re.fullmatch(ptype.pattern, value):
        raise ParameterError(f"parameter {name}: {value!r} is not {ptype.en} ({ptype.ko})")


def _base(base: str, value: Any, strict: bool) -> Any:
    if isinstance(value, bool) and base != "bool":
        raise ValueError
    if base == "int":
        if isinstance(value, int):
            return value
        if strict or not isinstance(value, str):
            raise ValueError
        return int(value.strip().replace("_", ""))
    if base == "float":
        if isinstance(value, int | float):
            return float(value)
        if strict or not isinstance(value, str):
            raise ValueError
        return float(value)
    if base == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if strict or text not in ("true", "yes", "1", "false", "no", "0"):
            raise ValueError
        return text in ("true", "yes", "1")
    if base == "date":
        if isinstance(value, dt.datetime):
            raise ValueError
        if isinstance(value, dt.date):
            return value.isoformat()
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    if not isinstance(value, str):  # string
        raise ValueError
    return value


def parse_parameter(name: str, spec: Any) -> Parameter:
    """One `parameters:` entry of a scenario file, in the plain form (`{type: int, default: 60}`) or with
    bounds (`{type: days, value: 60, min: 1}`); raises ParameterError naming the parameter."""
    if not isinstance(spec, dict):
        raise ParameterError(f"parameter {name} must be a mapping with type and value (or default)")
    bad = set(spec) - SPEC_KEYS
    if bad:
        raise ParameterError(f"parameter {name}: unknown keys {', '.join(sorted(map(str, bad)))} "
                             f"(allowed: {', '.join(sorted(SPEC_KEYS))})")
    types = parameter_types()
    declared = spec.get("type")
    if declared not in types:
        raise ParameterError(f"parameter {name}: type must be one of {', '.join(types)} (not {declared!r})")
    implied = type_for_name(name)
    kind = declared
    if implied is not None and declared != implied.name:
        if declared != implied.base:
            raise ParameterError(f"parameter {name}: declared as {declared}, but a parameter so named is "
                                 f"{implied.en} ({implied.ko}); declare type: {implied.name}")
        kind = implied.name  # the plain older form: checked as what its name says
    if ("default" in spec) == ("value" in spec):
        raise ParameterError(f"parameter {name} needs exactly one of value or default")
    bounds = {}
    for key in ("min", "max"):
        if key in spec:
            v = spec[key]
            if isinstance(v, bool) or not isinstance(v, int | float) or types[kind].base not in ("int", "float"):
                raise ParameterError(f"parameter {name}: {key} must be a number, for a number parameter")
            bounds[key] = v
    ptype = types[kind]
    if ptype.min is not None and bounds.get("min", ptype.min) < ptype.min:
        raise ParameterError(f"parameter {name}: min {bounds['min']} is below what {ptype.en} allows "
                             f"({_num(ptype.min)})")
    if ptype.max is not None and bounds.get("max", ptype.max) > ptype.max:
        raise ParameterError(f"parameter {name}: max {bounds['max']} is above what {ptype.en} allows "
                             f"({_num(ptype.max)})")
    if "min" in bounds and "max" in bounds and bounds["min"] > bounds["max"]:
        raise ParameterError(f"parameter {name}: min {bounds['min']} is above max {bounds['max']}")
    choices = spec.get("choices") or ()
    if not isinstance(choices, list | tuple):
        raise ParameterError(f"parameter {name}: choices must be a list")
    probe = Parameter(name, kind, None, "", bounds.get("min"), bounds.get("max"))
    choices = tuple(probe.read(c, strict=True) for c in choices)
    param = Parameter(name, kind, None, str(spec.get("description", "")), bounds.get("min"), bounds.get("max"),
                      choices)
    key = "value" if "value" in spec else "default"
    try:
        default = param.read(spec[key], strict=True)
    except ParameterError as exc:
        raise ParameterError(f"{key} of {exc.message}") from None
    return Parameter(name, kind, default, param.description, param.min, param.max, choices)
