"""Blocking with a size guard for `chungbaek match`.

A block key alone may pair at most `max_pairs` record pairs in one block (a common name such as 김민준
shared by 800 records would pair 320,000 of them, nearly all namesakes). When a key would, the records of
its oversized blocks are blocked again with a second key added (the next refinement of the rule, e.g. the
birth year); a block still too big after every refinement is left out of that rule, and the run says so.
Each guarded rule becomes a plain exact rule on a made-up key column, so the candidate pairs are the union
of the rules' pairs as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from linkage.blocking import ExactBlockingRule

MAX_BLOCK_PAIRS = 5_000  # about 100 records in one block when deduplicating


@dataclass
class GuardedRule:
    """Block on `on`; when a block is too big, add the fields of `refine` one by one."""

    on: tuple[str, ...]
    refine: tuple[str, ...] = ()
    label: str = ""


@dataclass
class BlockNote:
    """What the guard did to one rule: blocks refined, records left out, the biggest block and its key."""

    rule: str
    oversized_blocks: int = 0
    refined_by: list[str] = field(default_factory=list)
    records_left_out: int = 0
    largest_block: int = 0
    largest_key: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "oversized_blocks": self.oversized_blocks, "refined_by": self.refined_by,
                "records_left_out": self.records_left_out, "largest_block": self.largest_block,
                "largest_key": self.largest_key}

    def text(self) -> str:
        out = (f"블록 {self.rule}: {self.oversized_blocks}개 블록이 너무 큼 (largest {self.largest_block:,} records, "
               f"key {self.largest_key!r})")
        if self.refined_by:
            out += f"; refined by {' + '.join(self.refined_by)}"
        if self.records_left_out:
            out += f"; {self.records_left_out:,} records still in too-big blocks were left out of this rule"
        return out


def _pairs(sizes_left: np.ndarray, sizes_right: np.ndarray | None) -> np.ndarray:
    if sizes_right is None:
        return sizes_left * (sizes_left - 1) // 2
    return sizes_left * sizes_right


def guard(rule: GuardedRule, left: pd.DataFrame, right: pd.DataFrame | None, key_name: str,
          max_pairs: int = MAX_BLOCK_PAIRS) -> tuple[np.ndarray, np.ndarray | None, BlockNote]:
    """Key codes (-1: not blocked by this rule) for the records of both frames, and what the guard did."""
    note = BlockNote(rule=rule.label or "+".join(rule.on))
    frames = [left] if right is None else [left, right]
    n = [len(f) for f in frames]
    both = pd.concat([f[list(rule.on) + list(rule.refine)] for f in frames], ignore_index=True)
    side = np.repeat(np.arange(len(frames)), n)
    columns = list(rule.on)
    key = _codes(both, columns)
    pending = list(rule.refine)
    first = True
    while True:
        live = key >= 0
        counts_l = np.bincount(key[live & (side == 0)], minlength=key.max() + 1) if live.any() else np.zeros(0, int)
        counts_r = (np.bincount(key[live & (side == 1)], minlength=key.max() + 1) if right is not None and live.any()
                    else None)
        pairs = _pairs(counts_l.astype(np.int64), None if counts_r is None else counts_r.astype(np.int64))
        big = np.flatnonzero(pairs > max_pairs)
        if first and len(big):
            note.oversized_blocks = len(big)
            worst = int(big[np.argmax(pairs[big])])
            note.largest_block = int(counts_l[worst] + (0 if counts_r is None else counts_r[worst]))
            example = np.flatnonzero(key == worst)[0]
            note.largest_key = " / ".join(str(both[c].iloc[example]) for c in columns)
        first = False
        if not len(big):
            break
        in_big = np.isin(key, big)
        if not pending:
            note.records_left_out = int(in_big.sum())
            key[in_big] = -1
            break
        extra = pending.pop(0)
        note.refined_by.append(extra)
        columns = [*columns, extra]
        refined = _codes(both, columns)
        # Only the records of oversized blocks take the longer key; the others keep theirs.
        new = key.copy()
        new[in_big] = np.where(refined[in_big] >= 0, refined[in_big] + key.max() + 1, -1)
        key = np.full(len(new), -1, dtype=np.int64)
        key[new >= 0] = pd.factorize(new[new >= 0])[0]
    left_key = key[: n[0]]
    right_key = None if right is None else key[n[0]:]
    return left_key, right_key, note


def _codes(frame: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One int code per row for the combination of `columns`; -1 when any of them is missing."""
    sub = frame[columns]
    present = sub.notna().all(axis=1).to_numpy()
    codes = np.full(len(frame), -1, dtype=np.int64)
    if present.any():
        joined = sub[present].astype(str).agg("\x1f".join, axis=1) if len(columns) > 1 else sub[present][columns[0]]
        codes[present] = pd.factorize(joined.to_numpy(dtype=object))[0]
    return codes


def guarded_rules(rules: list[GuardedRule], left: pd.DataFrame, right: pd.DataFrame | None,
                  max_pairs: int = MAX_BLOCK_PAIRS) -> tuple[list[ExactBlockingRule], list[BlockNote]]:
    """Add a key column per rule to the frames (in place) and return exact rules on them, with notes."""
    out, notes = [], []
    for k, rule in enumerate(rules):
        name = f"_block{k}"
        lk, rk, note = guard(rule, left, right, name, max_pairs)
        left[name] = np.where(lk >= 0, lk, np.nan)
        if right is not None and rk is not None:
            right[name] = np.where(rk >= 0, rk, np.nan)
        out.append(ExactBlockingRule(on=(name,)))
        if note.oversized_blocks:
            notes.append(note)
    return out, notes


def window_pairs(frame: pd.DataFrame, on: str, then: list[str], window: int) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of records within `window` positions when sorted on `on` (ties ordered by `then`): at most
    window-1 pairs per record. (A sorted neighbourhood over distinct values, as recordlinkage does, pairs
    every record of a common name with every other, which is the unguarded block this module exists to avoid.)"""
    present = np.flatnonzero(frame[on].notna().to_numpy())
    if len(present) < 2:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    keys = [frame[c].to_numpy(dtype=object)[present] for c in [on, *then]]
    sortable = [np.where(pd.isna(k), "\uffff", k).astype(str) for k in keys]
    order = present[np.lexsort(sortable[::-1])]
    i_parts, j_parts = [], []
    for step in range(1, window):
        i_parts.append(order[:-step])
        j_parts.append(order[step:])
    i, j = np.concatenate(i_parts), np.concatenate(j_parts)
    return np.minimum(i, j).astype(np.int64), np.maximum(i, j).astype(np.int64)
