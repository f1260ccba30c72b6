"""`--layout auto|wrapped|lines` on every command that reads documents; the sanity checks that name it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from layouts import EN, ZH, render  # noqa: E402

runner = CliRunner()


def invoke(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.fixture
def docs(tmp_path):
    """The declaration in Chinese and English: one paragraph a line, and hard-wrapped (pdftotext)."""
    out = {}
    for layout in ("lines", "hard"):
        for lang, source in (("zh", ZH), ("en", EN)):
            path = tmp_path / f"{layout}_{lang}.txt"
            path.write_text(render(source, lang, layout), encoding="utf-8")
            out[layout, lang] = path
    return out


def test_paragraphs_layout_option_and_verbose_names_the_layout(docs):
    auto = invoke("-v", "paragraphs", docs["lines", "en"], "--format", "txt")
    assert auto.exit_code == 0, auto.output
    assert "layout lines" in auto.stderr
    assert auto.stdout.split("\n\n")[:3] == EN[:3]
    wrapped = invoke("-v", "paragraphs", docs["hard", "en"], "--format", "txt")
    assert "layout wrapped" in wrapped.stderr and wrapped.stdout.rstrip("\n").split("\n\n") == EN
    forced = invoke("paragraphs", docs["hard", "en"], "--layout", "lines", "-f", "jsonl")
    assert len(forced.stdout.splitlines()) == len(docs["hard", "en"].read_text().splitlines())
    bad = invoke("paragraphs", docs["hard", "en"], "--layout", "columns")
    assert bad.exit_code == 2


def test_align_without_options_on_one_paragraph_a_line_gives_the_pairs_of_layout_lines(docs, tmp_path):
    plain, lines, seg = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    for out, extra in ((plain, []), (lines, ["--layout", "lines"]), (seg, ["--segmented"])):
        result = invoke("align", docs["lines", "zh"], docs["lines", "en"], "-o", out, "--model", "hash", *extra)
        assert result.exit_code == 0, result.output
    read = [[(r["zh_ids"], r["en_ids"], r["zh"], r["en"]) for r in map(json.loads, p.read_text().splitlines())]
            for p in (plain, lines, seg)]
    assert read[0] == read[1] == read[2]
    assert sorted(i for pair in read[0] for i in pair[1]) == sorted(f"p{k}" for k in range(1, len(EN) + 1))
    both = invoke("align", docs["lines", "zh"], docs["lines", "en"], "--segmented", "--layout", "wrapped")
    assert both.exit_code == 2 and "contradicts" in both.stderr


def test_align_sentence_level_with_layout_lines(tmp_path):
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("".join(f"{a}{b}\n" for a, b in zip(ZH[10::2], ZH[11::2], strict=False)), encoding="utf-8")
    en.write_text("".join(f"{a} {b}\n" for a, b in zip(EN[10::2], EN[11::2], strict=False)), encoding="utf-8")
    out = tmp_path / "s.jsonl"
    result = invoke("align", zh, en, "--layout", "lines", "--level", "sentence", "-o", out, "--model", "hash")
    assert result.exit_code == 0, result.output
    assert "sentence pairs" in result.stderr
    ids = [i for r in map(json.loads, out.read_text().splitlines()) for i in r["en_ids"]]
    lines = en.read_text(encoding="utf-8").splitlines()
    assert {i.split(".")[0] for i in ids} == {f"p{k}" for k in range(1, len(lines) + 1)}
    assert len(ids) > len(lines) and all(".s" in i for i in ids)  # each line split into its sentences


@pytest.mark.slow
def test_align_warns_when_the_alignment_shows_a_side_read_wrongly_and_names_the_layout_option(docs):
    # the Chinese read one paragraph a line, the English hard-wrapped read as lines: wrapped lines cut in
    # mid-sentence, paired several at a time with one Chinese paragraph (use-m3: the judgement needs meaning)
    result = invoke("align", docs["lines", "zh"], docs["hard", "en"], "--layout", "lines")
    assert result.exit_code == 0
    assert "stop in mid-sentence" in result.stderr and "(29 Chinese and" in result.stderr
    assert "--layout auto or --layout wrapped" in result.stderr and "flagged" in result.stderr
    fine = invoke("align", docs["lines", "zh"], docs["hard", "en"])
    assert "flagged" not in fine.stderr, fine.stderr


def test_check_and_terms_take_the_layout_option(docs, tmp_path):
    check = invoke("-v", "check", docs["lines", "zh"], docs["hard", "en"], "--layout", "auto", "--fail-on", "error",
                   "--model", "hash")
    assert check.exit_code in (0, 1), check.output
    assert "layout lines" in check.stderr and "layout wrapped" in check.stderr
    terms = invoke("-v", "terms", docs["hard", "zh"], "--db", tmp_path / "g.sqlite", "--layout", "wrapped")
    assert terms.exit_code == 0, terms.output
    assert "layout wrapped (given)" in terms.stderr


def _pair_dirs(tmp_path, docs, en_layout):
    zh_dir, en_dir = tmp_path / "zh", tmp_path / "en"
    zh_dir.mkdir(exist_ok=True)
    en_dir.mkdir(exist_ok=True)
    (zh_dir / "decl.txt").write_text(docs["lines", "zh"].read_text(encoding="utf-8"), encoding="utf-8")
    (en_dir / "decl.txt").write_text(docs[en_layout, "en"].read_text(encoding="utf-8"), encoding="utf-8")
    return zh_dir, en_dir


@pytest.mark.slow
def test_run_marks_a_document_suspicious_and_keeps_its_pairs_out_of_the_glossary(docs, tmp_path):
    zh_dir, en_dir = _pair_dirs(tmp_path, docs, "hard")
    out = tmp_path / "out"
    first = invoke("run", zh_dir, "--en", en_dir, "-o", out, "--layout", "lines")
    assert first.exit_code == 0, first.output
    assert "suspicious" in first.stdout and "0 done, 1 suspicious" in first.stdout
    assert "kept out of the glossary" in first.stdout and "--layout" in first.stdout
    assert "QA check: skipped: every aligned document is suspicious" in first.stdout
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]["decl"]
    assert manifest["summary"]["suspicious"] is True
    assert manifest["summary"]["layouts"] == {
        "zh": {"layout": "lines", "reason": "given: every non-empty line"},
        "en": {"layout": "lines", "reason": "given: every non-empty line"}}
    assert "english_pairs" not in first.stdout or "0 from aligned pairs" in first.stdout
    # re-run as it should be read (auto): done, and its pairs reach the QA check
    second = invoke("-v", "run", zh_dir, "--en", en_dir, "-o", out)
    assert second.exit_code == 0, second.output
    assert "1 done" in second.stdout and "suspicious" not in second.stdout
    assert "QA check: findings" in second.stdout
    assert "decl (en): layout wrapped" in second.stderr and "decl (zh): layout lines" in second.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]["decl"]
    assert manifest["options"]["layout"] == "auto"
    assert manifest["summary"]["layouts"]["en"]["layout"] == "wrapped"


def test_run_never_pairs_a_file_with_itself(docs, tmp_path):
    zh_dir, _en_dir = _pair_dirs(tmp_path, docs, "lines")
    same = invoke("run", zh_dir / "decl.txt", "--en", zh_dir / "decl.txt", "-o", tmp_path / "o1", "--model", "hash")
    assert same.exit_code == 2 and "both among the Chinese inputs and as --en" in same.stderr
    folder = invoke("run", zh_dir, "--en", zh_dir, "-o", tmp_path / "o2", "--model", "hash")
    assert folder.exit_code == 2 and "cannot be paired with itself" in folder.stderr
    assert not (tmp_path / "o1").exists() and not (tmp_path / "o2").exists()
