"""Reading extract files in chunks: CSV in UTF-8 or CP949/EUC-KR, and Parquet.

Memory stays bounded: rows come out `chunk_size` at a time, each with its source line number (CSV: the
physical line where the record starts, the header being line 1; Parquet: the row number from 1).
"""

from __future__ import annotations

import codecs
import csv
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

DELIMITERS = (",", "\t", "|", ";")
BLOCK = 1 << 20
MAX_SPAN = 20  # physical lines one record (quoted line breaks) may span
csv.field_size_limit(1 << 24)


class UnreadableFile(Exception):
    """The file cannot be read at all; the message says why (the loader turns it into a file result)."""


@dataclass
class RawRow:
    line: int
    values: dict[str, Any]
    problem: str | None = None  # set when the record itself is broken (wrong number of fields ...)
    blank: bool = False  # an empty line, or one of only delimiters: counted, neither loaded nor refused


def normalise_header(name: Any) -> str:
    return unicodedata.normalize("NFKC", str(name)).strip().lstrip("\ufeff").strip().lower()


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) or CP949, by what most of the file's non-ASCII lines decode as.

    A file is not refused for a few lines in another encoding (one CP949 line pasted into a UTF-8 export):
    those lines are quarantined one by one (see `_Lines`).
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while block := handle.read(BLOCK):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    utf8 = cp949 = 0
    with path.open("rb") as handle:
        for line in handle:
            if line.isascii():
                continue
            utf8 += _decodes(line, "utf-8")
            cp949 += _decodes(line, "cp949")
    # No line decodes at all: UTF-8, so that each of them is refused with its line number (the header
    # decides whether the file can be read).
    return "utf-8-sig" if utf8 >= cp949 else "cp949"


def _decodes(line: bytes, encoding: str) -> bool:
    try:
        line.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


class _Lines:
    """The physical lines of a CSV file, decoded one at a time, fed to `csv.reader`.

    It remembers the lines of the record being read, so that a broken record (an unclosed quote) can be
    refused on its first line and the lines it swallowed handed to the reader again; and it stops a record
    after MAX_SPAN lines, so an unclosed quote cannot swallow the rest of the file. A line that does not
    decode is read with replacement characters and marked, so its record is quarantined, not loaded.
    """

    def __init__(self, handle: IO[bytes], encoding: str, on_read: Callable[[int], object]) -> None:
        self.handle, self.encoding, self.on_read = handle, encoding, on_read
        self.number = 0
        self.back: list[tuple[int, str, bool]] = []
        self.taken: list[tuple[int, str, bool]] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if len(self.taken) >= MAX_SPAN:
            raise StopIteration
        if self.back:
            item = self.back.pop()
        else:
            raw = self.handle.readline()
            if not raw:
                raise StopIteration
            self.on_read(len(raw))
            self.number += 1
            try:
                item = (self.number, raw.decode(self.encoding), True)
            except UnicodeDecodeError:
                item = (self.number, raw.decode(self.encoding, errors="replace"), False)
            if self.number == 1:
                item = (1, item[1].lstrip("\ufeff"), item[2])
        self.taken.append(item)
        return item[1]

    def start(self) -> None:
        self.taken = []

    def push_back(self, items: list[tuple[int, str, bool]]) -> None:
        self.back.extend(reversed(items))


