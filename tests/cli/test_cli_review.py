"""The pairs sheet as a review editor (issue 17): align → edit the XLSX as a reviewer would → convert → TMX.

The sheet is edited with openpyxl the way people edit a spreadsheet: text cut from one cell and pasted into
its neighbour, a row inserted for a split, a cell emptied, a row rejected, a typo corrected. What comes out
must be exactly the reviewed pairs; lost, duplicated or reordered text is refused naming the row.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app
from formats.pairs import read_pairs

DATA = Path(__file__).resolve().parents[1] / "data"
ZH, EN = DATA / "mini_zh.txt", DATA / "mini_en.txt"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def sheet(tmp_path, hash_layout_before_evidence) -> Path:
    out = tmp_path / "pairs.xlsx"
    result = run("align", ZH, EN, "--segmented", "--model", "hash", "-o", out)
    assert result.exit_code == 0, result.output
    return out


def open_sheet(path: Path):
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    return wb, ws, {name: header.index(name) + 1 for name in header}


def texts(ws, col: dict, side: str) -> list[str]:
    return [ws.cell(r, col[side]).value or "" for r in range(2, ws.max_row + 1)]


def test_the_sheet_is_a_review_sheet(sheet):
    wb, ws, col = open_sheet(sheet)
    assert list(col) == ["id", "zh-CN", "en", "status", "confidence", "review"]
    assert ws.freeze_panes == "B2"
    assert ws.cell(2, col["zh-CN"]).alignment.wrap_text
    assert ws.column_dimensions["B"].width >= 40 and ws.column_dimensions["C"].width >= 40
    dv = ws.data_validations.dataValidation
    assert len(dv) == 1 and dv[0].formula1 == '"approved,rejected"' and "D2:D" in str(dv[0].sqref)
    assert ws.conditional_formatting  # the confidence shading
    notes = [ws.cell(r, col["review"]).value for r in range(2, ws.max_row + 1)]
    assert "unmatched" in notes  # the mini pair has a paragraph on one side only
    base = wb["glossalign_base"]
    assert base.sheet_state == "veryHidden" and base["A1"].value == "glossalign pairs base"


def _reviewed(sheet: Path) -> Path:
    """A reviewer fixes the (deliberately poor, hash-embedder) alignment of the mini G-21 statement:
    a merge by moving text up, a split into an inserted row, an emptied cell, an approved and a rejected row.

    The sheet as align wrote it (rows 2-8): 1 zh title alone | 2 zh/en | 3 zh/en | 4 zh/en | 5 en alone |
    6 zh/en | 7 zh/en.
    """
    wb, ws, col = open_sheet(sheet)
    zh, en, status = col["zh-CN"], col["en"], col["status"]
    assert ws.max_row == 8 and ws.cell(2, en).value is None and ws.cell(6, zh).value is None
    # merge: rows 3 and 4 become one pair (row 4's text moved up, row 4 left empty), and it is approved
    for c in (zh, en):
        ws.cell(3, c).value = f"{ws.cell(3, c).value} {ws.cell(4, c).value}"
        ws.cell(4, c).value = None
    ws.cell(3, status).value = "approved"
    # emptied cell: row 5's English is cut and pasted in front of row 6's, so row 5's Chinese stands alone
    ws.cell(6, en).value = f"{ws.cell(5, en).value} {ws.cell(6, en).value}"
    ws.cell(5, en).value = None
    # split: row 7 becomes two; the tails of both cells go to a row inserted below it
    ws.insert_rows(8)
    words, chars = ws.cell(7, en).value.split(), ws.cell(7, zh).value
    ws.cell(7, en).value, ws.cell(8, en).value = " ".join(words[:6]), " ".join(words[6:])
    ws.cell(7, zh).value, ws.cell(8, zh).value = chars[:12], chars[12:]
    # the last pair is rejected
    ws.cell(9, status).value = "rejected"
    out = sheet.with_name("reviewed.xlsx")
    wb.save(out)
    return out


def test_review_round_trip_to_tmx(sheet, tmp_path):
    etree = pytest.importorskip("lxml.etree")
    original = read_pairs(sheet)
    reviewed = _reviewed(sheet)
    wb, ws, col = open_sheet(reviewed)
    rows = [(ws.cell(r, col["zh-CN"]).value or "", ws.cell(r, col["en"]).value or "",
             ws.cell(r, col["status"]).value or "") for r in range(2, ws.max_row + 1)]

    tmx = tmp_path / "reviewed.tmx"
    result = run("pairs", "convert", reviewed, "-o", tmx)
    assert result.exit_code == 0, result.output
    assert "text checked against the original" in result.stderr
    dtd = etree.DTD(str(DATA / "tmx14-core.dtd"))
    doc = etree.parse(str(tmx), etree.XMLParser(load_dtd=False, no_network=True))
    assert dtd.validate(doc), dtd.error_log.filter_from_errors()

    # the TMX holds exactly the reviewed pairs with both sides, not rejected, in sheet order
    want = [(z.strip(), e.strip()) for z, e, s in rows if z.strip() and e.strip() and s != "rejected"]
    got = [(tu.find("tuv[1]/seg").text, tu.find("tuv[2]/seg").text) for tu in ET.parse(tmx).getroot().iter("tu")]
    assert got == want and len(got) == 3  # the merged pair and the two halves of the split
    statuses = [{p.get("type"): p.text for p in tu.findall("prop")}.get("x-status")
                for tu in ET.parse(tmx).getroot().iter("tu")]
    assert statuses == ["approved", None, None]

    pairs = read_pairs(reviewed)
    assert [(p.zh, p.en) for p in pairs] == [(z.strip(), e.strip()) for z, e, _ in rows if z.strip() or e.strip()]
    title, merged, lonely, en_only, half1, half2, rejected = pairs
    assert title.en == "" and title.zh_ids == original[0].zh_ids
    assert merged.status == "approved" and merged.zh_ids == original[1].zh_ids + original[2].zh_ids
    assert merged.en_ids == original[1].en_ids + original[2].en_ids  # the merge knows its segments
    assert lonely.en == "" and lonely.en_ids == [] and lonely.zh_ids == original[3].zh_ids  # no counterpart
    assert en_only.zh == "" and en_only.en_ids == original[3].en_ids + original[4].en_ids
    assert half1.zh_ids == half2.zh_ids == original[5].zh_ids and half1.en_ids == half2.en_ids == original[5].en_ids
    assert rejected.status == "rejected" and rejected.id == original[6].id
    # each side read down the output is the original text in order
    assert squeeze("".join(p.zh for p in pairs)) == squeeze("".join(p.zh for p in original))
    assert squeeze("".join(p.en for p in pairs)) == squeeze("".join(p.en for p in original))


def test_converting_twice_and_via_xlsx_gives_the_same_pairs(sheet, tmp_path):
    reviewed = _reviewed(sheet)
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert run("pairs", "convert", reviewed, "-o", a).exit_code == 0
    assert run("pairs", "convert", reviewed, "-o", b).exit_code == 0
    assert a.read_bytes() == b.read_bytes()
    assert any(json.loads(line).get("status") == "approved" for line in a.read_text().splitlines())
    again, tmx1, tmx2 = tmp_path / "again.xlsx", tmp_path / "1.tmx", tmp_path / "2.tmx"
    assert run("pairs", "convert", reviewed, "-o", again).exit_code == 0
    assert run("pairs", "convert", again, "-o", tmx1).exit_code == 0
    assert run("pairs", "convert", reviewed, "-o", tmx2).exit_code == 0
    strip = lambda p: [line for line in p.read_text().splitlines() if "creationdate" not in line]  # noqa: E731
    assert strip(tmx1) == strip(tmx2)


def test_rejected_pairs_leave_tmx_and_tsv_but_stay_in_xlsx_and_jsonl(sheet, tmp_path):
    reviewed = _reviewed(sheet)
    rejected = read_pairs(reviewed)[-1]
    for ext, kept in (("tsv", False), ("tmx", False), ("jsonl", True), ("xlsx", True)):
        out = tmp_path / f"o.{ext}"
        assert run("pairs", "convert", reviewed, "-o", out).exit_code == 0
        back = [p for p in read_pairs(out) if p.zh == rejected.zh]
        assert bool(back) == kept, ext
        if kept:
            assert back[0].status == "rejected"


@pytest.mark.parametrize("edit, where", [
    ("lost", "row 5, en"), ("duplicated", "row 7, zh"), ("swapped", "row 3, en"),
])
def test_lost_duplicated_or_reordered_text_is_refused_naming_the_row(sheet, tmp_path, edit, where):
    wb, ws, col = open_sheet(sheet)
    zh, en = col["zh-CN"], col["en"]
    if edit == "lost":
        words = ws.cell(5, en).value.split()
        ws.cell(5, en).value = " ".join(words[:3] + words[4:])  # one word gone
    elif edit == "duplicated":
        ws.cell(7, zh).value = ws.cell(7, zh).value + ws.cell(5, zh).value  # a paragraph pasted twice
    else:
        ws.cell(3, en).value, ws.cell(4, en).value = ws.cell(4, en).value, ws.cell(3, en).value
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    out = tmp_path / "out.tmx"
    result = run("pairs", "convert", bad, "-o", out)
    assert result.exit_code == 1, result.output
    message = result.stderr.strip()
    assert message.count("\n") == 0 and where in message, message
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".out.tmx")]


def test_accept_edits_takes_a_corrected_typo_and_marks_it(sheet, tmp_path):
    wb, ws, col = open_sheet(sheet)
    cell = ws.cell(5, col["en"])
    original = cell.value
    cell.value = original.replace("the", "teh", 1) if "the" in original else original + " x"
    wb.save(sheet)
    refused = run("pairs", "convert", sheet, "-o", tmp_path / "o.jsonl")
    assert refused.exit_code == 1 and "row 5, en" in refused.stderr
    result = run("pairs", "convert", sheet, "-o", tmp_path / "o.jsonl", "--accept-edits")
    assert result.exit_code == 0, result.output
    pairs = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text().splitlines()]
    edited = [p for p in pairs if p.get("status") == "edited"]
    assert [p["en"] for p in edited] == [cell.value]


def test_a_sheet_without_base_converts_unchecked_and_says_so(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["zh", "en"])
    wb.active.append(["外层空间", "outer space"])
    hand = tmp_path / "hand.xlsx"
    wb.save(hand)
    result = run("pairs", "convert", hand, "-o", "-", "-f", "tsv")
    assert result.exit_code == 0, result.output
    assert "without the text check" in result.stderr and "外层空间\touter space" in result.stdout


def test_bad_sheets_are_one_line_errors_and_write_nothing(sheet, tmp_path):
    from openpyxl import Workbook

    wrong = tmp_path / "glossary.xlsx"
    wb = Workbook()
    wb.active.append(["term", "translation"])
    wb.save(wrong)
    formula = tmp_path / "formula.xlsx"
    wb, ws, col = open_sheet(sheet)
    ws.cell(3, col["en"]).value = "=1+1"
    wb.save(formula)
    for path, words in ((wrong, "not a pairs sheet"), (formula, "a formula in a text cell"),
                        (tmp_path / "missing.xlsx", "no such file")):
        out = tmp_path / "o.tmx"
        result = run("pairs", "convert", path, "-o", out)
        assert result.exit_code == 2, result.output
        assert words in result.stderr and result.stderr.strip().count("\n") == 0 and not out.exists()


def test_check_and_terms_read_a_reviewed_sheet(sheet, tmp_path):
    reviewed = _reviewed(sheet)
    result = run("check", reviewed)
    assert result.exit_code in (0, 1) and "pairs," in result.stderr
    assert run("terms", ZH, "--pairs", reviewed, "--db", tmp_path / "g.sqlite", "--limit", "5").exit_code == 0


def test_sentence_level_sheets_work_the_same(tmp_path):
    out = tmp_path / "s.xlsx"
    assert run("align", ZH, EN, "--level", "sentence", "--model", "hash", "-o", out).exit_code == 0
    wb, ws, col = open_sheet(out)
    en = col["en"]
    r = next(r for r in range(2, ws.max_row) if ws.cell(r, en).value and ws.cell(r + 1, en).value)
    ws.cell(r, en).value = f"{ws.cell(r, en).value} {ws.cell(r + 1, en).value}"  # a merge, sentence level
    ws.cell(r + 1, en).value = None
    wb.save(out)
    tmx = tmp_path / "s.tmx"
    assert run("pairs", "convert", out, "-o", tmx).exit_code == 0
    assert ET.parse(tmx).getroot().find("header").get("segtype") == "sentence"


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
def test_a_sheet_resaved_by_libreoffice_converts_the_same(sheet, tmp_path):
    reviewed = _reviewed(sheet)
    outdir = tmp_path / "lo"
    outdir.mkdir()
    profile = tmp_path / "lo-profile"
    cmd = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--convert-to",
           "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), str(reviewed)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    resaved = outdir / reviewed.name
    assert done.returncode == 0 and resaved.is_file(), done.stderr[-2000:]
    assert load_workbook(resaved)["glossalign_base"].sheet_state in ("veryHidden", "hidden")
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert run("pairs", "convert", reviewed, "-o", a).exit_code == 0
    result = run("pairs", "convert", resaved, "-o", b)
    assert result.exit_code == 0, result.output
    assert a.read_text() == b.read_text()


def test_convert_streams_text_formats(sheet):
    result = run("pairs", "convert", sheet, "-o", "-", "-f", "tmx")
    assert result.exit_code == 0 and ET.parse(io.StringIO(result.stdout)).getroot().tag == "tmx"
