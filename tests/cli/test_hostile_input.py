"""Hostile and unlucky input through every command: a one-line error (or a named warning and the rest done),
never a traceback. Every file is made here, in a temp folder.

Oversized TSV cells, ragged TSV rows, JSONL with wrong types, corrupt store cells, control characters XML
cannot hold, binary files in every command (bench batch too), and DOCX / XLSX / PDF that would inflate past
the limit of `core.limits`.
"""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from benchmarks.hostile_files import docx_bomb, pdf_bomb
from cli import app

HERE = Path(__file__).resolve().parents[1]
SEED = HERE.parent / "seeds" / "000_a2bee98262ccf4b4.txt"
GOOD_ZH = HERE / "data" / "batch" / "zh" / "nsa.ch.txt"
GOOD_EN = HERE / "data" / "batch" / "en" / "negative_assurances_en.txt"
BINARY = bytes(range(256)) * 40


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args])
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def one_error(result, *needles):
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("glossalign: error: "), result.stderr
    for n in needles:
        assert n in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("store") / "g.sqlite"
    assert run("terms", SEED, "--db", db, "--limit", "12").exit_code == 0
    return db


def test_an_oversized_tsv_cell_is_read_up_to_a_clear_limit(tmp_path):
    big = tmp_path / "big.tsv"
    big.write_text("zh\ten\n" + "裁军" * 100_000 + "\tdisarmament\n", encoding="utf-8")  # 200,000 characters
    assert run("check", big).exit_code == 0
    huge = tmp_path / "huge.tsv"
    huge.write_text("zh\ten\n" + "x" * 10_000_001 + "\ty\n", encoding="utf-8")
    one_error(run("check", huge), "line 2", "10,000,000 characters")
    with_id = tmp_path / "id.tsv"
    with_id.write_text("id\tzh\ten\n1\t" + "裁军" * 100_000 + "\tdisarmament\n", encoding="utf-8")
    assert run("terms", SEED, "--pairs", with_id, "--db", tmp_path / "t.sqlite").exit_code == 0


@pytest.mark.parametrize("header", ["zh\ten", "id\tzh\ten"])
def test_a_ragged_tsv_row_is_named(tmp_path, header):
    f = tmp_path / "ragged.tsv"
    cells = header.count("\t") + 1
    good = "\t".join(["1", "裁军", "disarmament"][-cells:])
    f.write_text(f"{header}\n{good}\n核武器\n", encoding="utf-8")
    one_error(run("check", f), "line 3")
    if header.startswith("id"):  # (terms --pairs reads a TSV without id column once issue 20 lands)
        one_error(run("terms", SEED, "--pairs", f, "--db", tmp_path / "t.sqlite"), "line 3")


@pytest.mark.parametrize("line, what", [
    ('{"id": "1", "zh": ["裁军"], "en": "disarmament"}', "zh is list"),
    ('{"id": "1", "zh": "裁军", "en": {"text": "x"}}', "en is dict"),
    ('{"id": "1", "zh": "裁军", "en": "x", "confidence": "high"}', "confidence is str"),
    ('{"id": "1", "zh": "裁军", "en": "x", "zh_ids": "p1"}', "zh_ids is not a list"),
    ('["1", "裁军", "x"]', "not an aligned pair object"),
])
def test_jsonl_with_wrong_types_is_named(tmp_path, line, what):
    f = tmp_path / "pairs.jsonl"
    f.write_text(line + "\n", encoding="utf-8")
    one_error(run("check", f), "line 1", what)
    one_error(run("terms", SEED, "--pairs", f, "--db", tmp_path / "t.sqlite"), what)


def test_corrupt_store_cells_are_named_and_the_rest_exported(store, tmp_path):
    db = tmp_path / "g.sqlite"
    db.write_bytes(store.read_bytes())
    con = sqlite3.connect(db)
    zh = con.execute("SELECT zh FROM terms WHERE id = 2").fetchone()[0]
    con.execute("UPDATE terms SET variants = '{not json', documents = 'two', note = CAST(x'ff00' AS BLOB) WHERE id = 2")
    con.commit()
    con.close()
    for argv in (["glossary", "show", db], ["glossary", "export", db, "-o", tmp_path / "g.csv"],
                 ["glossary", "export", db, "-o", tmp_path / "g.xlsx"], ["check", GOOD_ZH, GOOD_EN, "--model", "hash", "-g", db]):
        result = run(*argv)
        assert result.exit_code in (0, 1), result.stderr  # check may exit 1 for its findings
        assert f"term row 2 ({zh}): variants is not a JSON list of strings" in result.stderr
        assert "documents is 'two'" in result.stderr and "note holds bytes" in result.stderr
    import csv

    with open(tmp_path / "g.csv", encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.reader(fh))) == 13  # header + every term


