"""Alignment benchmarks: MAC-Test quality (strict / lax F1) and speed at 1x, 2x, 4x its length.

The scorer is the one of the alignment benchmarks (Vecalign's score.py, also used by Bertalign):
strict credit needs the exact bead, lax credit any overlap with a gold bead on both sides; precision
is over the test beads, recall over the gold beads that have both sides (1-0 / 0-1 beads carry no
recall credit). Counts are summed over all texts before the ratios are taken (micro average).
"""

from __future__ import annotations

import ast
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from core.errors import InputError
from core.records import Bead

BeadLike = tuple[Sequence[int], Sequence[int]]


# ---------------------------------------------------------------- gold / test files


def read_align_file(path: str | Path) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Read `[i, j]:[k]` lines (0-based ids) into (src ids, tgt ids) tuples."""
    beads = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        left, right = line.split(":", 1)
        beads.append((tuple(ast.literal_eval(left)), tuple(ast.literal_eval(right))))
    return beads


def read_lines(path: str | Path) -> list[str]:
    """One segment per line; the MAC-Test texts are already sentence-split."""
    return [line.strip() for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


# ---------------------------------------------------------------- scorer


def _counts(gold: Iterable[BeadLike], test: Iterable[BeadLike]) -> list[int]:
    """[tp strict, fp strict, tp lax, fp lax] of `test` against `gold`."""
    gold_set = {(tuple(s), tuple(t)) for s, t in gold if len(s) or len(t)}
    test_set = {(tuple(s), tuple(t)) for s, t in test if len(s) or len(t)}
    src_to_tgt: dict[int, set[int]] = defaultdict(set)
    tgt_to_src: dict[int, set[int]] = defaultdict(set)
    for gs, gt in gold_set:
        for s in gs:
            for t in gt:
                src_to_tgt[s].add(t)
                tgt_to_src[t].add(s)
    tps = fps = tpl = fpl = 0
    for ts, tt in test_set:
        if (ts, tt) in gold_set:
            tps += 1
            tpl += 1
            continue
        fps += 1
        linked_t = set().union(*(src_to_tgt[s] for s in ts)) if ts else set()
        linked_s = set().union(*(tgt_to_src[t] for t in tt)) if tt else set()
        if linked_t & set(tt) or linked_s & set(ts):
            tpl += 1
        else:
            fpl += 1
    return [tps, fps, tpl, fpl]


@dataclass
class Scores:
    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_alignments(gold_list: Sequence[Sequence[BeadLike]], test_list: Sequence[Sequence[BeadLike]]) -> Scores:
    """Strict and lax precision / recall / F1 summed over several texts (one gold and one test list each)."""
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold, test in zip(gold_list, test_list, strict=True):
        p = [a + b for a, b in zip(p, _counts(gold, test), strict=False)]
        test_full = [(s, t) for s, t in test if len(s) and len(t)]
        gold_full = [(s, t) for s, t in gold if len(s) and len(t)]
        r = [a + b for a, b in zip(r, _counts(test_full, gold_full), strict=False)]

    def ratio(tp: int, fp: int) -> float:
        return tp / (tp + fp) if tp + fp else 0.0

    ps, pl = ratio(p[0], p[1]), ratio(p[2], p[3])
    rs, rl = ratio(r[0], r[1]), ratio(r[2], r[3])
    return Scores(ps, rs, _f1(ps, rs), pl, rl, _f1(pl, rl))


def beads_as_pairs(beads: Sequence[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(tuple(b.src), tuple(b.tgt)) for b in beads]


# ---------------------------------------------------------------- MAC-Test


def find_mac_test(path: str | Path | None = None) -> Path:
    """The MAC-Test folder: `path`, else ../shared/benchmarks/mac-test from the CWD or the repo root."""
    if path is not None:
        candidates = [Path(path)]
    else:
        rel = Path("..") / "shared" / "benchmarks" / "mac-test"
        candidates = [Path.cwd() / rel, Path(__file__).resolve().parent.parent / rel]
    for c in candidates:
        if (c / "zh").is_dir() and (c / "en").is_dir() and (c / "gold").is_dir():
            return c.resolve()
    raise InputError(
        f"MAC-Test not found at {candidates[0]}: give the folder that holds zh/, en/ and gold/ "
        "(e.g. glossalign bench mac-test ../shared/benchmarks/mac-test)"
    )


@dataclass
class MacTestText:
    name: str
    zh: list[str]
    en: list[str]
    gold: list[tuple[tuple[int, ...], tuple[int, ...]]]


def load_mac_test(root: Path) -> list[MacTestText]:
    texts = []
    for gold_file in sorted((root / "gold").glob("*.align")):
        name = gold_file.stem
        texts.append(
            MacTestText(name, read_lines(root / "zh" / f"{name}.txt"), read_lines(root / "en" / f"{name}.txt"),
                        read_align_file(gold_file))
        )
    if not texts:
        raise InputError(f"{root / 'gold'}: no .align gold files")
    return texts


class TimedEmbedder:
    """Wraps an embedder and adds up the seconds spent in `encode`, so align time can be told apart."""

    def __init__(self, inner):
        self.inner = inner
        self.name = inner.name
        self.seconds = 0.0
        self.cpu_seconds = 0.0
        self.strings = 0

    def encode(self, texts):
        start, cpu_start = time.perf_counter(), time.process_time()
        try:
            return self.inner.encode(texts)
        finally:
            self.seconds += time.perf_counter() - start
            self.cpu_seconds += time.process_time() - cpu_start
            self.strings += len(texts)

    def runs(self, segments, joiner):
        """The inner embedder's joined runs (use-m3), timed like encode; None where it has none."""
        make = getattr(self.inner, "runs", None)
        if make is None:
            return None
        start, cpu_start = time.perf_counter(), time.process_time()
        try:
            runs = make(segments, joiner)
        finally:
            self.seconds += time.perf_counter() - start
            self.cpu_seconds += time.process_time() - cpu_start
        if runs is None:
            return None
        self.strings += len(segments)
        return _TimedRuns(runs, self)


