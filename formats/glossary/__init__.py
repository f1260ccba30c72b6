"""Writers (and readers) for glossary entries: one module per format, registered by name.

    write_glossary(entries, "glossary.tbx")     # format from the extension: .xlsx, .csv, .tbx
    read_glossary("glossary.csv")               # -> list[GlossaryEntry]

Each module has ``EXTENSIONS``, ``write(entries, path)`` and ``read(path)``; every writer goes through
`core.fsutil.atomic_output`, so a failed export leaves no half-written file.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from types import ModuleType

from core.errors import InputError
from core.records import GlossaryEntry

FORMATS = ("xlsx", "csv", "tbx")
# chosen by name only (the extension .tbx means TBX v3)
NAMED_FORMATS = FORMATS + ("tbx2",)


def format_for(path: str | os.PathLike, fmt: str | None = None) -> ModuleType:
    name = (fmt or Path(path).suffix.lstrip(".")).lower()
    if fmt and name not in NAMED_FORMATS:
        raise InputError(f"unknown glossary format {fmt!r}; use {', '.join(NAMED_FORMATS)}")
    if name not in FORMATS and not fmt:
        raise InputError(
            f"{path}: unknown glossary format {name or '(no extension)'!r}; use .{', .'.join(FORMATS)}"
        )
    return importlib.import_module(f"formats.glossary.{name}_fmt")


def write_glossary(entries: list[GlossaryEntry], path: str | os.PathLike, fmt: str | None = None) -> Path:
    """Write `entries` to `path` in the format its extension names (or `fmt`); returns the path."""
    format_for(path, fmt).write(list(entries), Path(path))
    return Path(path)


def read_glossary(path: str | os.PathLike, fmt: str | None = None) -> list[GlossaryEntry]:
    """Read a glossary export (.xlsx, .csv, .tbx); a broken file is one InputError line."""
    return format_for(path, fmt).read(Path(path))


def split_cell(cell) -> list[str]:
    """"a | b" -> ["a", "b"] (the separator of variants and avoided renderings in cells)."""
    return [p.strip() for p in str(cell or "").replace("\n", "|").split("|") if p.strip()]


def join_cell(values: list[str]) -> str:
    return " | ".join(values)


def to_int(value, where: str) -> int:
    if value in (None, ""):
        return 0
    try:
        return int(float(value))
    except (TypeError, ValueError):
        raise InputError(f"{where}: {value!r} is not a number") from None
