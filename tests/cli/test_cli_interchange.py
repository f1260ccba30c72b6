"""Interchange through the CLI as shells and CAT tools use it (issue 12, items 1-8).

Standard output (`-o -`) for every text format, options after the command, exit codes and two-line usage
errors, shell completion, TBX v2 and v3 that their consumers accept with an honest status, one Chinese
language tag in every format, TSV that csv and pandas read back unchanged, files told apart by content.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app
from core.records import ZH_TAG, AlignedPair, GlossaryEntry
from formats.pairs import read_pairs, write_pairs
from glossary.store import GlossaryStore

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
ZH, EN = DATA / "mini_zh.txt", DATA / "mini_en.txt"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX_NS = {"t": "urn:iso:std:iso:30042:ed-2"}
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    """Run in an empty folder, so a file named `-` written by mistake would show."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """A store with one term of each status (and variants, an abbreviation, a rendering to avoid)."""
    db = tmp_path_factory.mktemp("store") / "g.sqlite"
    with GlossaryStore(db) as s:
        s.apply_decisions([
            {"zh": "不扩散核武器条约", "en": "Treaty on the Non-Proliferation of Nuclear Weapons", "status": "approved",
             "abbreviation": "NPT", "variants": ["Non-Proliferation Treaty"], "avoid": ["NPT Treaty"],
             "category": "treaty"},
            {"zh": "裁军谈判会议", "en": "Conference on Disarmament", "status": "edited"},
            {"zh": "外层空间", "en": "outer space", "status": "candidate"},
            {"zh": "军备竞赛", "en": "arms racing", "status": "rejected"},
        ])
    return db


def _two_lines_usage(result, command: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith(f"{command}: error: ")
    assert lines[1] == f"Try '{command} --help' for help."
    assert "╭" not in result.stderr and "Usage:" not in result.stderr  # no box, no usage dump


# ---------------------------------------------------------------- 1. standard streams


@pytest.mark.parametrize("fmt", ["tsv", "jsonl", "tmx", "align"])
def test_align_to_stdout_in_every_text_format(in_tmp, fmt):
    result = run("align", ZH, EN, "--model", "hash", "-o", "-", "-f", fmt)
    assert result.exit_code == 0, result.output
    assert list(in_tmp.iterdir()) == []  # nothing written, in particular no file named "-"
    out = result.stdout
    assert "aligned" in result.stderr and "aligned" not in out  # the summary is on stderr only
    if fmt == "tsv":
        rows = list(csv.reader(io.StringIO(out, newline=""), delimiter="\t"))
        assert rows[0][:3] == ["id", "zh", "en"] and len(rows) > 5
    elif fmt == "jsonl":
        assert all("zh_ids" in json.loads(line) for line in out.splitlines())
    elif fmt == "tmx":
        assert ET.fromstring(out.encode()).tag == "tmx"
    else:
        assert all("]:[" in line for line in out.splitlines())


def test_align_without_o_is_tsv_on_stdout_and_same_as_o_dash(in_tmp):
    plain = run("align", ZH, EN, "--model", "hash")
    dash = run("align", ZH, EN, "--model", "hash", "-o", "-")
    assert plain.exit_code == dash.exit_code == 0
    assert plain.stdout == dash.stdout and plain.stdout.startswith("id\tzh\ten\t")


@pytest.mark.parametrize("fmt", ["jsonl", "tsv", "txt"])
def test_paragraphs_to_stdout(in_tmp, fmt):
    result = run("paragraphs", ZH, "-o", "-", "-f", fmt)
    assert result.exit_code == 0, result.output
    assert list(in_tmp.iterdir()) == [] and "外层空间" in result.stdout


@pytest.mark.parametrize("fmt, marker, n", [("tbx", "<tbx ", 3), ("tbx2", "<martif ", 3), ("csv", "zh,en,status", 4)])
def test_glossary_export_to_stdout(in_tmp, store, fmt, marker, n):
    result = run("glossary", "export", store, "-o", "-", "-f", fmt)
    assert result.exit_code == 0, result.output
    # the count says what was written: TBX leaves the rejected term out
    assert marker in result.stdout and f"exported {n} terms" in result.stderr and f"exported {n} terms" not in result.stdout
    assert list(in_tmp.iterdir()) == []


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_check_report_to_stdout(in_tmp, fmt):
    pairs = in_tmp / "p.tsv"
    pairs.write_text("zh\ten\n外层空间\touter space\n", encoding="utf-8")
    result = run("check", pairs, "-o", "-", "-f", fmt)
    assert result.exit_code == 0, result.output
    body = result.stdout
    assert (json.loads(body)["summary"]["pairs"] == 1) if fmt == "json" else body.lstrip().startswith("<!DOCTYPE html")
    assert "error  warning  info" in result.stderr and "error  warning  info" not in body  # the table: stderr


@pytest.mark.parametrize(
    "args",
    [
        ["align", ZH, EN, "--model", "hash", "-o", "-", "-f", "xlsx"],
        ["glossary", "export", "STORE", "-o", "-", "-f", "xlsx"],
        ["check", "PAIRS", "-o", "-", "-f", "xlsx"],
    ],
)
def test_xlsx_to_stdout_is_a_usage_error(in_tmp, store, args):
    pairs = in_tmp / "p.tsv"
    pairs.write_text("zh\ten\n外层空间\touter space\n", encoding="utf-8")
    args = [store if a == "STORE" else pairs if a == "PAIRS" else a for a in args]
    result = run(*args)
    command = "glossalign " + (" ".join(args[:2]) if args[0] == "glossary" else args[0])
    _two_lines_usage(result, command)
    assert "binary" in result.stderr and result.stdout == ""


def test_format_against_the_extension_is_a_usage_error(in_tmp, store):
    result = run("align", ZH, EN, "--model", "hash", "-o", "x.xlsx", "-f", "tmx")
    _two_lines_usage(result, "glossalign align")
    assert "extension says xlsx but --format says tmx" in result.stderr
    result = run("glossary", "export", store, "-o", "g.xlsx", "-f", "tbx")
    _two_lines_usage(result, "glossalign glossary export")
    result = run("paragraphs", ZH, "-o", "p.tsv", "-f", "jsonl")
    _two_lines_usage(result, "glossalign paragraphs")
    assert list(in_tmp.iterdir()) == []
    # the extension alone still decides, and a matching -f is fine
    assert run("paragraphs", ZH, "-o", "p.tsv").exit_code == 0
    assert (in_tmp / "p.tsv").read_text(encoding="utf-8").startswith("id\tkind\tlabel\ttext\n")
    assert run("glossary", "export", store, "-o", "g.tbx", "-f", "tbx2").exit_code == 0  # .tbx holds either


def test_run_refuses_stdout(in_tmp):
    _two_lines_usage(run("run", ZH, "--en", EN, "-o", "-", "--model", "hash"), "glossalign run")


# ---------------------------------------------------------------- 2. options where people type them


def test_quiet_and_verbose_after_the_command(in_tmp):
    pairs = in_tmp / "p.tsv"
    pairs.write_text("zh\ten\n外层空间\touter space\n", encoding="utf-8")
    before, after = run("-q", "check", pairs), run("check", pairs, "-q")
    assert before.exit_code == after.exit_code == 0 and before.stderr == after.stderr
    missing = in_tmp / "missing.tsv"
    quiet = run("check", missing)
    assert quiet.exit_code == 2 and (quiet.exception is None or isinstance(quiet.exception, SystemExit))
    loud = run("check", missing, "-v")  # --verbose after the command shows the traceback (the exception)
    assert loud.exception is not None and not isinstance(loud.exception, SystemExit)
    assert "no such file" in str(loud.exception)
    # after `--`, -v is an argument, not the flag
    assert run("paragraphs", "--", "-v").stderr.startswith("glossalign: error: -v: no such file")


# ---------------------------------------------------------------- 3. exit codes and messages


def test_usage_errors_are_two_lines_exit_2(in_tmp):
    _two_lines_usage(run("align", ZH), "glossalign align")  # missing argument
    result = run("align", ZH, EN, "--level", "chapter")
    _two_lines_usage(result, "glossalign align")  # bad option value
    assert "--level" in result.stderr
    _two_lines_usage(run("check", "--fail-on", "fatal", "x.tsv"), "glossalign check")
    _two_lines_usage(run("align", ZH, EN, "--no-such-option"), "glossalign align")


def test_bad_input_is_one_line(in_tmp):
    result = run("align", in_tmp / "nope.txt", EN)
    assert result.exit_code == 2 and result.stderr.strip().count("\n") == 0
    assert result.stderr.startswith("glossalign: error: ") and "no such file" in result.stderr


def test_help_documents_the_exit_codes():
    for args in (["--help"], ["align", "--help"], ["check", "--help"], ["glossary", "export", "--help"]):
        result = run(*args)
        assert result.exit_code == 0 and "Exit codes: 0 success; 1" in " ".join(result.stdout.split())


# ---------------------------------------------------------------- 4. shell completion


@pytest.mark.parametrize(
    "shell, marker",
    [("bash", "complete -o default -F _glossalign_completion glossalign"), ("zsh", "#compdef glossalign"),
     ("fish", "complete --command glossalign")],
)
def test_show_completion_for_each_shell(shell, marker):
    result = run("--show-completion", shell)
    assert result.exit_code == 0, result.output
    assert marker in result.stdout and "_GLOSSALIGN_COMPLETE" in result.stdout


def test_show_completion_unknown_shell_is_a_usage_error():
    _two_lines_usage(run("--show-completion", "tcsh"), "glossalign")


def test_install_completion_writes_the_script(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    result = run("--install-completion", "bash")
    assert result.exit_code == 0, result.output
    script = tmp_path / ".bash_completions" / "glossalign.sh"
    assert "_GLOSSALIGN_COMPLETE" in script.read_text() and str(script) in (tmp_path / ".bashrc").read_text()


def test_the_completion_script_completes_commands(tmp_path):
    env = dict(os.environ, _GLOSSALIGN_COMPLETE="complete_bash", COMP_WORDS="glossalign al", COMP_CWORD="1",
               PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, str(ROOT / "cli.py")], env=env, cwd=tmp_path, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0 and out.stdout.split() == ["align"]


# ---------------------------------------------------------------- 5. TBX that every consumer accepts


def test_tbx2_has_the_doctype_and_xcs_the_tbx_checker_needs(tmp_path, store):
    out = tmp_path / "g.tbx"
    assert run("glossary", "export", store, "-o", out, "-f", "tbx2").exit_code == 0
    raw = out.read_text(encoding="utf-8")
    assert raw.splitlines()[1] == '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">'
    root = ET.parse(out).getroot()
    assert root.tag == "martif" and root.get("type") == "TBX-Basic"
    header = root.find("martifHeader")
    assert [c.tag for c in header] == ["fileDesc", "encodingDesc"]
    xcs = header.find("encodingDesc/p")
    assert (xcs.get("type"), xcs.text) == ("XCSURI", "TBXBasicXCSV02.xcs")


def _statuses(tbx: Path) -> dict[str, tuple[str, str]]:
    root = ET.parse(tbx).getroot()
    out = {}
    for c in root.findall("t:text/t:body/t:conceptEntry", TBX_NS):
        zh, en = c.findall("t:langSec", TBX_NS)
        status = "t:termSec[1]/t:termNote[@type='administrativeStatus']"
        out[zh.find("t:termSec/t:term", TBX_NS).text] = (zh.find(status, TBX_NS).text, en.find(status, TBX_NS).text)
    return out


def test_tbx_status_is_honest(tmp_path, store):
    out = tmp_path / "g.tbx"
    assert run("glossary", "export", store, "-o", out).exit_code == 0
    assert _statuses(out) == {
        "不扩散核武器条约": ("preferredTerm-admn-sts", "preferredTerm-admn-sts"),
        "裁军谈判会议": ("preferredTerm-admn-sts", "preferredTerm-admn-sts"),  # edited by a person
        "外层空间": ("admittedTerm-admn-sts", "admittedTerm-admn-sts"),  # a candidate nobody reviewed
    }  # the rejected term is left out
    assert "status: candidate" in out.read_text(encoding="utf-8")  # and the note says why it is only admitted
    assert run("glossary", "export", store, "-o", out, "--include-rejected").exit_code == 0
    assert _statuses(out)["军备竞赛"] == ("deprecatedTerm-admn-sts", "deprecatedTerm-admn-sts")


def test_an_unreviewed_store_has_no_preferred_term(tmp_path):
    db = tmp_path / "g.sqlite"
    assert run("terms", ZH, "--db", db, "--limit", "20").exit_code == 0
    out = tmp_path / "g.tbx"
    assert run("glossary", "export", db, "-o", out).exit_code == 0
    statuses = {s for pair in _statuses(out).values() for s in pair}
    assert statuses == {"admittedTerm-admn-sts"}


def test_run_writes_tbx_v2_beside_v3(tmp_path):
    outdir = tmp_path / "out"
    result = run("run", ZH, "--en", EN, "-o", outdir, "--model", "hash", "--limit", "20")
    assert result.exit_code == 0, result.output
    assert ET.parse(outdir / "glossary.tbx").getroot().tag == "{urn:iso:std:iso:30042:ed-2}tbx"
    assert ET.parse(outdir / "glossary.v2.tbx").getroot().tag == "martif"


# ---------------------------------------------------------------- 6. one Chinese language tag


def test_one_chinese_tag_in_every_format(tmp_path, store):
    assert ZH_TAG == "zh-CN"
    tmx, xlsx = tmp_path / "p.tmx", tmp_path / "p.xlsx"
    assert run("align", ZH, EN, "--model", "hash", "-o", tmx).exit_code == 0
    assert run("align", ZH, EN, "--model", "hash", "-o", xlsx).exit_code == 0
    tbx3, tbx2 = tmp_path / "g.tbx", tmp_path / "g2.tbx"
    assert run("glossary", "export", store, "-o", tbx3).exit_code == 0
    assert run("glossary", "export", store, "-o", tbx2, "-f", "tbx2").exit_code == 0
    report = tmp_path / "qa.json"
    assert run("check", tmp_path / "p.tmx", "-o", report, "--fail-on", "error").exit_code in (0, 1)

    tags = set()
    root = ET.parse(tmx).getroot()
    tags |= {root.find("header").get("srclang")}
    tags |= {tuv.get(XML_LANG) for tuv in root.iter("tuv") if not tuv.get(XML_LANG).startswith("en")}
    tags |= {ls.get(XML_LANG) for ls in ET.parse(tbx3).getroot().iter("{urn:iso:std:iso:30042:ed-2}langSec")
             if ls.get(XML_LANG) != "en"}
    tags |= {ls.get(XML_LANG) for ls in ET.parse(tbx2).getroot().iter("langSet") if ls.get(XML_LANG) != "en"}
    header = [c.value for c in next(load_workbook(xlsx).active.iter_rows(max_row=1))]
    tags |= {h for h in header if str(h).startswith("zh") and h not in ("zh_ids", "zh_file")}
    tags |= {json.loads(report.read_text(encoding="utf-8"))["languages"]["zh"]}
    assert tags == {ZH_TAG}
    assert "zh-CN" in (ROOT / "README.md").read_text(encoding="utf-8")  # and the README says why


# ---------------------------------------------------------------- 7. TSV every reader reads unchanged


HARD = [
    AlignedPair(id="1", zh="文件CD\\2013号“决定”", en='Document CD\\2013, the "decision"', zh_ids=["p1"],
                en_ids=["p1"], confidence=0.9),
    AlignedPair(id="2", zh="制表\t符与\n换行", en="tab\there and a\nnew line, \\n kept literally", zh_ids=["p2"],
                en_ids=["p2"], confidence=0.8),
    AlignedPair(id="3", zh='"引号"开头', en='"quoted" start, ""doubled"" inside and a trailing \\',
                zh_ids=["p3"], en_ids=["p3"], confidence=0.7),
]


def _documents_with_hard_text(tmp_path) -> tuple[Path, Path]:
    zh = tmp_path / "hard_zh.txt"
    en = tmp_path / "hard_en.txt"
    zh.write_text(ZH.read_text(encoding="utf-8") + '\n\n9. 见文件CD\\2013号“决定”和"附件"。\n', encoding="utf-8")
    en.write_text(EN.read_text(encoding="utf-8") + '\n\n9. See document CD\\2013, the "decision" and "annex".\n',
                  encoding="utf-8")
    return zh, en


def test_tsv_round_trip_with_csv_through_the_cli(tmp_path):
    zh, en = _documents_with_hard_text(tmp_path)
    tsv, jsonl = tmp_path / "p.tsv", tmp_path / "p.jsonl"
    assert run("align", zh, en, "--model", "hash", "-o", tsv).exit_code == 0
    assert run("align", zh, en, "--model", "hash", "-o", jsonl).exit_code == 0
    expected = [(o["zh"], o["en"]) for o in map(json.loads, jsonl.read_text(encoding="utf-8").splitlines())]
    assert any("CD\\2013" in z for z, _ in expected) and any('"decision"' in e for _, e in expected)
    with open(tsv, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert [(r["zh"], r["en"]) for r in rows] == expected
    assert "CD\\\\2013" not in tsv.read_text(encoding="utf-8")
    # and glossalign reads its own TSV back the same way (check, terms --pairs)
    assert [(p.zh, p.en) for p in read_pairs(tsv)] == expected


def test_tsv_with_tabs_newlines_quotes_backslashes_reads_back_with_csv_and_pandas(tmp_path):
    tsv = tmp_path / "hard.tsv"
    write_pairs(HARD, tsv)
    with open(tsv, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert [(r["zh"], r["en"]) for r in rows] == [(p.zh, p.en) for p in HARD]
    result = run("check", tsv, "--fail-on", "error")  # the CLI reads the same file
    assert result.exit_code in (0, 1) and "3 pairs" in result.stderr
    pd = pytest.importorskip("pandas", reason="pandas is not installed; the csv module check above ran")
    frame = pd.read_csv(tsv, sep="\t", dtype=str, keep_default_na=False)
    assert list(zip(frame["zh"], frame["en"], strict=True)) == [(p.zh, p.en) for p in HARD]


def test_a_zh_en_tsv_without_id_works_for_terms_pairs_as_for_check(tmp_path):
    pairs = tmp_path / "mine.tsv"
    pairs.write_text("zh\ten\n外层空间的军备竞赛\tan arms race in outer space\n", encoding="utf-8")
    assert run("check", pairs).exit_code == 0
    result = run("terms", ZH, "--pairs", pairs, "--db", tmp_path / "g.sqlite", "--limit", "10")
    assert result.exit_code == 0, result.output
    assert "from the pairs" in result.stderr


# ---------------------------------------------------------------- 8. files told apart by content


def test_extensionless_text_files_are_read(tmp_path):
    zh, en = tmp_path / "README", tmp_path / "LISEZMOI"
    zh.write_bytes(ZH.read_bytes())
    en.write_bytes(EN.read_bytes())
    result = run("paragraphs", zh)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[0])["text"].startswith("关于防止外层空间")
    aligned = run("align", zh, en, "--model", "hash")
    named = run("align", ZH, EN, "--model", "hash")

    def texts(out: str) -> list[tuple[str, str]]:
        return [(r["zh"], r["en"]) for r in csv.DictReader(io.StringIO(out, newline=""), delimiter="\t")]

    assert aligned.exit_code == 0 and texts(aligned.stdout) == texts(named.stdout)


def test_a_pdf_named_txt_is_read_as_pdf(tmp_path):
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, "Statement on the prevention of an arms race in outer space")
    f = tmp_path / "statement.txt"
    pdf.output(str(f))
    result = run("paragraphs", f, "-f", "txt")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "Statement on the prevention of an arms race in outer space"


def test_a_name_promising_pdf_over_text_is_refused(tmp_path):
    f = tmp_path / "statement.pdf"
    f.write_text("just text", encoding="utf-8")
    result = run("paragraphs", f)
    assert result.exit_code == 2 and "not a PDF file" in result.stderr
    assert result.stderr.strip().count("\n") == 0


def test_glossary_entry_reads_back_from_tbx_with_its_status(tmp_path, store):
    out = tmp_path / "g.tbx"
    assert run("glossary", "export", store, "-o", out).exit_code == 0
    from formats.glossary import read_glossary

    back = {e.zh: e for e in read_glossary(out)}
    assert back["外层空间"].status == "candidate" and back["外层空间"].en == "outer space"
    npt = back["不扩散核武器条约"]
    assert isinstance(npt, GlossaryEntry) and npt.abbreviation == "NPT" and npt.avoid == ["NPT Treaty"]
    assert npt.variants == ["Non-Proliferation Treaty"]
