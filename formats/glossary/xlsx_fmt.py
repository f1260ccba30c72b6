"""XLSX curation sheet of the glossary (openpyxl): one row per term, status drop-down, frozen header, filter.

Columns are found by header name (any order; extra columns are ignored); zh, en and status are required.
`read_sheet` validates the whole sheet first: a missing column, an unknown status, a duplicated term, a file
that is not an XLSX workbook each fail with one line. Applying a sheet to a store is `glossary.curation`.

Only text is read as text: in the curated columns (zh and the editable ones) a formula, an error value
(``#REF!``), a merged range or a picture refuses the whole sheet, naming the cell (``glossary!B7: a formula;
type the text``); numbers and dates typed there become their text. Every cell written is a value, never a
formula (text beginning with ``=`` stays text).

The export's base lives in the very hidden sheet ``glossalign_base``: row 1 ``glossalign base | 1 | store id |
store revision``, row 2 the header ``zh | version | en | status | ...``, then each term's row version and the
curated values it had at export. It is keyed by term, not by row number, so inserting, deleting or sorting
rows of the visible sheet keeps it valid; openpyxl and LibreOffice keep hidden sheets when they save.
"""

from __future__ import annotations

import datetime
import os
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path

from core.cells import text_only, xml_illegal_count
from core.errors import InputError
from core.fsutil import atomic_output, warn
from core.limits import XLSX_CAP, check_zip_size
from core.records import STATUSES, GlossaryEntry
from formats.glossary import join_cell, split_cell, to_int

EXTENSIONS = (".xlsx",)
BINARY = True
SHEET = "glossary"
COLUMNS = ("zh", "en", "status", "variants", "avoid", "abbreviation", "category", "frequency", "documents",
           "en_source", "origin", "context", "evidence", "note")
REQUIRED = ("zh", "en", "status")
EDITABLE = ("en", "status", "variants", "avoid", "abbreviation", "category", "note")
WIDTHS = {"zh": 22, "en": 40, "status": 12, "variants": 30, "avoid": 24, "abbreviation": 14, "category": 12,
          "frequency": 11, "documents": 24, "en_source": 11, "origin": 24, "context": 70, "evidence": 70, "note": 30}
MAX_ERRORS = 5
# The very hidden sheet with the export's base: store id and revision, each row's version and curated values.
BASE_SHEET = "glossalign_base"
BASE_MARK = "glossalign base"
BASE_FORMAT = 1
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"


def evidence_text(e: GlossaryEntry) -> str:
    """Where the English was found, one pair a line: `[pair] 中文⟦术语⟧ ⇄ English ⟦rendering⟧ (method)`."""
    lines = [f"[{ev.pair}] {ev.zh} ⇄ {ev.en}" + (f" ({ev.method})" if ev.method else "") for ev in e.evidence[:3]]
    if lines and e.en_source == "pairs":
        lines.insert(0, f"confidence {e.en_confidence:.2f}")
    return "\n".join(lines)


def context_text(e: GlossaryEntry) -> str:
    """The term's contexts, one a line: `[document] 中文句子，⟦术语⟧… ⇄ the English sentence`."""
    return "\n".join(f"[{c.doc}] {c.zh}" + (f" ⇄ {c.en}" if c.en else "") for c in e.contexts[:3])


def documents_text(e: GlossaryEntry) -> str:
    """The documents a term occurs in, by name (the count when the names are not known)."""
    return join_cell(e.document_names) if e.document_names else (str(e.documents) if e.documents else "")


def documents_count(value, where: str) -> int:
    """A documents cell read back: a count, or names separated by `|`."""
    text = "" if value is None else str(value).strip()
    if not text or text.replace(".", "", 1).isdigit():
        return to_int(value, where)
    return len(split_cell(text))


