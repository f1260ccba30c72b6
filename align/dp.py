"""Monotonic sentence alignment by dynamic programming on numpy arrays; no encoder, no files.

Nodes are (i, j) = "i source and j target segments consumed". A bead (a, b) moves from (i-a, j-b) to
(i, j) and links source segments [i-a, i) to target segments [j-b, j); a == 0 or b == 0 is an unmatched
segment (1-0 / 0-1) and costs `skip`. Beads with both sides score the cosine of the *merged* vectors of
their two sides, times a length-agreement factor (Bertalign's log2(1 + short/long)), minus a margin
(how similar each side is to its neighbours anyway), so a merge only wins when it really fits better.

Cost is linear in document length: the DP only visits a band of nodes around a path found at a
coarser resolution (consecutive vectors averaged in pairs, recursively, as Vecalign does), so the
cells visited grow as (n + m) * band width, never n * m. Every DP returns how many cells it scored.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

Move = tuple[int, int]
ScoreFn = Callable[[int, int, int, np.ndarray], np.ndarray]


def bead_types(max_align: int) -> list[Move]:
    """(1,0), (0,1) and every (a, b) with a, b >= 1 and a + b <= max_align (at least 1-1)."""
    moves: list[Move] = [(1, 0), (0, 1)]
    for a in range(1, max(2, max_align)):
        for b in range(1, max(2, max_align) - a + 1):
            moves.append((a, b))
    return moves


def normalise(vecs: np.ndarray) -> np.ndarray:
    """float (k, d) -> float32 (k, d) with unit rows (zero rows stay zero)."""
    vecs = np.asarray(vecs, dtype=np.float32)
    norms = np.linalg.norm(vecs, axis=-1, keepdims=True)
    return vecs / np.where(norms == 0, 1, norms)


# ---------------------------------------------------------------- the banded DP


@dataclass
class DPResult:
    """beads: (i0, i1, j0, j1) half-open ranges in order; scores: float64 (len(beads),) bead scores;
    cells: how many (node, bead type) pairs the DP scored (the work done)."""

    beads: list[tuple[int, int, int, int]]
    scores: np.ndarray
    cells: int
    total: float = 0.0


def full_band(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Every node: lo, hi int64 (n+1,) with lo = 0, hi = m."""
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)


