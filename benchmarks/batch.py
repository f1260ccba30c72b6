"""Batch benchmark: `glossalign bench batch` times `run_batch` over fresh document pairs per engine and worker count."""

from __future__ import annotations

from pathlib import Path

from align import DEFAULT_MODEL
from core.errors import GlossalignError
from pipeline.batch import PairTask, run_batch


def make_bench_pairs(source: Path, folder: Path, n: int) -> tuple[Path, Path]:
    """Write `n` zh/en document pairs under `folder` from the pairs in `source/zh`, `source/en`.

    Copy i of a document gets "(copy i)" appended to every line, so no two documents share an embedding
    and the shared cache cannot make later documents free.
    """
    from ingest.read import read_text
    from pipeline.pairing import pair_documents

    base = pair_documents(sorted((source / "zh").glob("*.txt")), sorted((source / "en").glob("*.txt")))
    if not base.pairs or any(p.en is None for p in base.pairs):
        raise GlossalignError(f"{source}: needs zh/ and en/ folders of paired .txt documents; pass --source")
    zh_dir, en_dir = folder / "zh", folder / "en"
    zh_dir.mkdir(parents=True, exist_ok=True)
    en_dir.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        pair = base.pairs[i % len(base.pairs)]
        for src, dst, mark in ((pair.zh, zh_dir / f"doc{i:04d}_zh.txt", f"（第{i}份）"),
                               (pair.en, en_dir / f"doc{i:04d}_en.txt", f" (copy {i})")):
            lines = read_text(src).splitlines()  # a binary or undecodable sample is one InputError line
            dst.write_text("\n".join(line + mark if line.strip() else line for line in lines) + "\n", encoding="utf-8")
    return zh_dir, en_dir


def benchmark(source: Path, n: int, *, model: str = DEFAULT_MODEL,
              configs: tuple[tuple[str, int], ...] = (("process", 1), ("process", 2), ("dask", 2))) -> list[dict]:
    """Time `run_batch` over `n` fresh document pairs for each (engine, workers), each with an empty cache.

    Times include starting the worker processes and loading the model once in each of them.
    """
    import tempfile

    from pipeline.pairing import pair_documents

    rows = []
    with tempfile.TemporaryDirectory(prefix="glossalign-bench-") as tmp:
        zh_dir, en_dir = make_bench_pairs(source, Path(tmp) / "docs", n)
        pairing = pair_documents(sorted(zh_dir.glob("*.txt")), sorted(en_dir.glob("*.txt")))
        chars = sum(len(p.zh.read_text(encoding="utf-8")) + len(p.en.read_text(encoding="utf-8")) for p in pairing.pairs)
        for engine, workers in configs:
            out = Path(tmp) / f"out-{engine}-{workers}"
            cache = Path(tmp) / f"cache-{engine}-{workers}"
            out.mkdir()
            # one model thread per worker process: the rows compare processes, not numpy threading
            tasks = [PairTask(p.key, str(p.zh), str(p.en), str(out), model=model, cache_dir=str(cache), threads=1)
                     for p in pairing.pairs]
            result = run_batch(tasks, workers=workers, engine=engine)
            if result.failed:
                raise GlossalignError(f"bench: {result.failed[0]['key']}: {result.failed[0]['error']}")
            rows.append({"engine": engine, "workers": workers, "pairs": n, "chars": chars,
                         "seconds": round(result.seconds, 2), "pairs_per_s": round(n / result.seconds, 2)})
    return rows
