"""`glossalign paragraphs` end to end with typer's CliRunner: formats, -o, and one-line errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli import app

runner = CliRunner()


def _seed(seed_files, prefix):
    return next(f for f in seed_files if f.name.startswith(prefix))


def test_jsonl_to_stdout(seed_files):
    result = runner.invoke(app, ["paragraphs", str(_seed(seed_files, "000_"))])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows[0]["id"] == "p1" and rows[0]["kind"] == "title"
    numbered = [r for r in rows if r["kind"] == "numbered"]
    assert len(numbered) == 15 and numbered[0]["label"] == "1."
    assert all({"id", "kind", "text"} <= set(r) for r in rows)
    assert "label" not in rows[0]  # label only where there is one


def test_output_file_tsv_and_txt(seed_files, tmp_path):
    seed = str(_seed(seed_files, "004_"))
    out = tmp_path / "p.tsv"
    result = runner.invoke(app, ["paragraphs", seed, "--format", "tsv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id\tkind\tlabel\ttext"
    assert lines[1].startswith("p1\tspeaker\t主席\t主席：")
    assert all(len(line.split("\t")) == 4 for line in lines)

    out_txt = tmp_path / "p.txt"
    result = runner.invoke(app, ["paragraphs", seed, "-f", "txt", "--lang", "zh", "--output", str(out_txt)])
    assert result.exit_code == 0, result.output
    blocks = out_txt.read_text(encoding="utf-8").strip().split("\n\n")
    assert len(blocks) == len(lines) - 1
    assert not list(tmp_path.glob(".*.tmp"))  # the atomic writer left nothing behind


def test_lang_option_forces_the_language(tmp_path):
    f = tmp_path / "en.txt"
    f.write_text(
        "The President: I declare the meeting open. \nMr. Smith (Peru): Thank you. \n", encoding="utf-8"
    )
    result = runner.invoke(app, ["paragraphs", str(f), "--lang", "en"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["label"] for r in rows] == ["The President", "Mr. Smith (Peru)"]


def _bad_inputs(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    odd = tmp_path / "notes.rtf"
    odd.write_text("{\\rtf1 hello}")
    undecodable = tmp_path / "latin.txt"
    undecodable.write_bytes(b"The text \x80\x80\xff\xff ends here.")
    return {
        "missing": (tmp_path / "missing.txt", "no such file"),
        "directory": (tmp_path, "directory"),
        "empty": (empty, "empty"),
        "binary": (binary, "binary"),
        "unsupported": (odd, "an RTF file"),
        "undecodable": (undecodable, "UTF-8"),
    }


@pytest.mark.parametrize("case", ["missing", "directory", "empty", "binary", "unsupported", "undecodable"])
def test_bad_input_is_one_line_exit_2_nothing_written(tmp_path, case):
    src_dir = tmp_path / "in"
    src_dir.mkdir()
    path, problem = _bad_inputs(src_dir)[case]
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["paragraphs", str(path), "-o", str(out)])
    assert result.exit_code == 2, result.output
    err = result.stderr.strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith("glossalign: error: ")
    assert str(path) in err and problem in err
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


def test_bad_input_without_output_prints_nothing_on_stdout(tmp_path):
    result = runner.invoke(app, ["paragraphs", str(tmp_path / "nope.docx")])
    assert result.exit_code == 2
    assert result.stdout == ""


DATA = __import__("pathlib").Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize("codec,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16", b""),
                                       ("utf-16-le", b""), ("utf-8-sig", b""), ("gb18030", b"")])
@pytest.mark.parametrize("name", ["mini_zh.txt", "mini_en.txt"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_unicode_text_gives_the_paragraphs_of_utf8(tmp_path, codec, bom, name, newline):
    """What Notepad and Word save as "Unicode text" (UTF-16, either order, BOM or not) gives the paragraphs
    the UTF-8 file gives, CRLF or not."""
    text = (DATA / name).read_text(encoding="utf-8")
    if codec == "gb18030" and name == "mini_en.txt":
        text = text.encode("ascii", "ignore").decode("ascii")  # GB18030 is for the Chinese side
    plain, other = tmp_path / "plain.txt", tmp_path / "unicode.txt"
    plain.write_bytes(text.encode("utf-8"))
    other.write_bytes(bom + text.replace("\n", newline).encode(codec))
    want = runner.invoke(app, ["paragraphs", str(plain)])
    got = runner.invoke(app, ["paragraphs", str(other)])
    assert want.exit_code == 0 and got.exit_code == 0, got.output
    assert got.stdout == want.stdout and len(want.stdout.splitlines()) >= 5


def test_binary_is_still_refused_in_one_line(tmp_path):
    f = tmp_path / "b.txt"
    f.write_bytes(bytes(range(256)) * 8)
    result = runner.invoke(app, ["paragraphs", str(f)])
    assert result.exit_code == 2 and "looks like a binary file" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
