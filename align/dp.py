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
    partial: optional {k: (index int64 (n-k+1,), float32 (c, d))}: exact embeddings of some runs of k
           segments only (index -1: none, use the sum), as embedded where the band needs them.
    """

    vecs: np.ndarray
    lens: np.ndarray
    exact: dict[int, np.ndarray] = field(default_factory=dict)
    mix: float = 1.0  # weight of the exact embedding against the sum of members, when both exist
    marks: np.ndarray | None = None  # optional float (n, c): counts of c kinds of marks (?, !, quotes...)
    partial: dict[int, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    tokens: np.ndarray | None = None  # optional float (n, c): counts of tokens that must agree (numbers, Latin
    #                                   words), hashed into c buckets shared by both sides (align.evidence)
    state: np.ndarray | None = None  # optional float (n,): 1.0 where the segment ends inside a quotation

    def __post_init__(self):
        self._cum_len = np.concatenate([[0.0], np.cumsum(self.lens, dtype=np.float64)])
        self._cum_marks = (None if self.marks is None else
                           np.vstack([np.zeros((1, self.marks.shape[1])), np.cumsum(self.marks, axis=0, dtype=np.float64)]))
        self._cum_tokens = (None if self.tokens is None else
                            np.vstack([np.zeros((1, self.tokens.shape[1])), np.cumsum(self.tokens, axis=0, dtype=np.float64)]))

    def has_exact(self, k: int) -> bool:
        return k in self.exact or k in self.partial

    def summed(self, k: int, starts: np.ndarray) -> np.ndarray:
        """float32 (len(starts), d): normalised sums of the member vectors of the runs [s, s+k)."""
        starts = np.asarray(starts, dtype=np.int64)
        acc = np.zeros((len(starts), self.vecs.shape[1]), dtype=np.float64)
        for u in range(k):
            acc += self.vecs[starts + u]
        norms = np.linalg.norm(acc, axis=1, keepdims=True)
        return (acc / np.where(norms == 0, 1, norms)).astype(np.float32)

    def get(self, k: int, starts: np.ndarray) -> np.ndarray:
        """float32 (len(starts), d): unit vectors of the runs [s, s+k)."""
        starts = np.asarray(starts, dtype=np.int64)
        if k == 1:
            return self.vecs[starts]
        if not self.has_exact(k):
            return self.summed(k, starts)
        summed = self.summed(k, starts)
        if k in self.exact:
            ex, have = self.exact[k][starts], np.ones(len(starts), dtype=bool)
        else:
            index, vecs = self.partial[k]
            have = index[starts] >= 0
            ex = np.where(have[:, None], vecs[np.maximum(index[starts], 0)], summed) if len(vecs) else summed
        if self.mix < 1.0:
            ex = normalise(self.mix * ex + (1 - self.mix) * summed)
        return np.where(have[:, None], ex, summed)

    def exact_runs(self, k: int, s0: int, s1: int) -> np.ndarray:
        """float32 (s1 - s0, d): the exact embeddings of the runs [s, s + k), s0 <= s < s1 (zero where none)."""
        if k in self.exact:
            return self.exact[k][s0:s1]
        index, vecs = self.partial[k]
        idx = index[s0:s1]
        if not len(vecs):
            return np.zeros((len(idx), self.vecs.shape[1]), dtype=np.float32)
        return np.where((idx >= 0)[:, None], vecs[np.maximum(idx, 0)], 0).astype(np.float32)

    def exact_mask(self, k: int, s0: int, s1: int) -> np.ndarray:
        """bool (s1 - s0,): which runs [s, s + k) have an exact embedding."""
        if k in self.exact:
            return np.ones(max(0, s1 - s0), dtype=bool)
        return self.partial[k][0][s0:s1] >= 0

    def length(self, k: int, starts: np.ndarray) -> np.ndarray:
        starts = np.asarray(starts, dtype=np.int64)
        return self._cum_len[starts + k] - self._cum_len[starts]

    def mark_counts(self, k: int, starts: np.ndarray) -> np.ndarray | None:
        """float64 (len(starts), c): mark counts of the runs [s, s+k), or None without marks."""
        if self._cum_marks is None:
            return None
        starts = np.asarray(starts, dtype=np.int64)
        return self._cum_marks[starts + k] - self._cum_marks[starts]

    def add_tokens(self, extra: np.ndarray) -> None:
        """Append columns (n, c) to `tokens` (learned after a first pass: align.evidence.learned_names)."""
        self.tokens = extra if self.tokens is None else np.hstack([self.tokens, extra])
        self._cum_tokens = np.vstack([np.zeros((1, self.tokens.shape[1])), np.cumsum(self.tokens, axis=0, dtype=np.float64)])

    def token_counts(self, k: int, starts: np.ndarray) -> np.ndarray | None:
        """float64 (len(starts), c): hashed token counts of the runs [s, s+k), or None without tokens."""
        if self._cum_tokens is None:
            return None
        starts = np.asarray(starts, dtype=np.int64)
        return self._cum_tokens[starts + k] - self._cum_tokens[starts]

    def end_state(self, ends: np.ndarray) -> np.ndarray | None:
        """float64 (ends.shape): the state after segment end - 1 (0 before the first), or None without states."""
        if self.state is None:
            return None
        ends = np.asarray(ends, dtype=np.int64)
        return np.where(ends > 0, self.state[np.clip(ends - 1, 0, max(0, len(self.state) - 1))], 0.0)

    def coarser(self) -> Windows:
        """Half the resolution: segment pairs (2i, 2i+1) averaged; an odd last segment stays alone."""
        n = len(self.vecs)
        ends = np.minimum(np.arange(2, n + 2, 2), n)
        starts = np.arange(0, n, 2)
        pairs = self.vecs[0::2].astype(np.float64)
        pairs[: n // 2] += self.vecs[1::2]
        return Windows(normalise(pairs), self._cum_len[ends] - self._cum_len[starts])


@dataclass
class Params:
    """Tuning knobs (defaults chosen on MAC-Test texts; see BENCHMARKS.md).

    max_align:  largest bead, counted in segments on both sides (a + b)
    skip:       score of a 1-0 / 0-1 bead
    margin:     weight of the neighbourhood margin subtracted from each bead's similarity
    margin_k:   the margin is the mean of each segment's margin_k best 1-1 similarities in the band
    width:      half-width of the band around the coarse path, in segments
    full_cells: sizes n * m at or below which the anchor pass searches every node (no recursion); above,
                it recurses on halved sides. 30,000 (was 250,000): the same beads on all 24 MAC-Test texts
                (strict F1 0.9158 either way) for 21 % less CPU (warm bench 13.7 -> 10.8 s)
    len_ratio:  expected target/source length ratio in characters; None = measured on the document
    len_weight: exponent of the length-agreement factor (0 ignores lengths)
    merge_bonus: added per extra segment in a bead (negative: merges must earn their place)
    mark_weight: subtracted per mark (?, !, quotation mark) found on one side of a bead and not the other;
                 the mismatch of a merged bead is never more than that of its parts, so it never discourages
                 a merge that puts a question or a quotation back together (chosen on MAC-Test 001-012)
    member_weight: in a merged bead, each member less similar to the other side than unrelated text of the
                 same document is (background_similarity) costs this times the shortfall, so an unrelated
                 sentence or paragraph is left unmatched rather than swallowed by a merge (chosen on 001-012)
    token_weight: subtracted per number or Latin-script word (of those both documents hold, Windows.tokens)
                 found on one side of a bead and not the other; like marks, a merge that brings a number's two
                 sides together is never discouraged (set a priori: MAC-Test's literary texts hold almost none)
    state_weight: subtracted when one side of a bead ends inside a quotation and the other does not
                 (Windows.state; chosen on MAC-Test 001-012: 0.02 0.9038, 0.04 and 0.05 0.9069, 0.065 0.9055)
    """

    max_align: int = 8
    skip: float = -0.1
    margin: float = 0.3
    width: int = 8
    full_cells: int = 30_000
    len_ratio: float | None = None
    margin_k: int = 2
    len_weight: float = 0.5
    merge_bonus: float = 0.0
    mark_weight: float = 0.02
    member_weight: float = 0.5
    token_weight: float = 0.05
    state_weight: float = 0.05
    name_weight: float = 0.04


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
    use_tokens = bool(params.token_weight) and src.tokens is not None and tgt.tokens is not None
    use_state = bool(params.state_weight) and src.state is not None and tgt.state is not None
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
        if use_tokens:  # each number or Latin word found on one side of the bead and not the other
            stk = src.token_counts(a, np.array([i - a]))[0]
            out = out - params.token_weight * np.abs(tgt.token_counts(b, js - b) - stk).sum(axis=1)
        if use_state:  # one side ends inside a quotation and the other does not
            out = out - params.state_weight * np.abs(tgt.end_state(js) - src.end_state(np.array([i]))[0])
        return out + params.merge_bonus * (a + b - 2)

    return score


# ---------------------------------------------------------------- the vectorised DP (the one align_windows runs)
#
# Same model as make_scorer + banded_dp, computed a block of rows at a time: for every bead type the scores of
# all band cells of the block come from a few batched matrix products (target runs gathered once per target
# run length, all source run lengths at once), then the recursion walks the rows with one gather and one
# argmax per row over all bead types. Work and memory: (n + m) * band width * bead types, in blocks.

_BLOCK_FLOATS = 8_000_000  # floats of gathered target vectors per block (32 MB as float32)


def _run_vectors(win: Windows, k: int, s0: int, s1: int) -> np.ndarray:
    """float32 (s1 - s0, d): unit vectors of the runs [s, s + k) for s0 <= s < s1; zero rows where the run does
    not fit in the document. Exact embeddings where `win.exact` has them, else the normalised sum."""
    n, d = win.vecs.shape
    out = np.zeros((max(0, s1 - s0), d), dtype=np.float32)
    a, b = max(s0, 0), min(s1, n - k + 1)
    if b <= a:
        return out
    if k == 1:
        out[a - s0 : b - s0] = win.vecs[a:b]
        return out
    if not win.has_exact(k):
        out[a - s0 : b - s0] = win.summed(k, np.arange(a, b))
        return out
    summed = win.summed(k, np.arange(a, b))
    ex = win.exact_runs(k, a, b)
    if win.mix < 1.0:
        ex = normalise(win.mix * ex + (1 - win.mix) * summed)
    out[a - s0 : b - s0] = np.where(win.exact_mask(k, a, b)[:, None], ex, summed)
    return out


def fast_banded_dp(src: Windows, tgt: Windows, lo: np.ndarray, hi: np.ndarray, moves: Sequence[Move],
                   ratio: float, params: Params, src_margin: np.ndarray | None = None,
                   tgt_margin: np.ndarray | None = None, background: float | None = None) -> DPResult:
    """banded_dp(n, m, lo, hi, moves, make_scorer(src, tgt, ratio, params, ...), params.skip), vectorised."""
    n, m = len(src.vecs), len(tgt.vecs)
    d = src.vecs.shape[1]
    lo = np.asarray(lo, dtype=np.int64)
    hi = np.asarray(hi, dtype=np.int64)
    skip = params.skip
    W = int((hi - lo).max()) + 1
    main = [(a, b) for a, b in moves if a >= 1]
    K = len(main)
    A = np.array([a for a, _ in main], dtype=np.int64)
    B = np.array([b for _, b in main], dtype=np.int64)
    amax = int(A.max()) if K else 1
    bmax = max(1, int(B.max()) if K else 1)
    use_margin = src_margin is not None and tgt_margin is not None and bool(params.margin)
    use_member = background is not None and bool(params.member_weight)
    use_marks = bool(params.mark_weight) and src.marks is not None and tgt.marks is not None
    use_tokens = bool(params.token_weight) and src.tokens is not None and tgt.tokens is not None
    use_state = bool(params.state_weight) and src.state is not None and tgt.state is not None
    scum = np.concatenate([[0.0], np.cumsum(src_margin)]) if use_margin else None
    tcum = np.concatenate([[0.0], np.cumsum(tgt_margin)]) if use_margin else None
    chain = (0, 1) in moves
    chain_k = list(moves).index((0, 1)) if chain else -1
    move_index = np.array([list(moves).index(mv) for mv in main], dtype=np.int16)

    best = np.full((n + 1) * W, -np.inf)
    back = np.full((n + 1, W), -1, dtype=np.int16)
    best[0 * W + 0 - lo[0]] = 0.0
    cells = 0
    width = hi - lo + 1
    w_idx = np.arange(W)
    block = max(1, _BLOCK_FLOATS // ((W + bmax) * d * 2))
    tmat = np.arange(W + 1)
    for r0 in range(0, n + 1, block):
        r1 = min(n + 1, r0 + block)
        rows = np.arange(r0, r1)
        R = len(rows)
        js = lo[rows, None] + w_idx[None, :]  # (R, W) target node of every band cell
        in_band = w_idx[None, :] < width[rows, None]
        score = np.full((R, K, W), -np.inf)
        flat = np.zeros((R, K, W), dtype=np.int64)
        if K:
            # source runs [i - a, i) for every row and run length a: (R, d, amax)
            S = np.zeros((R, d, amax), dtype=np.float32)
            for a in range(1, amax + 1):
                S[:, :, a - 1] = _run_vectors(src, a, r0 - a, r1 - a)
            # single source segments i-1, i-2, ... (members of a merged source run): (R, d, amax)
            SV = np.zeros((R, d, amax), dtype=np.float32)
            for u in range(1, amax + 1):
                SV[:, :, u - 1] = _run_vectors(src, 1, r0 - u, r1 - u)
            t0 = int(lo[r0]) - bmax
            t1 = int(hi[r1 - 1])
            if use_member:  # each source run against every single target segment of the row: (R, W + bmax, amax)
                tv1 = _run_vectors(tgt, 1, t0, t1 + 1)
                gidx = np.clip(lo[rows, None] - bmax + np.arange(W + bmax)[None, :] - t0, 0, len(tv1) - 1)
                X = np.matmul(tv1[gidx], S)
                Q = np.maximum(0.0, background - X.astype(np.float64))
                CQ = np.concatenate([np.zeros((R, 1, amax)), np.cumsum(Q, axis=1)], axis=1)
            for b in sorted(set(B.tolist())):
                ks = np.nonzero(B == b)[0]
                starts = js - b
                if b > m:
                    continue
                if b:
                    # only the source runs this b meets (a <= amax_b) and their single members
                    amax_b = int(A[ks].max())
                    cols = np.concatenate([S[:, :, :amax_b], SV[:, :, 1:amax_b]], axis=2) if amax_b > 1 else S[:, :, :1]
                    tv = _run_vectors(tgt, b, t0, t1)
                    gidx = np.clip(starts - t0, 0, len(tv) - 1)
                    prod = np.matmul(tv[gidx], cols).astype(np.float64)  # (R, W, amax_b + amax_b - 1)
                    if use_marks:
                        tmk = tgt.mark_counts(b, np.clip(starts, 0, m - b))  # (R, W, c)
                    if use_tokens:
                        ttk = tgt.token_counts(b, np.clip(starts, 0, m - b))  # (R, W, c)
                    if use_state:
                        tst = tgt.end_state(np.clip(js, 0, m))  # (R, W)
                    lt = tgt.length(b, np.clip(starts, 0, m - b)) * ratio
                    if use_margin:
                        tm = (tcum[np.clip(js, 0, m)] - tcum[np.clip(starts, 0, m)]) / b
                for k in ks:
                    a = int(A[k])
                    if a > n or b > m:
                        continue
                    p = rows - a
                    ok = in_band & (p[:, None] >= 0) & (starts >= 0) & (js <= m)
                    pc = np.clip(p, 0, n)
                    prev_col = starts - lo[pc][:, None]
                    ok &= (prev_col >= 0) & (prev_col <= (hi[pc] - lo[pc])[:, None])
                    flat[:, k, :] = np.where(ok, pc[:, None] * W + np.clip(prev_col, 0, W - 1), 0)
                    if b == 0:
                        sc = np.full((R, W), skip)
                    else:
                        sim = prod[:, :, a - 1]
                        if use_margin:
                            sm = (scum[rows] - scum[pc]) / a
                            sim = sim - params.margin * 0.5 * (sm[:, None] + tm)
                        ls = src.length(a, np.minimum(pc, n - a))
                        lf = _length_factor(np.broadcast_to(ls[:, None], lt.shape), lt)
                        if params.len_weight != 1.0:
                            lf = lf**params.len_weight
                        sc = sim * lf
                        if use_member:
                            short = np.zeros((R, W))
                            if b > 1:
                                hiu = w_idx + bmax
                                short += CQ[:, hiu, a - 1] - CQ[:, hiu - b, a - 1]
                            if a > 1:
                                member = prod[:, :, [0] + list(range(amax_b, amax_b + a - 1))]
                                short += np.maximum(0.0, background - member).sum(axis=2)
                            sc = sc - params.member_weight * short
                        if use_marks:
                            smk = src.mark_counts(a, np.minimum(pc, n - a))
                            sc = sc - params.mark_weight * np.abs(tmk - smk[:, None, :]).sum(axis=2)
                        if use_tokens:
                            stk = src.token_counts(a, np.minimum(pc, n - a))
                            sc = sc - params.token_weight * np.abs(ttk - stk[:, None, :]).sum(axis=2)
                        if use_state:
                            sc = sc - params.state_weight * np.abs(tst - src.end_state(np.minimum(rows, n))[:, None])
                        sc = sc + params.merge_bonus * (a + b - 2)
                    score[:, k, :] = np.where(ok, sc, -np.inf)
        for r in range(R):
            i = r0 + r
            if K:
                cand = best[flat[r]] + score[r]
                kb = np.argmax(cand, axis=0)
                row = cand[kb, w_idx]
                live = np.isfinite(row)
                cells += int(np.isfinite(cand).sum())
                brow = np.where(live, move_index[kb], -1).astype(np.int16)
                if i == 0:
                    row[0], brow[0] = 0.0, -1
            else:
                row = np.full(W, -np.inf)
                brow = np.full(W, -1, dtype=np.int16)
                if i == 0:
                    row[0] = 0.0
            if chain:
                L = int(width[i])
                cells += L
                t = tmat[:L]
                seg = row[:L]
                chained = np.maximum.accumulate(seg - t * skip) + t * skip
                better = chained > seg + 1e-12
                seg[better] = chained[better]
                brow[:L][better] = chain_k
            best[i * W : (i + 1) * W] = row
            back[i] = brow
    best2 = best.reshape(n + 1, W)
    if not np.isfinite(best2[n, m - lo[n]]):
        raise ValueError("no path through the band")
    beads, scores = [], []
    i, j = n, m
    while i > 0 or j > 0:
        k = back[i, j - lo[i]]
        a, b = moves[k]
        beads.append((i - a, i, j - b, j))
        scores.append(best2[i, j - lo[i]] - best2[i - a, j - b - lo[i - a]])
        i, j = i - a, j - b
    beads.reverse()
    scores.reverse()
    return DPResult(beads, np.asarray(scores, dtype=np.float64), cells, float(best2[n, m - lo[n]]))


def _dp(src: Windows, tgt: Windows, lo, hi, moves, ratio: float, params: Params, reference: bool,
        sm=None, tm=None, bg=None) -> DPResult:
    if reference:
        scorer = make_scorer(src, tgt, ratio, params, sm, tm, bg)
        return banded_dp(len(src.vecs), len(tgt.vecs), lo, hi, moves, scorer, params.skip)
    return fast_banded_dp(src, tgt, lo, hi, moves, ratio, params, sm, tm, bg)


def anchor_path(src: Windows, tgt: Windows, ratio: float, params: Params, reference: bool = False) -> DPResult:
    """A rough path with 1-1, 1-2, 2-1 and skips, found coarse-to-fine so its cost stays linear."""
    n, m = len(src.vecs), len(tgt.vecs)
    moves = [(1, 0), (0, 1), (1, 1), (1, 2), (2, 1)]
    coarse_params = Params(max_align=3, skip=params.skip, width=params.width)
    if n * m <= params.full_cells or n < 4 or m < 4:
        lo, hi = full_band(n, m)
        return _dp(src, tgt, lo, hi, moves, ratio, coarse_params, reference)
    coarse = anchor_path(src.coarser(), tgt.coarser(), ratio, params, reference)
    fine = [(2 * i0, min(2 * i1, n), 2 * j0, min(2 * j1, m)) for i0, i1, j0, j1 in coarse.beads]
    lo, hi = band_around(fine, n, m, params.width)
    result = _dp(src, tgt, lo, hi, moves, ratio, coarse_params, reference)
    result.cells += coarse.cells
    return result


def neighbour_margin(src: Windows, tgt: Windows, lo: np.ndarray, hi: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean of the k best 1-1 similarities of each segment inside the band: float64 (n,), (m,).

    Source segment i meets the target segments lo[i] <= j < hi[i + 1] (the 1-1 beads through its row)."""
    n, m = len(src.vecs), len(tgt.vecs)
    j0 = lo[:n].astype(np.int64)
    j1 = np.minimum(hi[1 : n + 1], m).astype(np.int64)
    count = np.maximum(j1 - j0, 0)
    width = int(count.max()) if n else 0
    src_m, tgt_m = np.zeros(n), np.zeros(m)
    if width == 0:
        return src_m, tgt_m
    cols = j0[:, None] + np.arange(width)[None, :]
    valid = np.arange(width)[None, :] < count[:, None]
    sims = np.full((n, width), -np.inf, dtype=np.float32)
    step = max(1, 4_000_000 // (width * src.vecs.shape[1]))
    for r0 in range(0, n, step):
        r1 = min(n, r0 + step)
        g = tgt.vecs[np.clip(cols[r0:r1], 0, m - 1)]
        sims[r0:r1] = np.where(valid[r0:r1], np.einsum("rwd,rd->rw", g, src.vecs[r0:r1]), -np.inf)
    top = -np.sort(-sims, axis=1)[:, :k]  # the k best of every row, -inf where the row has fewer
    kept = np.isfinite(top)
    has = kept.any(axis=1)
    src_m[has] = np.where(kept, top, 0).sum(axis=1)[has] / kept.sum(axis=1)[has]
    # each target segment: the k best among the rows that meet it
    js, vals = cols[valid], sims[valid].astype(np.float64)
    order = np.lexsort((-vals, js))
    js, vals = js[order], vals[order]
    first = np.searchsorted(js, js, side="left")
    rank = np.arange(len(js)) - first
    keep = rank < k
    tot = np.bincount(js[keep], weights=vals[keep], minlength=m)
    num = np.bincount(js[keep], minlength=m)
    tgt_m[num > 0] = tot[num > 0] / num[num > 0]
    return src_m, tgt_m


def align_windows(src: Windows, tgt: Windows, params: Params | None = None, *, reference: bool = False,
                  anchors: Sequence[tuple[int, int, int, int]] | None = None) -> DPResult:
    """Align two segment lists given their vectors; beads (i0, i1, j0, j1) cover both sides in order.

    reference=True runs the row-by-row DP with a score callback (banded_dp + make_scorer), the plain
    statement of the model; the default computes the same scores a block of rows at a time.
    anchors: a path already found (an earlier pass's beads) to put the band around, instead of searching
    for a rough one (anchor_path)."""
    params = params or Params()
    n, m = len(src.vecs), len(tgt.vecs)
    if n == 0 or m == 0:
        beads = [(i, i + 1, 0, 0) for i in range(n)] + [(0, 0, j, j + 1) for j in range(m)]
        return DPResult(beads, np.full(len(beads), params.skip), 0)
    if params.len_ratio is not None:
        ratio = params.len_ratio
    else:
        ratio = float(src.lens.sum()) / max(float(tgt.lens.sum()), 1e-9)
    if anchors is not None:
        found = DPResult(list(anchors), np.zeros(len(anchors)), 0)
    else:
        found = anchor_path(src, tgt, ratio, params, reference)
    lo, hi = band_around(found.beads, n, m, params.width)
    sm = tm = None
    if params.margin:
        sm, tm = neighbour_margin(src, tgt, lo, hi, params.margin_k)
    bg = background_similarity(src, tgt, found.beads) if params.member_weight else None
    result = _dp(src, tgt, lo, hi, bead_types(params.max_align), ratio, params, reference, sm, tm, bg)
    result.cells += found.cells
    return result
