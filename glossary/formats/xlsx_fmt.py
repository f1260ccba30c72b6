"""XLSX export of the glossary: the curation sheet (see `glossary.curation`)."""

from __future__ import annotations

from pathlib import Path

from glossary.records import GlossaryEntry

EXTENSIONS = (".xlsx",)


def write(entries: list[GlossaryEntry], path: Path) -> None:
    from glossary.curation import write_sheet

    write_sheet(entries, path)


def read(path: Path) -> list[GlossaryEntry]:
    from glossary.curation import read_sheet

    return read_sheet(path)
