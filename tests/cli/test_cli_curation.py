"""Two terminologists sharing one store through exported sheets: `glossalign glossary export|import` end to end.

Three-way merge against the base the export hides in the sheet; conflicts named and exit 1; --take-sheet;
idempotent re-import; deleted rows reported; only text read as text; no live formula in any export.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app
from core.records import Equivalent, TermCandidate
from formats.glossary import read_glossary
from formats.glossary.xlsx_fmt import BASE_SHEET
from glossary.store import GlossaryStore

runner = CliRunner()
TERMS = ["不扩散", "外层空间", "裁军", "军备竞赛", "核武器"]
EQS = {"不扩散": [Equivalent("non-proliferation", "base", 1.0)], "裁军": [Equivalent("disarmament", "base", 1.0)],
       "军备竞赛": [Equivalent("arms race", "base", 1.0)], "核武器": [Equivalent("nuclear weapon", "base", 1.0)]}


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def dump(db) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def rows(db) -> dict[str, tuple]:
    con = sqlite3.connect(db)
    try:
        return {r[0]: r[1:] for r in con.execute("SELECT zh, en, status, human FROM terms")}
    finally:
        con.close()


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "g.sqlite"
    with GlossaryStore(path) as store:
        store.merge([TermCandidate(zh, 1.0, 10 - i, ["d"]) for i, zh in enumerate(TERMS)], EQS)
    return path


def export(db, sheet):
    result = run("glossary", "export", db, "-o", sheet)
    assert result.exit_code == 0, result.output
    return sheet


def edit(sheet, changes: dict[str, dict], text=True):
    """Type values into the sheet as a person would; text=True types them as text cells."""
    wb = load_workbook(sheet)
    ws = wb["glossary"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        zh = row[0].value
        for col, value in changes.get(zh, {}).items():
            cell = row[header.index(col)]
            cell.value = value
            if text and isinstance(value, str):
                cell.data_type = "s"
    wb.save(sheet)


def test_the_same_sheet_imported_twice_keeps_the_edit(db, tmp_path):
    sheet = export(db, tmp_path / "s.xlsx")
    edit(sheet, {"外层空间": {"en": "outer space"}})  # English typed, status left as it was
    first = run("glossary", "import", db, sheet)
    assert first.exit_code == 0, first.output
    assert "1 edited" in first.stderr
    second = run("glossary", "import", db, sheet)
    assert second.exit_code == 0, second.output
    assert "0 edited" in second.stderr and "5 unchanged" in second.stderr
    assert rows(db)["外层空间"] == ("outer space", "edited", 1)


def test_two_curators_on_different_rows_both_stay(db, tmp_path):
    one = export(db, tmp_path / "one.xlsx")
    two = export(db, tmp_path / "two.xlsx")
    edit(one, {"裁军": {"status": "approved"}})
    assert run("glossary", "import", db, one).exit_code == 0
    edit(two, {"不扩散": {"en": "nonproliferation"}})  # two's sheet still shows 裁军 as candidate
    result = run("glossary", "import", db, two)
    assert result.exit_code == 0, result.output
    assert "conflict" not in result.stderr
    r = rows(db)
    assert r["裁军"] == ("disarmament", "approved", 1)
    assert r["不扩散"] == ("nonproliferation", "edited", 1)


def test_both_curators_on_the_same_row_is_a_conflict(db, tmp_path):
    one = export(db, tmp_path / "one.xlsx")
    two = export(db, tmp_path / "two.xlsx")
    edit(one, {"裁军": {"en": "disarmament affairs"}})
    assert run("glossary", "import", db, one).exit_code == 0
    edit(two, {"裁军": {"en": "arms reduction"}, "核武器": {"status": "approved"}})
    before = rows(db)
    result = run("glossary", "import", db, two)
    assert result.exit_code == 1
    line = next(x for x in result.stderr.splitlines() if "conflict:" in x)
    assert "裁军" in line and "en" in line and "'disarmament affairs'" in line and "'arms reduction'" in line
    after = rows(db)
    assert after["裁军"] == before["裁军"]  # the store keeps its value
    assert after["核武器"][1] == "approved"  # the rest of the sheet is merged as usual
    # the same sheet again: still the conflict, nothing else changes
    again = run("glossary", "import", db, two)
    assert again.exit_code == 1 and "conflict" in again.stderr and rows(db) == after
    # the deliberate option takes the sheet's value
    taken = run("glossary", "import", db, two, "--take-sheet")
    assert taken.exit_code == 0, taken.output
    assert rows(db)["裁军"][:2] == ("arms reduction", "edited")
    with GlossaryStore(db) as store:
        actions = [h["action"] for h in store.history() if h["zh"] == "裁军"]
        imports = store.imports()
    assert "conflict en" in actions and actions.count("import") == 2
    assert len(imports) == 4 and all(i["file"].endswith(".xlsx") for i in imports)


def test_a_stale_sheet_keeps_english_found_since_the_export(db, tmp_path):
    sheet = export(db, tmp_path / "s.xlsx")
    with GlossaryStore(db) as store:  # terms --pairs finds English for 外层空间 after the export
        store.merge([TermCandidate("外层空间", 1.0, 9, ["d"])], {"外层空间": [Equivalent("outer space", "pairs", 0.9)]})
    edit(sheet, {"裁军": {"status": "approved"}})
    result = run("glossary", "import", db, sheet)
    assert result.exit_code == 0, result.output
    assert rows(db)["外层空间"] == ("outer space", "candidate", 0)  # still a machine row


def test_deleted_rows_are_reported_and_kept(db, tmp_path):
    sheet = export(db, tmp_path / "s.xlsx")
    wb = load_workbook(sheet)
    ws = wb["glossary"]
    gone = ws.cell(row=3, column=1).value
    ws.delete_rows(3)
    ws.insert_rows(2)  # an empty row inserted, another moved: the base is keyed by term, not by row
    wb.save(sheet)
    assert wb[BASE_SHEET].sheet_state == "veryHidden"
    result = run("glossary", "import", db, sheet)
    assert result.exit_code == 0, result.output
    assert "note:" not in result.stderr  # still a three-way merge after openpyxl's load/save
    assert f"1 rows deleted from the sheet since the export, kept in the store: {gone}" in result.stderr
    assert gone in rows(db)


def test_a_sheet_without_base_never_downgrades_a_decision_silently(db, tmp_path):
    sheet = export(db, tmp_path / "s.xlsx")
    edit(sheet, {"裁军": {"status": "approved"}})
    assert run("glossary", "import", db, sheet).exit_code == 0
    old = export(db, tmp_path / "old.xlsx")
    wb = load_workbook(old)
    del wb[BASE_SHEET]  # a hand-made sheet, or one from an older glossalign
    ws = wb["glossary"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "裁军":
            row[2].value = "candidate"
        if row[0].value == "核武器":
            row[1].value = "nuclear weapons"
    wb.save(old)
    result = run("glossary", "import", db, old)
    assert result.exit_code == 0, result.output
    assert "no base information" in result.stderr and "1 human decisions kept" in result.stderr
    r = rows(db)
    assert r["裁军"][1] == "approved" and r["核武器"] == ("nuclear weapons", "edited", 1)
    # and another English on a decided row, without base, is a conflict
    edit(old, {"裁军": {"en": "arms control", "status": "approved"}})
    result = run("glossary", "import", db, old)
    assert result.exit_code == 1 and "conflict: 裁军 en" in result.stderr


def test_a_sheet_from_another_store_merges_two_ways(db, tmp_path):
    sheet = export(db, tmp_path / "s.xlsx")
    other = tmp_path / "other.sqlite"
    shutil.copy(db, other)
    con = sqlite3.connect(other)
    con.execute("UPDATE meta SET value = 'another' WHERE key = 'store_id'")
    con.commit()
    con.close()
    result = run("glossary", "import", other, sheet)
    assert result.exit_code == 0 and "exported from another store" in result.stderr


@pytest.mark.parametrize("kind", ["formula", "error", "merged", "picture"])
def test_a_cell_that_is_not_text_is_refused_naming_it(db, tmp_path, kind):
    sheet = export(db, tmp_path / "s.xlsx")
    if kind == "formula":
        edit(sheet, {"裁军": {"en": "=UPPER(A4)"}}, text=False)
        match = "glossary!B4: a formula; type the text"
    elif kind == "error":
        wb = load_workbook(sheet)
        cell = wb["glossary"]["B4"]
        cell.value, cell.data_type = "#REF!", "e"
        wb.save(sheet)
        match = "glossary!B4: an error value #REF!; type the text"
    elif kind == "merged":
        wb = load_workbook(sheet)
        wb["glossary"].merge_cells("B3:B4")
        wb.save(sheet)
        match = "glossary!B3:B4: a merged range"
    else:
        add_picture(sheet, col=1, row=3)  # anchored at B4
        match = "glossary!B4: a picture"
    before = dump(db)
    result = run("glossary", "import", db, sheet)
    assert result.exit_code == 2
    assert match in result.stderr and "nothing imported" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert dump(db) == before


def add_picture(sheet: Path, col: int, row: int) -> None:
    """Put a (1x1 PNG) picture anchored at zero-based (col, row) into the glossary sheet, as Excel writes it."""
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
    drawing = f"""<?xml version="1.0" encoding="UTF-8"?>
