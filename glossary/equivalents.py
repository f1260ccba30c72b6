"""English equivalents of Chinese terms, found in aligned pairs.

    find_equivalents(["陈清扬", "不扩散"], pairs)  # -> {"陈清扬": [Equivalent("Chen Qingyang", "pairs", 0.93, ...)]}

Candidates are English n-grams shaped like noun phrases: 1-6 words, no punctuation inside, no stop word at
either end, not only digits. Each is scored by how its pairs overlap with the pairs whose Chinese holds the
term: the Dice coefficient 2·|both| / (|term| + |n-gram|), kept only where the log-likelihood ratio (G²)
says the overlap is not chance (and the two were seen together at least twice, unless the term itself is
that rare). With an embedder, the best candidates are rescored with the cosine similarity of the term and
the n-gram (a multilingual model such as use-m3 puts 裁军 near "disarmament": 0.6, 云南/"Yunnan" 0.7,
but 云南/"file" 0.17); an n-gram below MIN_SIMILARITY is dropped. Each equivalent keeps its
evidence: pair ids with a short zh and en context.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from core.records import AlignedPair, Equivalent, Evidence

MAX_WORDS = 8
MIN_SCORE = 0.1
MIN_SIMILARITY = 0.4  # with an embedder: below this cosine a co-occurring n-gram is not a translation
# Calibrated on the even lines of the UNPC v1.0 dev pairs (glossalign bench terms): the lowest confidence at
# which proposals scored against the base glossary were right at least 92 % of the time there (0.927 at
# 0.70, 41 scored); held out on the odd lines: 0.925 (40 scored). Below it a term gets no English.
PROPOSE_THRESHOLD = 0.7
MIN_G2 = 3.84  # chi-square, 1 degree of freedom, p < 0.05
STOP_WORDS = frozenset(
    """a an the and or but nor of in on at to for from by with without as into onto upon over under about
    above below between among through during before after against within this that these those its it it's
    is are was were be been being has have had do does did will would shall should may might can could must
    not no so than then there their they them he she his her him we our us you your i me my mine what which
    who whom whose when where why how all any each every some such also only very more most other own same
    too just if while because until both either neither whether one's'""".split()
)
# stop words that may sit inside a noun phrase ("weapons of mass destruction", "Treaty on the ...");
# any other stop word inside ("bodies shall be carried out") makes the n-gram a clause, not a term
INNER_WORDS = frozenset("of and the a an on in for to against from by with".split())
_WORD = re.compile(r"[A-Za-z](?:\.[A-Za-z])+\.?|[A-Za-z0-9][A-Za-z0-9'’\-]*")
_CHUNK = re.compile(r"(?:[^,.;:!?()\[\]{}\"“”‘/\n]|\.(?=\S))+")


def _clean(word: str) -> str:
    """The word without edge quotes and a possessive 's (so "Shanghai's" counts as "Shanghai")."""
    if "." in word:
        return word
    word = word.strip("'’-")
    return word[:-2] if len(word) > 2 and word[-2:] in ("'s", "’s") else word


def _strip(text: str) -> str:
    return re.sub(r"\s+", "", text)


def candidate_ngrams(en: str) -> list[tuple[str, tuple[int, int]]]:
    """(n-gram as written, character span) for every noun-phrase-shaped n-gram of `en`."""
    out = []
    for chunk in _CHUNK.finditer(en):
        words = [(_clean(m.group()), m.start() + chunk.start()) for m in _WORD.finditer(chunk.group())]
        words = [w for w in words if w[0]]
        for i in range(len(words)):
            if words[i][0].lower() in STOP_WORDS:
                continue
            for j in range(i, min(i + MAX_WORDS, len(words))):
                if j > i and words[j - 1][0].lower() in STOP_WORDS - INNER_WORDS:
                    break  # every longer n-gram from i holds this word too
                if words[j][0].lower() in STOP_WORDS:
                    continue
                gram = words[i : j + 1]
                if all(w[0].isdigit() for w in gram):
                    continue
                text = " ".join(w[0] for w in gram)
                out.append((text, (gram[0][1], gram[-1][1] + len(gram[-1][0]))))
    return out


def _key(ngram: str) -> str:
    return ngram.lower()


def _g2(k11: int, k12: int, k21: int, k22: int) -> float:
    """Dunning's log-likelihood ratio of a 2x2 contingency table."""

    def h(*ks: int) -> float:
        n = sum(ks)
        return sum(k * math.log(k / n) for k in ks if k > 0)

    return 2 * (h(k11, k12, k21, k22) - h(k11 + k12, k21 + k22) - h(k11 + k21, k12 + k22))