def _cell(value) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def write_sheet(entries: list[GlossaryEntry], path: str | os.PathLike, base: dict | None = None) -> None:
    """The curation workbook of `entries` at `path` (written atomically). Every cell is a value, never a
    formula. `base` ({"store_id", "revision", "versions": {zh: version}}) is recorded with each row's curated
    values in the very hidden sheet BASE_SHEET, so that an import can merge three ways."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(list(COLUMNS))
    for e in entries:
        row = _row_values(e)
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
    if base is not None:
        hidden = wb.create_sheet(BASE_SHEET)
        hidden.sheet_state = "veryHidden"  # Excel shows it only through VBA; LibreOffice keeps it hidden
        hidden.append([BASE_MARK, BASE_FORMAT, base.get("store_id", ""), int(base.get("revision", 0))])
        hidden.append(["zh", "version", *EDITABLE])
        versions = base.get("versions", {})
        for e in entries:
            row = _row_values(e)
            hidden.append([_cell(e.zh), int(versions.get(e.zh, 0)), *(_cell(row[c]) for c in EDITABLE)])
    text_only(wb)
    with atomic_output(path) as tmp:
        wb.save(tmp)
    removed = xml_illegal_count(str(v) for e in entries for v in _row_values(e).values())
    if removed:
        warn(f"{path}: {removed} control character{'s' if removed > 1 else ''} that XLSX cannot hold left out")


def _row_values(e: GlossaryEntry) -> dict:
    return {"zh": e.zh, "en": e.en, "status": e.status, "variants": join_cell(e.variants),
            "avoid": join_cell(e.avoid), "abbreviation": e.abbreviation, "category": e.category,
            "frequency": e.frequency, "documents": documents_text(e), "en_source": e.en_source,
            "origin": e.origin, "context": context_text(e), "evidence": evidence_text(e), "note": e.note}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value).strip()


@dataclass
class Sheet:
    """A curation sheet as read: its header, its rows [(sheet row number, {column: text})] and its base
    ({"store_id", "revision", "rows": {zh: {"version": n, field: text}}}, None when the sheet has none)."""

    header: list[str]
    rows: list[tuple[int, dict]]
    base: dict | None = None
    base_problem: str = ""


def _open_rows(path: Path) -> Sheet:
    """The glossary sheet with its base; InputError if broken or if a curated cell is not plain text."""
    if not path.is_file():
        raise InputError(f"{path}: sheet not found" if not path.exists() else f"{path}: not a file")
    if not zipfile.is_zipfile(path):
        raise InputError(f"{path}: not an XLSX workbook; import the .xlsx written by 'glossalign glossary export'")
    check_zip_size(path, "XLSX workbook", XLSX_CAP)
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a broken workbook
        raise InputError(f"{path}: cannot read the workbook ({type(exc).__name__}: {exc})") from None
    try:
        ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
        # the dimension a sheet claims (A1:L1048576 after formatting whole columns) is not trusted: rows are
        # read as they are in the file, and the gaps between them cost nothing
        ws.reset_dimensions()
        rows = ws.iter_rows()
        header_row = next(rows, None)
        if header_row is None:
            raise InputError(f"{path}: the sheet is empty; expected a header row with {', '.join(REQUIRED)}")
        header = [_text(getattr(h, "value", None)).lower() for h in header_row]
        curated = {i for i, h in enumerate(header) if h in ("zh", *EDITABLE)}
        problems: list[str] = []
        out = []
        for number, cells in enumerate(rows, start=2):
            if not cells:
                continue
            record = {}
            for i, (name, cell) in enumerate(zip(header, cells, strict=False)):
                if not name:
                    continue
                kind = getattr(cell, "data_type", None)
                if i in curated and kind in ("f", "e"):
                    where = f"{ws.title}!{_letter(i)}{number}"
                    what = "a formula" if kind == "f" else f"an error value {cell.value}"
                    problems.append(f"{where}: {what}; type the text")
                    continue
                record[name] = _text(cell.value)
            if any(record.values()):
                out.append((number, record))
        problems += _merged_and_pictures(wb, ws, curated, len(header))
        if problems:
            more = f" (and {len(problems) - MAX_ERRORS} more)" if len(problems) > MAX_ERRORS else ""
            raise InputError(f"{path}: {'; '.join(problems[:MAX_ERRORS])}{more}; nothing imported")
        base, base_problem = _read_base(wb)
        return Sheet(header, out, base, base_problem)
    finally:
        wb.close()


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _merged_and_pictures(wb, ws, curated: set[int], width: int) -> list[str]:
    """Merged ranges and pictures that touch a curated column below the header (read from the sheet XML:
    the read-only workbook does not load them)."""
    from lxml import etree
    from openpyxl.utils import range_boundaries

    archive, sheet_path = wb._archive, ws._worksheet_path
    problems = []
    with archive.open(sheet_path) as src:
        for _ev, el in etree.iterparse(src, tag=f"{{{_MAIN}}}mergeCell", resolve_entities=False, no_network=True):
            ref = el.get("ref", "")
            try:
                c1, r1, c2, r2 = range_boundaries(ref)
            except (TypeError, ValueError):
                continue
            if r2 >= 2 and any(c1 - 1 <= i <= c2 - 1 for i in curated):
                problems.append(f"{ws.title}!{ref}: a merged range; unmerge it and type the text in each cell")
            el.clear()
    rels_path = posixpath.join(posixpath.dirname(sheet_path), "_rels", posixpath.basename(sheet_path) + ".rels")
    try:
        rels = etree.fromstring(archive.read(rels_path), etree.XMLParser(resolve_entities=False, no_network=True))
    except KeyError:
        return problems
    for rel in rels:
        if not rel.get("Type", "").endswith("/drawing"):
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(sheet_path), rel.get("Target", "")))
        try:
            drawing = etree.fromstring(archive.read(target.lstrip("/")),
                                       etree.XMLParser(resolve_entities=False, no_network=True))
        except (KeyError, etree.XMLSyntaxError):
            continue
        for anchor in drawing:
            start = anchor.find(f"{{{_XDR}}}from")
            if start is None or anchor.find(f".//{{{_XDR}}}pic") is None:
                continue
            col, row = int(start.findtext(f"{{{_XDR}}}col", "0")), int(start.findtext(f"{{{_XDR}}}row", "0"))
            if row >= 1 and col in curated:
                problems.append(f"{ws.title}!{_letter(col)}{row + 1}: a picture; delete it and type the text")
    return problems


def _read_base(wb) -> tuple[dict | None, str]:
    if BASE_SHEET not in wb.sheetnames:
        return None, "the sheet has no base information (hand-made or from an older glossalign)"
    hidden = wb[BASE_SHEET]
    hidden.reset_dimensions()
    rows = hidden.iter_rows(values_only=True)
    head = next(rows, None) or ()
    if len(head) < 4 or head[0] != BASE_MARK or _text(head[1]) != str(BASE_FORMAT):
        return None, f"the hidden sheet {BASE_SHEET} is not a glossalign base"
    columns = [_text(v) for v in next(rows, ())]
    if columns[:2] != ["zh", "version"]:
        return None, f"the hidden sheet {BASE_SHEET} lacks its zh/version header"
    base_rows = {}
    for values in rows:
        rec = {name: _text(v) for name, v in zip(columns, values, strict=False) if name}
        if rec.get("zh"):
            base_rows[rec["zh"]] = rec
    try:
        revision = int(_text(head[3]) or 0)
    except ValueError:
        return None, f"the hidden sheet {BASE_SHEET} has a broken revision"
    return {"store_id": _text(head[2]), "revision": revision, "rows": base_rows}, ""


def read_sheet(path: str | os.PathLike) -> list[GlossaryEntry]:
    """The rows of a curation sheet (or any sheet with zh/en/status headers) as GlossaryEntry objects."""
    path = Path(path)
    rows = validated_sheet(path).rows
    return [
        GlossaryEntry(zh=r["zh"], en=r.get("en", ""), status=r.get("status") or "approved",
                      variants=split_cell(r.get("variants")), avoid=split_cell(r.get("avoid")),
                      abbreviation=r.get("abbreviation", ""), category=r.get("category", ""),
                      en_source=r.get("en_source", ""), frequency=to_int(r.get("frequency"), f"{path}: row {n}"),
                      documents=documents_count(r.get("documents"), f"{path}: row {n}"), note=r.get("note", ""),
                      origin=r.get("origin", ""), document_names=split_cell(r.get("documents")) if not str(r.get("documents") or "0").strip()
                      .isdigit() else [])
        for n, r in rows
    ]


def validated_rows(path: Path) -> list[tuple[int, dict]]:
    return validated_sheet(path).rows


def validated_sheet(path: Path) -> Sheet:
    """The sheet, its rows checked as a whole (columns, statuses, repeated terms): InputError if not."""
    sheet = _open_rows(path)
    header, rows = sheet.header, sheet.rows
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
        for key in ("frequency",):  # documents holds names (older sheets: a count)
            try:
                to_int(r.get(key), "")
            except InputError:
                errors.append(f"row {number}: {key} {r.get(key)!r} is not a number")
    if errors:
        more = f" (and {len(errors) - MAX_ERRORS} more)" if len(errors) > MAX_ERRORS else ""
        raise InputError(f"{path}: {len(errors)} problem{'s' if len(errors) > 1 else ''}, nothing imported: "
                         + "; ".join(errors[:MAX_ERRORS]) + more)
    return sheet


def write(entries: list[GlossaryEntry], path: Path) -> None:
    write_sheet(entries, path)


def read(path: Path) -> list[GlossaryEntry]:
    return read_sheet(path)
