"""XLSX for reviewers (openpyxl): frozen header, wrapped text, sensible widths, a confidence column, rows
to review (unmatched or confidence < 0.5) filled; source files and segment ids in their own columns."""

from __future__ import annotations

from pathlib import Path

from core.cells import text_only
from core.records import EN_TAG, ZH_TAG, AlignedPair
from formats.pairs._common import COLUMNS, join_ids, low_confidence, pair_from_row, xml_safe

NAME = "xlsx"
EXTENSIONS = (".xlsx",)
BINARY = True
READABLE = True
KEEPS_UNMATCHED = True

LOW_FILL = "FFF2CC"  # pale yellow: confidence below 0.5
UNMATCHED_FILL = "F8CBAD"  # pale red: one side empty
HEADER_FILL = "D9E1F2"
WIDTHS = {
    "id": 7,
    "zh": 60,
    "en": 70,
    "confidence": 11,
    "kind": 6,
    "zh_ids": 12,
    "en_ids": 12,
    "zh_file": 24,
    "en_file": 24,
}
# the text columns are headed by the language tags every other format carries (core.records.ZH_TAG)
_HEADERS = {"zh": ZH_TAG, "en": EN_TAG}
_OLD_HEADERS = {"zh (Chinese)": "zh", "en (English)": "en"}  # sheets written before the tags


def write(pairs: list[AlignedPair], path: Path, *, level: str = "paragraph") -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = f"aligned {level}s"[:31]
    ws.append([_HEADERS.get(c, c) for c in COLUMNS])
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    low = PatternFill("solid", fgColor=LOW_FILL)
    unmatched = PatternFill("solid", fgColor=UNMATCHED_FILL)
    for r, p in enumerate(pairs, start=2):
        values = [
            p.id,
            p.zh,
            p.en,
            round(float(p.confidence), 4),
            p.kind,
            join_ids(p.zh_ids),
            join_ids(p.en_ids),
            p.zh_file,
            p.en_file,
        ]
        fill = unmatched if (not p.zh_ids or not p.en_ids) else low if low_confidence(p) else None
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c)
            if isinstance(value, str):
                cell.value = xml_safe(value)
                cell.data_type = "s"  # text that starts with "=" stays text, never a formula
            else:
                cell.value = value
                cell.number_format = "0.00"
            cell.alignment = wrap if c in (2, 3) else top
            if fill is not None:
                cell.fill = fill
    for c, name in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS[name]
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, len(pairs) + 1)}"
    text_only(wb)  # text that starts with = + - @ stays text, never a live formula
    wb.save(path)


def read(path: Path) -> list[AlignedPair]:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        rows = wb.active.iter_rows(values_only=True)
        header = next(rows, None)
        if not header:
            raise ValueError("empty workbook")
        names = {v: k for k, v in _HEADERS.items()} | _OLD_HEADERS
        header = [names.get(h, h) for h in header]
        if "id" not in header or "zh" not in header or "en" not in header:
            raise ValueError("first row lacks the id, zh and en columns")
        pairs = []
        for row in rows:
            if row is None or all(v is None for v in row):
                continue
            pairs.append(
                pair_from_row({h: ("" if v is None else v) for h, v in zip(header, row, strict=False)})
            )
        return pairs
    finally:
        wb.close()
