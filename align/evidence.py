"""Evidence per segment beside its vector, for the aligner's scorer (align.dp): what a translation keeps.

- tokens: numbers and Latin-script words (names, acronyms, symbols such as A/70/L.5) that both documents
  hold somewhere, counted per segment in buckets shared by both sides; a bead whose two sides hold different
  ones pays for each one found on one side only (Params.token_weight). A number or word found in only one
  of the two documents says nothing and is not counted.
- state: whether a segment ends inside a quotation (a running count of opening and closing quotation marks,
  kept between 0 and 1); a bead whose one side ends inside a quotation and the other does not pays
  Params.state_weight.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections import Counter

import numpy as np

TOKEN_BUCKETS = 64

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-/.][A-Za-z0-9]+)*")


def _numbers(text: str) -> list[str]:
    """Digit groups with their thousands separators and a trailing decimal dot removed: '1,000' -> '1000'."""
    out = []
    for tok in _NUMBER.findall(text):
        tok = tok.rstrip(".,")
        if "," in tok and re.fullmatch(r"\d{1,3}(?:,\d{3})+", tok):
            tok = tok.replace(",", "")
        out.append(tok)
    return out


def segment_tokens(text: str, latin: bool) -> list[str]:
    """Numbers (and, with latin, Latin-script words of 2+ letters, case-folded) found in `text` (NFKC)."""
    text = unicodedata.normalize("NFKC", text)
    toks = ["#" + t for t in _numbers(text)]
    if latin:
        toks += [w.casefold() for w in _LATIN.findall(text) if len(w) >= 2]
    return toks


def _has_cjk(segments: list[str]) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for s in segments[:200] for c in s)


def token_counts(src: list[str], tgt: list[str], buckets: int = TOKEN_BUCKETS) -> tuple[np.ndarray, np.ndarray]:
    """float64 (n, c), (m, c): per segment, how many of the tokens both documents share it holds, in the
    c <= buckets hashed buckets that any shared token falls in (c = 0: no shared token).

    Latin words count only when one side is written in a CJK script (in two Latin-script documents they
    are the text itself, not evidence)."""
    latin = _has_cjk(src) != _has_cjk(tgt)
    s_toks = [segment_tokens(s, latin) for s in src]
    t_toks = [segment_tokens(t, latin) for t in tgt]
    shared = {t for ts in s_toks for t in ts} & {t for ts in t_toks for t in ts}
    out = []
    for toks in (s_toks, t_toks):
        mat = np.zeros((len(toks), buckets))
        for i, ts in enumerate(toks):
            for t in ts:
                if t in shared:
                    mat[i, zlib.crc32(t.encode("utf-8")) % buckets] += 1
        out.append(mat)
    used = out[0].any(axis=0) | out[1].any(axis=0)  # only the buckets some token fell in: less work per bead
    return out[0][:, used], out[1][:, used]


def _quote_moves(text: str) -> list[int]:
    """+1 for every opening and -1 for every closing quotation mark, in order; straight quotes and ’ are read
    from their neighbours (an apostrophe inside a word, as in don't, is not a quotation mark)."""
    moves = []
    for i, c in enumerate(text):
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if c in "“「『":
            moves.append(1)
        elif c in "”」』":
            moves.append(-1)
        elif c in "'’‘\"":
            if before.isalnum() and after.isalnum():
                continue  # an apostrophe: don't, Bao-yu's
            if c == "‘":
                moves.append(1)
            elif before.isspace() or before in "([{—–-" or i == 0:
                moves.append(1)
            else:
                moves.append(-1)
    return moves


def quote_state(segments: list[str]) -> np.ndarray:
    """float64 (n,): 1.0 where the text is inside a quotation after segment i (depth kept within 0..1)."""
    depth = 0
    out = np.zeros(len(segments))
    for i, s in enumerate(segments):
        for mv in _quote_moves(s):
            depth = min(1, max(0, depth + mv))
        out[i] = depth
    return out



# ---------------------------------------------------------------- names learned from the document itself

_CAP = re.compile(r"\b[A-Z][a-z]+(?:-[a-z]+)?\b")
_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _en_names(en: list[str]) -> list[set[str]]:
    """Per segment, the capitalised words that the document never writes in lower case (names, not He/The)."""
    lower = {w for s in en for w in re.findall(r"\b[a-z][a-z-]*\b", s)}
    return [{w for w in _CAP.findall(s) if w.lower() not in lower} for s in en]


def _zh_grams(text: str, sizes=(2, 3)) -> set[str]:
    out = set()
    for run in _HAN.findall(text):
        for k in sizes:
            out.update(run[i : i + k] for i in range(len(run) - k + 1))
    return out


def learned_names(zh: list[str], en: list[str], beads, *, min_pairs: int = 2, min_dice: float = 0.7,
                  buckets: int = TOKEN_BUCKETS) -> tuple[np.ndarray, np.ndarray]:
    """float64 (n, c), (m, c): names the document pair itself links, per segment in hashed buckets.

    beads: a first alignment (i0, i1, j0, j1). An English name (a capitalised word never in lower case) is
    linked to the Chinese run of 2-3 characters that shares the most beads with it by Dice's coefficient
    (2 * beads with both / (beads with the run + beads with the name)), when they meet in at least min_pairs
    beads and the coefficient is at least min_dice: 小红 / Crimson, 袭人 / Aroma, 汪淼 / Wang. Then each
    segment counts 1 for every linked name (or its Chinese run) it holds."""
    names = _en_names(en)
    empty = np.zeros((len(zh), 0)), np.zeros((len(en), 0))
    if not any(names):
        return empty
    grams = [_zh_grams(s) for s in zh]
    n_name: Counter = Counter()
    n_gram: Counter = Counter()
    both: Counter = Counter()
    for i0, i1, j0, j1 in beads:
        if i1 <= i0 or j1 <= j0:
            continue
        gs = grams[i0] if i1 == i0 + 1 else set().union(*grams[i0:i1])
        n_gram.update(gs)
        ns = set().union(*names[j0:j1])
        if ns:
            n_name.update(ns)
            both.update((name, g) for name in ns for g in gs)
    best: dict[str, tuple[float, int, int, str]] = {}
    for (name, g), c in both.items():
        if c < min_pairs:
            continue
        dice = 2 * c / (n_gram[g] + n_name[name])
        # ties go to more beads, then the longer run, then the larger in code-point order: the same links
        # whatever order the (hash-ordered) sets were counted in
        key = (dice, c, len(g), g)
        if dice >= min_dice and key > best.get(name, (0.0, 0, 0, "")):
            best[name] = key
    if not best:
        return empty
    name_col = {name: zlib.crc32(("@" + name).encode("utf-8")) % buckets for name in best}
    gram_cols: dict[str, list[int]] = {}
    for name, (_, _, _, g) in best.items():
        gram_cols.setdefault(g, []).append(name_col[name])
    zs, es = np.zeros((len(zh), buckets)), np.zeros((len(en), buckets))
    for i, gs in enumerate(grams):
        for g in gs & gram_cols.keys():
            for col in gram_cols[g]:
                zs[i, col] += 1
    for j, ns in enumerate(names):
        for name in ns & name_col.keys():
            es[j, name_col[name]] += 1
    used = zs.any(axis=0) | es.any(axis=0)
    return zs[:, used], es[:, used]
