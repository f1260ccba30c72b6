"""TBX-Basic v2 (ISO 30042:2008, root <martif>): the form older CAT tools import. See tbx_fmt."""

from __future__ import annotations

from pathlib import Path

from core.records import GlossaryEntry
from formats.glossary import tbx_fmt

EXTENSIONS = (".tbx",)
BINARY = False
TAKES_REJECTED = True
read = tbx_fmt.read


def write(entries: list[GlossaryEntry], path: Path, *, include_rejected: bool = False) -> None:
    tbx_fmt.write(entries, path, version=2, include_rejected=include_rejected)
