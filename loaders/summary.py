"""What a load did, per file: rows in, loaded, quarantined, where the quarantine is, what did not resolve."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

LOADED, UNUSABLE, SKIPPED = "loaded", "unusable", "skipped"


@dataclass
class FileResult:
    file: str  # path relative to the extract directory, e.g. local_tax/taxpayers.csv
    system: str
    status: str = LOADED  # loaded | unusable (nothing of it could be read) | skipped (not an extract file)
    message: str = ""
    rows_in: int = 0  # records read: loaded + quarantined + blank
    loaded: int = 0
    quarantined: int = 0
    blank: int = 0  # empty lines and lines of only delimiters: counted, neither loaded nor refused
    changed: int = 0  # rows whose stored record differed: one RecordChange each (old and new values)
    gone: int = 0  # full extract only: records this file no longer gives, marked gone_at_source
    lines: int = 0  # physical lines of the file after the header (Parquet: rows); >= rows_in
    warnings: int = 0
    quarantine: str | None = None  # CSV of refused rows: source_line, refusal_reason, the row (identifiers masked)
    warnings_file: str | None = None  # CSV of dropped optional values: source_line, column, warning, value
    encoding: str | None = None
    nodes: dict[str, int] = field(default_factory=dict)  # label -> node rows written
    relationships: dict[str, int] = field(default_factory=dict)  # TYPE->target -> written
    unresolved: dict[str, int] = field(default_factory=dict)  # TYPE->target -> references to nothing
    ignored_columns: list[str] = field(default_factory=list)
    missing_optional_columns: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def reconciles(self) -> bool:
        return self.rows_in == self.loaded + self.quarantined + self.blank

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class LoadSummary:
    directory: str
    gov: str
    files: list[FileResult] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)  # contract files the extract does not have
    seconds: float = 0.0
    load_id: str = ""  # names this load in its quarantine directory and on the records it changed
    quarantine_dir: str = ""  # <root>/<UTC time>-<load id>-<gov>/, made only when something was refused

    @property
    def ok(self) -> bool:
        """False when some file could not be used at all (the CLI then exits non-zero)."""
        return not any(f.status == UNUSABLE for f in self.files)

    @property
    def rows_in(self) -> int:
        return sum(f.rows_in for f in self.files)

    @property
    def loaded(self) -> int:
        return sum(f.loaded for f in self.files)

    @property
    def quarantined(self) -> int:
        return sum(f.quarantined for f in self.files)

    @property
    def unresolved(self) -> int:
        return sum(sum(f.unresolved.values()) for f in self.files)

    def file(self, name: str) -> FileResult:
        return next(f for f in self.files if f.file == name or f.file.rsplit(".", 1)[0] == name)

    def to_dict(self) -> dict[str, Any]:
        return {"directory": self.directory, "gov": self.gov, "load_id": self.load_id,
                "quarantine_dir": self.quarantine_dir, "ok": self.ok, "rows_in": self.rows_in,
                "loaded": self.loaded, "quarantined": self.quarantined, "unresolved": self.unresolved,
                "seconds": round(self.seconds, 3), "missing_files": self.missing_files,
                "files": [f.to_dict() for f in self.files]}
