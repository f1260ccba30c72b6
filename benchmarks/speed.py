"""Alignment speed: `align` at 1x, 2x, 4x document length, and paired runs against the peer workload.

Scaling: all texts of a MAC-Test-shaped folder are concatenated into one document pair and aligned at
`factor` times its length, each factor in a new process so that its peak memory (ru_maxrss) is its own.
Cold (`--cold`): every factor starts from a new empty cache and its copies are made distinct (copy c > 0
marks each sentence with its number), so everything is encoded, as for a new document. Otherwise the
repeated copies find their embeddings in the shared cache (and each repeated string is encoded once per
run), so the seconds are mostly the DP; the embed column says how long encoding and cache reads took.

Peer pairs: one cold `glossalign bench mac-test DIR` (a new process, GLOSSALIGN_CACHE a new empty folder)
against `peer_cost.py DIR` (Bertalign's encoding workload on the same embedder) run next to it, alternating
which goes first; the ratio is glossalign's wall time over the peer's, and its median over the pairs is the
figure. The load average of the machine is recorded with every pair (the machine may be shared).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from core.errors import InputError

REPO = Path(__file__).resolve().parent.parent


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


# ---------------------------------------------------------------- scaling (one process per factor)


def concatenated(root: Path) -> tuple[list[str], list[str]]:
    from benchmarks.alignment import load_mac_test

    texts = load_mac_test(root)
    return [s for t in texts for s in t.zh], [s for t in texts for s in t.en]


def copies(sentences: list[str], factor: int, distinct: bool, lang: str) -> list[str]:
    """`factor` copies of the sentences one after the other; distinct: every sentence of copy c > 0 carries
    its copy number at its end, so that no string repeats and nothing can come from a cache."""
    if not distinct:
        return sentences * factor
    mark = "（{}）" if lang == "zh" else " ({})"
    return sentences + [s + mark.format(c) for c in range(1, factor) for s in sentences]


def measure_factor(root: Path, factor: int, model: str, distinct: bool = False) -> dict:
    """Align the folder's texts concatenated, `factor` times over, in this process; seconds and peak memory."""
    from align.aligner import align_segments
    from align.embed import get_embedder
    from benchmarks.alignment import TimedEmbedder

    zh, en = concatenated(root)
    embedder = TimedEmbedder(get_embedder(model))
    embedder.encode(["warm up"])  # model load is not part of the alignment
    embedder.seconds = embedder.cpu_seconds = 0.0
    embedder.strings = 0
    start, cpu = time.perf_counter(), time.process_time()
    beads = align_segments(copies(zh, factor, distinct, "zh"), copies(en, factor, distinct, "en"), embedder)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "factor": factor,
        "zh": len(zh) * factor,
        "en": len(en) * factor,
        "beads": len(beads),
        "seconds": seconds,
        "cpu_seconds": cpu,
        "embed_seconds": embedder.seconds,
        "strings": embedder.strings,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


@dataclass
class ScaleRow:
    factor: int
    zh: int
    en: int
    beads: int
    seconds: float
    cpu_seconds: float
    embed_seconds: float
    strings: int
    peak_mib: float
    load: float

    @property
    def sentences_per_second(self) -> float:
        return (self.zh + self.en) / max(self.seconds, 1e-9)


def _child_env(cache: str | None = None) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    if cache is not None:
        env["GLOSSALIGN_CACHE"] = cache
    return env


def run_scale(root: Path, factors=(1, 2, 4), model: str = "use-m3", cold: bool = False) -> list[ScaleRow]:
    """One new process per factor. cold: each with a new empty cache and distinct copies (every string
    new, as in a document never seen); otherwise the shared cache and repeated copies (mostly the DP)."""
    rows = []
    for factor in factors:
        load = _load()
        with tempfile.TemporaryDirectory(prefix="glossalign-scale-") as tmp:
            out = subprocess.run(
                [sys.executable, "-m", "benchmarks.speed", "factor", str(root), str(factor), model,
                 "distinct" if cold else "repeated"],
                capture_output=True, text=True, env=_child_env(tmp if cold else None), cwd=REPO,
            )
        if out.returncode:
            raise InputError(f"the {factor}x run failed: {out.stderr.strip().splitlines()[-1:]}")
        rows.append(ScaleRow(load=load, **json.loads(out.stdout.strip().splitlines()[-1])))
    return rows


# ---------------------------------------------------------------- paired runs against the peer workload


