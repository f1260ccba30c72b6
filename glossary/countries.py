"""Official names of the UN Member and observer States, Chinese and English, short and formal forms.

The rows of ``data/un_countries.tsv`` were written for this project from the UN's published list of Member
States and their official names (the names in force in 2015, the year of the UNPC test and dev sets; later
changes are noted: Czechia, Eswatini, North Macedonia, Türkiye). Columns:

    zh         the Chinese short name (叙利亚)
    zh_formal  the Chinese formal name (阿拉伯叙利亚共和国)
    en         the UN English short name(s), ``|``-separated (Syrian Arab Republic; United States of America|United States)
    en_formal  the English formal name (Islamic Republic of Iran)
    informal   English names the UN does not use for the State (Syria, Iran, South Korea), ``|``-separated
    superseded former UN names (Swaziland, Turkey, the former Yugoslav Republic of Macedonia), ``|``-separated
    zh_other   other Chinese forms found in texts: media short forms (韩国, 文莱) and former names (斯威士兰)
    note       what changed, and when
    source     where the row was checked

The `zh` column holds the UN Chinese short name (大韩民国, 文莱达鲁萨兰国), the `en` column the current UN
English short name (Czechia, Eswatini, North Macedonia, Türkiye). The `country-name` check uses them: a State
named in the Chinese whose English has none of its official forms but an informal one is a warning, a
superseded one is reported as outdated, and another State named in its place is an error.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Country:
    zh: str
    zh_formal: str
    en: tuple[str, ...]
    en_formal: str
    informal: tuple[str, ...]
    superseded: tuple[str, ...] = ()
    zh_other: tuple[str, ...] = ()

    @property
    def official(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*self.en, self.en_formal]))


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(p.strip() for p in (cell or "").split("|") if p.strip())


@lru_cache(maxsize=1)
def load_countries() -> tuple[Country, ...]:
    text = resources.files("glossary").joinpath("data/un_countries.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple(Country(r["zh"].strip(), (r["zh_formal"] or r["zh"]).strip(), _split(r["en"]),
                         (r["en_formal"] or "").strip(), _split(r["informal"]), _split(r.get("superseded")),
                         _split(r.get("zh_other"))) for r in rows if r["zh"].strip())


def find_countries(zh: str) -> list[tuple[Country, tuple[int, int]]]:
    """States named in Chinese text, longest name first (南苏丹 is not also 苏丹, 几内亚比绍 not 几内亚)."""
    pattern, by_name = _zh_names()
    return [(by_name[m.group(0)], m.span()) for m in pattern.finditer(zh)]


@lru_cache(maxsize=1)
def _zh_names() -> tuple[re.Pattern, dict[str, Country]]:
    """One alternation of every Chinese name, longest first, so the longest name wins at each place."""
    by_name: dict[str, Country] = {}
    for c in load_countries():
        for n in (c.zh, c.zh_formal, *c.zh_other):
            by_name.setdefault(n, c)
    names = sorted(by_name, key=lambda n: (-len(n), n))
    return re.compile("|".join(re.escape(n) for n in names)), by_name


def find_states_en(en: str) -> list[tuple[Country, tuple[int, int]]]:
    """States named in English text by an official or superseded name, longest name first at each place
    ("Democratic People's Republic of Korea" is not also the Republic of Korea, "South Sudan" not Sudan,
    "Northern Ireland" not Ireland). Informal names are left out: "America" ends "Latin America"."""
    pattern, by_name = _en_names()
    return [(by_name[m.group(1)], m.span(1)) for m in pattern.finditer(en)
            if not (m.group(1) in _REGION_BEFORE and re.search(_REGION_BEFORE[m.group(1)] + r"\s+$", en[:m.start()]))]


# a State's name ending the name of a region (or another State's informal name) that is not that State
_REGION_BEFORE = {"Ireland": r"\bNorthern", "Samoa": r"\bAmerican", "Guinea": r"\bNew", "Virgin Islands": r"\bBritish",
                  "Congo": r"\bDR"}  # "DR Congo": the informal name of the Democratic Republic of the Congo


@lru_cache(maxsize=1)
def _en_names() -> tuple[re.Pattern, dict[str, Country]]:
    by_name: dict[str, Country] = {}
    for c in load_countries():
        for n in (*c.official, *c.superseded):
            by_name.setdefault(n, c)
            by_name.setdefault(n.replace("'", "’"), c)
    names = sorted(by_name, key=lambda n: (-len(n), n))
    alt = "|".join(re.escape(n).replace(r"\ ", " ") for n in names)
    return re.compile(r"(?<![A-Za-z-])(" + alt + r")(?![A-Za-z]|-[A-Z])"), by_name


def find_all(name: str, en: str) -> list[tuple[int, int]]:
    """Every occurrence of `name` in `en` as whole words (apostrophes either way)."""
    pattern = re.escape(name).replace("'", "['’]").replace(r"\ ", r"\s+")
    return [m.span() for m in re.finditer(r"(?<![A-Za-z])" + pattern + r"(?![A-Za-z])", en)]


def outdated_uses(country: Country, en: str) -> list[tuple[str, tuple[int, int]]]:
    """Superseded names of `country` in `en` ("Swaziland", "Turkey")."""
    return [(name, span) for name in country.superseded for span in find_all(name, en)]


def find_name(name: str, en: str) -> tuple[int, int] | None:
    hits = find_all(name, en)
    return hits[0] if hits else None


def informal_uses(country: Country, en: str) -> list[tuple[str, tuple[int, int]]]:
    """Informal names of `country` in `en` outside any official form ("Iran" alone, not the Iran of
    "Islamic Republic of Iran")."""
    official = [s for n in country.official for s in find_all(n, en)]
    return [(name, span) for name in country.informal for span in find_all(name, en)
            if not any(a <= span[0] and span[1] <= b for a, b in official)]
