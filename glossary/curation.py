"""Curation round trip: export the store to an XLSX sheet, a person edits it in Excel, import it back.

    export_xlsx(db, "glossary.xlsx")          # one row per term, status drop-down, frozen header, filter
    import_xlsx(db, "glossary.xlsx")          # -> {"approved": 3, "rejected": 2, "edited": 1, ...}

The sheet itself (columns, validation) is `formats.glossary.xlsx_fmt`. The whole sheet is validated before
anything is applied; then every change is applied in one transaction. Changing a row's English without
changing its status marks it ``edited``.
"""

from __future__ import annotations

import os
from pathlib import Path

from formats.glossary import split_cell
from formats.glossary.xlsx_fmt import COLUMNS, validated_rows, write_sheet

__all__ = ["COLUMNS", "export_xlsx", "import_xlsx"]


def export_xlsx(db: str | os.PathLike, path: str | os.PathLike) -> int:
    """Write the curation sheet of store `db` to `path`; returns the number of rows."""
    from glossary.store import GlossaryStore

    with GlossaryStore(db, create=False) as store:
        entries = store.entries()
    write_sheet(entries, path)
    return len(entries)


def import_xlsx(db: str | os.PathLike, path: str | os.PathLike) -> dict:
    """Apply a curated sheet to store `db` (all or nothing). Returns counts by what happened to each row:
    approved, rejected, edited, candidate (set back to candidate), added (terms new to the store),
    unchanged; and ``changes``: [(zh, old status, new status, old en, new en)]."""
    from glossary.store import GlossaryStore

    path = Path(path)
    rows = validated_rows(path)
    report = {"approved": 0, "rejected": 0, "edited": 0, "candidate": 0, "added": 0, "unchanged": 0,
              "rows": len(rows), "changes": []}
    with GlossaryStore(db, create=False) as store:
        current = {e.zh: e for e in store.entries()}
        decisions = []
        for _number, r in rows:
            old = current.get(r["zh"])
            new = {"zh": r["zh"]}
            values = {"en": r.get("en", ""), "status": r["status"] or (old.status if old else "candidate")}
            for key in ("abbreviation", "category", "note"):
                if key in r:
                    values[key] = r[key]
            for key in ("variants", "avoid"):
                if key in r:
                    values[key] = split_cell(r[key])
            if old is None:
                if values["status"] == "candidate" and values["en"]:
                    values["status"] = "edited"
                new.update(values)
                decisions.append(new)
                report["added"] += 1
                report["changes"].append((r["zh"], "", values["status"], "", values["en"]))
                continue
            changed = {k: v for k, v in values.items() if getattr(old, k) != v}
            if not changed:
                report["unchanged"] += 1
                continue
            if "en" in changed and "status" not in changed:
                changed["status"] = "edited"
            new.update(changed)
            decisions.append(new)
            status = changed.get("status", old.status)
            report[status] += 1
            report["changes"].append((r["zh"], old.status, status, old.en, changed.get("en", old.en)))
        if decisions:
            store.apply_decisions(decisions)
    return report