class _TimedRuns:
    """Runs whose encode time is added to a TimedEmbedder's (the joins computed count as strings)."""

    def __init__(self, runs, timer: TimedEmbedder):
        self.runs, self.timer, self.vectors = runs, timer, runs.vectors

    def encode(self, k, starts):
        start, cpu_start = time.perf_counter(), time.process_time()
        before = self.runs.computed
        try:
            return self.runs.encode(k, starts)
        finally:
            self.timer.seconds += time.perf_counter() - start
            self.timer.cpu_seconds += time.process_time() - cpu_start
            self.timer.strings += self.runs.computed - before


@dataclass
class MacTestResult:
    model: str
    texts: int
    zh_segments: int
    en_segments: int
    scores: Scores
    embed_seconds: float
    align_seconds: float
    strings_embedded: int
    per_text: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def run_mac_test(root: Path, embedder, *, max_align: int | None = None, progress=None) -> MacTestResult:
    """Align every MAC-Test pair (zh -> en, sentence level) and score it against gold."""
    from align.aligner import align_segments

    texts = load_mac_test(root)
    timed = TimedEmbedder(embedder)
    golds, tests, per_text = [], [], []
    start = time.perf_counter()
    items = progress(texts, "MAC-Test") if progress else texts
    for text in items:
        kwargs = {} if max_align is None else {"max_align": max_align}
        beads = align_segments(text.zh, text.en, timed, **kwargs)
        pairs = beads_as_pairs(beads)
        golds.append(text.gold)
        tests.append(pairs)
        s = score_alignments([text.gold], [pairs])
        per_text.append({"text": text.name, "f1_strict": s.f1_strict, "f1_lax": s.f1_lax})
    total = time.perf_counter() - start
    return MacTestResult(
        model=embedder.name,
        texts=len(texts),
        zh_segments=sum(len(t.zh) for t in texts),
        en_segments=sum(len(t.en) for t in texts),
        scores=score_alignments(golds, tests),
        embed_seconds=timed.seconds,
        align_seconds=total - timed.seconds,
        strings_embedded=timed.strings,
        per_text=per_text,
    )


@dataclass
class ScaleRow:
    factor: int
    zh_segments: int
    en_segments: int
    embed_seconds: float
    align_seconds: float
    align_cpu_seconds: float

    @property
    def align_ms_per_segment(self) -> float:
        return 1000 * self.align_seconds / max(1, self.zh_segments + self.en_segments)


def run_scale(root: Path, embedder, factors: Sequence[int] = (1, 2, 4), *, max_align: int | None = None) -> list[ScaleRow]:
    """Align the whole MAC-Test as one long document, repeated 1x, 2x, 4x; time embedding and alignment.

    The repeated copies hit the embedding cache, so the embed column mostly shows cache reads; the align
    columns (wall clock, and CPU seconds of this process, which a busy machine disturbs less) are the ones
    whose growth is measured.
    """
    from align.aligner import align_segments

    texts = load_mac_test(root)
    zh = [s for t in texts for s in t.zh]
    en = [s for t in texts for s in t.en]
    rows = []
    for factor in factors:
        timed = TimedEmbedder(embedder)
        start, cpu_start = time.perf_counter(), time.process_time()
        kwargs = {} if max_align is None else {"max_align": max_align}
        align_segments(zh * factor, en * factor, timed, **kwargs)
        total, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        rows.append(ScaleRow(factor, len(zh) * factor, len(en) * factor, timed.seconds, total - timed.seconds,
                             cpu - timed.cpu_seconds))
    return rows
