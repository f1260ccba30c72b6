"""Term extraction at scale: `glossalign terms` on a large Chinese document made from the seeds, time and memory.

    python benchmarks/term_scale.py [--mb 20] [--keep DIR]

The document is generated in a temporary folder (never in the repository): paragraphs of the five seeds are
cut into clauses, and new paragraphs are drawn from clauses of different seeds with their numbers changed,
so that the text is not one paragraph repeated (new clause neighbours, new numbers, new symbols) but keeps
the seeds' vocabulary. Then `glossalign terms DOC --db STORE` runs in a new process; its wall time, CPU time
and peak memory (ru_maxrss of the child) are printed with the load average of the machine.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_CLAUSE = re.compile(r"(?<=[，；。：！？])")
_DIGITS = re.compile(r"\d+")


def seed_clauses(seeds: Path) -> list[list[str]]:
    """The clauses of every seed paragraph, per paragraph."""
    from ingest.paragraphs import load_paragraphs

    out = []
    for path in sorted(seeds.glob("*.txt")):
        _, paragraphs = load_paragraphs(path, "zh")
        for p in paragraphs:
            parts = [c for c in _CLAUSE.split(p.text) if c.strip()]
            if parts:
                out.append(parts)
    return out


def make_document(path: Path, megabytes: float, seeds: Path = REPO / "seeds", seed: int = 0) -> int:
    """Write about `megabytes` MB (UTF-8) of Chinese paragraphs to `path`; returns the paragraph count."""
    rng = random.Random(seed)
    paragraphs = seed_clauses(seeds)
    target = int(megabytes * 1_000_000)
    written = count = 0
    with open(path, "w", encoding="utf-8") as fh:
        while written < target:
            count += 1
            k = rng.randint(2, 8)
            clauses = []
            for _ in range(k):
                par = rng.choice(paragraphs)
                clauses.append(rng.choice(par))
            text = "".join(clauses)
            text = _DIGITS.sub(lambda m: str(rng.randint(1, 10 ** len(m.group()) - 1)), text)
            if not text.endswith("。"):
                text = text.rstrip("，；：") + "。"
            line = f"{count}. {text}\n\n"
            fh.write(line)
            written += len(line.encode("utf-8"))
    return count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0, help="document size in MB (default 20)")
    ap.add_argument("--keep", type=Path, help="write the document here instead of a temporary folder")
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="glossalign-terms-") as tmp:
        folder = a.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        doc = folder / "large_zh.txt"
        t0 = time.perf_counter()
        n = make_document(doc, a.mb, seed=a.seed)
        print(f"document {doc.stat().st_size / 1e6:.1f} MB, {n} paragraphs, written in {time.perf_counter() - t0:.1f} s")
        env = dict(os.environ, PYTHONPATH=str(REPO))
        load = os.getloadavg()[0]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", "import cli; cli.main()", "-q", "terms", str(doc), "--db", str(Path(tmp) / "g.sqlite")],
            capture_output=True, text=True, env=env, cwd=REPO,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if out.returncode:
            sys.exit(f"terms failed: {out.stderr.strip()}")
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        print(out.stdout.strip().splitlines()[-1] if out.stdout.strip() else "")
        print(f"terms: wall {wall:.1f} s, cpu {cpu:.1f} s, peak memory {after.ru_maxrss / 1024:.0f} MiB, "
              f"load {load:.1f} -> {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
