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


@dataclass
class MacTestResult:
    model: str
    level: str
    texts: int
    zh_segments: int
    en_segments: int
    scores: Scores
    halves: dict[str, Scores]
    seconds: float
    per_text: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


# The fitted half and the held-out half of MAC-Test: texts 001-012 and 013-024.
HALVES = {"001-012": lambda name: name <= "012", "013-024": lambda name: name > "012"}


def align_text(zh: Path, en: Path, out: Path, *, model: str, level: str = "paragraph", embedder=None) -> Path:
    """What `glossalign align ZH EN --layout lines --level LEVEL -o OUT.align` does, start to finish: the
    command's own `pipeline.align_pair.align_to_file` (read both files, align them, write the .align file; the
    command adds only its messages). Returns `out`."""
    from pipeline.align_pair import align_to_file

    align_to_file(zh, en, out, "align", model=model, level=level, layout="lines", embedder=embedder)
    return out


def run_mac_test(root: Path, model: str, *, level: str = "paragraph", progress=None) -> MacTestResult:
    """Align every MAC-Test pair as `glossalign align --layout lines` does (one call per text, files read and
    the .align written) and score the written files against gold."""
    import tempfile

    from align.embed import get_embedder

    texts = load_mac_test(root)
    embedder = get_embedder(model)  # the embedder `align` would load: one per process, as for one command
    golds, tests, per_text = [], [], []
    start = time.perf_counter()
    items = progress(texts, "MAC-Test") if progress else texts
    with tempfile.TemporaryDirectory(prefix="glossalign-mac-") as tmp:
        for text in items:
            t0 = time.perf_counter()
            out = align_text(root / "zh" / f"{text.name}.txt", root / "en" / f"{text.name}.txt",
                             Path(tmp) / f"{text.name}.align", model=model, level=level, embedder=embedder)
            seconds = time.perf_counter() - t0
            pairs = read_align_file(out)
            golds.append(text.gold)
            tests.append(pairs)
            s = score_alignments([text.gold], [pairs])
            per_text.append({"text": text.name, "f1_strict": s.f1_strict, "f1_lax": s.f1_lax, "seconds": seconds})
    total = time.perf_counter() - start
    halves = {}
    for half, member in HALVES.items():
        keep = [k for k, t in enumerate(texts) if member(t.name)]
        if keep:
            halves[half] = score_alignments([golds[k] for k in keep], [tests[k] for k in keep])
    return MacTestResult(
        model=embedder.name, level=level, texts=len(texts),
        zh_segments=sum(len(t.zh) for t in texts), en_segments=sum(len(t.en) for t in texts),
        scores=score_alignments(golds, tests), halves=halves, seconds=total, per_text=per_text,
    )