def _snippet(text: str, start: int, end: int, width: int) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    return ("…" if a > 0 else "") + text[a:b].strip() + ("…" if b < len(text) else "")


def _evidence(term: str, pair: AlignedPair, ngram: str) -> Evidence:
    zh = pair.zh
    i = zh.find(term)
    zh_ctx = _snippet(zh, i, i + len(term), 12) if i >= 0 else _snippet(zh, 0, 0, 24)
    m = re.search(re.escape(ngram).replace(r"\ ", r"\s+"), pair.en, re.IGNORECASE)
    en_ctx = _snippet(pair.en, m.start(), m.end(), 30) if m else _snippet(pair.en, 0, 0, 60)
    return Evidence(pair=str(pair.id), zh=zh_ctx, en=en_ctx, doc=pair.zh_file or "")


def _overlaps(a: str, b: str) -> bool:
    a, b = f" {a.lower()} ", f" {b.lower()} "
    return a in b or b in a


def find_equivalents(
    terms: list[str], pairs: Sequence[AlignedPair], *, embedder=None, top: int = 3, evidence: int = 3
) -> dict[str, list[Equivalent]]:
    """term → up to `top` English equivalents (source "pairs"), best first; terms without any are left out."""
    usable = [p for p in pairs if p.zh.strip() and p.en.strip()]
    n = len(usable)
    if not terms or n == 0:
        return {}
    grams_of: list[dict[str, str]] = []  # per pair: key -> surface form
    df: Counter[str] = Counter()
    for p in usable:
        grams = {}
        for text, _ in candidate_ngrams(p.en):
            grams.setdefault(_key(text), text)
        grams_of.append(grams)
        df.update(grams.keys())
    zh_texts = [_strip(p.zh) for p in usable]

    wanted = [t for t in dict.fromkeys(terms) if t]
    cache: dict[str, object] = {}
    out: dict[str, list[Equivalent]] = {}
    for term in wanted:
        hits = [i for i, z in enumerate(zh_texts) if _strip(term) in z]
        if not hits:
            continue
        nt = len(hits)
        together: Counter[str] = Counter()
        seen_together: dict[str, int] = {}
        surface: dict[str, Counter] = {}
        for i in hits:
            together.update(grams_of[i].keys())
            for k, s in grams_of[i].items():
                surface.setdefault(k, Counter())[s] += 1
        min_together = 2 if nt >= 2 else 1
        scored = []
        for g, k11 in together.items():
            if k11 < min_together:
                continue
            k12, k21 = nt - k11, df[g] - k11
            k22 = n - nt - k21
            if nt >= 2 and _g2(k11, k12, k21, k22) < MIN_G2:
                continue
            dice = 2 * k11 / (nt + df[g])
            words = g.count(" ") + 1
            scored.append((dice + 0.01 * (words - 1), dice, g))
            seen_together[g] = k11
        if not scored:
            continue
        scored.sort(key=lambda s: (-s[0], s[2]))
        shortlist = scored[:20]
        if embedder is not None:
            shortlist = _rescore(term, shortlist, surface, embedder, cache)
            if not shortlist:
                continue
        if embedder is None and _ambiguous(shortlist, top):
            continue  # too many unrelated n-grams share the best score: nothing to tell them apart
        chosen: list[tuple[float, str]] = []
        floor = max(MIN_SCORE, 0.3 * shortlist[0][0])  # alternatives far below the best are noise
        for score, dice, g in shortlist:
            if score < floor:
                break
            if any(_overlaps(g, c) for _, c, _d in chosen):
                continue
            form = surface[g].most_common(1)[0][0]
            if _inside_noun_phrase(form, [usable[i].en for i in hits if g in grams_of[i]]):
                continue  # "nuclear-weapon" of "nuclear-weapon States": a fragment, not a term
            chosen.append((score, g, dice))
            if len(chosen) >= top:
                break
        eqs = []
        for score, g, dice in chosen:
            form = surface[g].most_common(1)[0][0]
            ev = [_evidence(term, usable[i], form) for i in hits if g in grams_of[i]][:evidence]
            eqs.append(Equivalent(en=form, source="pairs", score=round(confidence(score if embedder is not None else dice,
                                                                                  seen_together.get(g, 1)), 4),
                                  evidence=ev))
        out[term] = eqs
    return out


