"""TSV: a header row, then one pair per row. Tabs, newlines and backslashes in text are escaped (\\t \\n \\r \\\\)."""

from __future__ import annotations

from pathlib import Path

from core.records import AlignedPair
from formats.pairs._common import COLUMNS, join_ids, pair_from_row

NAME = "tsv"
EXTENSIONS = (".tsv", ".tab")
BINARY = False
READABLE = True
KEEPS_UNMATCHED = True

_ESC = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESC = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}


def escape(text: str) -> str:
    return "".join(_ESC.get(ch, ch) for ch in text)


def unescape(text: str) -> str:
    out = []
    chars = iter(text)
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            out.append(_UNESC.get(nxt, "\\" + nxt))
        else:
            out.append(ch)
    return "".join(out)


def dumps(pairs: list[AlignedPair], *, level: str = "paragraph") -> str:
    lines = ["\t".join(COLUMNS)]
    for p in pairs:
        row = [
            p.id,
            p.zh,
            p.en,
            f"{p.confidence:.4f}",
            p.kind,
            join_ids(p.zh_ids),
            join_ids(p.en_ids),
            p.zh_file,
            p.en_file,
        ]
        lines.append("\t".join(escape(str(v)) for v in row))
    return "\n".join(lines) + "\n"


def write(pairs: list[AlignedPair], path: Path, *, level: str = "paragraph") -> None:
    Path(path).write_text(dumps(pairs, level=level), encoding="utf-8", newline="\n")


def read(path: Path) -> list[AlignedPair]:
    lines = Path(path).read_text(encoding="utf-8-sig").split("\n")
    header = lines[0].rstrip("\r").split("\t")
    missing = [c for c in ("id", "zh", "en") if c not in header]
    if missing:
        raise ValueError(f"header lacks column(s) {', '.join(missing)}")
    pairs = []
    for number, line in enumerate(lines[1:], start=2):
        line = line.rstrip("\r")
        if not line:
            continue
        cells = [unescape(c) for c in line.split("\t")]
        if len(cells) != len(header):
            raise ValueError(f"line {number} has {len(cells)} cells, the header {len(header)}; fix that row")
        pairs.append(pair_from_row(dict(zip(header, cells, strict=False))))
    return pairs
