"""Curation round trip: export the store to an XLSX sheet, a person edits it in Excel, import it back.

    export_xlsx(db, "glossary.xlsx")          # one row per term, status drop-down, frozen header, filter
    import_xlsx(db, "glossary.xlsx")          # -> {"approved": 3, "conflicts": [...], ...}

The sheet itself (columns, validation, its hidden base) is `formats.glossary.xlsx_fmt`. The whole sheet is
validated before anything is applied; then every change is applied in one transaction.

The import merges three ways, per row and field, against the base the export recorded (each row's curated
values then, the store revision and id):

* unchanged in the sheet (sheet = base)                → the store's current value stays
* changed in the sheet, not in the store since (store = base) → the sheet's value is applied
* changed in both to the same value                    → nothing to do
* changed in both to different values                  → a **conflict**: the store keeps its value, the
  report names term, field and both values; ``take_sheet=True`` applies the sheet's value deliberately.

Changing a row's English without changing its status marks it ``edited``. Re-importing a sheet is
idempotent (every change it carries is already in the store). A sheet without a base (hand-made, an older
export, or exported from another store) merges two ways: where the store holds a human decision (approved,
rejected, edited) and the sheet another value, that is a conflict, and a sheet's ``candidate`` never
downgrades a decision (counted as ``kept_decisions``). Rows of the base missing from the sheet are reported
as ``deleted`` and the store keeps them (reject a term by its status). Every import is recorded: the changed
rows in ``history`` (action ``import``, conflicts as ``conflict <field>``) and the import itself in the
store's ``imports`` table.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from formats.glossary import split_cell, to_int
from formats.glossary.xlsx_fmt import COLUMNS, EDITABLE, validated_sheet, write_sheet

__all__ = ["COLUMNS", "export_xlsx", "import_xlsx"]

HUMAN = ("approved", "rejected", "edited")
_LISTS = ("variants", "avoid")


def export_xlsx(db: str | os.PathLike, path: str | os.PathLike, *, statuses: Sequence[str] | None = None) -> int:
    """Write the curation sheet of store `db` to `path` with its base; returns the number of rows.

    statuses: only the terms with one of these statuses (the base then names those rows only)."""
    from glossary.store import GlossaryStore

    with GlossaryStore(db, create=False) as store:
        entries = store.entries()
        if statuses:
            entries = [e for e in entries if e.status in statuses]
        versions = store.versions()
        if statuses:
            kept = {e.zh for e in entries}
            versions = {zh: v for zh, v in versions.items() if zh in kept}
        base = {"store_id": store.store_id(), "revision": store.revision(), "versions": versions}
    write_sheet(entries, path, base=base)
    return len(entries)


def _norm(field: str, value):
    """A curated value in the form the merge compares: lists for variants/avoid, lower-case status, text."""
    if field in _LISTS:
        return tuple(value) if isinstance(value, (list, tuple)) else tuple(split_cell(value))
    text = "" if value is None else str(value).strip()
    return text.lower() if field == "status" else text


def _store_values(entry) -> dict:
    return {f: _norm(f, getattr(entry, f)) for f in EDITABLE}


def _shown(value) -> str:
    return " | ".join(value) if isinstance(value, tuple) else value


def import_xlsx(db: str | os.PathLike, path: str | os.PathLike, *, take_sheet: bool = False) -> dict:
    """Apply a curated sheet to store `db` (validated as a whole first; applied in one transaction).

    Returns counts: approved, rejected, edited, candidate (set back to candidate), added (terms new to the
    store), unchanged, kept_decisions (a sheet without base showing ``candidate`` for a decided term), rows;
    and lists: ``changes`` [(zh, old status, new status, old en, new en)], ``conflicts`` [{zh, field, store,
    sheet}] (applied when `take_sheet`, else kept), ``deleted`` [zh] (in the base, not in the sheet), and
    ``base``: "three-way" or the reason the merge was two-way."""
    from glossary.store import GlossaryStore

    path = Path(path)
    sheet = validated_sheet(path)
    report = {"approved": 0, "rejected": 0, "edited": 0, "candidate": 0, "added": 0, "unchanged": 0,
              "kept_decisions": 0, "rows": len(sheet.rows), "changes": [], "conflicts": [], "deleted": [],
              "taken": 0}
    with GlossaryStore(db, create=False) as store:
        current = {e.zh: e for e in store.entries()}
        base = sheet.base
        why = sheet.base_problem
        if base is not None and base["store_id"] != store.store_id():
            base, why = None, "the sheet was exported from another store"
        elif base is not None and base["revision"] > store.revision():
            base, why = None, "the sheet is newer than the store (a store restored from a copy?)"
        report["base"] = "three-way" if base is not None else why
        decisions, conflicts = [], []
        seen = set()
        for _number, r in sheet.rows:
            zh = r["zh"]
            seen.add(zh)
            given = {f: _norm(f, r[f]) for f in EDITABLE if f in r}
            if given.get("status") == "":
                del given["status"]  # an empty status cell changes nothing
            old = current.get(zh)
            if old is None:
                values = dict(given)
                values.setdefault("status", "candidate")
                if values["status"] == "candidate" and values.get("en"):
                    values["status"] = "edited"
                decisions.append(_decision(zh, values))
                report["added"] += 1
                report["changes"].append((zh, "", values["status"], "", values.get("en", "")))
                continue
            now = _store_values(old)
            was = base["rows"].get(zh) if base is not None else None
            changed = {}
            for f, value in given.items():
                if value == now[f]:
                    continue
                if was is not None:  # three-way
                    before = _norm(f, was.get(f, ""))
                    if value == before:
                        continue  # the sheet did not touch it: the store's value stays
                    if now[f] == before or take_sheet:
                        changed[f] = value
                        report["taken"] += now[f] != before
                    else:
                        conflicts.append({"zh": zh, "field": f, "store": _shown(now[f]), "sheet": _shown(value)})
                    continue
                # two-way: a human decision is never overwritten silently, never downgraded to candidate
                if old.status in HUMAN and not take_sheet:
                    if f == "status" and value == "candidate":
                        report["kept_decisions"] += 1
                    else:
                        conflicts.append({"zh": zh, "field": f, "store": _shown(now[f]), "sheet": _shown(value)})
                    continue
                changed[f] = value
                report["taken"] += old.status in HUMAN
            in_conflict = {k["field"] for k in conflicts if k["zh"] == zh}
            if not changed:
                report["unchanged"] += not in_conflict
                continue
            if "en" in changed and "status" not in changed and "status" not in in_conflict:
                changed["status"] = "edited"
            decisions.append(_decision(zh, changed))
            status = changed.get("status", old.status)
            report[status] += 1
            report["changes"].append((zh, old.status, status, old.en, changed.get("en", old.en)))
        if base is not None:
            report["deleted"] = sorted(zh for zh in base["rows"] if zh not in seen and zh in current)
        report["conflicts"] = conflicts
        summary = {k: v for k, v in report.items() if isinstance(v, int)}
        summary.update(conflicts=len(conflicts), deleted=len(report["deleted"]), base=report["base"],
                       take_sheet=take_sheet)
        store.apply_decisions(decisions, action="import", conflicts=conflicts,
                              record={"file": str(path), "summary": summary,
                                      "base_revision": base["revision"] if base is not None else None})
    return report


def _decision(zh: str, values: dict) -> dict:
    out = {"zh": zh}
    for f, v in values.items():
        out[f] = list(v) if f in _LISTS else v
    return out


# ------------------------------------------------------------------ termbases (TBX, CSV/TSV, spreadsheets)

_ALIASES = {
    "zh": "zh", "zh-cn": "zh", "zh-hans": "zh", "zh_cn": "zh", "chinese": "zh", "中文": "zh", "汉语": "zh",
    "中文术语": "zh", "en": "en", "en-us": "en", "en-gb": "en", "en_us": "en", "english": "en", "英文": "en",
    "英语": "en", "英文术语": "en", "status": "status", "状态": "status", "note": "note", "notes": "note",
    "备注": "note", "definition": "definition", "定义": "definition", "variants": "variants", "variant": "variants",
    "变体": "variants", "abbreviation": "abbreviation", "abbr": "abbreviation", "缩写": "abbreviation",
    "简称": "abbreviation", "avoid": "avoid", "category": "category", "类别": "category", "id": "id",
}
_STATUS_WORDS = {"preferred": "approved", "preferredterm": "approved", "preferredterm-admn-sts": "approved",
                 "admitted": "candidate", "admittedterm": "candidate", "admittedterm-admn-sts": "candidate",
                 "deprecated": "rejected", "deprecatedterm": "rejected", "deprecatedterm-admn-sts": "rejected",
                 "superseded": "rejected", "supersededterm": "rejected", "supersededterm-admn-sts": "rejected"}


def sniff(path: Path) -> str:
    """What a glossary file is, by content: "sheet" (a glossalign curation sheet), "xlsx" (another
    workbook), "tbx", "table" (CSV/TSV text); InputError naming what it looks like otherwise."""
    import zipfile

    from core.errors import InputError

    if not path.is_file():
        raise InputError(f"{path}: not found" if not path.exists() else f"{path}: not a file")
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if zipfile.is_zipfile(path):
        names = set(zipfile.ZipFile(path).namelist())
        if "xl/workbook.xml" not in names:
            kind = "a Word document" if "word/document.xml" in names else "a zip archive"
            raise InputError(f"{path}: {kind}, not a glossary; give a curation sheet, TBX, CSV, TSV or XLSX")
        from openpyxl import load_workbook

        from formats.glossary.xlsx_fmt import validated_sheet  # noqa: F401 - the curation sheet's reader

        wb = load_workbook(path, read_only=True)
        try:
            is_sheet = "glossary" in wb.sheetnames and "status" in [
                str(c.value or "").strip().lower() for c in next(wb["glossary"].iter_rows(max_row=1), ())]
        finally:
            wb.close()
        return "sheet" if is_sheet else "xlsx"
    if head.startswith(b"PK\x03\x04"):
        raise InputError(f"{path}: not an XLSX workbook (a broken zip archive); save the workbook again")
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if text.startswith(b"<"):
        low = head.lower()
        if b"<martif" in low or b"<tbx" in low:
            return "tbx"
        if b"<tmx" in low:
            raise InputError(f"{path}: a TMX translation memory, not a termbase; give a TBX, CSV, TSV or XLSX")
        return "tbx"  # other XML: the TBX reader names its root
    if head.startswith(b"SQLite format 3\x00"):
        raise InputError(f"{path}: a SQLite file (a glossary store?), not a file to import; give it as the DB")
    if b"\x00" in head or head.startswith(b"%PDF"):
        raise InputError(f"{path}: a binary file ({'PDF' if head.startswith(b'%PDF') else 'not text'}), not a glossary")
    return "table"


def read_termbase(path: Path, kind: str) -> list:
    """GlossaryEntry records of a termbase file (TBX, CSV/TSV, XLSX with zh/en columns), with origin."""
    from formats.glossary import tbx_fmt

    if kind == "tbx":
        return list(tbx_fmt.iter_entries(path))
    rows = _table_rows(path) if kind == "table" else _xlsx_rows(path)
    return _entries_from_rows(path, rows)


def _header(cells) -> list[str]:
    return [_ALIASES.get(str(c or "").strip().lower(), str(c or "").strip().lower()) for c in cells]


def _table_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    import csv
    import io

    from core.cells import csv_unprotect
    from core.errors import InputError

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save the table as UTF-8") from None
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") >= first.count(",") and "\t" in first else ","
    csv.field_size_limit(max(csv.field_size_limit(), 10_000_000))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [(reader.line_num, [csv_unprotect(c) for c in r]) for r in reader]
    except csv.Error as exc:
        raise InputError(f"{path}: line {reader.line_num}: {exc}") from None
    if not rows:
        raise InputError(f"{path}: empty file; expected a header with Chinese and English columns")
    return _header(rows[0][1]), rows[1:]


def _xlsx_rows(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    from openpyxl import load_workbook

    from core.limits import XLSX_CAP, check_zip_size
    from formats.glossary.xlsx_fmt import _text

    check_zip_size(path, "XLSX workbook", XLSX_CAP)
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        ws.reset_dimensions()
        rows = [(n, [_text(v) for v in r]) for n, r in enumerate(ws.iter_rows(values_only=True), start=1) if r]
    finally:
        wb.close()
    if not rows:
        from core.errors import InputError

        raise InputError(f"{path}: the workbook is empty; expected a header with Chinese and English columns")
    return _header(rows[0][1]), rows[1:]


def _entries_from_rows(path: Path, table) -> list:
    from core.errors import InputError
    from core.records import STATUSES, GlossaryEntry

    header, rows = table
    if "zh" not in header or "en" not in header:
        raise InputError(f"{path}: no Chinese and English columns (header: {', '.join(h for h in header if h) or 'none'}); "
                         "name them zh/en, Chinese/English or 中文/英文")
    out, problems = [], []
    for line, cells in rows:
        r = {h: str(c).strip() for h, c in zip(header, cells, strict=False) if h}
        if not r.get("zh"):
            continue
        status = r.get("status", "").lower()
        status = _STATUS_WORDS.get(status, status) or "approved"
        if status not in STATUSES:
            problems.append(f"line {line}: unknown status {r.get('status')!r}")
            continue
        note = r.get("note", "")
        if r.get("definition"):
            note = f"{note}; definition: {r['definition']}" if note else f"definition: {r['definition']}"
        origin = f"{path.name}#{r['id']}" if r.get("id") else f"{path.name}:{line}"
        try:  # glossalign's own CSV export carries its counts and provenance too
            counts = {k: to_int(r.get(k), "") for k in ("frequency", "documents")}
        except InputError:
            problems.append(f"line {line}: frequency/documents is not a number")
            continue
        out.append(GlossaryEntry(zh=r["zh"], en=r.get("en", ""), status=status, variants=split_cell(r.get("variants")),
                                 avoid=split_cell(r.get("avoid")), abbreviation=r.get("abbreviation", ""),
                                 category=r.get("category", ""), note=note, origin=r.get("origin") or origin,
                                 en_source=r.get("en_source", ""), changed_by=r.get("changed_by", ""),
                                 changed_at=r.get("changed_at", ""), **counts))
    if problems:
        raise InputError(f"{path}: {'; '.join(problems[:5])}; nothing imported (use approved, candidate, edited, "
                         "rejected or preferred/admitted/deprecated)")
    return out


def import_termbase(db: str | os.PathLike, path: str | os.PathLike, kind: str, *, take_sheet: bool = False) -> dict:
    """Merge a termbase into store `db` (created when missing). A term the store holds as a human decision
    with another English is a conflict (the store keeps its value) unless `take_sheet`; where the store holds
    only a machine candidate, the termbase's English wins (the old English stays among the equivalents as
    evidence). Variants and renderings to avoid are added to what the store has. Every term keeps its origin."""
    from glossary.store import GlossaryStore

    path = Path(path)
    entries = read_termbase(path, kind)
    report = {"rows": len(entries), "added": 0, "replaced_machine": 0, "unchanged": 0, "updated": 0,
              "conflicts": [], "taken": 0, "kind": kind}
    with GlossaryStore(db) as store:
        current = {e.zh: e for e in store.entries()}
        decisions, conflicts, seen = [], [], set()
        for e in entries:
            if e.zh in seen:
                continue
            seen.add(e.zh)
            old = current.get(e.zh)
            values = {"en": e.en, "status": e.status, "variants": list(e.variants), "avoid": list(e.avoid),
                      "abbreviation": e.abbreviation, "category": e.category, "note": e.note, "origin": e.origin}
            if old is None:
                decisions.append({"zh": e.zh, **values})
                report["added"] += 1
                continue
            change = {}
            if e.en and e.en != old.en:
                if old.status in HUMAN and old.en and not take_sheet:
                    conflicts.append({"zh": e.zh, "field": "en", "store": old.en, "sheet": e.en})
                else:
                    change["en"] = e.en
                    report["replaced_machine" if old.status not in HUMAN else "taken"] += 1
            if e.status != old.status and not (old.status in HUMAN and e.status == "candidate"):
                if old.status in HUMAN and not take_sheet and "en" not in change:
                    if e.status in HUMAN:
                        conflicts.append({"zh": e.zh, "field": "status", "store": old.status, "sheet": e.status})
                else:
                    change["status"] = e.status
            for key in ("variants", "avoid"):
                merged = list(dict.fromkeys([*getattr(old, key), *values[key]]))
                if merged != getattr(old, key):
                    change[key] = merged
            for key in ("abbreviation", "category", "note"):
                if values[key] and not getattr(old, key):
                    change[key] = values[key]
            if change:
                change["origin"] = e.origin
                if "en" in change and "status" not in change:
                    change["status"] = e.status if e.status in HUMAN else "edited"
                decisions.append({"zh": e.zh, **change})
                report["updated"] += 1
            elif not any(k["zh"] == e.zh for k in conflicts):
                report["unchanged"] += 1
        report["conflicts"] = conflicts
        summary = {k: v for k, v in report.items() if isinstance(v, int)}
        summary.update(conflicts=len(conflicts), kind=kind, take_sheet=take_sheet)
        store.apply_decisions(decisions, action="import", conflicts=conflicts,
                              record={"file": str(path), "summary": summary, "base_revision": None})
    return report
