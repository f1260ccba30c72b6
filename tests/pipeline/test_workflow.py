"""`glossalign run`: the whole job on the seeds (Chinese-only) and on zh/en pairs; resume; Dask; a mismatch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app

HERE = Path(__file__).resolve().parents[1]
BATCH = HERE / "data" / "batch"
SEEDS = HERE.parent / "seeds"


def _run(*argv: str):
    result = CliRunner().invoke(app, ["run", *argv])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def test_run_without_arguments_uses_the_seeds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no seeds/ here: the project's own seeds are found
    result = _run("--model", "hash")
    assert result.exit_code == 0, result.stdout + result.stderr
    out = tmp_path / "glossalign-out"
    assert f"Outputs in {out.resolve()}" in result.stdout
    assert "5 done, 0 skipped" in result.stdout
    assert "QA check: skipped: no English" in result.stdout
    assert len(list(out.glob("*.zh.paragraphs.jsonl"))) == len(list(SEEDS.glob("*.txt")))
    assert not list(out.glob("*.aligned.*"))
    for name in ("glossary.sqlite", "glossary.xlsx", "glossary.csv", "glossary.tbx", "manifest.json"):
        assert (out / name).is_file(), name
    csv = (out / "glossary.csv").read_text(encoding="utf-8-sig")
    assert "核武器" in csv and "nuclear weapon" in csv.lower()  # English from the base glossary


def test_run_seeds_folder_in_the_current_directory(tmp_path, monkeypatch):
    (tmp_path / "seeds").mkdir()
    shutil.copy(BATCH / "zh" / "nsa.ch.txt", tmp_path / "seeds" / "one.txt")
    monkeypatch.chdir(tmp_path)
    result = _run("--model", "hash")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "1 done" in result.stdout


def test_run_pairs_aligns_checks_and_resumes(tmp_path):
    out = tmp_path / "out"
    first = _run(str(BATCH / "zh"), "--en", str(BATCH / "en"), "-o", str(out), "--model", "hash")
    assert first.exit_code == 0, first.stdout + first.stderr
    assert "3 done, 0 skipped (finished earlier), 0 failed" in first.stdout
    assert "by symbol: CD/9991" in first.stdout and "(by stem)" in first.stdout
    for key in ("CD_9991", "CD_9992", "hlm_followup"):
        for ext in ("xlsx", "tmx", "tsv", "jsonl"):
            assert (out / f"{key}.aligned.{ext}").is_file()
        assert (out / f"{key}.en.paragraphs.jsonl").is_file()
    for name in ("qa.html", "qa.xlsx", "qa.json", "glossary.tbx"):
        assert (out / name).is_file(), name
    json.loads((out / "qa.json").read_text(encoding="utf-8"))

    second = _run(str(BATCH / "zh"), "--en", str(BATCH / "en"), "-o", str(out), "--model", "hash")
    assert second.exit_code == 0, second.stdout + second.stderr
    assert "0 done, 3 skipped (finished earlier), 0 failed" in second.stdout
    assert (out / "qa.json").is_file()

    third = _run(str(BATCH / "zh"), "--en", str(BATCH / "en"), "-o", str(out), "--model", "hash", "--fresh")
    assert "3 done, 0 skipped" in third.stdout


def test_mixed_folder_without_en_is_split_by_script(tmp_path):
    mixed = tmp_path / "mixed"
    shutil.copytree(BATCH / "zh", mixed)
    for f in (BATCH / "en").glob("*.txt"):
        shutil.copy(f, mixed / f.name)
    result = _run(str(mixed), "-o", str(tmp_path / "out"), "--model", "hash")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "3 done" in result.stdout and "Chinese-only" not in result.stdout
    assert len(list((tmp_path / "out").glob("*.aligned.tsv"))) == 3


def test_one_failed_document_fails_the_command_in_one_line(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(BATCH, docs)
    (docs / "zh" / "zz_broken_zh.txt").write_bytes(b"")
    result = _run(str(docs / "zh"), "--en", str(docs / "en"), "-o", str(tmp_path / "out"), "--model", "hash")
    assert result.exit_code == 1
    assert result.stderr.strip() == "glossalign: error: 1 of 4 documents failed (see above)"
    assert "3 done" in result.stdout and "failed: zz_broken: " in result.stdout and "file is empty" in result.stdout


def test_unknown_model_and_missing_input(tmp_path):
    r = _run(str(BATCH / "zh"), "-o", str(tmp_path / "o"), "--model", "nope")
    assert r.exit_code == 2 and "unknown model" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = _run(str(tmp_path / "missing"), "-o", str(tmp_path / "o"))
    assert r.exit_code == 2 and "no such file or folder" in r.stderr


@pytest.mark.slow
def test_dask_engine_from_the_command_line(tmp_path):
    pytest.importorskip("dask.distributed")
    result = _run(str(BATCH / "zh"), "--en", str(BATCH / "en"), "-o", str(tmp_path / "out"), "--model", "hash",
                  "--engine", "dask", "--workers", "2")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "3 done" in result.stdout


@pytest.mark.slow
def test_real_model_flags_the_mismatched_pair(tmp_path):
    """With the default use-m3, an unrelated English document gets a low mean confidence; real pairs do not."""
    zh, en = tmp_path / "zh", tmp_path / "en"
    shutil.copytree(BATCH / "zh", zh)
    shutil.copytree(BATCH / "en", en)
    (en / "hlm_followup_en.txt").write_text((HERE / "badinput" / "unrelated_en.txt").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    result = _run(str(zh), "--en", str(en), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stdout + result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))["documents"]
    assert manifest["hlm_followup"]["summary"]["suspicious"] is True
    assert manifest["hlm_followup"]["summary"]["mismatched"]  # refused: not aligned (issue 14)
    assert manifest["CD_9991"]["summary"]["suspicious"] is False
    assert manifest["CD_9992"]["summary"]["suspicious"] is False
    assert "mismatched: hlm_followup" in result.stdout


def test_outputs_get_the_mode_of_a_new_file_not_a_private_temp_file(tmp_path):
    import os

    from core.fsutil import atomic_output

    mask = os.umask(0o022)
    try:
        with atomic_output(tmp_path / "out.txt") as tmp:
            tmp.write_text("x", encoding="utf-8")
    finally:
        os.umask(mask)
    assert (tmp_path / "out.txt").stat().st_mode & 0o777 == 0o644
