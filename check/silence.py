"""Silencing false alarms the way reviewers expect: a QA profile, and findings dismissed in the report.

A **QA profile** (TOML) turns checks on and off, sets each one's severity and holds ignore patterns:

    [checks]                 # true / false: run the check or not (all but similarity run by default)
    style = false
    similarity = true        # the opt-in embedding check
    [severity]               # every finding of the check gets this severity
    length = "info"
    term = "error"
    [ignore]                 # regular expressions: a finding whose message, expected or found text,
    patterns = ["UNDOF"]     #   or whose pair's English, matches one is hidden
    [style]
    list = "house_style.tsv" # extends the shipped UN style list (a path relative to the profile)

**Dismissed findings**: the XLSX report has a `decision` column. A finding marked `not an error` there
and given back (`check --suppress REPORT.xlsx`) stays hidden on every later run. It is keyed by the check,
the pair's Chinese and English text (spaces normalised) and the finding's expected/found values, not by
pair ids, so it survives re-alignment; a new finding on the same pair still shows.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import InputError
from core.records import Finding

NOT_AN_ERROR = "not an error"
DECISIONS = ("", NOT_AN_ERROR, "to fix", "fixed")


@dataclass
class Profile:
    enabled: dict[str, bool] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    ignore: list[re.Pattern] = field(default_factory=list)
    style_list: str | None = None
    path: str = ""

    def checks(self, names: list[str]) -> list[str]:
        """`names` less the checks the profile turns off, plus the opt-in ones it turns on (similarity)."""
        return [n for n in names if self.enabled.get(n, True)] + [
            n for n, on in self.enabled.items() if on and n not in names]


def load_profile(path, registry, severities) -> Profile:
    """Read and validate a TOML QA profile; InputError (one line) for a bad file, check or severity."""
    import tomllib

    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: QA profile not found")
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a valid TOML QA profile ({exc})") from None
    unknown = set(doc) - {"checks", "severity", "ignore", "style"}
    if unknown:
        raise InputError(f"{path}: unknown section(s) {', '.join(sorted(unknown))}; use checks, severity, ignore, style")
    prof = Profile(path=str(path))
    for name, on in (doc.get("checks") or {}).items():
        if name not in registry:
            raise InputError(f"{path}: [checks] {name}: no such check; use {', '.join(registry)}")
        if not isinstance(on, bool):
            raise InputError(f"{path}: [checks] {name} = {on!r}: write true or false")
        prof.enabled[name] = on
    for name, sev in (doc.get("severity") or {}).items():
        if name not in registry:
            raise InputError(f"{path}: [severity] {name}: no such check; use {', '.join(registry)}")
        if sev not in severities:
            raise InputError(f"{path}: [severity] {name} = {sev!r}: use {', '.join(severities)}")
        prof.severity[name] = sev
    patterns = (doc.get("ignore") or {}).get("patterns", [])
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise InputError(f"{path}: [ignore] patterns must be a list of strings")
    for p in patterns:
        try:
            prof.ignore.append(re.compile(p))
        except re.error as exc:
            raise InputError(f"{path}: [ignore] pattern {p!r} is not a valid regular expression ({exc})") from None
    style = (doc.get("style") or {}).get("list")
    if style:
        prof.style_list = str((path.parent / style) if not Path(style).is_absolute() else Path(style))
    return prof


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def finding_key(f: Finding) -> str:
    """A key for a finding that does not depend on pair ids: check, both texts, expected and found."""
    raw = "\x1f".join([f.type, _norm(f.zh), _norm(f.en), _norm(f.expected), _norm(f.found)])
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def read_dismissed(path) -> set[str]:
    """Keys of the findings marked "not an error" in a QA report workbook written by `check -o .xlsx`."""
    from openpyxl import load_workbook

    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: report to take decisions from not found")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not a workbook
        raise InputError(f"{path}: not an XLSX QA report ({type(exc).__name__})") from None
    keys: set[str] = set()
    found_column = False
    for ws in wb.worksheets:
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if not header or "decision" not in header or "key" not in header:
            continue
        found_column = True
        di, ki = header.index("decision"), header.index("key")
        for row in rows:
            if row and len(row) > max(di, ki) and str(row[di] or "").strip().lower() == NOT_AN_ERROR and row[ki]:
                keys.add(str(row[ki]).strip())
    wb.close()
    if not found_column:
        raise InputError(f"{path}: no decision column; give a report written by glossalign check -o report.xlsx")
    return keys


@dataclass
class Hidden:
    suppressed: int = 0
    ignored: int = 0
    checks_off: list[str] = field(default_factory=list)

    def total(self) -> int:
        return self.suppressed + self.ignored

    def as_dict(self) -> dict:
        return {"suppressed": self.suppressed, "ignored": self.ignored, "checks_off": self.checks_off}


def apply(findings: list[Finding], profile: Profile | None, dismissed: set[str] | None) -> tuple[list[Finding], Hidden]:
    """Severities set by the profile, then the dismissed and ignored findings taken out (and counted)."""
    hidden = Hidden()
    out = []
    for f in findings:
        if profile is not None and f.type in profile.severity:
            f.severity = profile.severity[f.type]
        if dismissed and finding_key(f) in dismissed:
            hidden.suppressed += 1
            continue
        if profile is not None and any(p.search(t) for p in profile.ignore for t in (f.message, f.expected, f.found, f.en)):
            hidden.ignored += 1
            continue
        out.append(f)
    return out, hidden
