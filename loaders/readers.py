"""Reading extract files in chunks: CSV in UTF-8 or CP949/EUC-KR, and Parquet.

Memory stays bounded: rows come out `chunk_size` at a time, each with its source line number (CSV: the
physical line where the record starts, the header being line 1; Parquet: the row number from 1).
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ENCODINGS = ("utf-8-sig", "cp949")  # cp949 is a superset of EUC-KR
DELIMITERS = (",", "\t", "|", ";")
BLOCK = 1 << 20
csv.field_size_limit(1 << 24)


class UnreadableFile(Exception):
    """The file cannot be read at all; the message says why (the loader turns it into a file result)."""


@dataclass
class RawRow:
    line: int
    values: dict[str, Any]
    problem: str | None = None  # set when the record itself is broken (wrong number of fields ...)


def normalise_header(name: Any) -> str:
    return unicodedata.normalize("NFKC", str(name)).strip().lstrip("\ufeff").strip().lower()


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) if the whole file decodes as UTF-8, else CP949; else unreadable."""
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while block := handle.read(BLOCK):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("neither UTF-8 nor CP949/EUC-KR text; re-export it in one of these encodings")


class _Counting(io.RawIOBase):
    """A binary file that reports how many bytes were read (for the progress bar)."""

    def __init__(self, handle: io.BufferedReader, on_read: Callable[[int], object]) -> None:
        self.handle, self.on_read = handle, on_read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.handle.readinto(buffer)
        if n:
            self.on_read(n)
        return n or 0

    def close(self) -> None:
        self.handle.close()
        super().close()


class Table:
    """One extract file: its header and its rows in chunks."""

    def __init__(self, path: Path, chunk_size: int, on_progress: Callable[[int], object] | None = None) -> None:
        self.path = path
        self.chunk_size = chunk_size
        self.on_progress = on_progress or (lambda _n: None)
        self.format = "parquet" if path.suffix.lower() == ".parquet" else "csv"
        self.encoding: str | None = None
        self.columns: list[str] = []
        if self.format == "parquet":
            self._open_parquet()
        else:
            self._open_csv()

    # -- progress: bytes for CSV, rows for Parquet
    @property
    def progress_total(self) -> int:
        return self._parquet.metadata.num_rows if self.format == "parquet" else self.path.stat().st_size

    def _open_parquet(self) -> None:
        import pyarrow.parquet as pq

        try:
            self._parquet = pq.ParquetFile(self.path)
        except Exception as exc:  # noqa: BLE001 - pyarrow raises many types for a broken file
            raise UnreadableFile(f"not a readable Parquet file ({type(exc).__name__})") from None
        self.columns = [normalise_header(n) for n in self._parquet.schema_arrow.names]
        self._raw_names = list(self._parquet.schema_arrow.names)

    def _open_csv(self) -> None:
        self.encoding = detect_encoding(self.path)
        with self.path.open(encoding=self.encoding, newline="") as handle:
            first = handle.readline()
        if not first.strip():
            raise UnreadableFile("empty file: no header line")
        self.delimiter = max(DELIMITERS, key=first.count)
        self.columns = [normalise_header(n) for n in next(csv.reader([first], delimiter=self.delimiter))]

    def duplicate_columns(self) -> list[str]:
        seen: set[str] = set()
        return sorted({c for c in self.columns if c in seen or seen.add(c)})

    def chunks(self) -> Iterator[list[RawRow]]:
        return self._parquet_chunks() if self.format == "parquet" else self._csv_chunks()

    def _parquet_chunks(self) -> Iterator[list[RawRow]]:
        line = 0
        for batch in self._parquet.iter_batches(batch_size=self.chunk_size):
            rows = []
            for record in batch.to_pylist():
                line += 1
                rows.append(RawRow(line, {normalise_header(k): v for k, v in record.items()}))
            self.on_progress(len(rows))
            yield rows

    def _csv_chunks(self) -> Iterator[list[RawRow]]:
        raw = _Counting(self.path.open("rb"), self.on_progress)
        with io.TextIOWrapper(io.BufferedReader(raw), encoding=self.encoding, newline="") as text:
            reader = csv.reader(text, delimiter=self.delimiter)
            width = len(self.columns)
            header_seen = False
            rows: list[RawRow] = []
            last = 0
            while True:
                try:
                    fields = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    rows.append(RawRow(last + 1, {}, f"unreadable record: {exc}"))
                    last = reader.line_num
                    continue
                start, last = last + 1, reader.line_num
                if not header_seen:
                    header_seen = True
                    continue
                if not fields or (len(fields) == 1 and not fields[0].strip()):
                    continue  # blank line
                values = dict(zip(self.columns, fields, strict=False))
                problem = None
                if len(fields) != width:
                    problem = f"expected {width} fields, found {len(fields)}"
                    if len(fields) > width:
                        values["_extra"] = self.delimiter.join(fields[width:])
                rows.append(RawRow(start, values, problem))
                if len(rows) >= self.chunk_size:
                    yield rows
                    rows = []
            if rows:
                yield rows
