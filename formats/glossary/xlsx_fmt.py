"""XLSX curation sheet of the glossary (openpyxl): one row per term, status drop-down, frozen header, filter.

Columns are found by header name (any order; extra columns are ignored); zh, en and status are required.
`read_sheet` validates the whole sheet first: a missing column, an unknown status, a duplicated term, a file
that is not an XLSX workbook each fail with one line. Applying a sheet to a store is `glossary.curation`.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from core.errors import InputError
from core.fsutil import atomic_output
from core.records import STATUSES, GlossaryEntry
from formats.glossary import join_cell, split_cell, to_int

EXTENSIONS = (".xlsx",)
BINARY = True
SHEET = "glossary"
COLUMNS = ("zh", "en", "status", "variants", "avoid", "abbreviation", "category", "frequency", "documents",
           "en_source", "evidence", "note")
REQUIRED = ("zh", "en", "status")
EDITABLE = ("en", "status", "variants", "avoid", "abbreviation", "category", "note")
WIDTHS = {"zh": 22, "en": 40, "status": 12, "variants": 30, "avoid": 24, "abbreviation": 14, "category": 12,
          "frequency": 11, "documents": 11, "en_source": 11, "evidence": 70, "note": 30}
MAX_ERRORS = 5


def _evidence_text(e: GlossaryEntry) -> str:
    return "\n".join(f"[{ev.pair}] {ev.zh} ⇄ {ev.en}" for ev in e.evidence[:3])


def _cell(value) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def write_sheet(entries: list[GlossaryEntry], path: str | os.PathLike) -> None:
    """The curation workbook of `entries` at `path` (written atomically)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(list(COLUMNS))
    for e in entries:
        row = {"zh": e.zh, "en": e.en, "status": e.status, "variants": join_cell(e.variants),
               "avoid": join_cell(e.avoid), "abbreviation": e.abbreviation, "category": e.category,
               "frequency": e.frequency, "documents": e.documents, "en_source": e.en_source,
               "evidence": _evidence_text(e), "note": e.note}
        ws.append([_cell(row[c]) for c in COLUMNS])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 2)}"
    for i, name in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = WIDTHS[name]
    wrap = Alignment(wrap_text=True, vertical="top")
    ev_col = COLUMNS.index("evidence") + 1
    for row in ws.iter_rows(min_row=2, min_col=ev_col, max_col=ev_col):
        row[0].alignment = wrap
    dv = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=False,
                        showErrorMessage=True, errorTitle="status",
                        error="Use candidate, approved, rejected or edited.")
    col = get_column_letter(COLUMNS.index("status") + 1)
    dv.add(f"{col}2:{col}{max(ws.max_row, 2) + 500}")
    ws.add_data_validation(dv)
    with atomic_output(path) as tmp:
        wb.save(tmp)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _open_rows(path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    """(header names, [(sheet row number, {column: cell text})]) of the glossary sheet; InputError if broken."""
    if not path.is_file():
        raise InputError(f"{path}: sheet not found" if not path.exists() else f"{path}: not a file")
    if path.suffix.lower() != ".xlsx" or not zipfile.is_zipfile(path):
        raise InputError(f"{path}: not an XLSX workbook; import the .xlsx written by 'glossalign glossary export'")
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a broken workbook
        raise InputError(f"{path}: cannot read the workbook ({type(exc).__name__}: {exc})") from None
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None:
            raise InputError(f"{path}: the sheet is empty; expected a header row with {', '.join(REQUIRED)}")
        header = [_text(h).lower() for h in header_row]
        out = []
        for number, values in enumerate(rows, start=2):
            record = {name: _text(v) for name, v in zip(header, values, strict=False) if name}
            if any(record.values()):
                out.append((number, record))
        return header, out
    finally:
        wb.close()


def read_sheet(path: str | os.PathLike) -> list[GlossaryEntry]:
    """The rows of a curation sheet (or any sheet with zh/en/status headers) as GlossaryEntry objects."""
    path = Path(path)
    rows = validated_rows(path)
    return [
        GlossaryEntry(zh=r["zh"], en=r.get("en", ""), status=r.get("status") or "approved",
                      variants=split_cell(r.get("variants")), avoid=split_cell(r.get("avoid")),
                      abbreviation=r.get("abbreviation", ""), category=r.get("category", ""),
                      en_source=r.get("en_source", ""), frequency=to_int(r.get("frequency"), f"{path}: row {n}"),
                      documents=to_int(r.get("documents"), f"{path}: row {n}"), note=r.get("note", ""))
        for n, r in rows
    ]


def validated_rows(path: Path) -> list[tuple[int, dict]]:
    header, rows = _open_rows(path)
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(
            f"{path}: the sheet lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"(header: {', '.join(h for h in header if h) or 'empty'}); nothing imported"
        )
    dup_cols = sorted({h for h in header if h and header.count(h) > 1})
    if dup_cols:
        raise InputError(f"{path}: the column{'s' if len(dup_cols) > 1 else ''} {', '.join(dup_cols)} "
                         "appear more than once; nothing imported")
    errors, seen = [], {}
    for number, r in rows:
        zh = r.get("zh", "")
        status = r.get("status", "").lower()
        r["status"] = status
        if not zh:
            errors.append(f"row {number}: zh is empty")
        elif zh in seen:
            errors.append(f"row {number}: {zh} repeats row {seen[zh]}")
        else:
            seen[zh] = number
        if status and status not in STATUSES:
            errors.append(f"row {number}: unknown status {status!r} (use {'/'.join(STATUSES)})")
        for key in ("frequency", "documents"):
            try:
                to_int(r.get(key), "")
            except InputError:
                errors.append(f"row {number}: {key} {r.get(key)!r} is not a number")
    if errors:
        more = f" (and {len(errors) - MAX_ERRORS} more)" if len(errors) > MAX_ERRORS else ""
        raise InputError(f"{path}: {len(errors)} problem{'s' if len(errors) > 1 else ''}, nothing imported: "
                         + "; ".join(errors[:MAX_ERRORS]) + more)
    return rows


def write(entries: list[GlossaryEntry], path: Path) -> None:
    write_sheet(entries, path)


def read(path: Path) -> list[GlossaryEntry]:
    return read_sheet(path)
