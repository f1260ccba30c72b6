"""Bring the termbase you already have (issue 18): `glossary import` reads TBX v2 as CAT tools write it, TBX v3,
CSV with Chinese headers and XLSX with English ones, into an existing store and into a new one; origin, status
mapping, one conflict each; `check -g` with each; store → TBX v3/v2 → store field by field."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from cli import app
from core.records import Equivalent, TermCandidate
from glossary.store import GlossaryStore, load_glossary

runner = CliRunner()
HERE = Path(__file__).resolve().parents[1]
PAIRS = "id\tzh\ten\n1\t外层空间的军备竞赛必须防止。\tAn arms race in outer space must be prevented.\n"

TBX2 = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en-US">
 <martifHeader><fileDesc><sourceDesc><p>exported by a CAT tool</p></sourceDesc></fileDesc></martifHeader>
 <text><body>
  <termEntry id="t17">
   <descrip type="definition">the space beyond the atmosphere</descrip>
   <langSet xml:lang="zh-CN"><tig><term>外层空间</term></tig>
     <tig><term>外空</term><termNote type="termType">abbreviation</termNote></tig></langSet>
   <langSet xml:lang="en-US">
    <tig><term>outer space</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>space</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
    <tig><term>cosmic space</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
   </langSet>
  </termEntry>
  <termEntry id="t18">
   <langSet xml:lang="zh"><tig><term>军备竞赛</term></tig></langSet>
   <langSet xml:lang="en-GB"><tig><term>armaments race</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
  </termEntry>
  <termEntry id="t19">
   <langSet xml:lang="zh-Hans"><tig><term>裁军</term></tig></langSet>
   <langSet xml:lang="en"><tig><term>disarmament</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
    <tig><term>arms reduction</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig></langSet>
  </termEntry>
 </body></text>
</martif>
"""

TBX3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
 <tbxHeader><fileDesc><sourceDesc><p>v3</p></sourceDesc></fileDesc></tbxHeader>
 <text><body>
  <conceptEntry id="c1">
   <langSec xml:lang="zh-Hans"><termSec><term>外层空间</term></termSec></langSec>
   <langSec xml:lang="en-GB"><termSec><term>outer space</term>
     <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec>
  </conceptEntry>
  <conceptEntry id="c2">
   <langSec xml:lang="zh"><termSec><term>军备竞赛</term></termSec></langSec>
   <langSec xml:lang="en-US"><termSec><term>armaments race</term>
     <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec></langSec>
  </conceptEntry>
 </body></text>
