"""Alignment speed of `glossalign align` itself: at 1x, 2x, 4x document length, and paired against the peer.

Every figure times the command a user runs, `glossalign align ZH EN --layout lines -o OUT.align`, as a
process of its own, files read and written (`align_command`); nothing here calls the aligner another way.

Scaling: all texts of a MAC-Test-shaped folder are concatenated into one pair of files, `factor` times over,
and aligned by one `align` process per factor (its peak memory, from wait4, is its own). Cold (`--cold`):
each factor starts from a new empty cache and its copies are made distinct (copy c > 0 marks each sentence
with its number), so everything is encoded, as for a new document. Otherwise the repeated copies find their
embeddings in the shared cache, so the seconds are mostly reading, the DP and writing.

Peer pairs: `glossalign align` once per text (cold: a new empty GLOSSALIGN_CACHE each round) against
`peer_cost.py DIR` (Bertalign's encoding workload on the same embedder, all texts in one process) run next
to it, alternating which goes first; the ratio is glossalign's total wall time over the peer's, and its
median over the pairs is the figure; the strict F1 is that of the .align files the commands wrote. The load
average of the machine is recorded with every pair (the machine may be shared).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from align import DEFAULT_MODEL
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


def align_command(zh: Path, en: Path, out: Path, model: str, level: str = "paragraph") -> list[str]:
    """The command a user runs to align one pair of one-sentence-a-line files (what the speed benches time)."""
    return [sys.executable, "-c", "import cli; cli.main()", "-q", "align", str(zh), str(en), "--layout", "lines",
            "--level", level, "--model", model, "-o", str(out)]


@dataclass
class ScaleRow:
    factor: int
    zh: int
    en: int
    beads: int
    seconds: float
    cpu_seconds: float
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


def run_scale(root: Path, factors=(1, 2, 4), model: str = DEFAULT_MODEL, cold: bool = False) -> list[ScaleRow]:
    """One `glossalign align --layout lines` process per factor on the folder's texts concatenated `factor`
    times into one pair of files. cold: each with a new empty cache and distinct copies (every string new, as
    in a document never seen); otherwise the shared cache and repeated copies (mostly the DP)."""
    rows = []
    zh, en = concatenated(root)
    for factor in factors:
        load = _load()
        with tempfile.TemporaryDirectory(prefix="glossalign-scale-") as tmp:
            folder = Path(tmp)
            zh_file, en_file = folder / "zh.txt", folder / "en.txt"
            zh_file.write_text("\n".join(copies(zh, factor, cold, "zh")) + "\n", encoding="utf-8")
            en_file.write_text("\n".join(copies(en, factor, cold, "en")) + "\n", encoding="utf-8")
            out = folder / "out.align"
            cache = str(folder / "cache") if cold else None
            wall, cpu, peak, _ = _timed(align_command(zh_file, en_file, out, model), _child_env(cache))
            beads = len(out.read_text(encoding="utf-8").splitlines())
        rows.append(ScaleRow(factor, len(zh) * factor, len(en) * factor, beads, wall, cpu, peak, load))
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


def _timed(cmd: list[str], env: dict) -> tuple[float, float, float, str]:
    """Wall and CPU seconds (the child's user + system), peak memory in MiB (the child's own maximum resident
    set, from wait4) and stdout of one command."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out, tempfile.TemporaryFile("w+", encoding="utf-8") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env, cwd=REPO)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode:
        tail = (stderr.strip().splitlines() or ["no output"])[-1]
        raise InputError(f"{' '.join(cmd[3:6])}... failed: {tail}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout


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
    ours_peak_mib: float = 0.0

    @property
    def ratio(self) -> float:
        return self.ours_wall / self.peer_wall


def align_each_text(folder: Path, into: Path, model: str, env: dict) -> tuple[float, float, float, float]:
    """`glossalign align --layout lines` once per text of `folder`, the way a user aligns pairs, each writing
    its .align into `into`: total wall and CPU seconds, the largest peak memory (MiB), and the strict F1 of
    the written files against gold."""
    from benchmarks.alignment import load_mac_test, read_align_file, score_alignments

    texts = load_mac_test(folder)
    wall = cpu = peak = 0.0
    golds, tests = [], []
    into.mkdir(parents=True, exist_ok=True)
    for t in texts:
        out = into / f"{t.name}.align"
        w, c, m, _ = _timed(align_command(folder / "zh" / f"{t.name}.txt", folder / "en" / f"{t.name}.txt", out,
                                          model), env)
        wall, cpu, peak = wall + w, cpu + c, max(peak, m)
        golds.append(t.gold)
        tests.append(read_align_file(out))
    return wall, cpu, peak, score_alignments(golds, tests).f1_strict


def run_peer_pairs(folder: Path, peer_python: str, peer_script: Path, pairs: int = 3,
                   model: str = DEFAULT_MODEL, threads: int | None = None, warm: bool = False) -> list[PeerPair]:
    """`pairs` alternating pairs of glossalign (`glossalign align` once per text; cold: a new empty
    GLOSSALIGN_CACHE each round, warm=True: one cache filled by a first round and reused) and the peer
    workload on `folder`."""
    if not Path(peer_script).is_file():
        raise InputError(f"{peer_script}: no such peer script; pass --peer-script")
    threads = threads or os.cpu_count() or 1
    peer_cmd = [peer_python, str(peer_script), str(folder), "--threads", str(threads)]
    out: list[PeerPair] = []
    with tempfile.TemporaryDirectory(prefix="glossalign-speed-") as tmp:
        warm_cache = str(Path(tmp) / "warm")
        if warm:
            align_each_text(folder, Path(tmp) / "warm-out", model, _child_env(warm_cache))
        for k in range(pairs):
            env = _child_env(warm_cache if warm else str(Path(tmp) / f"cold{k}"))
            load_before = _load()
            ours_first = k % 2 == 0
            ours = peer = None
            for who in (("ours", "peer") if ours_first else ("peer", "ours")):
                if who == "ours":
                    ours = align_each_text(folder, Path(tmp) / f"out{k}", model, env)
                else:
                    peer = _timed(peer_cmd, _child_env())
            out.append(PeerPair("glossalign" if ours_first else "peer", ours[0], ours[1], peer[0], peer[1],
                                load_before, _load(), ours[3], ours[2]))
    return out


def median_ratio(rows: list[PeerPair]) -> float:
    return statistics.median(r.ratio for r in rows)


def to_json(scale: list[ScaleRow], pairs: list[PeerPair]) -> str:
    return json.dumps({"scale": [asdict(r) | {"sentences_per_second": r.sentences_per_second} for r in scale],
                       "pairs": [asdict(p) | {"ratio": p.ratio} for p in pairs]}, indent=2)
