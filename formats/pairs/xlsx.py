"""XLSX pairs sheet, made for review (openpyxl), and read back with the reviewer's changes.

The visible sheet: id, the Chinese and English text (headed by their language tags), a status column with
a drop-down (blank / approved / rejected), the confidence shaded from red to green, a review column that
marks unmatched and low-confidence rows (those rows are filled too), a frozen header, wrapped text at
readable widths, an auto-filter. Which source segments each row came from, the source files and a
fingerprint of both documents live in the very hidden sheet ``glossalign_base`` (see `review`), which
survives saving in Excel, LibreOffice and openpyxl however rows are inserted, deleted or regrouped.

`read_review` applies the review (text conservation, regrouping, statuses); `read` returns its pairs.
A sheet written by an older glossalign (zh_ids... columns, no base) and a hand-made sheet with id, zh and
en columns are read as they are.
"""

from __future__ import annotations

from pathlib import Path

from core.cells import text_only
from core.errors import InputError
from core.records import EN_TAG, ZH_TAG, AlignedPair
from formats.pairs._common import low_confidence, pair_from_row, xml_safe
from formats.pairs.review import (
    BASE_SHEET,
    REVIEW_STATUSES,
    Review,
    SheetRow,
    apply_review,
    base_rows,
    parse_base,
)

NAME = "xlsx"
EXTENSIONS = (".xlsx",)
BINARY = True
READABLE = True
KEEPS_UNMATCHED = True

LOW_FILL = "FFF2CC"  # pale yellow: confidence below 0.5
UNMATCHED_FILL = "F8CBAD"  # pale red: one side empty
HEADER_FILL = "D9E1F2"
REJECTED_FONT = "808080"
# visible columns: name -> (header, width)
VISIBLE = {
    "id": ("id", 8),
    "zh": (ZH_TAG, 60),
    "en": (EN_TAG, 70),
    "status": ("status", 11),
    "confidence": ("confidence", 11),
    "review": ("review", 16),
}
# headers of older sheets and of hand-made ones, by column name
_ALIASES = {"zh (chinese)": "zh", "en (english)": "en", ZH_TAG.lower(): "zh", EN_TAG.lower(): "en",
            "chinese": "zh", "english": "en"}
STATUS_ROWS = 5000  # the drop-down also covers rows a reviewer inserts below the last pair


def _review_note(p: AlignedPair) -> str:
    if not p.zh_ids or not p.en_ids or not p.zh.strip() or not p.en.strip():
        return "unmatched"
    return "low confidence" if low_confidence(p) else ""


def write(pairs: list[AlignedPair], path: Path, *, level: str = "paragraph") -> None:
    from openpyxl import Workbook
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = f"aligned {level}s"[:31]
    names = list(VISIBLE)
    ws.append([VISIBLE[c][0] for c in names])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    low = PatternFill("solid", fgColor=LOW_FILL)
    unmatched = PatternFill("solid", fgColor=UNMATCHED_FILL)
    for r, p in enumerate(pairs, start=2):
        note = _review_note(p)
        values = {"id": p.id, "zh": p.zh, "en": p.en, "status": p.status if p.status in REVIEW_STATUSES + ("edited",) else "",
                  "confidence": round(float(p.confidence), 4), "review": note}
        fill = unmatched if note == "unmatched" else low if note else None
        for c, name in enumerate(names, start=1):
            cell = ws.cell(row=r, column=c)
            value = values[name]
            if isinstance(value, str):
                cell.value = xml_safe(value)
                cell.data_type = "s"
            else:
                cell.value = value
                cell.number_format = "0.00"
            cell.alignment = wrap if name in ("zh", "en") else top
            if fill is not None and name != "confidence":
                cell.fill = fill
            if p.status == "rejected":
                cell.font = Font(color=REJECTED_FONT, strike=name in ("zh", "en"))
    for c, name in enumerate(names, start=1):
        ws.column_dimensions[get_column_letter(c)].width = VISIBLE[name][1]
    status_col = get_column_letter(names.index("status") + 1)
    conf_col = get_column_letter(names.index("confidence") + 1)
    dv = DataValidation(type="list", formula1='"approved,rejected"', allow_blank=True, showDropDown=False,
                        errorTitle="status", error="Leave it empty, or choose approved or rejected.")
    dv.add(f"{status_col}2:{status_col}{STATUS_ROWS}")
    ws.add_data_validation(dv)
    ws.conditional_formatting.add(f"{conf_col}2:{conf_col}{max(2, len(pairs) + 1)}", ColorScaleRule(
        start_type="num", start_value=0, start_color="F8696B", mid_type="num", mid_value=0.5, mid_color="FFEB84",
        end_type="num", end_value=1, end_color="63BE7B"))
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}{max(1, len(pairs) + 1)}"
    hidden = wb.create_sheet(BASE_SHEET)
    hidden.sheet_state = "veryHidden"  # Excel shows it only through VBA; LibreOffice and openpyxl keep it
    for row in base_rows(pairs, level):
        hidden.append([xml_safe(v) if isinstance(v, str) else v for v in row])
    for row in hidden.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    text_only(wb)  # text that starts with = + - @ stays text, never a live formula
    wb.save(path)


