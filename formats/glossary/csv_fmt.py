"""CSV export of the glossary: UTF-8 with BOM (Excel opens it with the right characters), one row per term.

Variants and avoided renderings are ``|``-separated in their cells. Reading needs at least zh and en columns
(by header name, any order); without a status column every row counts as approved (the user's own list).
Text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) is written with the common
``'`` prefix, which reading removes again (`core.cells`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from core.cells import csv_protect, csv_unprotect
from core.errors import InputError
from core.fsutil import atomic_output
from core.records import STATUSES, GlossaryEntry
from formats.glossary import join_cell, split_cell, to_int
from formats.glossary.xlsx_fmt import context_text, documents_count, documents_text, evidence_text

EXTENSIONS = (".csv",)
BINARY = False
COLUMNS = ("zh", "en", "status", "variants", "avoid", "abbreviation", "category", "frequency", "documents",
           "en_source", "origin", "score", "context", "evidence", "note", "changed_by", "changed_at")


def write(entries: list[GlossaryEntry], path: Path) -> None:
    with atomic_output(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for e in entries:
            w.writerow([csv_protect(v) for v in (
                e.zh, e.en, e.status, join_cell(e.variants), join_cell(e.avoid), e.abbreviation, e.category,
                e.frequency, documents_text(e), e.en_source, e.origin, round(e.score, 4), context_text(e), evidence_text(e),
                e.note,
                e.changed_by, e.changed_at)])


def read(path: Path) -> list[GlossaryEntry]:
    try:
        return _read(path)
    except csv.Error as exc:  # a field over the csv module's limit, a NUL byte...
        raise InputError(f"{path}: not a readable CSV ({exc}); check the file") from None


def _read(path: Path) -> list[GlossaryEntry]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save the CSV as UTF-8") from None
    reader = csv.DictReader(io.StringIO(text))
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    if "zh" not in fields or "en" not in fields:
        raise InputError(f"{path}: glossary CSV header lacks zh/en columns (has: {', '.join(fields) or 'nothing'})")
    reader.fieldnames = fields
    out = []
    for line, raw in enumerate(reader, start=2):
        if None in raw:
            raise InputError(f"{path}: line {line}: more cells than the header has columns; fix the row")
        r = {k: csv_unprotect(v) for k, v in raw.items()}
        zh = (r.get("zh") or "").strip()
        if not zh:
            continue
        status = (r.get("status") or "").strip().lower() or "approved"
        if status not in STATUSES:
            raise InputError(f"{path}: line {line}: unknown status {status!r}; use {', '.join(STATUSES)}")
        out.append(GlossaryEntry(
            zh=zh, en=(r.get("en") or "").strip(), variants=split_cell(r.get("variants")),
            avoid=split_cell(r.get("avoid")), abbreviation=(r.get("abbreviation") or "").strip(),
            category=(r.get("category") or "").strip(), status=status,
            en_source=(r.get("en_source") or "").strip(), frequency=to_int(r.get("frequency"), f"{path}: line {line}"),
            documents=documents_count(r.get("documents"), f"{path}: line {line}"), note=(r.get("note") or "").strip(),
            changed_by=(r.get("changed_by") or "").strip(), changed_at=(r.get("changed_at") or "").strip(),
            origin=(r.get("origin") or "").strip(),
        ))
    return out
