"""Chinese word segmentation for term extraction: jieba with UN symbols, numbers, titles and known terms protected.

Why jieba: it is MIT-licensed, pure Python, works offline with its bundled dictionary, is still maintained
and installs on Python 3.11. pkuseg and LAC do not build on 3.11, and HanLP needs model downloads at first
use. jieba alone splits `73/30` and `CD/1978` and cuts unknown terms, so before segmenting we cut the text
at protected spans (UN document symbols, numbers, `《…》` titles, base-glossary terms) and hand only the
pieces in between to jieba; base-glossary terms also go into jieba's user dictionary so that they survive
inside longer words. jieba loads its dictionary (~1 s) the first time `segment` runs, never at import.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\u2014\u2018\u2019\u201c\u201d\u2026\u00b7《》"

# Kinds of token: protected spans keep their kind, jieba output is "word" or "punct".
WORD, TERM, TITLE, SYMBOL, NUMBER, LATIN, PUNCT = (
    "word",
    "term",
    "title",
    "symbol",
    "number",
    "latin",
    "punct",
)

_SYMBOL = r"(?:[A-Z]{1,6}(?:/[A-Za-z0-9.\-]+(?:\([A-Z0-9]+\))?)+)"  # CD/1978, A/RES/59/50, CD/WP.571/Rev.1
_NUMBER = r"(?:\d+(?:[./:\-]\d+)*[A-Z]?(?:\((?:\d{4}|[IVXLC]+)\))?%?)"  # 73/30, 487(1981), 2153A(XXI), 2.5
_TITLE = r"(?:《[^《》\n]{1,120}》)"
# Names with a number in them that jieba would cut at the number: 21国集团, 十八国裁军委员会, 第一委员会.
_GROUP = r"(?:(?:\d+|[一二三四五六七八九十]+)国(?:集团|裁军委员会)|第[一二三四五六]委员会)"
_LATIN = r"(?:[A-Za-z][A-Za-z\-]*(?:\s?-?\d+)?)"  # G-21, NPT, Rev
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{CJK}{_CJK_PUNCT}])\s+|\s+(?=[{CJK}{_CJK_PUNCT}])")
_PUNCT_ONLY = re.compile(rf"^[\s{_CJK_PUNCT}!-/:-@\[-`{{-~]+$")
_WIDTH = str.maketrans({"（": "(", "）": ")", "／": "/", "－": "-", "　": " "})
# full-width digits and Latin letters to their NFKC (half-width) forms, in the same table: one translate
_WIDTH.update({code: unicodedata.normalize("NFKC", chr(code))
               for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for code in range(lo, hi + 1)})

# jieba's dictionary holds many rare multi-word entries (致力于, 特别强调, 中东问题: frequency 3, tag n);
# below this frequency a word of three or more characters is re-cut into common dictionary words.
WEAK_FREQ = 20

# Protected terms shorter than this are left to jieba's dictionary: a regex match of a two-character
# term could steal a character from a neighbouring word (核能 in 核能力).
MIN_PROTECTED_LEN = 3

# A weak noun-like word that jieba can only re-cut by leaving a lone content character is a compound with a
# bound one-character morpheme (签署国, 核设施, 防扩散, 高级别, 武器化, 当事方): it stays whole. A lone
# function character (致力于, 真诚地, 交付给) does not protect it.
_BOUND_POS = frozenset("n nz nt nl ng j l b vn".split())
_FUNCTION_CHARS = frozenset("于 地 的 得 给 着 了 以 之 应 而 并 及 和 与 在 对 为 是 也 式".split())


# Segmentation results are remembered for short chunks (the text between protected spans) and for the runs of
# unknown characters that jieba hands to its HMM: UN text repeats them all the time, and the HMM (a Viterbi
# over characters x POS tags) is most of jieba's time. Same output, bounded memory.
MEMO_ENTRIES = 100_000
MEMO_CHUNK_CHARS = 40


def _memo_pos_tokenizer(tokenizer):
    """A jieba POSTokenizer whose HMM step (unknown-word recognition) remembers its answers."""
    import jieba.posseg

    class MemoPOSTokenizer(jieba.posseg.POSTokenizer):
        _memo: dict[str, list[tuple[str, str]]]

        def _POSTokenizer__cut_detail(self, sentence):  # the name jieba calls (name-mangled __cut_detail)
            got = self._memo.get(sentence)
            if got is None:
                # the (word, tag) pairs shared between answers: one object for each, not one per answer
                shared = self._pairs
                got = [shared.setdefault(pair, pair) if len(shared) < MEMO_ENTRIES else shared.get(pair, pair)
                       for pair in ((p.word, p.flag) for p in super()._POSTokenizer__cut_detail(sentence))]
                if len(self._memo) < MEMO_ENTRIES:
                    self._memo[sentence] = got
            for word, flag in got:
                yield jieba.posseg.pair(word, flag)

    pos = MemoPOSTokenizer(tokenizer)
    pos._memo = {}
    pos._pairs = {}
    return pos


class _Before:
    """jieba's word frequencies as they were before our terms were added (`get` as on a dict), without a copy
    of its dictionary (350,000 words): the live table, and the old counts of the few words we added."""

    __slots__ = ("live", "old")

    def __init__(self, live: dict[str, int], old: dict[str, int]):
        self.live, self.old = live, old

    def get(self, word: str, default: int = 0) -> int:
        f = self.old[word] if word in self.old else self.live.get(word, 0)
        return f if f > 0 else default


@dataclass(frozen=True)
class Token:
    """One segment of a sentence: its text, jieba POS tag (or a tag for protected kinds) and kind."""

    text: str
    pos: str
    kind: str = WORD


def normalize(text: str) -> str:
    """Half-width digits, Latin letters and brackets; no whitespace next to CJK (`21 国集团` → `21国集团`)."""
    return _SPACE_NEAR_CJK.sub("", text.translate(_WIDTH)).strip()


class Segmenter:
    """jieba tokenizer + POS tagger with extra protected terms; built lazily on first use, thread-safe."""

    def __init__(self, terms: list[str] | tuple[str, ...] = ()):
        self._terms = tuple(sorted({normalize(t) for t in terms if t.strip()}, key=lambda t: (-len(t), t)))
        self._lock = threading.Lock()
        self._pos = None
        self._tags: dict[str, str] = {}
        self._user: set[str] = set()
        self._freq: _Before | dict[str, int] = {}
        self._total = 1
        self._chunks: dict[str, list[Token]] = {}
        self._tokens: dict[tuple[str, str, str], Token] = {}  # one Token object per (text, tag, kind)
        protected = [re.escape(t) for t in self._terms if len(t) >= MIN_PROTECTED_LEN]
        parts = [f"(?P<title>{_TITLE})", f"(?P<term>{_GROUP})"]
        if protected:
            parts.append(f"(?P<base>{'|'.join(protected)})")
        parts += [f"(?P<symbol>{_SYMBOL})", f"(?P<number>{_NUMBER})", f"(?P<latin>{_LATIN})"]
        self._protect = re.compile("|".join(parts))

    def __reduce__(self):  # to a spawned worker: the terms only; jieba loads there on first use
        return (Segmenter, (self._terms,))

    def _ensure(self):
        if self._pos is not None:
            return self._pos
        with self._lock:
            if self._pos is None:
                import jieba
                import jieba.posseg

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                # The dictionary before our additions is the general-Chinese reference for keyness.
                added = [t for t in self._terms if re.fullmatch(f"[{CJK}]+", t)]
                self._freq = _Before(tokenizer.FREQ, {t: tokenizer.FREQ.get(t, 0) for t in added})
                self._total = tokenizer.total
                for term in added:
                    tokenizer.add_word(term, tag="nz")
                self._pos = _memo_pos_tokenizer(tokenizer)
                self._tags = self._pos.word_tag_tab
                self._user = set(self._terms)
        return self._pos

    def segment(self, text: str) -> list[Token]:
        """Tokens of `text` (normalised first); protected spans come back whole with their kind as POS."""
        pos = self._ensure()
        text = normalize(text)
        tokens: list[Token] = []
        start = 0
        for m in self._protect.finditer(text):
            if m.start() > start:
                tokens.extend(self._cut(pos, text[start : m.start()]))
            kind = TERM if m.lastgroup == "base" else (m.lastgroup or WORD)
            tokens.append(Token(m.group(), kind, kind))
            start = m.end()
        if start < len(text):
            tokens.extend(self._cut(pos, text[start:]))
        return tokens

    def _cut(self, pos, chunk: str) -> list[Token]:
        short = len(chunk) <= MEMO_CHUNK_CHARS
        if short:
            got = self._chunks.get(chunk)
            if got is not None:
                return list(got)
        out = self._cut_uncached(pos, chunk)
        if short and len(self._chunks) < MEMO_ENTRIES:
            self._chunks[chunk] = list(out)
        return out

    def _cut_uncached(self, pos, chunk: str) -> list[Token]:
        out = []
        for pair in pos.cut(chunk):
            word, flag = pair.word, pair.flag
            if not word.strip():
                continue
            if _PUNCT_ONLY.match(word):
                out.append(self._token(word, "x", PUNCT))
            elif len(word) >= 3 and 0 < self._freq.get(word, 0) < WEAK_FREQ and word not in self._user:
                pieces = self._split_weak(word)
                if flag in _BOUND_POS and any(len(p) == 1 and p not in _FUNCTION_CHARS for p in pieces):
                    out.append(self._token(word, flag, WORD))
                else:
                    out.extend(self._token(piece, self._tags.get(piece, "n"), WORD) for piece in pieces)
            else:
                out.append(self._token(word, flag, WORD))
        return out

    def _token(self, text: str, pos: str, kind: str) -> Token:
        """The Token for (text, pos, kind), shared: the remembered chunks hold one object per distinct token
        (a long text holds millions of tokens of a few tens of thousands of kinds)."""
        key = (text, pos, kind)
        tok = self._tokens.get(key)
        if tok is None:
            tok = Token(text, pos, kind)
            if len(self._tokens) < MEMO_ENTRIES:
                self._tokens[key] = tok
        return tok

    def _split_weak(self, word: str) -> list[str]:
        """Most probable cut of `word` into dictionary words of at least WEAK_FREQ (or single characters)."""
        n = len(word)
        best: list[tuple[float, int]] = [(0.0, 0)] + [(-math.inf, 0)] * n
        log_total = math.log(self._total)
        for end in range(1, n + 1):
            for start in range(max(0, end - 8), end):
                piece = word[start:end]
                freq = self._freq.get(piece, 0)
                if piece == word or (freq < WEAK_FREQ and end - start > 1):
                    continue
                score = best[start][0] + math.log(max(freq, 1)) - log_total
                if score > best[end][0]:
                    best[end] = (score, start)
        pieces, end = [], n
        while end > 0:
            start = best[end][1]
            pieces.insert(0, word[start:end])
            end = start
        return pieces

    def reference_frequency(self, word: str) -> int:
        """How often jieba's general-Chinese dictionary counts `word` (0 when unknown)."""
        self._ensure()
        return self._freq.get(word, 0)

    @property
    def reference_total(self) -> int:
        self._ensure()
        return self._total


