"""Curation round trip: export → edit cells with openpyxl → import → the store holds exactly the edits."""

from __future__ import annotations

import sqlite3

import pytest
from openpyxl import load_workbook

from core.errors import InputError
from core.records import Equivalent, TermCandidate
from glossary.curation import COLUMNS, export_xlsx, import_xlsx
from glossary.store import GlossaryStore

TERMS = ["不扩散", "外层空间", "陈清扬", "裁军", "军备竞赛"]


def cands(freq: int = 3) -> list[TermCandidate]:
    return [TermCandidate(zh, 1.0, freq + i, ["d"]) for i, zh in enumerate(TERMS)]


EQS = {"不扩散": [Equivalent("non-proliferation", "base", 1.0)], "裁军": [Equivalent("disarmament", "base", 1.0)],
       "陈清扬": [Equivalent("Chen", "pairs", 0.5)], "军备竞赛": [Equivalent("arms race", "base", 1.0)]}


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "g.sqlite"
    with GlossaryStore(path) as store:
        store.merge(cands(), EQS)
    return path


def dump(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def edit(sheet, changes: dict[str, dict], path=None):
    wb = load_workbook(sheet)
    ws = wb["glossary"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        zh = row[header.index("zh")].value
        for col, value in changes.get(zh, {}).items():
            row[header.index(col)].value = value
    wb.save(path or sheet)


def test_sheet_layout(db, tmp_path):
    sheet = tmp_path / "g.xlsx"
    assert export_xlsx(db, sheet) == 5
    ws = load_workbook(sheet)["glossary"]
    assert tuple(c.value for c in ws[1]) == COLUMNS
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref.startswith("A1:")
    dv = ws.data_validations.dataValidation
    assert len(dv) == 1 and dv[0].type == "list" and "approved" in dv[0].formula1 and str(dv[0].sqref).startswith("C2:")
    assert ws.column_dimensions["B"].width >= 30
    assert {r[0].value for r in ws.iter_rows(min_row=2)} == set(TERMS)


def test_round_trip_and_second_extraction_keeps_it(db, tmp_path):
    sheet = tmp_path / "g.xlsx"
    export_xlsx(db, sheet)
    edit(sheet, {
        "不扩散": {"status": "approved"}, "裁军": {"status": "approved", "variants": "disarmament affairs"},
        "外层空间": {"status": "rejected"},
        "陈清扬": {"en": "Chen Qingyang"},  # English changed, status left: becomes edited
    })
    report = import_xlsx(db, sheet)
    assert (report["approved"], report["rejected"], report["edited"], report["unchanged"]) == (2, 1, 1, 1)
    with GlossaryStore(db) as store:
        e = {x.zh: x for x in store.entries()}
    assert (e["不扩散"].status, e["不扩散"].en) == ("approved", "non-proliferation")
    assert e["裁军"].variants == ["disarmament affairs"]
    assert e["外层空间"].status == "rejected"
    assert (e["陈清扬"].status, e["陈清扬"].en, e["陈清扬"].en_source) == ("edited", "Chen Qingyang", "human")
    assert (e["军备竞赛"].status, e["军备竞赛"].en) == ("candidate", "arms race")
    # a fresh export imported as it is changes nothing
    export_xlsx(db, sheet)
    assert import_xlsx(db, sheet)["unchanged"] == 5
    # a second extraction with other English keeps every decision and refreshes counts
    with GlossaryStore(db) as store:
        store.merge(cands(freq=40), {"陈清扬": [Equivalent("Qingyang", "pairs", 0.9)],
                                     "外层空间": [Equivalent("outer space", "base", 1.0)]})
        after = {x.zh: x for x in store.entries()}
    for zh in ("不扩散", "裁军", "外层空间", "陈清扬"):
        assert (after[zh].status, after[zh].en) == (e[zh].status, e[zh].en)
    assert after["陈清扬"].frequency == 42


@pytest.mark.parametrize("case", ["missing column", "unknown status", "duplicate row", "not xlsx", "corrupt xlsx"])
def test_broken_sheet_applies_nothing(db, tmp_path, case):
    sheet = tmp_path / "g.xlsx"
    export_xlsx(db, sheet)
    edit(sheet, {"不扩散": {"status": "approved"}})  # a valid edit that must not be applied either
    if case == "missing column":
        wb = load_workbook(sheet)
        wb["glossary"].delete_cols(COLUMNS.index("status") + 1)
        wb.save(sheet)
        match = "lacks the column status"
    elif case == "unknown status":
        edit(sheet, {"裁军": {"status": "aproved"}})
        match = "unknown status 'aproved'"
    elif case == "duplicate row":
        wb = load_workbook(sheet)
        ws = wb["glossary"]
        ws.append([c.value for c in ws[2]])
        wb.save(sheet)
        match = "repeats row 2"
    elif case == "not xlsx":
        sheet = tmp_path / "g.csv"
        sheet.write_text("zh,en,status\n裁军,disarmament,approved\n", encoding="utf-8")
        match = "not an XLSX workbook"
    else:
        sheet.write_bytes(sheet.read_bytes()[:300])
        match = "not an XLSX workbook|cannot read"
    before = dump(db)
    with pytest.raises(InputError, match=match) as exc:
        import_xlsx(db, sheet)
    assert "\n" not in str(exc.value)
    assert dump(db) == before


def test_import_into_a_locked_store_applies_nothing(db, tmp_path):
    sheet = tmp_path / "g.xlsx"
    export_xlsx(db, sheet)
    edit(sheet, {"不扩散": {"status": "approved"}})
    before = dump(db)
    locker = sqlite3.connect(db, isolation_level=None, timeout=0.1)
    locker.execute("BEGIN IMMEDIATE")  # another writer holds the store
    try:
        import glossary.store as store_mod

        orig = store_mod.GlossaryStore.__init__

        def fast(self, path, *, create=True, timeout=0.1):
            orig(self, path, create=create, timeout=timeout)

        store_mod.GlossaryStore.__init__ = fast
        try:
            with pytest.raises(InputError, match="locked"):
                import_xlsx(db, sheet)
        finally:
            store_mod.GlossaryStore.__init__ = orig
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert dump(db) == before
