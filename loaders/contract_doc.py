"""docs/contracts.md, generated from the contracts (`chungbaek contracts doc --write`)."""

from __future__ import annotations

from loaders.contract import CONTRACT_DIR, SYSTEMS, Contract, FileContract, contracts

DOC_PATH = CONTRACT_DIR.parent.parent / "docs" / "contracts.md"

INTRO = """# Source-system data contracts

Generated from `loaders/contracts/<system>.yaml` by `chungbaek contracts doc --write`; edit the YAML, not
this file. An extract is `DIR/<system>/<file>.csv` (UTF-8 or CP949/EUC-KR; comma, tab, `|` or `;`) or
`.parquet`. Column names are matched case-insensitively; extra columns are ignored (and listed in the
summary), missing optional columns are treated as empty.

## How to read a contract

- **columns**: name, identifier kind (below), required. A row is refused (quarantined with its line and
  reason) when a required value is missing or unusable, when its key repeats an earlier row's, or when the
  record has the wrong number of fields. An unusable *optional* value is dropped with a warning (the row is
  kept; `<file>.warnings.csv` beside the quarantine says which value and why). A file without a required
  column cannot be used at all; the other files still load and `chungbaek load` exits non-zero.
- **key**: the row's source key (`source_key` of its own node); keys carry the government code
  (`41110-TX-0000123`). Records and facts are keyed by `(system, source_key)`.
- **nodes**: what a row becomes. The first is the row's own node; `when` picks it by a column's value
  (person or business). Further nodes are derived from the row under their own `source_key` template, e.g.
  the AccountRecord `{gov}-AC-{bank_code}-{account_no}` of a payment (`{gov}` is the government code given to
  the load) or the ParcelRecord `{pnu}` an assessment is about. Every node also gets `system`, `source_key`
  and `gov`.
- **relationships**: `TYPE -> node` links two nodes of the same row; `TYPE -> system:Label[key]` links to a
  record or fact found by its source key, in this system or another (officials are `local_hr:PersonRecord`
  keyed by employee number). Relationships are written after all files' nodes, so file order does not matter;
  a key that finds nothing is counted as unresolved in the summary.

## Loading

    chungbaek load DIR [--gov CODE] [--json] [--quarantine-dir D] [--batch-size N] [--no-progress]

or `loaders.load_directory(DIR, gov=..., writer=...) -> LoadSummary` from Python. Files are read in chunks
(bounded memory), nodes of all files are written first and relationships afterwards, everything MERGEd on
`(system, source_key)`: loading the same extract twice changes nothing. Per file the summary gives
`file, system, status (loaded | unusable | skipped), message, rows_in, loaded, quarantined, warnings,
quarantine, warnings_file, encoding, nodes, relationships, unresolved`; `--json` prints that list. For every
loaded file `rows_in = loaded + quarantined`. The exit status is 1 only when a file could not be used at all
(unreadable, a required column missing, an unknown system directory or file); `truth/` is skipped.

Quarantine files are `<D>/<system>/<file>.quarantine.csv` (`source_line, refusal_reason`, then the row as
read) and `<file>.warnings.csv` (`source_line, column, warning, value`), default
`<state>/quarantine/`; each load rewrites them. Resident and card numbers are masked there, and anything
shaped like a resident number is masked in every other column and reason. The government code is
`--gov`, else `CHUNGBAEK_GOVERNMENT`, else the 5-digit prefix of the extract's source keys.

## Identifier kinds

| kind | stored as | refused when |
|---|---|---|
| `rrn` | parts `hash` (HMAC-SHA256, key from settings), `masked` (`YYMMDD-S******`), `birth_date`, `sex`; the number itself is never stored, logged or quarantined in clear | not 13 digits (or a masked `YYMMDD-S******`), impossible birth date or sex digit. A wrong check digit is only a warning (numbers since 2020-10 have random tails) |
| `brn` | 10 digits | not 10 digits, check digit wrong |
| `crn` | 13 digits | not 13 digits, check digit wrong |
| `pnu` | 19 digits | not 19 digits, unknown province, land type not 1/2, main lot 0000 |
| `bank_code` | 3 digits (`4` -> `004`) | not a known Korean bank code |
| `account_no` | digits only | not 10-14 digits after removing hyphens and spaces |
| `name` | Hangul without spaces (`김 철수` -> `김철수`), romanised names upper case; part `alts`: romanisations (RR and customary family-name spellings) and variants given in parentheses | no letters |
| `address` | spacing normalised | too short, no letters |
| `phone` | `010-1234-5678`, `02-123-4567` | not a Korean number |
| `email` | lower case | not an address |
| `date` | `YYYY-MM-DD` from YYYYMMDD, YYYY-MM-DD, YYYY.MM.DD, YYYY/MM/DD | not such a date, not a real day, before 1900 or after 2100 |
| `datetime` | `YYYY-MM-DDTHH:MM:SS` from the date formats plus ` HH:MM[:SS]`, `THH:MM:SS` or run on (`20240301231000`); part `date` | as date, or a bad time |
| `amount` | integer KRW; `1,234,000원`, `₩5,000` accepted; `(5,000)` is -5,000 | fractions, malformed separators, not a number |
| `number` | float; `330.5㎡` accepted | not a finite number |
| `area` | float m²; `330.5㎡`, `1,330 m2` accepted; `105평` becomes 347.11 (1 평 = 3.3058 m²) | negative, another unit (`105평형`, acres), not a finite number |
| `boolean` | Y/N, 1/0, true/false, 예/아니오 | anything else |
| `key` | as given | spaces or characters other than letters, digits, `- _ . : /`; longer than 100 |
| `code`, `text` | trimmed, spacing normalised | (codes longer than 200) |
| `category` | one of the listed values; aliases (often Korean) map onto them | not a value or alias |
| `mcc` | 4 digits | not 1-4 digits |
| `card_no` | masked `1234-****-****-5678` only | not 15-16 digits (middle ones may be masked) |

Empty cells and `NULL`, `None`, `N/A`, `-` count as missing.

A negative amount or number loads with a warning unless its column says `negative: refuse` (the row is
quarantined) or `negative: allow`. A value the graph cannot hold (an integer beyond 64 bits, a NUL
character) refuses its row whatever the column.

At the boundary, whatever the contract:
- a key column whose value starts with another government's code (`43111-...` in a load for 43119) refuses
  its row; a record another government already holds is never taken over (the row is refused and the
  owner named), and a derived node of another government is left out of the row with a warning;
- a resident-number pattern in a name, address, code or free text is masked (`730604-1******`) and warned;
- an unclosed quote refuses only its own line, an undecodable line only itself; blank and delimiter-only
  lines are counted (`rows_in = loaded + quarantined + blank`);
- each load's refused rows and warnings go to `<quarantine dir>/<UTC time>-<load id>-<gov>/` (0600 files in
  0700 directories, spreadsheet formulas neutralised with a leading `'`);
- a stored row that the source changed gets a `RecordChange` (old and new values, load id); with
  `--full-extract`, or `full_extract: true` on a file, a record the file no longer gives is marked
  `gone_at_source` with the load id, never deleted.
"""