@lru_cache(maxsize=1)
def default_segmenter() -> Segmenter:
    """The segmenter that protects every Chinese form of the base glossary."""
    from glossary.base import base_terms

    return Segmenter(base_terms())


def segment(text: str) -> list[Token]:
    """Segment one text with the default segmenter (base-glossary terms protected)."""
    return default_segmenter().segment(text)


def words(text: str) -> list[str]:
    """The token texts of `text`, punctuation dropped."""
    return [t.text for t in segment(text) if t.kind != PUNCT]


def _idf_entries():
    """(word, idf) of jieba's IDF table, in file order."""
    import os

    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "analyse", "idf.txt")
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            word, _, value = line.strip().partition(" ")
            if value:
                yield word, float(value)


@lru_cache(maxsize=1)
def reference_idf() -> dict[str, float]:
    """jieba's IDF table (general Chinese), used for words its frequency dictionary lacks."""
    return dict(_idf_entries())


def reference_idf_of(words: set[str]) -> dict[str, float]:
    """`reference_idf()` for `words` only, read without keeping the whole table (270,000 words, 20 MiB)."""
    if reference_idf.cache_info().currsize:
        table = reference_idf()
        return {w: table[w] for w in words if w in table}
    return {w: v for w, v in _idf_entries() if w in words}


def idf_to_frequency(idf: float, total: int) -> float:
    """Turn an IDF value back into a rough corpus count so both references share one scale."""
    return total * math.exp(-idf)
