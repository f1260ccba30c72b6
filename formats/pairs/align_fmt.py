"""`align`: one alignment per line, `[i,j]:[k]`, 0-based segment indexes; `[]:[k]` / `[i]:[]` unmatched.

The same layout as the MAC-Test gold files (`benchmarks/mac-test/gold/*.align`), so the output can be scored
against them. Indexes come from the segment ids: `p3` / `l3` (1-based paragraph or line ids) become 2; bare
numbers are taken as already 0-based; any other ids (sentence ids such as `p3.s2`) are numbered in order of
first appearance on their side, which is the segment order because every segment appears in one pair.
Text, confidence and files are not kept: this format cannot be read back into pairs.
"""

from __future__ import annotations

import re
from pathlib import Path

from core.records import AlignedPair

NAME = "align"
EXTENSIONS = (".align",)
BINARY = False
READABLE = False
KEEPS_UNMATCHED = True

_ONE_BASED = re.compile(r"^[pl](\d+)$")
_ZERO_BASED = re.compile(r"^(\d+)$")


def _indexer(all_ids: list[str]):
    if all_ids and all(_ONE_BASED.match(i) for i in all_ids):
        return lambda i: int(_ONE_BASED.match(i).group(1)) - 1
    if all_ids and all(_ZERO_BASED.match(i) for i in all_ids):
        return int
    order: dict[str, int] = {}
    for i in all_ids:
        order.setdefault(i, len(order))
    return order.__getitem__


def dumps(pairs: list[AlignedPair], *, level: str = "paragraph") -> str:
    zh_index = _indexer([i for p in pairs for i in p.zh_ids])
    en_index = _indexer([i for p in pairs for i in p.en_ids])
    lines = []
    for p in pairs:
        zh = ",".join(str(zh_index(i)) for i in p.zh_ids)
        en = ",".join(str(en_index(i)) for i in p.en_ids)
        lines.append(f"[{zh}]:[{en}]")
    return "\n".join(lines) + ("\n" if lines else "")


def write(pairs: list[AlignedPair], path: Path, *, level: str = "paragraph") -> None:
    Path(path).write_text(dumps(pairs, level=level), encoding="utf-8", newline="\n")


def parse(text: str) -> list[tuple[list[int], list[int]]]:
    """Parse `[i,j]:[k]` lines into (zh indexes, en indexes) tuples (for tests and benchmarks)."""
    beads = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        m = re.fullmatch(r"\[([\d,\s]*)\]:\[([\d,\s]*)\]", line)
        if not m:
            raise ValueError(f"line {n}: not an alignment line: {line!r}")
        beads.append(tuple([int(x) for x in g.split(",") if x.strip()] for g in m.groups()))
    return beads