def largest_texts(root: Path, count: int, into: Path) -> Path:
    """A MAC-Test-shaped folder of links to the `count` largest texts: most Chinese sentences, ties broken
    by most English sentences (on MAC-Test: 001, 002, 003 and 019, the four texts issue 15 measures)."""
    from benchmarks.alignment import read_lines

    names = sorted(p.stem for p in (root / "gold").glob("*.align"))
    size = {n: (len(read_lines(root / "zh" / f"{n}.txt")), len(read_lines(root / "en" / f"{n}.txt"))) for n in names}
    chosen = sorted(sorted(names, key=lambda n: (-size[n][0], -size[n][1], n))[:count]) if count else names
    for sub in ("zh", "en", "gold"):
        (into / sub).mkdir(parents=True, exist_ok=True)
    for n in chosen:
        for sub, ext in (("zh", "txt"), ("en", "txt"), ("gold", "align")):
            (into / sub / f"{n}.{ext}").symlink_to((root / sub / f"{n}.{ext}").resolve())
    return into


def _timed(cmd: list[str], env: dict) -> tuple[float, float, str]:
    """Wall and CPU seconds (the child's user + system) of one command, and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode:
        tail = (out.stderr.strip().splitlines() or ["no output"])[-1]
        raise InputError(f"{' '.join(cmd[:3])}... failed: {tail}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out.stdout


@dataclass
class PeerPair:
    first: str
    ours_wall: float
    ours_cpu: float
    peer_wall: float
    peer_cpu: float
    load_before: float
    load_after: float
    ours_f1: float | None

    @property
    def ratio(self) -> float:
        return self.ours_wall / self.peer_wall


def glossalign_command(folder: Path, model: str) -> list[str]:
    return [sys.executable, "-c", "import cli; cli.main()", "bench", "mac-test", str(folder), "--model", model]


def run_peer_pairs(folder: Path, peer_python: str, peer_script: Path, pairs: int = 3,
                   model: str = "use-m3", threads: int | None = None, warm: bool = False) -> list[PeerPair]:
    """`pairs` alternating pairs of a cold glossalign run (new empty GLOSSALIGN_CACHE; warm=True: one cache
    filled by a first run and reused) and the peer workload on `folder`."""
    if not Path(peer_script).is_file():
        raise InputError(f"{peer_script}: no such peer script; pass --peer-script")
    threads = threads or os.cpu_count() or 1
    peer_cmd = [peer_python, str(peer_script), str(folder), "--threads", str(threads)]
    out: list[PeerPair] = []
    with tempfile.TemporaryDirectory(prefix="glossalign-speed-") as tmp:
        warm_cache = str(Path(tmp) / "warm")
        if warm:
            _timed(glossalign_command(folder, model), _child_env(warm_cache))
        for k in range(pairs):
            cache = warm_cache if warm else str(Path(tmp) / f"cold{k}")
            env = _child_env(cache)
            load_before = _load()
            ours_first = k % 2 == 0
            runs = {}
            for who in (("ours", "peer") if ours_first else ("peer", "ours")):
                cmd = glossalign_command(folder, model) if who == "ours" else peer_cmd
                runs[who] = _timed(cmd, env if who == "ours" else _child_env())
            f1 = None
            for line in runs["ours"][2].splitlines():
                if line.startswith("strict"):
                    f1 = float(line.split()[2])
            out.append(PeerPair("glossalign" if ours_first else "peer", runs["ours"][0], runs["ours"][1],
                                runs["peer"][0], runs["peer"][1], load_before, _load(), f1))
    return out


def median_ratio(rows: list[PeerPair]) -> float:
    return statistics.median(r.ratio for r in rows)


def to_json(scale: list[ScaleRow], pairs: list[PeerPair]) -> str:
    return json.dumps({"scale": [asdict(r) | {"sentences_per_second": r.sentences_per_second} for r in scale],
                       "pairs": [asdict(p) | {"ratio": p.ratio} for p in pairs]}, indent=2)


if __name__ == "__main__":  # worker: python -m benchmarks.speed factor ROOT FACTOR MODEL distinct|repeated
    if len(sys.argv) == 6 and sys.argv[1] == "factor":
        print(json.dumps(measure_factor(Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5] == "distinct")))
    else:
        sys.exit("usage: python -m benchmarks.speed factor ROOT FACTOR MODEL distinct|repeated")
