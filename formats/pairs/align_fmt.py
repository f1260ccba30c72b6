"""`align`: one alignment per line, `[i,j]:[k]`, 0-based segment indexes; `[]:[k]` / `[i]:[]` unmatched.

The same layout as the MAC-Test gold files (`benchmarks/mac-test/gold/*.align`), so the output can be scored
against them. Indexes count the units as the user sees them, from the segment ids: `p3` / `l3` (1-based
paragraph or line ids; with `--layout lines` the 3rd non-empty line) become 2, and so does a sentence of it
(`p3.s2`): sentence pairs that share a unit on either side are written as one line, so each unit is named
once and a one-sentence-a-line text gives the same lines at sentence level as at paragraph level. Bare numbers
are taken as already 0-based; any other ids are numbered in order of first appearance on their side, which is
the segment order because every segment appears in one pair.
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

_ONE_BASED = re.compile(r"^[pl](\d+)(?:\.s\d+)?$")
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
    beads: list[tuple[list[int], list[int]]] = []
    groups: list[str] = []  # the paragraph group of each bead ("3" for sentence pairs "3.1", "3.2")
    for p in pairs:
        zh = list(dict.fromkeys(zh_index(i) for i in p.zh_ids))
        en = list(dict.fromkeys(en_index(i) for i in p.en_ids))
        group = p.id.split(".")[0] if "." in p.id else None
        # an unmatched sentence inside a matched paragraph group belongs to that group's units (a sentence the
        # other side has no counterpart for); a group's first pair takes in what follows it
        join_group = group is not None and groups and groups[-1] == group and (
            not (zh and en) or not (beads[-1][0] and beads[-1][1]))
        if beads and (join_group or set(zh) & set(beads[-1][0]) or set(en) & set(beads[-1][1])):
            last = beads[-1]  # a unit split into sentences across pairs: one line names it once
            last[0].extend(x for x in zh if x not in last[0])
            last[1].extend(x for x in en if x not in last[1])
        else:
            beads.append((zh, en))
            groups.append(group)
    lines = [f"[{','.join(map(str, sorted(zh)))}]:[{','.join(map(str, sorted(en)))}]" for zh, en in beads]
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
