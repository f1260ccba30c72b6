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

from formats.glossary import split_cell
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
