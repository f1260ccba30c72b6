"""`glossalign terms` and `glossalign glossary export|import|show` on the real seeds, through CliRunner."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app
from core.records import AlignedPair
from formats.pairs import write_pairs

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED = SEEDS / "000_a2bee98262ccf4b4.txt"  # the G21 statement on an arms race in outer space
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def dump(db) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("terms")
    db = tmp / "g.sqlite"
    result = run("terms", SEED, SEEDS / "001_c5c1a2b691e313a0.txt", "--db", db, "--limit", "25", "-o", tmp / "g.xlsx")
    assert result.exit_code == 0, result.output
    return tmp, db, result


def test_terms_builds_store_and_sheet(built):
    tmp, db, result = built
    assert "25 terms extracted from 2 document(s)" in result.stderr
    assert "English from the base glossary only" in result.stderr
    assert (tmp / "g.xlsx").is_file()
    con = sqlite3.connect(db)
    rows = dict(con.execute("SELECT zh, en FROM terms").fetchall())
    sources = {r[0] for r in con.execute("SELECT en_source FROM terms WHERE en != ''")}
    con.close()
    assert rows["外层空间"] == "outer space" and sources == {"base"}


def test_export_show_import_round_trip(built, tmp_path):
    _tmp, db, _ = built
    work = tmp_path / "g.sqlite"
    work.write_bytes(db.read_bytes())
    sheet = tmp_path / "cur.xlsx"
    assert run("glossary", "export", work, "-o", sheet).exit_code == 0
    wb = load_workbook(sheet)
    ws = wb["glossary"]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "外层空间":
            row[header.index("status")].value = "approved"
        if row[0].value == "裁军":
            row[header.index("status")].value = "rejected"
    wb.save(sheet)
    result = run("glossary", "import", work, sheet)
    assert result.exit_code == 0, result.output
    assert "1 approved, 1 rejected, 0 edited" in result.stderr
    result = run("glossary", "show", work, "--status", "approved")
    assert result.exit_code == 0 and "外层空间" in result.stdout and "1 of 1 terms with status approved (25 in the store)" in result.stdout
    # a second extraction keeps the decisions
    assert run("terms", SEED, "--db", work, "--limit", "25").exit_code == 0
    con = sqlite3.connect(work)
    status = dict(con.execute("SELECT zh, status FROM terms").fetchall())
    con.close()
    assert status["外层空间"] == "approved" and status["裁军"] == "rejected"
    for ext in ("csv", "tbx"):
        assert run("glossary", "export", work, "-o", tmp_path / f"g.{ext}").exit_code == 0
    assert (tmp_path / "g.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_terms_with_pairs(tmp_path):
    pairs = [
        AlignedPair(id=str(i), zh=z, en=e) for i, (z, e) in enumerate([
            ("77国集团的声明。", "Statement by the Group of 77."),
            ("77国集团支持这一决议。", "The Group of 77 supports this resolution."),
            ("77国集团重申其立场。", "The Group of 77 reaffirms its position."),
        ], 1)
    ]
    write_pairs(pairs, tmp_path / "p.tsv")
    db = tmp_path / "g.sqlite"
    result = run("terms", SEED, "--pairs", tmp_path / "p.tsv", "--db", db, "--limit", "10")
    assert result.exit_code == 0, result.output
    assert "from the pairs for" in result.stderr and "base glossary only" not in result.stderr


def test_bad_inputs_are_one_line(tmp_path, built):
    _tmp, db, _ = built
    not_db = tmp_path / "g.sqlite"
    not_db.write_text("hello", encoding="utf-8")
    for args in (
        ("terms", SEED, "--db", not_db, "--limit", "5"),
        ("terms", SEED, "--db", tmp_path / "new.sqlite", "-o", tmp_path / "g.pdf"),
        ("glossary", "show", tmp_path / "missing.sqlite"),
        ("glossary", "export", not_db, "-o", tmp_path / "x.xlsx"),
        ("glossary", "import", db, SEED),
    ):
        before = dump(db)
        result = run(*args)
        assert result.exit_code != 0 and result.exception is None or isinstance(result.exception, SystemExit)
        lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
        assert len(lines) == 1 and lines[0].startswith("glossalign: error:"), result.stderr
        assert dump(db) == before
    assert not_db.read_text(encoding="utf-8") == "hello"
    assert not (tmp_path / "x.xlsx").exists() and not (tmp_path / "new.sqlite").exists()


def test_glossary_commands_take_the_store_as_db_option_like_terms(built, tmp_path, monkeypatch):
    _tmp, db, _ = built
    work = tmp_path / "g.sqlite"
    work.write_bytes(db.read_bytes())
    sheet = tmp_path / "cur.xlsx"
    assert run("glossary", "export", "--db", work, "-o", sheet).exit_code == 0
    result = run("glossary", "import", sheet, "--db", work)
    assert result.exit_code == 0 and "25 unchanged" in result.stderr
    result = run("glossary", "show", "--db", work)
    assert result.exit_code == 0 and "25 of 25 terms" in result.stdout
    (tmp_path / "glossary.sqlite").write_bytes(work.read_bytes())
    monkeypatch.chdir(tmp_path)  # default store: ./glossary.sqlite
    result = run("glossary", "show")
    assert result.exit_code == 0 and "25 of 25 terms" in result.stdout
    result = run("glossary", "show", work, "--db", tmp_path / "other.sqlite")
    assert result.exit_code == 2 and "two glossary stores given" in result.stderr
    result = run("glossary", "export", "--db", work)
    assert result.exit_code == 2 and "no output file" in result.stderr
    assert run("glossary", "export", "--db", work, "-o", tmp_path / "v2.tbx", "--format", "tbx2").exit_code == 0
    assert (tmp_path / "v2.tbx").read_text(encoding="utf-8").count("<termEntry") == 25


def test_the_curator_sees_the_english_evidence(tmp_path):
    rows = [
        ("化学武器生产设施应当在规定期限内销毁。", "Chemical weapons production facilities shall be destroyed within the set period."),
        ("缔约国申报了化学武器生产设施。", "States parties declared chemical weapons production facilities."),
        ("视察组核查了化学武器生产设施的销毁情况。", "The inspection team verified the destruction of chemical weapons production facilities."),
        ("委员会审议了秘书长的报告。", "The Committee considered the report of the Secretary-General."),
        ("各国应当加强合作。", "States should strengthen cooperation."),
    ]
    doc = tmp_path / "doc.txt"
    doc.write_text("\n\n".join(z for z, _ in rows) + "\n", encoding="utf-8")
    write_pairs([AlignedPair(id=str(i), zh=z, en=e) for i, (z, e) in enumerate(rows, 1)], tmp_path / "p.tsv")
    db = tmp_path / "g.sqlite"
    result = run("terms", doc, "--pairs", tmp_path / "p.tsv", "--db", db, "-o", tmp_path / "g.csv")
    assert result.exit_code == 0, result.output
    shown = run("glossary", "show", db, "化学武器生产设施")
    assert shown.exit_code == 0, shown.output
    assert "chemical weapons production facilities" in shown.output.lower()
    assert "English from the pairs, confidence" in shown.output and "composition)" in shown.output
    assert "⟦化学武器生产设施⟧" in shown.output and "⟦chemical weapons production facilities⟧" in shown.output.lower()
    csv_text = (tmp_path / "g.csv").read_text(encoding="utf-8-sig")
    assert "evidence" in csv_text.splitlines()[0] and "⟦chemical weapons production facilities⟧" in csv_text.lower()
    # the summary counts English from the pairs only for terms the base glossary does not know
    assert "from the pairs for" in result.stderr
