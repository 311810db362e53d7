"""Records of one label straight from a municipality extract, mapped by the loaders' own contracts
(no database): what the benchmark links when it measures against the generator's truth."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from loaders.contract import contracts
from loaders.load import discover, infer_government
from loaders.mapping import Refusal, RowMapper
from loaders.readers import Table


def records_from_extract(directory: Path, label: str, gov: str | None = None) -> list[dict[str, Any]]:
    """Every node of `label` the extract's rows map to, merged by (system, source_key) as the loader does."""
    sources, _, _ = discover(Path(directory), contracts())
    gov = gov or infer_government(sources) or "41110"
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for source in sources:
        contract = source.contract
        if not any(node.label == label for node in contract.nodes):
            continue
        table = Table(source.path, 50_000)
        mapper = RowMapper(contract, gov, set(table.columns))
        for chunk in table.chunks():
            for raw in chunk:
                if raw.problem:
                    continue
                mapped = mapper.map(raw.values)
                if isinstance(mapped, Refusal):
                    continue
                for node_label, props in mapped.nodes:
                    if node_label != label:
                        continue
                    key = (props.get("system"), props.get("source_key"))
                    out.setdefault(key, {}).update({k: v for k, v in props.items() if v is not None})
    return list(out.values())
