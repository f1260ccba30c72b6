"""`glossalign align`: every format through the CLI, stdout by default, one-line errors that write nothing."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from formats.pairs import read_pairs

DATA = Path(__file__).resolve().parents[1] / "data"
ZH, EN = str(DATA / "mini_zh.txt"), str(DATA / "mini_en.txt")
runner = CliRunner()


def run(*args):
    return runner.invoke(app, ["align", *map(str, args)])


@pytest.mark.parametrize("ext", ["xlsx", "tmx", "tsv", "jsonl", "align"])
def test_align_writes_each_format(tmp_path, ext):
    out = tmp_path / f"mini.{ext}"
    result = run(ZH, EN, "-o", out, "--model", "hash")
    assert result.exit_code == 0, result.output
    assert out.is_file() and [p.name for p in tmp_path.iterdir()] == [out.name]
    assert "pairs:" in result.stderr and "1-1" in result.stderr and "below confidence 0.5" in result.stderr
    assert result.stdout == ""
    if ext in ("xlsx", "tsv", "jsonl"):
        pairs = read_pairs(out)
        assert {i for p in pairs for i in p.zh_ids} == {f"p{i}" for i in range(1, 9)}
    elif ext == "tmx":
        assert ET.parse(out).getroot().find("header").get("segtype") == "paragraph"
    else:
        assert all(line.startswith("[") and "]:[" in line for line in out.read_text().splitlines())


def test_format_option_overrides_extension_and_sentence_level(tmp_path):
    out = tmp_path / "mini.out"
    result = run(ZH, EN, "-o", out, "--format", "jsonl", "--level", "sentence", "--model", "hash")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows[0]["id"] == "1.1" and rows[0]["zh_ids"] == ["p1.s1"]
    assert "sentence pairs" in result.stderr


def test_without_output_tsv_goes_to_stdout():
    result = run(ZH, EN, "--model", "hash")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("id\tzh\ten\tconfidence")
    assert len(lines) > 5 and "pairs:" in result.stderr


def test_segmented_writes_mac_test_style_align(tmp_path):
    zh = tmp_path / "zh.txt"
    en = tmp_path / "en.txt"
    zh.write_text("第一句。\n第二句，很长很长。\n第三句。\n", encoding="utf-8")
    en.write_text("First sentence.\nSecond sentence, very very long.\nThird sentence.\n", encoding="utf-8")
    out = tmp_path / "x.align"
    result = run(zh, en, "--segmented", "-o", out, "--model", "hash")
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines()
    zh_idx = [int(i) for line in lines for i in line.split(":")[0].strip("[]").split(",") if i]
    assert zh_idx == [0, 1, 2]


@pytest.mark.parametrize(
    "zh_text, en_text, message",
    [
        ("", "The meeting rose at 1 p.m.", "empty"),
        (
            "The meeting rose at 1 p.m. and nobody spoke.",
            "The President declared the meeting open.",
            "looks like English",
        ),
        ("主席宣布开会。会议于下午1时散会。", "主席宣布开会。", "looks like Chinese"),
        ("The President declared the meeting open.", "主席宣布开会。", "swap the arguments"),
    ],
    ids=["empty-side", "english-as-zh", "same-language", "swapped"],
)
def test_bad_inputs_one_line_nonzero_nothing_written(tmp_path, zh_text, en_text, message):
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text(zh_text, encoding="utf-8")
    en.write_text(en_text, encoding="utf-8")
    out = tmp_path / "out.xlsx"
    result = run(zh, en, "-o", out, "--model", "hash")
    assert result.exit_code != 0
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["en.txt", "zh.txt"]


def test_unknown_model_one_line_nothing_written(tmp_path):
    out = tmp_path / "out.tsv"
    result = run(ZH, EN, "-o", out, "--model", "labse-from-nowhere")
    assert result.exit_code == 2
    assert result.stderr.startswith("glossalign: error: unknown model") and result.stderr.count("\n") == 1
    assert not out.exists()


def test_missing_file_and_bad_extension(tmp_path):
    result = run(tmp_path / "nope.txt", EN, "--model", "hash")
    assert result.exit_code == 2 and "no such file" in result.stderr
    result = run(ZH, EN, "-o", tmp_path / "out.csv", "--model", "hash")
    assert result.exit_code == 2 and "extension" in result.stderr and not (tmp_path / "out.csv").exists()


def test_xlsx_needs_an_output_file():
    result = run(ZH, EN, "--format", "xlsx", "--model", "hash")
    assert result.exit_code != 0 and "-o" in result.stderr and result.stdout == ""


def test_mismatched_lengths_warn_and_flag(tmp_path):
    zh = tmp_path / "zh.txt"
    zh.write_text("主席宣布开会。" * 30, encoding="utf-8")
    en = tmp_path / "en.txt"
    en.write_text("The President declared the meeting open. " * 3, encoding="utf-8")
    result = run(zh, en, "-o", tmp_path / "o.tsv", "--model", "hash")
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr and "WARNING: the result is flagged" in result.stderr