</tbx>
"""

CSV_ZH = "中文,英文,状态,备注,定义\n外层空间,outer space,approved,UN usage,the space beyond the atmosphere\n军备竞赛,armaments race,approved,,\n"


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.stdout + result.stderr
    return result


def xlsx_en(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["Chinese", "English", "Status", "Note"])
    ws.append(["外层空间", "outer space", "approved", "UN usage"])
    ws.append(["军备竞赛", "armaments race", "preferred", ""])
    wb.save(path)
    return path


@pytest.fixture
def store(tmp_path) -> Path:
    """A store where 军备竞赛 is a human decision (arms race, approved) and 外层空间 a machine candidate."""
    db = tmp_path / "g.sqlite"
    with GlossaryStore(db) as s:
        s.merge([TermCandidate("外层空间", 1.0, 5, ["d"]), TermCandidate("军备竞赛", 1.0, 4, ["d"])],
                {"外层空间": [Equivalent("space", "pairs", 0.4)], "军备竞赛": [Equivalent("arms race", "base", 1.0)]})
        s.apply_decisions([{"zh": "军备竞赛", "status": "approved"}])
    return db


def files(tmp_path: Path) -> dict[str, Path]:
    out = {"tbx2": tmp_path / "cat.tbx", "tbx3": tmp_path / "v3.tbx", "csv": tmp_path / "terms.csv",
           "xlsx": xlsx_en(tmp_path / "terms.xlsx")}
    out["tbx2"].write_text(TBX2, encoding="utf-8")
    out["tbx3"].write_text(TBX3, encoding="utf-8")
    out["csv"].write_text(CSV_ZH, encoding="utf-8")
    return out


def terms(db) -> dict:
    with GlossaryStore(db) as s:
        return {e.zh: e for e in s.entries()}


@pytest.mark.parametrize("kind", ["tbx2", "tbx3", "csv", "xlsx"])
def test_a_termbase_into_a_new_store(tmp_path, kind):
    f = files(tmp_path)[kind]
    db = tmp_path / "new.sqlite"
    result = run("glossary", "import", db, f)
    assert result.exit_code == 0, result.stderr
    e = terms(db)
    assert (e["外层空间"].en, e["外层空间"].status) == ("outer space", "approved")
    assert e["外层空间"].origin.startswith(f.name)
    assert e["军备竞赛"].en == "armaments race" and e["军备竞赛"].status == "approved"
    if kind == "tbx2":
        assert e["外层空间"].origin == "cat.tbx#t17" and e["外层空间"].abbreviation == "外空"
        assert e["外层空间"].variants == ["space"] and e["外层空间"].avoid == ["cosmic space"]
        assert "definition: the space beyond the atmosphere" in e["外层空间"].note
        assert (e["裁军"].en, e["裁军"].status, e["裁军"].avoid) == ("disarmament", "candidate", ["arms reduction"])
    if kind == "csv":
        assert e["外层空间"].note == "UN usage; definition: the space beyond the atmosphere"


@pytest.mark.parametrize("kind", ["tbx2", "tbx3", "csv", "xlsx"])
def test_a_termbase_into_an_existing_store_with_one_conflict(store, tmp_path, kind):
    f = files(tmp_path)[kind]
    result = run("glossary", "import", store, f)
    assert result.exit_code == 1
    assert "conflict: 军备竞赛 en: store has 'arms race', file has 'armaments race'" in result.stderr
    e = terms(store)
    assert (e["军备竞赛"].en, e["军备竞赛"].status) == ("arms race", "approved")  # the human decision stays
    assert (e["外层空间"].en, e["外层空间"].status) == ("outer space", "approved")  # a machine candidate: file wins
    assert "1 machine English replaced" in result.stderr
    con = sqlite3.connect(store)
    evidence = {r[0] for r in con.execute("SELECT e.en FROM equivalents e JOIN terms t ON t.id = e.term_id "
                                          "WHERE t.zh = '外层空间'")}
    con.close()
    assert "space" in evidence  # the old English kept as evidence
    taken = run("glossary", "import", store, f, "--take-sheet")
    assert taken.exit_code == 0 and terms(store)["军备竞赛"].en == "armaments race"


@pytest.mark.parametrize("kind", ["tbx2", "tbx3", "csv", "xlsx"])
def test_check_reads_each_termbase(tmp_path, kind):
    pairs = tmp_path / "p.tsv"
    pairs.write_text(PAIRS, encoding="utf-8")
    result = run("check", pairs, "-g", files(tmp_path)[kind], "--checks", "term")
    assert result.exit_code in (0, 1), result.stderr
    entries = {e.zh: e.en for e in load_glossary(files(tmp_path)[kind])}
    assert entries["外层空间"] == "outer space"


FIELDS = ("zh", "en", "status", "variants", "avoid", "abbreviation", "category", "note", "origin")


@pytest.mark.parametrize("fmt", ["tbx", "tbx2"])
def test_store_to_tbx_to_store_loses_nothing(tmp_path, fmt):
    db = tmp_path / "a.sqlite"
    with GlossaryStore(db) as s:
        s.apply_decisions([
            {"zh": "外层空间", "en": "outer space", "status": "approved", "variants": ["space"], "avoid": ["cosmos"],
             "abbreviation": "外空", "category": "concept", "note": "UN usage; definition: beyond the air",
             "origin": "unterm.tbx#17"},
            {"zh": "不扩散核武器条约", "en": "Treaty on the Non-Proliferation of Nuclear Weapons", "status": "edited",
             "abbreviation": "NPT", "origin": "colleague.csv:3"},
            {"zh": "裁军", "en": "disarmament", "status": "rejected", "origin": "x.tbx"},
            {"zh": "军备竞赛", "en": "arms race", "status": "candidate", "origin": "y.tbx#c9"},
        ])
    out = tmp_path / f"g.{fmt}.tbx"
    assert run("glossary", "export", db, "-o", out, "-f", fmt, "--include-rejected").exit_code == 0
    text = out.read_text(encoding="utf-8")
    zh_set = text[text.index("外层空间"):text.index("outer space")]
    assert "外空" in zh_set  # the Chinese abbreviation sits in the Chinese language set
    back = tmp_path / "b.sqlite"
    assert run("glossary", "import", back, out).exit_code == 0
    a, b = terms(db), terms(back)
    assert set(a) == set(b)
    for zh in a:
        assert [getattr(a[zh], f) for f in FIELDS] == [getattr(b[zh], f) for f in FIELDS], zh


@pytest.mark.parametrize("doc, library", [
    ('<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
     '<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body/></text></tbx>', "lxml"),
    ('<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
     '<martif><text><body><termEntry><langSet xml:lang="zh"><tig><term>&x;</term></tig></langSet></termEntry>'
     '</body></text></martif>', "lxml"),
])
def test_entity_tricks_are_refused_in_one_line(tmp_path, doc, library):
    f = tmp_path / "evil.tbx"
    f.write_text(doc, encoding="utf-8")
    db = tmp_path / "g.sqlite"
    for argv in (["glossary", "import", db, f], ["check", tmp_path / "p.tsv", "-g", f]):
        (tmp_path / "p.tsv").write_text(PAIRS, encoding="utf-8")
        result = run(*argv)
        lines = result.stderr.strip().splitlines()
        assert result.exit_code == 2 and len(lines) == 1 and "entities" in lines[0] and library in lines[0]


def test_a_file_that_is_not_a_termbase_is_named(tmp_path):
    tmx = tmp_path / "m.tbx"
    tmx.write_text('<?xml version="1.0"?><tmx version="1.4"><body/></tmx>', encoding="utf-8")
    pdf = tmp_path / "p.csv"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\n")
    for f, what in ((tmx, "a TMX translation memory"), (pdf, "PDF")):
        result = run("glossary", "import", tmp_path / "g.sqlite", f)
        assert result.exit_code == 2 and what in result.stderr


def test_origin_is_shown_in_the_csv_and_xlsx_exports(tmp_path):
    import csv

    from openpyxl import load_workbook

    db = tmp_path / "new.sqlite"
    assert run("glossary", "import", db, files(tmp_path)["tbx2"]).exit_code == 0
    assert run("glossary", "export", "--db", db, "-o", tmp_path / "g.csv").exit_code == 0
    assert run("glossary", "export", "--db", db, "-o", tmp_path / "g.xlsx").exit_code == 0
    with open(tmp_path / "g.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["zh"]: r for r in csv.DictReader(fh)}
    assert rows["外层空间"]["origin"] == "cat.tbx#t17" and rows["军备竞赛"]["origin"] == "cat.tbx#t18"
    ws = load_workbook(tmp_path / "g.xlsx")["glossary"]
    header = [c.value for c in ws[1]]
    sheet = {r[0]: dict(zip(header, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert sheet["外层空间"]["origin"] == "cat.tbx#t17"
    # the origin survives the trip back through either export
    again = tmp_path / "again.sqlite"
    assert run("glossary", "import", again, tmp_path / "g.csv").exit_code == 0
    assert terms(again)["外层空间"].origin == "cat.tbx#t17"