<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
 xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<xdr:oneCellAnchor><xdr:from><xdr:col>{col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{row}</xdr:row>
<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="9525" cy="9525"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="1" name="p"/>
<xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill>
<xdr:spPr><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor>
</xdr:wsDr>"""
    rel = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
           '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
           '2006/relationships/{t}" Target="{target}"/></Relationships>')
    src = zipfile.ZipFile(sheet).infolist()
    parts = {i.filename: zipfile.ZipFile(sheet).read(i) for i in src}
    ws = parts["xl/worksheets/sheet1.xml"].decode()
    ws = ws.replace("</worksheet>", '<drawing xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
                    'relationships" r:id="rId1"/></worksheet>')
    parts["xl/worksheets/sheet1.xml"] = ws.encode()
    parts["xl/worksheets/_rels/sheet1.xml.rels"] = rel.format(t="drawing", target="../drawings/drawing1.xml").encode()
    parts["xl/drawings/drawing1.xml"] = drawing.encode()
    parts["xl/drawings/_rels/drawing1.xml.rels"] = rel.format(t="image", target="../media/image1.png").encode()
    parts["xl/media/image1.png"] = png
    ct = parts["[Content_Types].xml"].decode().replace(
        "</Types>", '<Default Extension="png" ContentType="image/png"/><Override PartName="/xl/drawings/'
        'drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>')
    parts["[Content_Types].xml"] = ct.encode()
    with zipfile.ZipFile(sheet, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_numbers_and_dates_typed_as_text_become_text(db, tmp_path):
    import datetime

    sheet = export(db, tmp_path / "s.xlsx")
    edit(sheet, {"裁军": {"en": 1540, "note": datetime.datetime(2024, 6, 11)}})
    result = run("glossary", "import", db, sheet)
    assert result.exit_code == 0, result.output
    with GlossaryStore(db) as store:
        e = {x.zh: x for x in store.entries()}["裁军"]
    assert (e.en, e.note) == ("1540", "2024-06-11")


FORMULA_LIKE = ["=SUM(A1:A9)", "+1 (212) 963-1234", "-resolution 1540", "@UN", "'=quoted"]


def test_formula_like_english_stays_text_through_every_export(db, tmp_path):
    sheet = export(db, tmp_path / "s.xlsx")
    edit(sheet, {zh: {"en": text} for zh, text in zip(TERMS, FORMULA_LIKE, strict=True)})  # typed as text
    assert run("glossary", "import", db, sheet).exit_code == 0
    wanted = {zh: text for zh, text in zip(TERMS, FORMULA_LIKE, strict=True)}
    again = export(db, tmp_path / "again.xlsx")
    ws = load_workbook(again)["glossary"]
    cells = {r[0].value: r[1] for r in ws.iter_rows(min_row=2)}
    assert {zh: c.value for zh, c in cells.items()} == wanted
    assert all(c.data_type == "s" for c in cells.values())  # string cells, never formulas
    result = run("glossary", "import", db, again)
    assert result.exit_code == 0 and "5 unchanged" in result.stderr
    # CSV: the ' prefix on the way out, removed on the way in
    csv_path = tmp_path / "g.csv"
    assert run("glossary", "export", db, "-o", csv_path).exit_code == 0
    text = csv_path.read_text(encoding="utf-8-sig")
    assert ",'=SUM(A1:A9)," in text and ",'+1 (212) 963-1234," in text and ",''=quoted," in text
    assert {e.zh: e.en for e in read_glossary(csv_path)} == wanted
    # TBX and XLSX reads give the same text
    assert {e.zh: e.en for e in read_glossary(again)} == wanted


def test_the_base_survives_a_libreoffice_resave(db, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) not installed: apt-get install libreoffice-calc-nogui")
    sheet = export(db, tmp_path / "s.xlsx")
    edit(sheet, {"裁军": {"status": "approved", "en": "=disarmament"}})
    out = tmp_path / "lo"
    out.mkdir()
    proc = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                           "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(sheet)],
                          capture_output=True, text=True, timeout=180)
    resaved = out / "s.xlsx"
    assert proc.returncode == 0 and resaved.is_file(), proc.stderr
    wb = load_workbook(resaved)
    assert BASE_SHEET in wb.sheetnames and wb[BASE_SHEET].sheet_state != "visible"
    result = run("glossary", "import", db, resaved)
    assert result.exit_code == 0, result.output
    assert "note:" not in result.stderr  # three-way: the base came through
    assert rows(db)["裁军"] == ("=disarmament", "approved", 1)
    assert "1 approved" in result.stderr and "4 unchanged" in result.stderr
