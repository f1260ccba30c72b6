"""Resource limits for the container formats read from users: DOCX and XLSX (zip) and PDF.

A zip's central directory declares every member's uncompressed size, and Python's zipfile never inflates
a member past its declared size (a lying header ends in a CRC error). So a workbook or document is refused
*before* anything is inflated when its members together declare more than

    min(ABSOLUTE_CAP, max(FLOOR, RATIO × size on disk))

Office XML compresses 5–20× (a curation sheet of 300,000 terms: about 12×); RATIO leaves room for very
repetitive files, the floor for small files with big style parts, and the absolute cap keeps the parsed tree
(python-docx and openpyxl hold it in memory, several times the XML) far below a laptop's memory.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from core.errors import InputError

RATIO = 100
FLOOR = 64 * 2**20
ABSOLUTE_CAP = 256 * 2**20
# A zip with more members than this is not an Office file a person wrote (zip of zips, archive bomb).
MAX_MEMBERS = 10_000


def inflate_limit(size: int) -> int:
    """The most bytes a container of `size` bytes on disk may inflate to."""
    return min(ABSOLUTE_CAP, max(FLOOR, RATIO * size))


def check_zip_size(path: str | os.PathLike, kind: str = "file") -> None:
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
    limit = inflate_limit(size)
    if total > limit:
        raise InputError(
            f"{path}: the {kind} would inflate from {_mb(size)} to {_mb(total)}, more than the limit of "
            f"{_mb(limit)} ({RATIO}× its size, at most {_mb(ABSOLUTE_CAP)}); refused (a zip bomb, or split it)"
        )


def _mb(n: int) -> str:
    return f"{n / 2**20:.1f} MiB" if n >= 2**20 else f"{n / 1024:.0f} KiB"
