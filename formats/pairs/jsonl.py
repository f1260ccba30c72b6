"""JSONL: one AlignedPair.to_dict() object per line (UTF-8, CJK unescaped)."""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

from core.records import AlignedPair

NAME = "jsonl"
EXTENSIONS = (".jsonl", ".ndjson")
BINARY = False
READABLE = True
KEEPS_UNMATCHED = True

_FIELDS = {f.name for f in fields(AlignedPair)}


def dumps(pairs: list[AlignedPair], *, level: str = "paragraph") -> str:
    return "".join(json.dumps(p.to_dict(), ensure_ascii=False) + "\n" for p in pairs)


def write(pairs: list[AlignedPair], path: Path, *, level: str = "paragraph") -> None:
    Path(path).write_text(dumps(pairs, level=level), encoding="utf-8", newline="\n")


def read(path: Path) -> list[AlignedPair]:
    pairs = []
    with open(path, encoding="utf-8-sig") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"line {n}: {exc.msg}") from None
            if not isinstance(obj, dict) or "id" not in obj:
                raise ValueError(f"line {n}: not an aligned pair object")
            pairs.append(AlignedPair(**{k: _typed(k, v, n) for k, v in obj.items() if k in _FIELDS}))
    return pairs


_TEXT = {"id", "zh", "en", "kind", "zh_file", "en_file"}
_IDS = {"zh_ids", "en_ids"}


def _typed(key: str, value, line: int):
    """A field of the right type (an id given as a number becomes text); ValueError naming line and field."""
    if key in _TEXT:
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ValueError(f"line {line}: {key} is {type(value).__name__}, not text")
        return str(value)
    if key in _IDS:
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
            raise ValueError(f"line {line}: {key} is not a list of ids")
        return [str(v) for v in value]
    if key == "confidence":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"line {line}: confidence is {type(value).__name__}, not a number")
        return float(value)
    return value