def banded_dp(n: int, m: int, lo: np.ndarray, hi: np.ndarray, moves: Sequence[Move], score_fn: ScoreFn,
              skip: float) -> DPResult:
    """Best-scoring monotone path from (0, 0) to (n, m) through nodes lo[i] <= j <= hi[i].

    lo, hi: int (n+1,), non-decreasing, lo[0] == 0, hi[n] == m.
    score_fn(a, b, i, js) -> float (len(js),): score of the beads (a, b) ending at nodes (i, js), a, b >= 1;
    beads with an empty side score `skip` (usually negative). Target-only beads must be (0, 1); they chain
    along a row, so they are applied after the other moves as a running maximum.
    """
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.asarray(hi, dtype=np.int64)
    width = int((hi - lo).max()) + 1 if n >= 0 else 1
    best = np.full((n + 1, width), -np.inf)
    back = np.full((n + 1, width), -1, dtype=np.int16)
    best[0, 0 - lo[0]] = 0.0
    cells = 0
    for i in range(n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        row = best[i, : len(js)]
        brow = back[i, : len(js)]
        for k, (a, b) in enumerate(moves):
            p = i - a
            if p < 0 or a == 0:
                continue
            jp = js - b
            ok = (jp >= lo[p]) & (jp <= hi[p])
            if not ok.any():
                continue
            idx = np.nonzero(ok)[0]
            prev = best[p, jp[idx] - lo[p]]
            live = np.isfinite(prev)
            if not live.any():
                continue
            idx, prev = idx[live], prev[live]
            cells += len(idx)
            gain = np.full(len(idx), skip) if a == 0 or b == 0 else score_fn(a, b, i, js[idx])
            cand = prev + gain
            better = cand > row[idx]
            row[idx[better]] = cand[better]
            brow[idx[better]] = k
        if (0, 1) in moves:
            # target-only beads chain along the row: best[j] = max_t best[t] + (j - t) * skip, as a running max
            cells += len(js)
            t = np.arange(len(js))
            chained = np.maximum.accumulate(row - t * skip) + t * skip
            better = chained > row + 1e-12
            row[better] = chained[better]
            brow[better] = moves.index((0, 1))
    if not np.isfinite(best[n, m - lo[n]]):
        raise ValueError("no path through the band")
    beads, scores = [], []
    i, j = n, m
    while i > 0 or j > 0:
        k = back[i, j - lo[i]]
        a, b = moves[k]
        beads.append((i - a, i, j - b, j))
        scores.append(best[i, j - lo[i]] - best[i - a, j - b - lo[i - a]])
        i, j = i - a, j - b
    beads.reverse()
    scores.reverse()
    return DPResult(beads, np.asarray(scores, dtype=np.float64), cells, float(best[n, m - lo[n]]))


def band_around(beads: Sequence[tuple[int, int, int, int]], n: int, m: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Band of nodes within `width` rows/columns of a path given as beads; lo, hi int64 (n+1,)."""
    jmin = np.full(n + 1, m, dtype=np.int64)
    jmax = np.zeros(n + 1, dtype=np.int64)
    jmin[0] = jmax[0] = 0
    for i0, i1, j0, j1 in beads:
        # the bead's rectangle: every row it spans may sit anywhere between its two columns
        jmin[i0 : i1 + 1] = np.minimum(jmin[i0 : i1 + 1], j0)
        jmax[i0 : i1 + 1] = np.maximum(jmax[i0 : i1 + 1], j1)
    pad_lo = np.concatenate([np.full(width, jmin[0]), jmin, np.full(width, jmin[-1])])
    pad_hi = np.concatenate([np.full(width, jmax[0]), jmax, np.full(width, jmax[-1])])
    win = 2 * width + 1
    lo = np.lib.stride_tricks.sliding_window_view(pad_lo, win).min(axis=1) - width
    hi = np.lib.stride_tricks.sliding_window_view(pad_hi, win).max(axis=1) + width
    lo = np.clip(np.maximum.accumulate(lo), 0, m)
    hi = np.clip(np.minimum.accumulate(hi[::-1])[::-1], 0, m)
    hi = np.maximum(hi, lo)
    lo[0], hi[-1] = 0, m
    return lo, hi


# ---------------------------------------------------------------- merged-segment vectors


@dataclass
class Windows:
    """Vectors of runs of consecutive segments on one side.

    vecs:  float32 (n, d) unit rows, one per segment
    lens:  float64 (n,) segment lengths (characters)
    exact: optional {k: float32 (n-k+1, d)} embeddings of the joined text of k segments starting at each
           index; runs without one are the normalised sum of their members' vectors.
    """

    vecs: np.ndarray
    lens: np.ndarray
    exact: dict[int, np.ndarray] = field(default_factory=dict)
    mix: float = 1.0  # weight of the exact embedding against the sum of members, when both exist
    marks: np.ndarray | None = None  # optional float (n, c): counts of c kinds of marks (?, !, quotes...)

    def __post_init__(self):
        d = self.vecs.shape[1] if self.vecs.ndim == 2 else 0
        self._cum = np.vstack([np.zeros((1, d), dtype=np.float64), np.cumsum(self.vecs, axis=0, dtype=np.float64)])
        self._cum_len = np.concatenate([[0.0], np.cumsum(self.lens, dtype=np.float64)])
        self._norms: dict[int, np.ndarray] = {}
        self._cum_marks = (None if self.marks is None else
                           np.vstack([np.zeros((1, self.marks.shape[1])), np.cumsum(self.marks, axis=0, dtype=np.float64)]))

    def get(self, k: int, starts: np.ndarray) -> np.ndarray:
        """float32 (len(starts), d): unit vectors of the runs [s, s+k)."""
        starts = np.asarray(starts, dtype=np.int64)
        if k == 1:
            return self.vecs[starts]
        if k not in self._norms:  # once per run length: |sum of members| for every start
            n = len(self.vecs) - k + 1
            self._norms[k] = np.concatenate(
                [np.linalg.norm(self._cum[s + k : min(s + 4096, n) + k] - self._cum[s : min(s + 4096, n)], axis=1)
                 for s in range(0, max(n, 0), 4096)] or [np.zeros(0)]
            )
            self._norms[k][self._norms[k] == 0] = 1.0
        summed = ((self._cum[starts + k] - self._cum[starts]) / self._norms[k][starts, None]).astype(np.float32)
        if k in self.exact:
            if self.mix >= 1.0:
                return self.exact[k][starts]
            return normalise(self.mix * self.exact[k][starts] + (1 - self.mix) * summed)
        return summed

    def length(self, k: int, starts: np.ndarray) -> np.ndarray:
        starts = np.asarray(starts, dtype=np.int64)
        return self._cum_len[starts + k] - self._cum_len[starts]

    def mark_counts(self, k: int, starts: np.ndarray) -> np.ndarray | None:
        """float64 (len(starts), c): mark counts of the runs [s, s+k), or None without marks."""
        if self._cum_marks is None:
            return None
        starts = np.asarray(starts, dtype=np.int64)
        return self._cum_marks[starts + k] - self._cum_marks[starts]

    def coarser(self) -> Windows:
        """Half the resolution: segment pairs (2i, 2i+1) averaged; an odd last segment stays alone."""
        n = len(self.vecs)
        ends = np.minimum(np.arange(2, n + 2, 2), n)
        starts = np.arange(0, n, 2)
        return Windows(normalise(self._cum[ends] - self._cum[starts]), self._cum_len[ends] - self._cum_len[starts])


@dataclass
class Params:
    """Tuning knobs (defaults chosen on MAC-Test texts; see BENCHMARKS.md).

    max_align:  largest bead, counted in segments on both sides (a + b)
    skip:       score of a 1-0 / 0-1 bead
    margin:     weight of the neighbourhood margin subtracted from each bead's similarity
    margin_k:   the margin is the mean of each segment's margin_k best 1-1 similarities in the band
    width:      half-width of the band around the coarse path, in segments
    full_cells: sizes n * m at or below which the anchor pass searches every node (no recursion)
    len_ratio:  expected target/source length ratio in characters; None = measured on the document
    len_weight: exponent of the length-agreement factor (0 ignores lengths)
    merge_bonus: added per extra segment in a bead (negative: merges must earn their place)
    mark_weight: subtracted per mark (?, !, quotation mark) found on one side of a bead and not the other;
                 the mismatch of a merged bead is never more than that of its parts, so it never discourages
                 a merge that puts a question or a quotation back together (chosen on MAC-Test 001-012)
    member_weight: in a merged bead, each member less similar to the other side than unrelated text of the
                 same document is (background_similarity) costs this times the shortfall, so an unrelated
                 sentence or paragraph is left unmatched rather than swallowed by a merge (chosen on 001-012)
    """

    max_align: int = 8
    skip: float = -0.1
    margin: float = 0.3
    width: int = 8
    full_cells: int = 250_000
    len_ratio: float | None = None
    margin_k: int = 2
    len_weight: float = 0.5
    merge_bonus: float = 0.0
    mark_weight: float = 0.02
    member_weight: float = 0.5


def _length_factor(ls: np.ndarray, lt: np.ndarray) -> np.ndarray:
    short = np.minimum(ls, lt)
    long = np.maximum(np.maximum(ls, lt), 1e-9)
    return np.log2(1.0 + short / long)


def background_similarity(src: Windows, tgt: Windows, beads, samples: int = 200) -> float:
    """Mean cosine of a source segment and an unrelated target segment: the one half a document away from
    where the path `beads` maps it; measured on the document itself."""
    n, m = len(src.vecs), len(tgt.vecs)
    if n == 0 or m == 0:
        return 0.0
    where = np.zeros(n + 1, dtype=np.int64)
    for i0, i1, j0, _ in beads:
        where[i0 : i1 + 1] = np.maximum(where[i0 : i1 + 1], j0)
    starts = np.unique(np.linspace(0, n - 1, min(samples, n)).astype(np.int64))
    js = (where[starts] + m // 2) % m
    return float(np.einsum("kd,kd->k", src.vecs[starts], tgt.vecs[js]).mean())


def make_scorer(src: Windows, tgt: Windows, ratio: float, params: Params,
                src_margin: np.ndarray | None = None, tgt_margin: np.ndarray | None = None,
                background: float | None = None) -> ScoreFn:
    """Score function for banded_dp: cos(merged src, merged tgt) * length factor - margin."""

    use_margin = src_margin is not None and tgt_margin is not None and bool(params.margin)
    tcum = np.concatenate([[0.0], np.cumsum(tgt_margin)]) if use_margin else None

    use_marks = bool(params.mark_weight) and src.marks is not None and tgt.marks is not None
    row_cache: dict[tuple[int, int], tuple] = {}

    def score(a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        key = (a, i)
        if key not in row_cache:  # the source run is the same for every target run of this row
            if len(row_cache) > 64:
                row_cache.clear()
            start = np.array([i - a])
            sm_i = float(src_margin[i - a : i].mean()) if use_margin else 0.0
            mk = src.mark_counts(a, start)[0] if use_marks else None
            row_cache[key] = (src.get(a, start)[0], float(src.length(a, start)[0]), sm_i, mk)
        sv, ls, sm, smk = row_cache[key]
        tv = tgt.get(b, js - b)
        sim = tv @ sv
        if use_margin:
            tm = (tcum[js] - tcum[js - b]) / b
            sim = sim - params.margin * 0.5 * (sm + tm)
        lt = tgt.length(b, js - b) * ratio
        lf = _length_factor(np.full(len(js), ls), lt)
        if params.len_weight != 1.0:
            lf = lf**params.len_weight
        out = sim * lf
        if background is not None and params.member_weight:
            # a merged member no more similar to the other side than unrelated text is costs the shortfall
            short = np.zeros(len(js))
            if b > 1:
                j0 = int(js.min()) - b
                member_sims = tgt.vecs[j0 : int(js.max())] @ sv  # each target segment once, not once per run
                cols = js[:, None] - b + np.arange(b)[None, :] - j0
                short += np.maximum(0.0, background - member_sims[cols]).sum(axis=1)
            if a > 1:
                short += np.maximum(0.0, background - tv @ src.vecs[i - a : i].T).sum(axis=1)
            out = out - params.member_weight * short
        if use_marks:  # each mark found on one side of the bead and not the other costs mark_weight
            out = out - params.mark_weight * np.abs(tgt.mark_counts(b, js - b) - smk).sum(axis=1)
        return out + params.merge_bonus * (a + b - 2)

    return score


def anchor_path(src: Windows, tgt: Windows, ratio: float, params: Params) -> DPResult:
    """A rough path with 1-1, 1-2, 2-1 and skips, found coarse-to-fine so its cost stays linear."""
    n, m = len(src.vecs), len(tgt.vecs)
    moves = [(1, 0), (0, 1), (1, 1), (1, 2), (2, 1)]
    coarse_params = Params(max_align=3, skip=params.skip, width=params.width)
    scorer = make_scorer(src, tgt, ratio, coarse_params)
    if n * m <= params.full_cells or n < 4 or m < 4:
        lo, hi = full_band(n, m)
        return banded_dp(n, m, lo, hi, moves, scorer, params.skip)
    coarse = anchor_path(src.coarser(), tgt.coarser(), ratio, params)
    fine = [(2 * i0, min(2 * i1, n), 2 * j0, min(2 * j1, m)) for i0, i1, j0, j1 in coarse.beads]
    lo, hi = band_around(fine, n, m, params.width)
    result = banded_dp(n, m, lo, hi, moves, scorer, params.skip)
    result.cells += coarse.cells
    return result


def neighbour_margin(src: Windows, tgt: Windows, lo: np.ndarray, hi: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean of the k best 1-1 similarities of each segment inside the band: float64 (n,), (m,)."""
    n, m = len(src.vecs), len(tgt.vecs)
    src_m = np.zeros(n)
    tgt_top: list[list[float]] = [[] for _ in range(m)]
    for i in range(n):
        j0, j1 = int(lo[i]), int(min(hi[i + 1], m))
        if j1 <= j0:
            continue
        sims = tgt.vecs[j0:j1] @ src.vecs[i]
        top = np.sort(sims)[-k:]
        src_m[i] = top.mean()
        for j, s in zip(range(j0, j1), sims, strict=False):
            tgt_top[j].append(float(s))
    tgt_m = np.array([np.mean(sorted(t)[-k:]) if t else 0.0 for t in tgt_top])
    return src_m, tgt_m


def align_windows(src: Windows, tgt: Windows, params: Params | None = None) -> DPResult:
    """Align two segment lists given their vectors; beads (i0, i1, j0, j1) cover both sides in order."""
    params = params or Params()
    n, m = len(src.vecs), len(tgt.vecs)
    if n == 0 or m == 0:
        beads = [(i, i + 1, 0, 0) for i in range(n)] + [(0, 0, j, j + 1) for j in range(m)]
        return DPResult(beads, np.full(len(beads), params.skip), 0)
    if params.len_ratio is not None:
        ratio = params.len_ratio
    else:
        ratio = float(src.lens.sum()) / max(float(tgt.lens.sum()), 1e-9)
    anchors = anchor_path(src, tgt, ratio, params)
    lo, hi = band_around(anchors.beads, n, m, params.width)
    sm = tm = None
    if params.margin:
        sm, tm = neighbour_margin(src, tgt, lo, hi, params.margin_k)
    bg = background_similarity(src, tgt, anchors.beads) if params.member_weight else None
    scorer = make_scorer(src, tgt, ratio, params, sm, tm, bg)
    result = banded_dp(n, m, lo, hi, bead_types(params.max_align), scorer, params.skip)
    result.cells += anchors.cells
    return result
