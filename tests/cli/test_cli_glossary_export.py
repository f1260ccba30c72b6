"""`glossary export --status` for every format, and `glossary show --limit` counting what it shows."""

from __future__ import annotations

import csv
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store of 30 seed terms: 外层空间 approved, 裁军 rejected, one edited, the rest candidates."""
    tmp = tmp_path_factory.mktemp("export")
    db = tmp / "g.sqlite"
    assert run("terms", SEEDS / "000_a2bee98262ccf4b4.txt", "--db", db, "--limit", "30").exit_code == 0
    sheet = tmp / "cur.xlsx"
    assert run("glossary", "export", db, "-o", sheet).exit_code == 0
    wb = load_workbook(sheet)
    ws = wb["glossary"]
    header = [c.value for c in ws[1]]
    rows = list(ws.iter_rows(min_row=2))
    edited = None
    for row in rows:
        zh = row[0].value
        if zh == "外层空间":
            row[header.index("status")].value = "approved"
        elif zh == "裁军":
            row[header.index("status")].value = "rejected"
        elif edited is None and row[header.index("en")].value:
            edited = zh
            row[header.index("en")].value = row[header.index("en")].value + " (UN usage)"
    wb.save(sheet)
    result = run("glossary", "import", db, sheet)
    assert result.exit_code == 0, result.output
    con = sqlite3.connect(db)
    statuses = dict(con.execute("SELECT zh, status FROM terms").fetchall())
    con.close()
    assert statuses["外层空间"] == "approved" and statuses[edited] == "edited" and statuses["裁军"] == "rejected"
    return db, statuses


def _csv_terms(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return {r["zh"]: r["status"] for r in csv.DictReader(fh)}


def _tbx_terms(path):
    """The main Chinese term of each entry (abbreviations are further terms of the same entry)."""
    root = ET.parse(path).getroot()
    out = set()
    for entry in root.iter():
        if entry.tag.split("}")[-1] not in ("conceptEntry", "termEntry"):
            continue
        terms = [el.text for el in entry.iter() if el.tag.split("}")[-1] == "term" and el.text
                 and any("\u4e00" <= ch <= "\u9fff" for ch in el.text)]
        if terms:
            out.add(terms[0])
    return out


@pytest.mark.parametrize("ext, fmt", [("csv", None), ("xlsx", None), ("tbx", None), ("tbx", "tbx2")])
def test_export_by_status_in_every_format(store, tmp_path, ext, fmt):
    db, statuses = store
    out = tmp_path / f"cat.{ext}"
    result = run("glossary", "export", db, "-o", out, "--status", "approved,edited", *(["-f", fmt] if fmt else []))
    assert result.exit_code == 0, result.output
    wanted = {zh for zh, s in statuses.items() if s in ("approved", "edited")}
    assert f"exported {len(wanted)} terms (approved, edited)" in result.stderr
    if ext == "csv":
        assert set(_csv_terms(out)) == wanted
    elif ext == "xlsx":
        ws = load_workbook(out)["glossary"]
        assert {r[0].value for r in ws.iter_rows(min_row=2)} == wanted
    else:
        assert _tbx_terms(out) == wanted


def test_default_export_holds_every_term_and_tbx_leaves_rejected_out(store, tmp_path):
    db, statuses = store
    assert run("glossary", "export", db, "-o", tmp_path / "all.csv").exit_code == 0
    assert _csv_terms(tmp_path / "all.csv") == statuses
    assert run("glossary", "export", db, "-o", tmp_path / "all.tbx").exit_code == 0
    assert _tbx_terms(tmp_path / "all.tbx") == {zh for zh, s in statuses.items() if s != "rejected"}
    rejected = run("glossary", "export", db, "-o", tmp_path / "rej.tbx", "--status", "rejected")
    assert rejected.exit_code == 0 and _tbx_terms(tmp_path / "rej.tbx") == {"裁军"}


def test_export_with_an_unknown_status_is_a_one_line_error(store, tmp_path):
    db, _ = store
    result = run("glossary", "export", db, "-o", tmp_path / "x.csv", "--status", "approved,final")
    assert result.exit_code == 2 and "approved,final" in result.stderr and "candidate" in result.stderr
    assert not (tmp_path / "x.csv").exists()


def test_show_limit_says_how_many_of_how_many(store):
    db, statuses = store
    result = run("glossary", "show", db, "--limit", "2")
    assert result.exit_code == 0
    assert f"2 of {len(statuses)} terms" in result.stdout
    result = run("glossary", "show", db, "--status", "candidate", "--limit", "3")
    n = sum(s == "candidate" for s in statuses.values())
    assert f"3 of {n} terms with status candidate ({len(statuses)} in the store)" in result.stdout