def test_control_characters_never_make_ill_formed_xml(store, tmp_path):
    db = tmp_path / "g.sqlite"
    db.write_bytes(store.read_bytes())
    con = sqlite3.connect(db)
    con.execute("UPDATE terms SET en = 'outer\x01space', note = ? WHERE id = 2", ("bad\x00note\x1f",))
    con.commit()
    con.close()
    for fmt in ("tbx", "tbx2"):
        out = tmp_path / f"g-{fmt}.tbx"
        result = run("glossary", "export", db, "-o", out, "-f", fmt)
        assert result.exit_code == 0 and "3 control characters that XML cannot hold left out" in result.stderr
        tree = etree.parse(str(out))  # well-formed
        assert "outerspace" in [t.text for t in tree.iter("{*}term", "term")]
    zh = tmp_path / "zh.txt"
    zh.write_text(GOOD_ZH.read_text(encoding="utf-8").replace("。", "。\x01", 2), encoding="utf-8")
    tmx = tmp_path / "a.tmx"
    result = run("align", zh, GOOD_EN, "--model", "hash", "-o", tmx)
    assert result.exit_code == 0 and "2 control characters that TMX cannot hold left out" in result.stderr
    etree.parse(str(tmx))


@pytest.mark.parametrize("suffix", [".txt", ".tsv", ".jsonl", ".xlsx", ".tmx", ".csv", ".tbx", ".sqlite", ".docx", ".pdf"])
def test_binary_files_in_every_command(store, tmp_path, suffix):
    f = tmp_path / f"binary{suffix}"
    f.write_bytes(BINARY)
    db = tmp_path / "g.sqlite"
    db.write_bytes(store.read_bytes())
    commands = [
        ["paragraphs", f], ["align", f, GOOD_EN, "--model", "hash"], ["align", GOOD_ZH, f, "--model", "hash"],
        ["terms", f, "--db", db], ["terms", SEED, "--pairs", f, "--db", db], ["check", f],
        ["check", GOOD_ZH, f, "--model", "hash"], ["check", GOOD_ZH, GOOD_EN, "--model", "hash", "-g", f],
        ["glossary", "import", db, f], ["glossary", "show", f], ["glossary", "export", f, "-o", tmp_path / "x.csv"],
        ["run", f, "--en", GOOD_EN, "--model", "hash", "-o", tmp_path / "out", "--db", db],
    ]
    before = db.read_bytes()
    for argv in commands:
        result = run(*argv)
        if argv[0] == "run" and result.exit_code == 1:  # a batch reports the document as failed
            assert "failed" in result.stdout
        else:  # (run with nothing it could process says so in one line)
            one_error(result)
        assert db.read_bytes() == before


def test_bench_batch_on_binary_files(tmp_path):
    for lang in ("zh", "en"):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "doc.txt").write_bytes(BINARY)
    one_error(run("bench", "batch", "--source", tmp_path, "--pairs", "1", "--model", "hash"), "binary")


# ---------------------------------------------------------------- bounded resources


def test_a_docx_bomb_is_refused_before_it_inflates(tmp_path):
    bomb = tmp_path / "bomb.docx"
    docx_bomb(bomb, 40_000_000)  # ~100 KB on disk, 40 MB inflated: over the 32 MiB DOCX cap
    for argv in (["paragraphs", bomb], ["align", bomb, GOOD_EN, "--model", "hash"], ["terms", bomb, "--db", tmp_path / "g.sqlite"]):
        one_error(run(*argv), "would inflate", "refused")
    assert not (tmp_path / "g.sqlite").exists() or sqlite3.connect(tmp_path / "g.sqlite").execute(
        "SELECT COUNT(*) FROM terms").fetchone()[0] == 0


def test_a_pdf_bomb_is_refused(tmp_path):
    bomb = tmp_path / "bomb.pdf"
    pdf_bomb(bomb, 20_000_000)  # ~60 KB on disk; the floor of the limit is 16 MiB
    one_error(run("paragraphs", bomb), "PDF would inflate", "refused")


def test_an_xlsx_bomb_is_refused(store, tmp_path):
    sheet = tmp_path / "s.xlsx"
    assert run("glossary", "export", store, "-o", sheet).exit_code == 0
    with zipfile.ZipFile(sheet, "a", zipfile.ZIP_DEFLATED) as z:
        with z.open("xl/media/filler.bin", "w", force_zip64=True) as fh:
            for _ in range(20):
                fh.write(bytes(1_000_000))
    before = store.read_bytes()
    one_error(run("glossary", "import", store, sheet), "XLSX workbook would inflate", "refused")
    one_error(run("check", GOOD_ZH, GOOD_EN, "--model", "hash", "-g", sheet), "would inflate")
    assert store.read_bytes() == before
