"""`glossalign check` end to end: pairs files, ZH EN documents, reports, --checks, --fail-on, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app

runner = CliRunner()
DATA = Path(__file__).resolve().parents[1] / "data" / "qa_pairs.jsonl"


def invoke(*argv):
    return runner.invoke(app, ["check", *map(str, argv)])


def write_tsv(path: Path, rows, header=("zh", "en")) -> Path:
    path.write_text("\t".join(header) + "\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_qa_set_json_report_and_exit_1(tmp_path):
    out = tmp_path / "report.json"
    result = invoke(DATA, "-o", out)
    assert result.exit_code == 1, result.output  # the set holds errors
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["summary"]["pairs"] == 41
    assert "number" in result.stderr and "41 pairs" in result.stderr


def test_clean_tsv_without_id_column_exits_0(tmp_path):
    pairs = write_tsv(tmp_path / "p.tsv", [("大会第七十五届会议", "General Assembly, seventy-fifth session"),
                                          ("第一委员会", "First Committee"),
                                          ("21 国集团", "Group of 21")])
    result = invoke(pairs)
    assert result.exit_code == 0, result.output
    assert "3 pairs, 0 flagged, 0 findings" in result.stderr


def test_fail_on_threshold(tmp_path):
    pairs = write_tsv(tmp_path / "p.tsv", [("裁军谈判会议", "the Disarmament Commission")])  # a term warning
    assert invoke(pairs).exit_code == 0
    assert invoke(pairs, "--fail-on", "warning").exit_code == 1
    assert invoke(pairs, "--fail-on", "info").exit_code == 1


def test_checks_selection(tmp_path):
    pairs = write_tsv(tmp_path / "p.tsv", [("第 73/30 号决议", "resolution 73/31")])
    assert invoke(pairs, "--checks", "number,date").exit_code == 0
    result = invoke(pairs, "--checks", "symbol")
    assert result.exit_code == 1 and "symbol" in result.stderr and "number" not in result.stderr


@pytest.mark.parametrize("ext", ["xlsx", "html"])
def test_report_formats(tmp_path, ext):
    out = tmp_path / f"report.{ext}"
    assert invoke(DATA, "-o", out).exit_code == 1
    assert out.stat().st_size > 1000


def test_glossary_file(tmp_path):
    gloss = tmp_path / "g.csv"
    gloss.write_text("zh,en,variants,avoid,status\n本集团,the Group,,,approved\n", encoding="utf-8")
    pairs = write_tsv(tmp_path / "p.tsv", [("本集团强调", "We stress")])
    result = invoke(pairs, "--glossary", gloss, "--fail-on", "warning")
    assert result.exit_code == 1, result.output


def test_zh_en_documents_are_aligned_first(tmp_path):
    zh = tmp_path / "zh.txt"
    en = tmp_path / "en.txt"
    zh.write_text("1. 21 国集团重申其立场。\n\n2. 大会第 73/30 号决议获得通过。\n", encoding="utf-8")
    en.write_text("1. The Group of 21 reaffirms its position.\n\n2. General Assembly resolution 73/31 was adopted.\n",
                  encoding="utf-8")
    out = tmp_path / "r.json"
    result = invoke(zh, en, "--model", "hash", "-o", out)
    assert result.exit_code == 1, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert any(f["type"] == "symbol" and "73/31" in f["found"] for f in doc["findings"])


# ---- bad input: one line on stderr, exit 2


def one_line_error(result, needle):
    assert result.exit_code == 2, result.output
    err = result.stderr.strip()
    assert "\n" not in err and err.startswith("glossalign: error:") and needle in err, err


def test_missing_columns(tmp_path):
    pairs = write_tsv(tmp_path / "p.tsv", [("a", "b")], header=("source", "target"))
    one_line_error(invoke(pairs), "zh, en")


def test_one_document_is_not_taken_for_a_pairs_file():
    one_line_error(invoke(DATA.parent / "mini_zh.txt"), "a document, not a file of aligned pairs")


def test_empty_file(tmp_path):
    (tmp_path / "p.tsv").write_text("", encoding="utf-8")
    one_line_error(invoke(tmp_path / "p.tsv"), "empty")
    (tmp_path / "p.jsonl").write_text("", encoding="utf-8")
    one_line_error(invoke(tmp_path / "p.jsonl"), "empty")
    write_tsv(tmp_path / "h.tsv", [])
    one_line_error(invoke(tmp_path / "h.tsv"), "no aligned pairs")


def test_missing_files(tmp_path):
    one_line_error(invoke(tmp_path / "nope.tsv"), "no such file")
    one_line_error(invoke(DATA, "--glossary", tmp_path / "g.sqlite"), "glossary")


def test_bad_options(tmp_path):
    one_line_error(invoke(DATA, "--checks", "spelling"), "unknown check")
    one_line_error(invoke(DATA, "-o", tmp_path / "r.pdf"), "extension")
    assert not (tmp_path / "r.pdf").exists()


def test_sqlite_glossary_store(tmp_path):
    from glossary.store import GlossaryStore

    db = tmp_path / "g.sqlite"
    with GlossaryStore(db) as store:
        store.apply_decisions([
            {"zh": "裁军谈判会议", "en": "Conference on Disarmament", "status": "approved",
             "avoid": ["Disarmament Conference"]},
            {"zh": "本集团", "en": "the Group", "status": "candidate"},  # undecided: not checked
        ])
    pairs = write_tsv(tmp_path / "p.tsv", [("裁军谈判会议", "the Disarmament Conference"), ("本集团强调", "We stress")])
    out = tmp_path / "r.json"
    result = invoke(pairs, "--glossary", db, "-o", out)
    assert result.exit_code == 1, result.output
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    assert [(f["type"], f["severity"], f["found"]) for f in findings] == [("term", "error", "Disarmament Conference")]
