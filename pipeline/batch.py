"""Run the per-document work of a batch in parallel, resumably, on one machine or on a Dask cluster.

One task function, `process_pair(task) -> dict`, does everything one document pair needs: rebuild the
paragraphs of each side, align when there is English, and write `<key>.zh.paragraphs.jsonl`,
`<key>.en.paragraphs.jsonl`, `<key>.aligned.{jsonl,tsv,tmx,xlsx,html}` (each through a temp file + rename). It is
a plain top-level function of picklable arguments, so the same function runs:

* in-process (workers=1),
* on a `concurrent.futures.ProcessPoolExecutor` (engine="process"), with at most 2*workers tasks in
  flight so a batch of 10,000 documents never queues 10,000 pickled tasks,
* on Dask distributed (engine="dask"): a `LocalCluster` of worker processes, or an existing scheduler at
  `dask_address` (every worker must then see the same input/output paths, e.g. a shared file system).

Why Dask and not Ray: `dask[distributed]` is pure Python (a few MB, wheels for every platform, no server
binaries), its `Client.submit`/`as_completed` mirror `concurrent.futures`, so the adapter is a dozen lines
and the task function is shared unchanged; Ray's wheel is ~60 MB of native code with its own object store and
dashboard, far more than a batch of independent documents needs. No home-made scheduler either way.

Embeddings are cached in one SQLite file (`align.embed.CachedEmbedder`, WAL mode): every worker process
opens the same cache, so a text embedded once is never embedded again by any worker or by a later run.

Resume: `outdir/manifest.json` (rewritten atomically after each finished document) records each finished
document with the SHA-256 of its inputs and the options that shaped its outputs; a re-run with the same
inputs and options skips it, a changed input or option redoes it. A document that failed (any error: a bad
file, a name the file system refuses, a library choking on it) is recorded with its error and never stops
the others; a re-run retries exactly the failed ones.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from align import DEFAULT_MODEL
from core.errors import GlossalignError, InputError
from core.fsutil import atomic_output

MANIFEST = "manifest.json"
MANIFEST_VERSION = 1
ALIGNED_FORMATS = ("jsonl", "tsv", "tmx", "xlsx", "html")
# A document pair whose matched pairs average below this confidence is flagged (!): maybe not translations.
SUSPICIOUS_MEAN = 0.5


@dataclass(frozen=True)
class PairTask:
    """Everything a worker needs for one document pair; only paths and strings, so it pickles cheaply."""

    key: str
    zh: str
    en: str | None
    outdir: str
    model: str = DEFAULT_MODEL
    level: str = "paragraph"
    cache_dir: str | None = None
    threads: int | None = None
    layout: str = "auto"
    force: bool = False  # align even a pair whose alignment shows it is not a translation

    def options(self) -> dict:
        return {"model": self.model, "level": self.level, "layout": self.layout, "force": self.force}


@dataclass
class BatchResult:
    done: list[dict] = field(default_factory=list)  # results of process_pair run now
    skipped: list[str] = field(default_factory=list)  # keys finished by an earlier run
    failed: list[dict] = field(default_factory=list)  # {"key", "error"}
    seconds: float = 0.0


def sha256_file(path: str | os.PathLike) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def output_paths(task: PairTask, mismatched: bool = False) -> list[Path]:
    """The files `process_pair` writes for `task` (a mismatched pair: its paragraphs only, never pairs)."""
    out = Path(task.outdir)
    paths = [out / f"{task.key}.zh.paragraphs.jsonl"]
    if task.en:
        paths.append(out / f"{task.key}.en.paragraphs.jsonl")
        if not mismatched:
            paths.extend(out / f"{task.key}.aligned.{ext}" for ext in ALIGNED_FORMATS)
    return paths


# ------------------------------------------------------------------ the task function (runs in workers)

def _embedder(task: PairTask):
    """The process's embedder for the task's model (`align.embed.get_embedder`: one per worker, reused)."""
    from align.embed import get_embedder

    return get_embedder(task.model, cache_dir=task.cache_dir, threads=task.threads)


def _write_paragraphs(paragraphs, path: Path) -> None:
    with atomic_output(path) as tmp:
        with open(tmp, "w", encoding="utf-8") as fh:
            for p in paragraphs:
                fh.write(json.dumps(p.to_dict(), ensure_ascii=False) + "\n")


def process_pair(task: PairTask) -> dict:
    """Paragraphs (and alignment when there is English) for one document pair; returns a small summary.

    Raises GlossalignError for a bad document; the batch runner records it and goes on with the others.
    """
    from ingest.paragraphs import load_document

    start = time.perf_counter()
    out = Path(task.outdir)
    zh_lang, zh_doc = load_document(Path(task.zh), lang="auto", layout=task.layout)
    if zh_lang != "zh":
        raise InputError(f"{task.zh}: Chinese document expected, but the text reads as {zh_lang}")
    zh_pars = zh_doc.paragraphs
    _write_paragraphs(zh_pars, out / f"{task.key}.zh.paragraphs.jsonl")
    summary = {"key": task.key, "zh": task.zh, "en": task.en, "zh_paragraphs": len(zh_pars),
               "layouts": {"zh": {"layout": zh_doc.layout, "reason": zh_doc.reason}}}
    if zh_doc.dropped:  # page furniture removed: listed in the manifest, line number and text
        summary["layouts"]["zh"]["dropped"] = [list(d) for d in zh_doc.dropped]
    if task.en:
        from align.documents import MismatchError, align_files
        from formats.pairs import write_pairs

        _, en_doc = load_document(Path(task.en), lang="auto", layout=task.layout)
        en_pars = en_doc.paragraphs
        summary["layouts"]["en"] = {"layout": en_doc.layout, "reason": en_doc.reason}
        if en_doc.dropped:
            summary["layouts"]["en"]["dropped"] = [list(d) for d in en_doc.dropped]
        _write_paragraphs(en_pars, out / f"{task.key}.en.paragraphs.jsonl")
        embedder = _embedder(task)
        # the documents read above are the ones aligned (their paragraph ids are the paragraph files' ids);
        # align_files runs the sanity checks of a pair (English given as Chinese, absurd length ratio, a
        # suspicious alignment...) and refuses two documents that are not translations of each other
        try:
            pairs = align_files(zh_doc, en_doc, level=task.level, layout=task.layout, embedder=embedder, warn=None,
                                force=task.force)
        except MismatchError as exc:  # not translations of each other: marked, no pairs written
            for stale in set(output_paths(task)) - set(output_paths(task, mismatched=True)):
                stale.unlink(missing_ok=True)
            summary.update(en_paragraphs=len(en_pars), pairs=0, matched=exc.evidence.pairs,
                           mean_confidence=round(exc.evidence.similarity, 3), warnings=[],
                           mismatched=exc.evidence.message(), suspicious=True,
                           seconds=round(time.perf_counter() - start, 3))
            return summary
        warnings = list(getattr(pairs, "warnings", []))
        for ext in ALIGNED_FORMATS:
            write_pairs(pairs, out / f"{task.key}.aligned.{ext}", level=task.level)
        matched = [p for p in pairs if p.zh_ids and p.en_ids]
        mean = sum(p.confidence for p in matched) / len(matched) if matched else 0.0
        low = not matched or mean < SUSPICIOUS_MEAN
        if low and embedder.meaningful:  # the test embedder's similarities mean nothing
            warnings.append(f"mean confidence {mean:.2f} (below {SUSPICIOUS_MEAN}): the texts may not be "
                            "translations of each other")
        summary.update(
            en_paragraphs=len(en_pars), pairs=len(pairs), matched=len(matched),
            mean_confidence=round(mean, 3), warnings=warnings,
            # a sanity check failed (lengths, alignment shape, confidence): its pairs stay out of the glossary
            suspicious=bool(warnings), low_confidence=low,
        )
    summary["seconds"] = round(time.perf_counter() - start, 3)
    return summary


def _run_safely(task: PairTask) -> dict:
    """process_pair, with any failure turned into a result so one bad document does not stop the batch: a
    user error as its message, a file-system error (a name too long, a full disk) with its file, anything
    else (a library choking on a strange document) as an internal error naming the exception."""
    try:
        return process_pair(task)
    except GlossalignError as exc:
        return {"key": task.key, "error": str(exc)}
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return {"key": task.key, "error": f"{where}{exc.strerror or exc}"}
    except MemoryError:
        return {"key": task.key, "error": "out of memory on this document"}
    except Exception as exc:  # noqa: BLE001 - the batch goes on; the manifest and the report name the failure
        return {"key": task.key, "error": f"internal error on this document ({type(exc).__name__}: {exc})"}


# ------------------------------------------------------------------ manifest


class Manifest:
    """`outdir/manifest.json`: finished documents with input hashes and options; atomic rewrites."""

    def __init__(self, outdir: Path):
        self.path = Path(outdir) / MANIFEST
        self.documents: dict[str, dict] = {}
        if self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("version") == MANIFEST_VERSION:
                    self.documents = dict(data.get("documents", {}))
            except (json.JSONDecodeError, AttributeError, TypeError):
                self.documents = {}  # a damaged manifest only costs a full re-run

    @staticmethod
    def fingerprint(task: PairTask) -> dict:
        return {
            "zh": task.zh, "zh_sha256": sha256_file(task.zh),
            "en": task.en, "en_sha256": sha256_file(task.en) if task.en else None,
            "options": task.options(),
        }

    def is_done(self, task: PairTask, fingerprint: dict) -> bool:
        rec = self.documents.get(task.key)
        if not rec or rec.get("failed") or {k: rec.get(k) for k in fingerprint} != fingerprint:
            return False
        mismatched = bool(rec.get("summary", {}).get("mismatched"))
        return all(p.exists() for p in output_paths(task, mismatched))

    def record(self, task: PairTask, fingerprint: dict, summary: dict) -> None:
        self.documents[task.key] = {
            **fingerprint,
            "outputs": [p.name for p in output_paths(task, bool(summary.get("mismatched")))],
            "finished_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "summary": summary,
        }
        self.save()

    def record_failure(self, task: PairTask, fingerprint: dict | None, error: str) -> None:
        """A failed document stays in the manifest with its error; a re-run retries it (and only it)."""
        self.documents[task.key] = {
            **(fingerprint or {"zh": task.zh, "en": task.en, "options": task.options()}),
            "failed": error,
            "finished_at": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        }
        self.save()

    def save(self) -> None:
        with atomic_output(self.path) as tmp:
            tmp.write_text(
                json.dumps({"version": MANIFEST_VERSION, "documents": self.documents}, ensure_ascii=False, indent=1),
                encoding="utf-8",
            )


# ------------------------------------------------------------------ engines


def _bounded(submit: Callable[[PairTask], Future], tasks: list[PairTask], limit: int,
             wait_any: Callable) -> Iterator[tuple[PairTask, Future]]:
    """Keep at most `limit` tasks in flight; yield (task, finished future) as they complete."""
    pending: dict[Future, PairTask] = {}
    todo = iter(tasks)
    while True:
        while len(pending) < limit:
            task = next(todo, None)
            if task is None:
                break
            pending[submit(task)] = task
        if not pending:
            return
        for fut in wait_any(list(pending)):
            yield pending.pop(fut), fut


def _local_results(tasks: list[PairTask], workers: int) -> Iterator[tuple[PairTask, dict]]:
    if workers <= 1:
        for task in tasks:
            yield task, _run_safely(task)
        return
    # spawn, not fork: a forked worker would inherit the parent's SQLite connection, threads and loaded model
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for task, fut in _bounded(lambda t: pool.submit(_run_safely, t), tasks, 2 * workers,
                                  lambda fs: wait(fs, return_when=FIRST_COMPLETED).done):
            yield task, fut.result()


def _dask_results(tasks: list[PairTask], workers: int, address: str | None) -> Iterator[tuple[PairTask, dict]]:
    try:
        from dask.distributed import Client, LocalCluster
        from dask.distributed import wait as dask_wait
    except ImportError:
        raise GlossalignError("the Dask engine is not installed: pip install 'glossalign[dask]'") from None
    import logging

    logging.getLogger("distributed").setLevel(logging.ERROR)
    if address:
        cluster, client = None, Client(address)
    else:
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        client = Client(cluster)
    try:
        n = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        for task, fut in _bounded(lambda t: client.submit(_run_safely, t, pure=False), tasks, 2 * n,
                                  lambda fs: dask_wait(fs, return_when="FIRST_COMPLETED").done):
            yield task, fut.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_batch(
    tasks: list[PairTask], *, workers: int = 1, engine: str = "process", dask_address: str | None = None,
    resume: bool = True, on_result: Callable[[dict], None] | None = None,
) -> BatchResult:
    """Run `process_pair` over `tasks`, skipping those the manifest in their outdir records as finished."""
    if engine not in ("process", "dask"):
        raise InputError(f"unknown engine {engine!r}: use 'process' or 'dask'")
    if workers < 1:
        raise InputError("--workers must be at least 1")
    start = time.perf_counter()
    result = BatchResult()
    if not tasks:
        return result
    outdirs = {t.outdir for t in tasks}
    if len(outdirs) != 1:
        raise InputError("all tasks of one batch must write to one output folder")
    manifest = Manifest(Path(tasks[0].outdir))
    prints, todo = {}, []
    for t in tasks:
        try:
            prints[t.key] = Manifest.fingerprint(t)
        except OSError as exc:  # an input that cannot be read fails alone
            summary = {"key": t.key, "error": f"{exc.filename or t.zh}: cannot read ({exc.strerror or exc})"}
            result.failed.append(summary)
            manifest.record_failure(t, None, summary["error"])
            if on_result is not None:
                on_result(summary)
            continue
        if resume and manifest.is_done(t, prints[t.key]):
            result.skipped.append(t.key)
        else:
            todo.append(t)
    if engine == "dask":
        results = _dask_results(todo, workers, dask_address)
    else:
        results = _local_results(todo, workers)
    for task, summary in results:
        if "error" in summary:
            result.failed.append(summary)
            manifest.record_failure(task, prints[task.key], summary["error"])
        else:
            result.done.append(summary)
            manifest.record(task, prints[task.key], summary)
        if on_result is not None:
            on_result(summary)
    result.seconds = time.perf_counter() - start
    return result