def _file(fc: FileContract) -> list[str]:
    lines = [f"### `{fc.system}/{fc.stem}`", ""]
    if fc.description:
        lines += [fc.description, ""]
    lines += [f"Key: `{fc.key.text}`", "", "| column | kind | required | notes |", "|---|---|---|---|"]
    for col in fc.columns.values():
        notes = col.description
        if col.type == "category":
            values = ", ".join(col.options.get("values", []))
            aliases = ", ".join(f"{a}={v}" for a, v in (col.options.get("aliases") or {}).items())
            notes = "; ".join(x for x in (notes, f"values: {values}", f"aliases: {aliases}" if aliases else "") if x)
        if col.kind.graph_type in ("int", "float") and col.negative != "warn":
            notes = "; ".join(x for x in (notes, f"negative: {col.negative}") if x)
        lines.append(f"| `{col.name}` | {col.type} | {'yes' if col.required else ''} | {notes} |")
    lines += ["", "Nodes:", ""]
    for node in fc.nodes:
        cond = ""
        if node.when.equals:
            cond = " when " + ", ".join(f"{c} = {'/'.join(v)}" for c, v in node.when.equals.items())
        if node.when.present:
            cond += " when " + " and ".join(node.when.present) + " present"
        props = [f"{p} <- {' or '.join(r.column + ('' if r.part == 'value' else '.' + r.part) for r in refs)}"
                 for p, refs in node.properties.items()]
        props += [f"{p} = {v!r}" for p, v in node.constants.items()]
        props += [f"{p} = `{t.text}`" for p, t in node.templates.items()]
        lines.append(f"- `{node.id}`: **{node.label}** `{node.source_key.text}`{cond}: {'; '.join(props)}")
    if fc.relationships:
        lines += ["", "Relationships:", ""]
        for rel in fc.relationships:
            if rel.to_node:
                target = f"node `{rel.to_node}`"
            else:
                assert rel.to_key is not None
                target = f"{rel.to_system}:{'|'.join(rel.to_labels)} `{rel.to_key.text}`"
            props = "".join(f" {{{p} <- {refs[0].column}}}" for p, refs in rel.properties.items())
            lines.append(f"- `{rel.from_id}` -[**{rel.type}**{props}]-> {target}")
    return [*lines, ""]


def render(known: dict[str, Contract] | None = None) -> str:
    known = known or contracts()
    out = [INTRO, "## Systems", ""]
    for system in SYSTEMS:
        contract = known[system]
        out += [f"## {system}", "", contract.description, ""]
        for fc in contract.files.values():
            out += _file(fc)
    return "\n".join(out).rstrip() + "\n"
