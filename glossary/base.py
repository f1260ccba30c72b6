"""The shipped base glossary: core UN arms-control terminology in Chinese and English.

Extraction uses it to protect known terms from segmentation and to surface terms that occur only once;
the store uses it as the first source of English equivalents. The rows in ``data/base_glossary.tsv`` were
written for this project from public UN terminology usage (UNTERM-style renderings), not copied from a file.

Base entries are trusted references, so they load with ``status="approved"`` and ``en_source="base"``:
a person has already vetted them. A user's own store may still reject or edit them for a given job.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from core.errors import InputError
from core.records import GlossaryEntry

COLUMNS = ("zh", "en", "abbreviation", "zh_abbreviation", "category", "variants", "avoid", "note", "short_forms")
CATEGORIES = ("treaty", "organ", "group", "weapon", "concept", "process", "document")


@dataclass(frozen=True)
class BaseRow:
    """One line of base_glossary.tsv; variants, avoid and short_forms are ``|``-separated in the file.

    short_forms: how UN running text refers back to the body or instrument once named ("the Treaty",
    "the Conference", "the Council", "the Assembly"). They are accepted renderings: the entry lists them
    among its variants (so checks accept them and exports show them), and term-variant does not count
    them as competing renderings.
    """

    zh: str
    en: str
    abbreviation: str = ""
    zh_abbreviation: str = ""
    category: str = ""
    variants: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    note: str = ""
    short_forms: tuple[str, ...] = ()

    def to_entry(self, zh: str | None = None) -> GlossaryEntry:
        return GlossaryEntry(
            zh=zh or self.zh,
            en=self.en,
            variants=list(dict.fromkeys([*self.variants, *self.short_forms])),
            avoid=list(self.avoid),
            abbreviation=self.abbreviation,
            category=self.category,
            status="approved",
            en_source="base",
            note=self.note if zh is None or zh == self.zh else f"short form of {self.zh}; {self.note}",
        )


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


@lru_cache(maxsize=1)
def load_base_rows() -> tuple[BaseRow, ...]:
    """All rows of the shipped TSV, in file order (read once per process)."""
    text = resources.files("glossary").joinpath("data/base_glossary.tsv").read_text(encoding="utf-8")
    reader = csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise InputError(f"base_glossary.tsv lacks the columns {', '.join(missing)}")
    rows = []
    for line_no, rec in enumerate(reader, start=2):
        zh, en = (rec["zh"] or "").strip(), (rec["en"] or "").strip()
        if not zh or not en:
            raise InputError(f"base_glossary.tsv line {line_no}: zh and en are required")
        rows.append(
            BaseRow(
                zh=zh,
                en=en,
                abbreviation=(rec["abbreviation"] or "").strip(),
                zh_abbreviation=(rec["zh_abbreviation"] or "").strip(),
                category=(rec["category"] or "").strip(),
                variants=_split(rec["variants"] or ""),
                avoid=_split(rec["avoid"] or ""),
                note=(rec["note"] or "").strip(),
                short_forms=_split(rec["short_forms"] or ""),
            )
        )
    return tuple(rows)


def load_base_glossary() -> list[GlossaryEntry]:
    """One approved GlossaryEntry (en_source "base") per row of the shipped base glossary."""
    return [row.to_entry() for row in load_base_rows()]


def base_lookup() -> dict[str, GlossaryEntry]:
    """zh → entry for every full form and every Chinese short form (裁谈会 → Conference on Disarmament).

    A full form always wins over another row's short form; among short forms the first row wins.
    """
    lookup: dict[str, GlossaryEntry] = {row.zh: row.to_entry() for row in load_base_rows()}
    for row in load_base_rows():
        if row.zh_abbreviation and row.zh_abbreviation not in lookup:
            lookup[row.zh_abbreviation] = row.to_entry(row.zh_abbreviation)
    return lookup


def is_short_form(rendering: str) -> bool:
    """A back-reference such as "the Treaty" or "the Conference": "the" and one capitalised word."""
    words = rendering.split()
    return len(words) == 2 and words[0].lower() == "the" and words[1][:1].isupper()


def base_terms() -> list[str]:
    """Every Chinese form the base glossary knows (full and short), longest first."""
    return sorted(base_lookup(), key=lambda zh: (-len(zh), zh))
