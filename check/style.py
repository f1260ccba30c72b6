"""The UN English style list: patterns the style check flags, shipped as data and extendable by the user.

``check/data/un_style.tsv`` holds one rule a line: a Python regular expression (case-sensitive; write
``[Pp]ercent`` for both cases), the preferred UN form, and a note. A user list in the same format
(``style_list`` in a QA profile, or ``check --style-list FILE``) adds its rules to the shipped ones; a
rule whose pattern is ``-`` followed by a shipped pattern removes that shipped rule.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from core.errors import InputError


@dataclass(frozen=True)
class StyleRule:
    pattern: re.Pattern
    preferred: str
    note: str


def _parse(text: str, where: str) -> list[tuple[str, str, str]]:
    rows = list(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or [c.strip().lower() for c in rows[0][:2]] != ["pattern", "preferred"]:
        raise InputError(f"{where}: a style list is a TSV with the header pattern, preferred, note")
    out = []
    for n, row in enumerate(rows[1:], 2):
        if not row or not row[0].strip() or row[0].startswith("#"):
            continue
        if len(row) < 2:
            raise InputError(f"{where} line {n}: give a pattern and the preferred form, separated by a tab")
        out.append((row[0], row[1].strip(), row[2].strip() if len(row) > 2 else ""))
    return out


def style_rules(user_list: str | None = None) -> tuple[StyleRule, ...]:
    """The shipped rules plus those of `user_list` (a path), compiled; InputError for a bad pattern."""
    if user_list:
        path = Path(user_list)
        if not path.is_file():
            raise InputError(f"{path}: style list not found")
        return _rules(str(path), path.stat().st_mtime_ns)
    return _rules(None, 0)


@lru_cache(maxsize=8)
def _rules(user_list: str | None, _mtime: int) -> tuple[StyleRule, ...]:
    shipped = resources.files("check").joinpath("data/un_style.tsv").read_text(encoding="utf-8")
    rows = _parse(shipped, "un_style.tsv")
    if user_list:
        path = Path(user_list)
        for pattern, preferred, note in _parse(path.read_text(encoding="utf-8-sig"), str(path)):
            if pattern.startswith("-"):
                rows = [r for r in rows if r[0] != pattern[1:]]
            else:
                rows.append((pattern, preferred, note))
    out = []
    for pattern, preferred, note in rows:
        try:
            out.append(StyleRule(re.compile(pattern), preferred, note))
        except re.error as exc:
            raise InputError(f"style list: pattern {pattern!r} is not a valid regular expression ({exc})") from None
    return tuple(out)
