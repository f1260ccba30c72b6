"""CSV export of the glossary: UTF-8 with BOM (Excel opens it with the right characters), one row per term.

Variants and avoided renderings are ``|``-separated in their cells. Reading needs at least zh and en columns
(by header name, any order); without a status column every row counts as approved (the user's own list).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from core.errors import InputError
from core.fsutil import atomic_output
from core.records import STATUSES, GlossaryEntry
from formats.glossary import join_cell, split_cell, to_int

EXTENSIONS = (".csv",)
BINARY = False
COLUMNS = ("zh", "en", "status", "variants", "avoid", "abbreviation", "category", "frequency", "documents",
           "en_source", "score", "note", "changed_by", "changed_at")


def write(entries: list[GlossaryEntry], path: Path) -> None:
    with atomic_output(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(COLUMNS)
        for e in entries:
            w.writerow([e.zh, e.en, e.status, join_cell(e.variants), join_cell(e.avoid), e.abbreviation,
                        e.category, e.frequency, e.documents, e.en_source, round(e.score, 4), e.note,
                        e.changed_by, e.changed_at])


def read(path: Path) -> list[GlossaryEntry]:
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
    for line, r in enumerate(reader, start=2):
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
            documents=to_int(r.get("documents"), f"{path}: line {line}"), note=(r.get("note") or "").strip(),
            changed_by=(r.get("changed_by") or "").strip(), changed_at=(r.get("changed_at") or "").strip(),
        ))
    return out