class Table:
    """One extract file: its header and its rows in chunks."""

    def __init__(self, path: Path, chunk_size: int, on_progress: Callable[[int], object] | None = None) -> None:
        self.path = path
        self.chunk_size = chunk_size
        self.on_progress = on_progress or (lambda _n: None)
        self.format = "parquet" if path.suffix.lower() == ".parquet" else "csv"
        self.encoding: str | None = None
        self.columns: list[str] = []
        self.lines = 0  # physical lines read so far (header included; Parquet: rows)
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
        with self.path.open("rb") as handle:
            raw = handle.readline()
        try:
            first = raw.decode(self.encoding).lstrip("\ufeff")
        except UnicodeDecodeError:
            raise UnreadableFile("the header line is neither UTF-8 nor CP949/EUC-KR text; re-export the file in "
                                 "one of these encodings") from None
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
        try:
            for batch in self._parquet.iter_batches(batch_size=self.chunk_size):
                rows = []
                for record in batch.to_pylist():
                    line += 1
                    self.lines = line
                    rows.append(RawRow(line, {normalise_header(k): v for k, v in record.items()}))
                self.on_progress(len(rows))
                yield rows
        except Exception as exc:  # noqa: BLE001 - a damaged page: the rows not read are refused, counted
            total = self._parquet.metadata.num_rows
            why = f"row {line + 1} onwards cannot be read ({type(exc).__name__}); re-export the file"
            for start in range(line + 1, total + 1, self.chunk_size):
                yield [RawRow(n, {}, why) for n in range(start, min(total, start + self.chunk_size - 1) + 1)]

    def _csv_chunks(self) -> Iterator[list[RawRow]]:
        rows: list[RawRow] = []
        for row in self._csv_rows():
            rows.append(row)
            if len(rows) >= self.chunk_size:
                yield rows
                rows = []
        if rows:
            yield rows

    def _csv_rows(self) -> Iterator[RawRow]:
        assert self.encoding is not None
        with self.path.open("rb") as handle:
            lines = _Lines(handle, self.encoding, self.on_progress)
            reader = csv.reader(lines, delimiter=self.delimiter, strict=True)
            try:
                next(reader, None)  # the header (read in _open_csv)
            except csv.Error:
                pass  # a header with broken quoting has already shown as missing columns
            self.lines = 1
            while True:
                lines.start()
                try:
                    fields = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    yield self._broken(lines, f"broken quoting ({exc})")
                    continue
                taken = lines.taken
                if not fields or all(not f.strip() for f in fields):
                    self.lines += len(taken)
                    yield RawRow(taken[0][0], {}, blank=True)
                elif len(taken) > 1 and not self._spans_ok(fields, taken):
                    yield self._broken(lines, "a quoted field is not closed on this line")
                else:
                    self.lines += len(taken)
                    yield self._row(fields, taken)

    def _row(self, fields: list[str], taken: list[tuple[int, str, bool]]) -> RawRow:
        width = len(self.columns)
        start, end = taken[0][0], taken[-1][0]
        values: dict[str, Any] = dict(zip(self.columns, fields, strict=False))
        problem = None
        bad = [n for n, _text, ok in taken if not ok]
        if bad:
            problem = (f"line {bad[0]} holds bytes that are not {self.encoding} text (another encoding?); "
                       "re-export it")
        elif len(fields) != width:
            problem = f"expected {width} fields, found {len(fields)}"
            if len(fields) > width:
                values["_extra"] = self.delimiter.join(fields[width:])
        if problem and end > start:
            problem += f" (the record spans lines {start}-{end})"
        return RawRow(start, values, problem)

    def _spans_ok(self, fields: list[str], taken: list[tuple[int, str, bool]]) -> bool:
        """A record over several lines is real only if it has the right width and swallowed no record."""
        if len(fields) != len(self.columns):
            return False
        for _n, text, _ok in taken[1:]:
            try:
                alone = next(csv.reader([text], delimiter=self.delimiter, strict=True), [])
            except csv.Error:
                continue
            if len(alone) == len(self.columns):
                return False
        return True

    def _broken(self, lines: _Lines, why: str) -> RawRow:
        """The first line of a broken record is refused; the lines after it are read again as records."""
        taken = lines.taken or [(lines.number, "", True)]
        first = taken[0]
        lines.push_back(taken[1:])
        self.lines += 1
        fields = next(csv.reader([first[1]], delimiter=self.delimiter), [])
        values: dict[str, Any] = dict(zip(self.columns, fields, strict=False))
        if len(fields) > len(self.columns):
            values["_extra"] = self.delimiter.join(fields[len(self.columns):])
        return RawRow(first[0], values, f"line {first[0]}: {why}; this line is refused, the next lines are read "
                                        "as records of their own")
