"""The column layout of each source file, read through the loaders' own contract reader
(`loaders.contract`), so the generator writes exactly the contract's columns and never parses the YAML
itself."""

from __future__ import annotations

from generator.errors import GeneratorError
from loaders.contract import Column, FileContract, contracts


def file_contract(system: str, file: str) -> FileContract:
    found = contracts()
    if system not in found:
        raise GeneratorError(f"no data contract for {system}", hint="the loaders stage provides one per system")
    files = found[system].files
    if file not in files:
        raise GeneratorError(f"the {system} contract has no file {file!r}", hint=f"files: {sorted(files)}")
    return files[file]


def columns(system: str, file: str) -> tuple[str, ...]:
    return tuple(file_contract(system, file).columns)


def column_specs(system: str, file: str) -> dict[str, Column]:
    return file_contract(system, file).columns


def key_column(system: str, file: str) -> str:
    """The key column of a file keyed by one column; '' when its key is a template of several."""
    key = file_contract(system, file).key
    return key.columns[0] if len(key.columns) == 1 and key.text == "{" + key.columns[0] + "}" else ""
