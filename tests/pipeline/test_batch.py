"""Parallel, resumable batch over document pairs: process pool, Dask adapter, manifest."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from core.errors import InputError
from pipeline.batch import MANIFEST, Manifest, PairTask, output_paths, run_batch
from pipeline.pairing import expand_inputs, pair_documents

BATCH = Path(__file__).resolve().parents[1] / "data" / "batch"


@pytest.fixture
def docs(tmp_path) -> Path:
    """A private copy of the three small zh/en pairs, safe to edit."""
    shutil.copytree(BATCH, tmp_path / "docs")
    return tmp_path / "docs"


def _tasks(docs: Path, outdir: Path, **options) -> list[PairTask]:
    outdir.mkdir(exist_ok=True)
    pairing = pair_documents(expand_inputs([docs / "zh"]), expand_inputs([docs / "en"]))
    return [PairTask(p.key, str(p.zh), str(p.en) if p.en else None, str(outdir), model="hash", **options)
            for p in pairing.pairs]


def test_outputs_and_manifest(docs, tmp_path):
    out = tmp_path / "out"
    tasks = _tasks(docs, out)
    result = run_batch(tasks)
    assert sorted(d["key"] for d in result.done) == ["CD_9991", "CD_9992", "hlm_followup"]
    assert not result.skipped and not result.failed
    for task in tasks:
        assert all(p.is_file() for p in output_paths(task))
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    rec = manifest["documents"]["CD_9991"]
    assert rec["options"] == {"model": "hash", "level": "paragraph", "layout": "auto"}
    # the layout each side was read with, per document
    assert {side: v["layout"] for side, v in rec["summary"]["layouts"].items()} == {"zh": "wrapped", "en": "wrapped"}
    assert len(rec["zh_sha256"]) == 64 and len(rec["en_sha256"]) == 64
    assert not list(out.glob(".*.tmp")), "temp files left behind"


def test_resume_skips_finished_documents_and_redoes_changed_ones(docs, tmp_path):
    out = tmp_path / "out"
    first = run_batch(_tasks(docs, out))
    assert len(first.done) == 3
    second = run_batch(_tasks(docs, out))
    assert (len(second.done), sorted(second.skipped)) == (0, ["CD_9991", "CD_9992", "hlm_followup"])

    # a changed input, a missing output, and changed options each redo exactly what they touch
    with open(docs / "zh" / "nsa.ch.txt", "a", encoding="utf-8") as fh:
        fh.write("\n4. 本集团呼吁裁军谈判会议立即开始谈判。\n")
    (out / "hlm_followup.aligned.tmx").unlink()
    third = run_batch(_tasks(docs, out))
    assert sorted(d["key"] for d in third.done) == ["CD_9992", "hlm_followup"]
    assert third.skipped == ["CD_9991"]
    fourth = run_batch(_tasks(docs, out, level="sentence"))
    assert len(fourth.done) == 3 and not fourth.skipped
    assert len(run_batch(_tasks(docs, out, level="sentence"), resume=False).done) == 3


def test_damaged_manifest_means_a_full_rerun(docs, tmp_path):
    out = tmp_path / "out"
    run_batch(_tasks(docs, out))
    (out / MANIFEST).write_text("{not json", encoding="utf-8")
    assert len(run_batch(_tasks(docs, out)).done) == 3
    assert len(Manifest(out).documents) == 3


def test_a_bad_document_fails_alone(docs, tmp_path):
    (docs / "zh" / "broken_zh.txt").write_bytes(b"")
    (docs / "en" / "broken_en.txt").write_text("Something.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_batch(_tasks(docs, out), workers=2)
    assert len(result.done) == 3
    (failed,) = result.failed
    assert failed["key"] == "broken" and "empty" in failed["error"] and "\n" not in failed["error"]
    assert "broken" not in Manifest(out).documents


def test_two_workers_give_the_same_outputs_as_one(docs, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    run_batch(_tasks(docs, one), workers=1)
    run_batch(_tasks(docs, two), workers=2)
    for f in sorted(one.glob("*.tsv")) + sorted(one.glob("*.jsonl")):
        assert f.read_bytes() == (two / f.name).read_bytes(), f.name


def test_bad_engine_and_workers(docs, tmp_path):
    with pytest.raises(InputError, match="unknown engine"):
        run_batch(_tasks(docs, tmp_path / "o"), engine="ray")
    with pytest.raises(InputError, match="at least 1"):
        run_batch(_tasks(docs, tmp_path / "o"), workers=0)


@pytest.mark.slow
def test_dask_local_cluster_runs_the_same_task(docs, tmp_path):
    pytest.importorskip("dask.distributed")
    ref, out = tmp_path / "ref", tmp_path / "dask"
    run_batch(_tasks(docs, ref))
    result = run_batch(_tasks(docs, out), workers=2, engine="dask")
    assert len(result.done) == 3 and not result.failed
    for f in sorted(ref.glob("*.tsv")):
        assert f.read_bytes() == (out / f.name).read_bytes(), f.name
    again = run_batch(_tasks(docs, out), workers=2, engine="dask")
    assert len(again.skipped) == 3
