"""Resource limits for the container formats read from users: DOCX and XLSX (zip) and PDF.

A zip's central directory declares every member's uncompressed size, and Python's zipfile never inflates
a member past its declared size (a lying header ends in a CRC error). So a workbook or document is refused
*before* anything is inflated when its members together declare more than

    min(cap, max(FLOOR, RATIO × size on disk))

Office XML compresses 5–20×; RATIO leaves room for very repetitive files and the floor for small files with
big style parts. The caps follow what the readers hold in memory (measured, BENCHMARKS.md): python-docx
keeps the whole document tree, so a DOCX may inflate to DOCX_CAP (the largest UN documents' document.xml is a
few MB); openpyxl streams a read-only sheet, so an XLSX may inflate to XLSX_CAP. A PDF's page content
streams, decoded once by pypdf (which bounds each stream itself), may total PDF_CAP.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from core.errors import InputError

RATIO = 100
FLOOR = 16 * 2**20
DOCX_CAP = 32 * 2**20
XLSX_CAP = 128 * 2**20
PDF_CAP = 128 * 2**20
# A zip with more members than this is not an Office file a person wrote (zip of zips, archive bomb).
MAX_MEMBERS = 10_000


def inflate_limit(size: int, cap: int) -> int:
    """The most bytes a container of `size` bytes on disk may inflate to."""
    return min(cap, max(FLOOR, RATIO * size))


def check_zip_size(path: str | os.PathLike, kind: str, cap: int) -> None:
    """InputError (one line) when the zip at `path` would inflate past `inflate_limit` of its size."""
    path = Path(path)
    size = path.stat().st_size
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"{path}: not a readable {kind} ({exc})") from None
    if len(infos) > MAX_MEMBERS:
        raise InputError(f"{path}: {len(infos)} parts inside the {kind}, more than {MAX_MEMBERS}; refused")
    total = sum(i.file_size for i in infos)
    refuse_inflating(path, kind, size, total, cap)


def refuse_inflating(path, kind: str, size: int, total: int, cap: int) -> None:
    limit = inflate_limit(size, cap)
    if total > limit:
        raise InputError(
            f"{path}: the {kind} would inflate from {_mb(size)} to {'more than ' if total < 0 else ''}"
            f"{_mb(total)}, more than the limit of {_mb(limit)} ({RATIO}× its size, at most {_mb(cap)}); "
            "refused (a zip bomb? else split the document)"
        )


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f} MiB" if n >= 2**20 else f"{n / 1024:.0f} KiB"
