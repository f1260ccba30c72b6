"""Chinese word boundaries around a glossary term found by substring, for the term checks.

A term is found in the Chinese by substring (spaces ignored), which is fast and never misses a term, but a
substring is not always the word: 国际法 is in 国际法律 (国际 + 法律, "international legal"), 军事化 in
非军事化 ("demilitarized"), 大会 in 国民大会 (another assembly). Before the `term` check reports a term
missing from the English it asks here how the clause around it segments: jieba's general dictionary (no
glossary terms added, unlike `glossary.segment`, which protects them) with its part-of-speech tags.
jieba loads (about 1 s) only the first time a term would be reported missing.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache

_CLAUSE_END = re.compile(r"[，。；：！？、,;:!?（）()《》“”\"\n]")
_lock = threading.Lock()
_tokenizer = None

# parts of speech of a noun that modifies the next noun: 长老大会, 非洲宪章, 欧盟会员国
NOUN_TAGS = frozenset("n nr ns nt nz nrt nrfg j".split())


def _pos():
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba
                import jieba.posseg

                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                tok.initialize()
                _tokenizer = jieba.posseg.POSTokenizer(tok)
    return _tokenizer


@lru_cache(maxsize=20_000)
def _cut(clause: str) -> tuple[tuple[str, str, int, int], ...]:
    out, pos = [], 0
    for pair in _pos().cut(clause):
        out.append((pair.word, pair.flag, pos, pos + len(pair.word)))
        pos += len(pair.word)
    return tuple(out)


def words_around(text: str, span: tuple[int, int]) -> list[tuple[str, str, int, int]]:
    """(word, POS, start, end) of the clause of `text` holding `span`, offsets in `text`."""
    start = 0
    for m in _CLAUSE_END.finditer(text, 0, span[0]):
        start = m.end()
    m = _CLAUSE_END.search(text, span[1])
    end = m.start() if m else len(text)
    return [(w, f, s + start, e + start) for w, f, s, e in _cut(text[start:end])]


def inside_another_word(text: str, span: tuple[int, int]) -> str | None:
    """The word that takes part of the term's characters with characters outside it (国际法律 → 法律 for
    国际法; 非军事化 for 军事化; 国民大会 for 大会), or None when the term's edges are word edges."""
    a, b = span
    for word, _flag, s, e in words_around(text, span):
        if not ((s < a < e) or (s < b < e)):
            continue
        if s <= a and b <= e:
            return word  # a dictionary word holding the whole term: 国民大会, 非军事化
        # a word across one edge: trusted unless the part outside the term is a word of its own, which
        # means jieba could as well have cut at the term's edge (工作组成员 cut 工作/组成员: 工作组 + 成员)
        outside = text[b:e] if e > b else text[s:a]
        if len(outside) >= 2 and _pos().tokenizer.FREQ.get(outside, 0) > 0:
            continue
        return word
    return None


def noun_before(text: str, span: tuple[int, int]) -> str | None:
    """The noun (two characters or more) right before the term in its clause when the term is one word
    of its own (长老 before 大会), else None."""
    words = words_around(text, span)
    for i, (_w, _f, s, e) in enumerate(words):
        if s == span[0]:
            if e == span[1] and i and words[i - 1][3] == s and words[i - 1][1] in NOUN_TAGS and len(words[i - 1][0]) >= 2:
                return words[i - 1][0]
            return None
    return None


def words_after(text: str, span: tuple[int, int], limit: int = 5) -> list[tuple[str, str]]:
    """Up to `limit` (word, POS) right after the term in its clause."""
    return [(w, f) for w, f, s, _e in words_around(text, span) if s >= span[1]][:limit]