def confidence(score: float, together: int) -> float:
    """How far to trust a proposal: its association score shrunk by how often the term and the n-gram were
    seen together (once: half the score; five times: 5/6), since one shared pair proves little."""
    return min(1.0, score) * together / (together + 1)


_NEXT_WORD = re.compile(r"\s*([A-Za-z][A-Za-z'’\-]*)")
_NEXT_TWO = re.compile(r"\s+([a-z]+)\s+([a-z]+)")


def _singular(word: str) -> str:
    return word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") and not word.endswith("ss") else word


_NAME_GOES_ON = re.compile(r"\s+(?:of|on|for|in|to|and|against)\s+(?:the\s+)?[A-Z]")


def _inside_noun_phrase(form: str, texts: list[str]) -> bool:
    """Whether `form` mostly ends inside a longer noun phrase in the English where it was seen: followed by
    one and the same content word ("information and communications | technologies", "nuclear-weapon |
    States") or, for a name, by a preposition and more of the name ("Committee on the Peaceful Uses | of
    Outer Space", "Organization for Security and Cooperation | in Europe") in most of its occurrences. A term
    used now and then as a modifier ("Security Council resolution") is not a fragment."""
    pattern = re.compile(r"(?<![A-Za-z0-9])" + re.escape(form).replace(r"\ ", r"\s+") + r"(?![A-Za-z0-9])", re.IGNORECASE)
    capital = form[:1].isupper() and form.split()[-1][:1].isupper()
    follows: Counter[str] = Counter()
    seen = 0
    for text in texts:
        for m in pattern.finditer(text):
            seen += 1
            after = text[m.end():]
            if capital and (name := _NAME_GOES_ON.match(after)):
                follows[name.group(0).split()[0].lower() + " +name"] += 1
                continue
            nxt = _NEXT_WORD.match(after)
            if nxt and after[:1] not in ",.;:)(" and nxt.group(1).lower() not in STOP_WORDS:
                follows[_singular(nxt.group(1).lower())] += 1
            elif (two := _NEXT_TWO.match(after)) is not None:  # "entered | into force"
                follows[" ".join(w.lower() for w in two.groups())] += 1
    if not follows:
        return False
    word, n = follows.most_common(1)[0]
    if " " in word and (seen < 2 or word.split()[1] in STOP_WORDS):
        return False  # one occurrence says nothing of a habit; "of the" continues any noun
    return n * 10 >= 6 * seen


def _ambiguous(shortlist: list[tuple[float, float, str]], top: int, margin: float = 0.05) -> bool:
    """More than `top` n-grams, none inside another, score within `margin` of the best."""
    best = shortlist[0][1]
    distinct: list[str] = []
    for _score, dice, g in shortlist:
        if dice < best - margin:
            break
        if not any(_overlaps(g, d) for d in distinct):
            distinct.append(g)
    return len(distinct) > top


def _rescore(term, shortlist, surface, embedder, cache) -> list[tuple[float, float, str]]:
    import numpy as np

    forms = [surface[g].most_common(1)[0][0] for _, _, g in shortlist]
    missing = [t for t in [term, *forms] if t not in cache]
    if missing:
        for text, vec in zip(missing, embedder.encode(missing), strict=True):
            cache[text] = np.asarray(vec, dtype=float)
    tv = cache[term]
    rescored = []
    for (score, dice, g), form in zip(shortlist, forms, strict=True):
        fv = cache[form]
        denom = (np.linalg.norm(tv) * np.linalg.norm(fv)) or 1.0
        sim = max(0.0, float(np.dot(tv, fv) / denom))
        if sim >= MIN_SIMILARITY:
            rescored.append((0.5 * score + 0.5 * sim, dice, g))
    rescored.sort(key=lambda s: (-s[0], s[2]))
    return rescored


def propose_equivalents(terms: list[str], pairs: Sequence[AlignedPair], *, threshold: float | None = None,
                        embedder=None) -> dict[str, list[Equivalent]]:
    """find_equivalents, keeping only proposals whose confidence reaches `threshold` (default
    PROPOSE_THRESHOLD, calibrated on half of the UNPC dev pairs: better no English than a wrong one)."""
    found = find_equivalents(terms, pairs, embedder=embedder)
    if threshold is None:
        threshold = PROPOSE_THRESHOLD
    return {t: [e for e in eqs if e.score >= threshold] for t, eqs in found.items() if eqs and eqs[0].score >= threshold}
