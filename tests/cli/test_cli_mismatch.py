"""Unrelated documents are refused by align, check ZH EN and run, with the evidence; --force overrides; real
pairs never trip it (the calibration on UNPC dev and MAC-Test is `python -m benchmarks.unrelated`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app

HERE = Path(__file__).resolve().parents[1]
BATCH = HERE / "data" / "batch"
ZH = BATCH / "zh" / "hlm_followup_zh.txt"
EN = BATCH / "en" / "hlm_followup_en.txt"
UNRELATED = HERE / "badinput" / "unrelated_en.txt"

pytestmark = pytest.mark.slow  # the real default embedder: similarity means something only with a real model


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.stdout + result.stderr
    return result


def test_align_refuses_an_unrelated_pair_and_force_aligns_it(tmp_path):
    out = tmp_path / "a.tsv"
    result = run("align", ZH, UNRELATED, "-o", out)
    assert result.exit_code == 1
    line = result.stderr.strip().splitlines()[-1]
    assert "do not look like translations" in line and "chance level" in line and "--force" in line
    assert not out.exists()
    forced = run("align", ZH, UNRELATED, "-o", out, "--force")
    assert forced.exit_code == 0 and out.is_file() and "aligned anyway" in forced.stderr


def test_a_real_pair_is_aligned(tmp_path):
    result = run("align", ZH, EN, "-o", tmp_path / "a.tsv")
    assert result.exit_code == 0, result.stderr
    assert "translations" not in result.stderr


def test_check_zh_en_refuses_an_unrelated_pair(tmp_path):
    report = tmp_path / "r.json"
    result = run("check", ZH, UNRELATED, "-o", report)
    assert result.exit_code == 1 and "chance level" in result.stderr and not report.exists()
    assert run("check", ZH, UNRELATED, "-o", report, "--force").exit_code in (0, 1) and report.is_file()


def test_run_marks_the_unrelated_document_mismatched_and_goes_on(tmp_path):
    zh, en = tmp_path / "zh", tmp_path / "en"
    shutil.copytree(BATCH / "zh", zh)
    shutil.copytree(BATCH / "en", en)
    (en / "hlm_followup_en.txt").write_text(UNRELATED.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    result = run("run", zh, "--en", en, "-o", out)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "2 done, 0 skipped (finished earlier), 0 failed, 1 mismatched" in result.stdout
    assert "mismatched: hlm_followup:" in result.stdout and "chance level" in result.stdout
    assert not list(out.glob("hlm_followup.aligned.*")) and (out / "CD_9991.aligned.tsv").is_file()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]
    assert manifest["hlm_followup"]["summary"]["mismatched"]
    again = run("run", zh, "--en", en, "-o", out)  # finished: skipped, still shown as mismatched
    assert "0 done, 2 skipped (finished earlier), 0 failed, 1 mismatched" in again.stdout
