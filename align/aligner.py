"""Align two lists of segments (sentences or paragraphs) with an embedder: the glue between embed and dp."""

from __future__ import annotations

import numpy as np

from align.dp import Params, Windows, align_windows
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


def align_segments(src: list[str], tgt: list[str], embedder, *, max_align: int = DEFAULT_MAX_ALIGN,
                   src_lang: str = "zh", tgt_lang: str = "en", params: Params | None = None,
                   exact_windows: int | tuple[int, int] | None = None) -> list[Bead]:
    """Align `src` with `tgt` monotonically; return beads covering every segment of both sides once, in order.

    embedder: anything with encode(list[str]) -> float32 (n, dim) unit rows.
    max_align: largest bead counted in segments on both sides (8 allows 1-7, 2-6, ... 7-1).
    exact_windows: embed the joined text of runs up to this many segments, one number or (source, target);
      None = by language (zh 3, en 6). Longer runs use the normalised sum of their members' vectors (no
      extra encoding); 1 encodes only the segments, 4 to 5 times fewer strings, and on MAC-Test loses
      about 0.04 strict F1.
    Unmatched segments get a bead with an empty other side and score 0.0; matched beads score the cosine
    similarity of their two merged sides, clipped to [0, 1].
    """
    src, tgt = list(src), list(tgt)
    params = params or Params()
    params = Params(**{**params.__dict__, "max_align": max_align})
    n, m = len(src), len(tgt)
    if n == 0 and m == 0:
        return []
    texts = src + tgt
    vecs = embedder.encode(texts) if texts else None
    sv, tv = vecs[:n], vecs[n:]
    s_win = Windows(sv, _lengths(src, src_lang), marks=mark_counts(src))
    t_win = Windows(tv, _lengths(tgt, tgt_lang), marks=mark_counts(tgt))
    if exact_windows is None:
        ks = (EXACT_WINDOWS.get(src_lang, DEFAULT_EXACT_WINDOWS), EXACT_WINDOWS.get(tgt_lang, DEFAULT_EXACT_WINDOWS))
    elif isinstance(exact_windows, tuple):
        ks = exact_windows
    else:
        ks = (exact_windows, exact_windows)
    if n and m:
        for side, segs, lang, kmax in ((s_win, src, src_lang, ks[0]), (t_win, tgt, tgt_lang, ks[1])):
            joiner = _JOIN.get(lang, " ")
            for k in range(2, min(kmax, max_align - 1, len(segs)) + 1):
                side.exact[k] = embedder.encode([joiner.join(segs[i : i + k]) for i in range(len(segs) - k + 1)])
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
