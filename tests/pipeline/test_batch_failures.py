"""A batch survives one bad document: a 243-character file name, a binary file, an unreadable one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from cli import app

BATCH = Path(__file__).resolve().parents[1] / "data" / "batch"


def _run(*argv):
    result = CliRunner().invoke(app, ["run", *map(str, argv)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def test_a_long_name_and_a_bad_document_do_not_stop_the_batch(tmp_path):
    docs = tmp_path / "in"
    docs.mkdir()
    long_name = "A" * 239 + ".txt"  # 243 characters: <key>.zh.paragraphs.jsonl would not fit in 255 bytes
    shutil.copy(BATCH / "zh" / "hlm_followup_zh.txt", docs / long_name)  # no UN symbol: the name is the key
    shutil.copy(BATCH / "zh" / "nsa.ch.txt", docs / "good.txt")
    (docs / "broken.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 200)
    out = tmp_path / "out"
    result = _run(docs, "-o", out, "--model", "hash")
    assert result.exit_code == 1  # one failed: said at the end, after the others were done
    assert "2 done, 0 skipped (finished earlier), 1 failed" in result.stdout
    assert "broken" in result.stdout and "binary" in result.stdout
    names = [p.name for p in out.iterdir()]
    assert all(len(n.encode()) <= 255 for n in names)
    assert any(n.startswith("AAAA") and n.endswith(".zh.paragraphs.jsonl") for n in names)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]
    failed = {k: v for k, v in manifest.items() if v.get("failed")}
    assert list(failed) == ["broken"] and "binary" in failed["broken"]["failed"]
    # the re-run retries only the failure; fixed, it is done
    shutil.copy(BATCH / "zh" / "hlm_followup_zh.txt", docs / "broken.txt")
    again = _run(docs, "-o", out, "--model", "hash")
    assert again.exit_code == 0, again.stdout
    assert "1 done, 2 skipped (finished earlier), 0 failed" in again.stdout
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]
    assert not any(v.get("failed") for v in manifest.values())