def _cell_text(cell, where: str) -> str:
    value = cell.value
    if value is None:
        return ""
    if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=") and getattr(cell, "data_type", "") == "f"):
        raise InputError(f"{where}: a formula in a text cell ({str(value)[:40]!r}); type the text itself "
                         "(without the leading =) and save again")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def read_review(path: Path, *, accept_edits: bool = False) -> Review:
    """The pairs of a pairs sheet with its review applied; InputError (one line) for a bad sheet."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True)
    except Exception as exc:  # BadZipFile, KeyError, InvalidFileException...
        raise InputError(f"{path}: not a readable .xlsx workbook ({type(exc).__name__})") from None
    try:
        base = None
        if BASE_SHEET in wb.sheetnames:
            base = parse_base(list(wb[BASE_SHEET].iter_rows(values_only=True)), str(path))
        sheets = [ws for ws in wb.worksheets if ws.title != BASE_SHEET and ws.sheet_state == "visible"]
        if not sheets:
            raise InputError(f"{path}: no visible sheet of pairs")
        rows = sheets[0].iter_rows()
        header_cells = next(rows, None)
        header = [_ALIASES.get(str(c.value).strip().lower(), str(c.value).strip().lower()) if c.value is not None else ""
                  for c in (header_cells or [])]
        if "zh" not in header or "en" not in header:
            raise InputError(f"{path}: not a pairs sheet: the first row of {sheets[0].title!r} lacks the "
                             f"{ZH_TAG} and {EN_TAG} columns (found: {', '.join(h for h in header if h) or 'none'})")
        sheet_rows, old_style = [], []
        for n, cells in enumerate(rows, start=2):
            values = {}
            for h, cell in zip(header, cells, strict=False):
                if h:
                    values[h] = _cell_text(cell, f"{path}: row {n}, column {h}") if h in ("zh", "en", "id", "status") \
                        else cell.value
            if not any(str(v).strip() for v in values.values() if v is not None):
                continue
            sheet_rows.append(SheetRow(n, values.get("id", "").strip(), values.get("zh", ""), values.get("en", ""),
                                       values.get("status", "") or ""))
            old_style.append(values)
    finally:
        wb.close()
    if base is None and "zh_ids" in header:  # a sheet of an older glossalign: its columns say it all
        pairs = []
        for v in old_style:
            p = pair_from_row({k: ("" if val is None else val) for k, val in v.items()})
            p.status = str(v.get("status") or "")
            pairs.append(p)
        return Review(pairs, checked=False, notes=[f"{path}: a sheet without a glossalign base: read without the text check"])
    return apply_review(sheet_rows, base, str(path), accept_edits=accept_edits)


def read(path: Path, *, accept_edits: bool = False) -> list[AlignedPair]:
    return read_review(path, accept_edits=accept_edits).pairs
