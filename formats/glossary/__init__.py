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

from core.errors import InputError, UsageError
from core.fsutil import is_stdout, refuse_binary_stdout
from core.records import STATUSES, GlossaryEntry

FORMATS = ("xlsx", "csv", "tbx")
# chosen by name only (the extension .tbx means TBX v3)
NAMED_FORMATS = FORMATS + ("tbx2",)


def format_for(path: str | os.PathLike, fmt: str | None = None) -> ModuleType:
    """The module for `fmt`, else for the extension of `path`.

    `path` `-` (standard output) needs `fmt` and takes only the text formats; an `fmt` whose extensions do
    not include the extension of `path` (`-o terms.xlsx -f tbx`) is a UsageError.
    """
    stdout = is_stdout(path)
    suffix = "" if stdout else Path(path).suffix.lower()
    name = (fmt or suffix.lstrip(".")).lower()
    if fmt and name not in NAMED_FORMATS:
        raise InputError(f"unknown glossary format {fmt!r}; use {', '.join(NAMED_FORMATS)}")
    if stdout and not fmt:
        text = ", ".join(n for n in NAMED_FORMATS if n != "xlsx")
        raise UsageError(f"-o - (standard output) needs --format: one of {text}")
    if name not in FORMATS and not fmt:
        raise InputError(
            f"{path}: unknown glossary format {name or '(no extension)'!r}; use .{', .'.join(FORMATS)}"
        )
    module = importlib.import_module(f"formats.glossary.{name}_fmt")
    if fmt and suffix.lstrip(".") in FORMATS and suffix not in module.EXTENSIONS:
        raise UsageError(f"{path}: the extension says {suffix.lstrip('.')} but --format says {name}; "
                         "drop --format or change the extension")
    refuse_binary_stdout(path, name, getattr(module, "BINARY", False))
    return module


def parse_statuses(text: str) -> list[str]:
    """`approved,edited` → ["approved", "edited"]; an unknown or missing status is an InputError."""
    names = [t.strip().lower() for t in text.split(",") if t.strip()]
    unknown = [n for n in names if n not in STATUSES]
    if unknown or not names:
        raise InputError(f"--status {text!r}: give statuses from {', '.join(STATUSES)}, comma-separated")
    return list(dict.fromkeys(names))


def write_glossary(entries: list[GlossaryEntry], path: str | os.PathLike, fmt: str | None = None, *,
                   include_rejected: bool = False) -> Path:
    """Write `entries` to `path` in the format its extension names (or `fmt`); returns the path.

    Rejected terms are left out of TBX unless `include_rejected` (then they are deprecated terms); the
    curation sheet and CSV always keep them, since they carry the reviewer's decision.
    """
    module = format_for(path, fmt)
    if getattr(module, "TAKES_REJECTED", False):
        module.write(list(entries), Path(path), include_rejected=include_rejected)
    else:
        module.write(list(entries), Path(path))
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
