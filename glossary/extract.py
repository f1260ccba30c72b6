"""Chinese term extraction: paragraphs of one or more documents → a ranked list a person can review.

Candidates are noun-phrase shaped n-grams of segmented words (jieba POS tags), `《…》` titles, short names
in quotation marks (`“和平区”`) and the long forms written before a parenthesised abbreviation
(`联合国裁军研究所(裁研所)`). They are scored by C-value (a nested term only counts where it occurs on its
own), spread over documents, and keyness against general Chinese (jieba's word-frequency dictionary; its IDF
table for words the dictionary lacks). Terms of the base glossary and domain patterns (…条约, …公约, …组织,
…委员会, …决议, …会议, …武器, …区; with a smaller bonus the head nouns …措施, …机制, …制度, …材料, …工具,
…方案, …文书, …文件, …大会, …工作组…) get a bonus so that genuine terms seen only once still surface;
procedural filler (我们, 代表团, 主席先生…), dates and bare numbers never become candidates, and generic
nouns (工作, 成果, 行动…) only inside a phrase that ends on a domain head noun (工作方案, 成果文件).
"""

from __future__ import annotations

import bisect
import itertools
import math
import os
import re
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field

from core.records import MARK_CLOSE, MARK_OPEN, Context, TermCandidate
from glossary.base import base_lookup
from glossary.segment import (
    LATIN,
    NUMBER,
    PUNCT,
    SYMBOL,
    TERM,
    TITLE,
    WORD,
    Segmenter,
    Token,
    default_segmenter,
    idf_to_frequency,
    reference_idf,
    reference_idf_of,
)

MAX_TOKENS = 6  # longest n-gram, in segmented words
# Long inputs: segmentation and each paragraph's n-grams in worker processes above PARALLEL_CHARS characters,
# counted in paragraph order by this process (results are the same), and at most MAX_CANDIDATES candidates
# kept while counting (the rarest plain ones are dropped beyond it).
PARALLEL_CHARS = 400_000
MAX_WORKERS = 4
BATCH_PARAGRAPHS = 200
IN_FLIGHT = 2  # batches queued or being analysed per worker
MAX_CANDIDATES = 60_000
MAX_CHARS = 30  # longest candidate, in characters
SLICE_CHARS = 200_000  # paragraphs searched together when counting a term's occurrences
CONTEXT_CHARS = 18  # characters either side of a context snippet
MAX_CONTEXTS = 3

# Bonuses are added to the statistical score; they are large enough to lift a once-seen genuine term
# above frequent general phrases but keep the order among such terms statistical.
BASE_BONUS = 6.0
PATTERN_BONUS = 2.0
ABBREVIATION_BONUS = 4.0
TITLE_BONUS = 3.0
QUOTE_BONUS = 2.0
HEAD_BONUS = 1.5  # the newer, more generic head nouns (…措施, …方案, …文件): a smaller bonus
FRAGMENT_SHARE = 0.66  # share of occurrences with the same neighbour that marks a fragment
CUT_OFF_SHARE = 0.8  # share of occurrences next to the same word that marks a piece of a longer name
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
# jieba POS initials of words that never continue a name: verb, preposition, conjunction, particle, pronoun,
# adverb, localiser, numeral, measure word, auxiliary
_NOT_IN_NAMES = frozenset("vpcurdfmqy")
_CLAUSE_WORDS = frozenset("将 把 被 应 应当 应该 必须 须 已 已经 正在 不得 可以 能够 旨在 以便".split())
_PLACES = frozenset("基地 土地 各地 当地 阵地 地区 场地 营地 腹地 领地 本地 高地 实地 陆地 外地 山地 湿地 耕地".split())
SINGLE_MIN_KEYNESS = 0.45  # a one-word candidate outside the base glossary must be clearly domain-specific

# Procedural filler and words of the speech situation: a candidate containing one is no term.
STOP_WORDS = frozenset(
    """
    我们 我国 本国 我 你 您 他们 她们 它们 他 她 它 大家 各位 诸位 代表团 本代表团 各代表团 发言 发言者 发言人
    主席 主席先生 主席女士 谢谢 感谢 致谢 先生 女士 阁下 大使 同事 同事们 朋友 朋友们 今天 今年 去年 明年 本周 上周
    下周 上月 本月 上午 下午 晚些时候 时间 日期 时候 期间 以来 之前 之后 目前 当前 现在 最近 近期 近年来 年 月 日
    问题 方面 情况 看法 意见 立场 观点 方式 办法 机会 一些 许多 这 那 这些 那些 其 该 本 此 各 每 所有 一切 任何
    其他 其它 有关 相关 上述 以下 如下 名义 名单 贺礼 同胞 前任 总之 最后 首先 其次 此外 因此 然而 但是 例如 比如
    致力 所作 无条件 商定 议题 僵局 全人类 切身利益 倡议 建议 关切 意愿 政治意愿 对话 贡献 挑战 前景 局势 承诺
    必要 必要性 重要性 迫切性 意义 作用 地位 责任 义务 权利 利益 努力 工作 进展 成果 结果 行动 步骤 措施 内容
    基础 框架 途径 手段 目的 原因 理由 事实 事项 领域 背景 前提 条件 能力 程度 水平 范围 形式 性质 特点 现实
    """.split()
)
# Generic nouns among the stop words that still modify or head a term before a domain head noun
# (工作方案, 成果文件, 行动计划, 建立信任措施, 咨询意见): they do not break a run, but a candidate holding one
# must end on a DOMAIN_HEADS word.
SOFT_STOPS = frozenset("工作 成果 行动 措施 步骤 意见 框架 承诺 倡议 建议 对话 义务 权利 能力 问题 内容".split())
# Head nouns that make a multi-word phrase a term of the domain (a measure, a regime, a material, an
# instrument, a programme, a meeting, a document...): such a phrase gets the pattern bonus even when seen once.
DOMAIN_HEADS = frozenset(
    """
    措施 机制 制度 准则 安排 材料 工具 设施 方案 计划 文书 议定书 协定 宣言 声明 文件 草案 会议 大会 工作组 论坛
    意见
    """.split()
)
CONJUNCTIONS = frozenset("和 及 与 以及 或".split())
NEGATION_PREFIXES = frozenset("不 非 无 反".split())
# Heads that make a phrase generic when they end it; the phrase without them is the candidate.
GENERIC_HEADS = frozenset(
    "问题 方面 情况 工作 努力 方式 目标 作用 进展 事项 领域 背景 基础 框架 途径 手段 重要性 可能性".split()
)
_EDGE_WORDS = SOFT_STOPS | GENERIC_HEADS  # general words: next to one, a candidate's edge is a word edge
# Verbs that can open a term (防止外层空间军备竞赛, 禁止化学武器组织, 建立信任措施, 无核武器区...).
TERM_VERBS = frozenset("防止 禁止 消除 减少 削减 限制 核查 不扩散 防扩散 无 非 反 全面禁止 彻底消除".split())
# One-character suffixes that end a word (无核武器区, 武器化, 签署国): a candidate never starts with one.
BOUND_SUFFIXES = frozenset("区 化 性 国 方 者 式 型 级 类 率".split())
# Words that open a phrase about a term rather than a term (新无核武器区, 现有大规模毁灭性武器).
OPENING_STOP = frozenset(
    "新 现有 现行 全球 区域 整个 有效 具体 主要 重要 重大 进一步 更多 真正 一般 未来 当前 类似".split()
)
# A phrase opened by 无 (free of) names a zone, a world or a status: 无大规模毁灭性武器 alone is a fragment.
FREE_OF_HEADS = ("区", "世界", "地位", "国家", "国", "化")
# Verbs jieba tags v that head or modify terms as nouns do (消极安全保证, 审议大会, 运载工具, 非政府组织).
NOMINAL_VERBS = frozenset(
    "保证 组织 审议 运载 安排 核查 谈判 合作 控制 监督 监测 扩散 裁军 保障 承诺 决定 试验 部署 延期 筹备 协商 视察 核实"
    " 防御 裂变 行为 贩运 转让 出口 储存".split()
)
# Protected terms that read as a predicate: they may open a candidate but not continue one.
VERB_PREFIXES = (
    "使用",
    "防止",
    "禁止",
    "建立",
    "消除",
    "彻底消除",
    "和平利用",
    "不首先",
    "减少",
    "保证",
    "解除",
    "暂停",
    "放置",
)
# Words too general to be a term on their own (they head many terms: 条约, 决议, 集团...).
GENERIC_SINGLES = frozenset(
    """
    条约 公约 协定 组织 委员会 理事会 机构 集团 联盟 共同体 运动 决议 宣言 备忘录 报告 文件 文书 声明 会议 谈判
    武器 系统 区 区域 地区 制度 机制 措施 国家 成员国 全球 世界 国际 全面 安全 和平 稳定 政府 人类 社会 领土
    """.split()
)
# jieba POS tags a candidate may contain; it must end on a noun-like tag.
INNER_POS = frozenset("n nz nt ns nl ng vn an a ad b j l v vd f".split()) | {TERM, LATIN}
FIRST_POS = frozenset("n nz nt ns nl ng vn an a ad b j l".split()) | {TERM, LATIN}
HEAD_POS = frozenset("n nz nt ns nl ng vn j l".split()) | {TERM, LATIN}
SINGLE_POS = frozenset("n nz nt j nl l".split())
NAME_POS = frozenset("nr nrt nrfg ns".split())

# Domain patterns: a candidate ending in one of these is term-like, with a category guess.
SUFFIX_CATEGORY = (
    ("议定书", "treaty"),
    ("条约", "treaty"),
    ("公约", "treaty"),
    ("协定", "treaty"),
    ("组织", "organ"),
    ("委员会", "organ"),
    ("理事会", "organ"),
    ("研究所", "organ"),
    ("机构", "organ"),
    ("法院", "organ"),
    ("工作组", "organ"),
    ("集团", "group"),
    ("联盟", "group"),
    ("共同体", "group"),
    ("运动", "group"),
    ("决议", "document"),
    ("宣言", "document"),
    ("备忘录", "document"),
    ("报告", "document"),
    ("文件", "document"),
    ("会议", "process"),
    ("大会", "process"),
    ("谈判", "process"),
    ("武器", "weapon"),
    ("导弹", "weapon"),
    ("弹药", "weapon"),
    ("地雷", "weapon"),
    ("系统", "weapon"),
    ("区", "concept"),
    ("制度", "concept"),
    ("机制", "concept"),
    ("措施", "concept"),
    ("准则", "document"),
    ("安排", "concept"),
    ("材料", "concept"),
    ("工具", "weapon"),
    ("设施", "concept"),
    ("方案", "process"),
    ("计划", "process"),
    ("文书", "concept"),
    ("声明", "document"),
    ("草案", "document"),
    ("论坛", "organ"),
    ("意见", "document"),
)
CLASSIC_SUFFIXES = ("条约", "公约", "议定书", "组织", "委员会", "决议", "会议", "武器", "区")
PATTERN_SUFFIXES = (*CLASSIC_SUFFIXES, *sorted(DOMAIN_HEADS))
_NOT_ZONE = frozenset("地区 区域 社区 辖区 区别 军区 园区 市区 灾区 战区 特区".split())

_CJK = "\u4e00-\u9fff"
# A short phrase in quotation marks names something (a named day, a zone, a resolution's short title):
# “彻底消除核武器国际日”, “和平区”. Longer quotes with 的 or enumeration commas are clauses or full titles.
_QUOTE = re.compile(rf"“([{_CJK}A-Za-z0-9\-]{{2,16}})”")
_ABBR = re.compile(rf"\((《?[{_CJK}]{{2,10}}》?|[A-Z][A-Za-z0-9\-]{{0,10}})\)")
_ONLY_DIGITS = re.compile(r"^[\d\W]+$")


@dataclass(slots=True)
class _Candidate:
    zh: str
    tokens: tuple[str, ...]
    frequency: int = 0
    documents: set[str] = field(default_factory=set)
    places: list[tuple[str, int]] = field(default_factory=list)  # (doc, paragraph index) of occurrences
    keyness: float = 0.0
    pattern: str = ""
    title: bool = False
    left: Counter = field(default_factory=Counter)  # word before each occurrence inside a noun run
    right: Counter = field(default_factory=Counter)
    abbreviation: str = ""
    abbreviated: bool = False  # written as the long form before a parenthesised short form
    quoted: bool = False  # written in quotation marks somewhere
    short_form: bool = False  # written as the parenthesised short form itself


def extract_terms(
    documents: dict[str, list[str]], limit: int = 300, *, use_base: bool = True
) -> list[TermCandidate]:
    """Ranked, deduplicated Chinese term candidates of `documents` (document name → paragraph texts).

    At most `limit` candidates; each carries frequency, the documents it occurs in, a category guess,
    an abbreviation when one is written beside it (or known from the base glossary) and 1-3 contexts.
    use_base=False ignores the base glossary (to measure what the statistics and patterns find alone).
    """
    if limit <= 0:
        return []
    if use_base:
        return TermExtractor().extract(documents, limit)
    return TermExtractor(Segmenter(()), base={}).extract(documents, limit)


class TermExtractor:
    """One extraction run; a class only so that the steps share the segmenter and the counts."""

    def __init__(self, segmenter: Segmenter | None = None, base: dict | None = None):
        self.segmenter = segmenter or default_segmenter()
        self.base = base_lookup() if base is None else base
        self.candidates: dict[str, _Candidate] = {}
        self.word_counts: Counter[str] = Counter()
        self.paragraphs: dict[tuple[str, int], str] = {}
        self.rebuilt: dict[tuple[str, int], str] = {}
        self._idf: dict[str, float] | None = None  # reference IDF of the words being scored

    # -- collecting -------------------------------------------------------------------------------

    def extract(self, documents: dict[str, list[str]], limit: int) -> list[TermCandidate]:
        items = [(doc, index, p) for doc, paragraphs in documents.items() for index, p in enumerate(paragraphs)
                 if p and p.strip()]
        analysed = self._analysed([p for _, _, p in items])
        for (doc, index, paragraph), (text, events) in zip(items, analysed, strict=True):
            self._apply(doc, index, paragraph, text, events)
            if len(self.candidates) > MAX_CANDIDATES:
                self._prune()
        self._collect_base_hits()
        self._score_keyness()
        return self._rank(limit)

    def _add(self, zh: str, tokens: tuple[str, ...], doc: str, index: int) -> _Candidate:
        cand = self.candidates.get(zh)
        if cand is None:
            cand = self.candidates[zh] = _Candidate(zh, tokens)
        cand.frequency += 1
        cand.documents.add(doc)
        if len(cand.places) < 50:
            cand.places.append((doc, index))
        return cand

    def _analysed(self, paragraphs: list[str]):
        """(segmented text, events) of each paragraph, in order (`_paragraph_events`), the word counts added to
        `word_counts` on the way. A long input is analysed by worker processes (segmenting and finding the
        n-grams is nearly all the time), streamed back batch by batch while this process counts the events."""
        workers = min(os.cpu_count() or 1, MAX_WORKERS)
        if workers < 2 or sum(len(p) for p in paragraphs) < PARALLEL_CHARS:
            for p in paragraphs:
                tokens = self.segmenter.segment(p)
                _count_words(tokens, self.word_counts)
                yield _paragraph_events(self.segmenter, tokens)
            return
        import multiprocessing

        self.segmenter.segment("")  # load jieba once here: forked workers inherit it
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        batches = (paragraphs[i : i + BATCH_PARAGRAPHS] for i in range(0, len(paragraphs), BATCH_PARAGRAPHS))
        window = IN_FLIGHT * workers
        with ctx.Pool(workers, initializer=_init_worker, initargs=(self.segmenter,)) as pool:
            # A few batches in flight per worker, not all of them: Pool.imap would queue every result the
            # workers finish before this process has counted it (the whole text's events, when the counting
            # is the slower side).
            pending: deque = deque()
            for batch in itertools.chain(batches, [None]):
                if batch is not None:
                    pending.append(pool.apply_async(_analyse_batch, (batch,)))
                while pending and (batch is None or len(pending) >= window):
                    results, words = pending.popleft().get()
                    self.word_counts.update(words)
                    yield from results

    def _prune(self) -> None:
        """Bounded memory on a very long input: forget the rarest plain candidates (lossy counting). A
        candidate seen once or twice in millions of words cannot reach the ranked list; flagged ones
        (titles, quotations, abbreviations, base terms) are kept."""
        floor = 1
        while len(self.candidates) > MAX_CANDIDATES // 2:
            drop = [zh for zh, c in self.candidates.items()
                    if c.frequency <= floor and not (c.title or c.quoted or c.abbreviated or c.short_form)
                    and zh not in self.base]
            for zh in drop:
                del self.candidates[zh]
            floor += 1

    def _apply(self, doc: str, index: int, paragraph: str, text: str, events: list[tuple]) -> None:
        """Count the events of one paragraph (`_paragraph_events`), in their order."""
        self.paragraphs[(doc, index)] = text
        self.rebuilt[(doc, index)] = paragraph  # as the user sees it (spaces around numbers kept)
        for event in events:
            kind = event[0]
            if kind == _GRAM:
                _, tokens, left, right = event
                cand = self._add("".join(tokens), tokens, doc, index)
                cand.left[left] += 1
                cand.right[right] += 1
            elif kind == _TITLE_EVENT:
                self._add(event[1], (event[1],), doc, index).title = True
            elif kind == _ABBREVIATION:
                _, long_form, short, latin = event
                long_cand = self._mark(long_form)
                long_cand.abbreviated = True
                long_cand.abbreviation = long_cand.abbreviation or short
                if not latin:
                    self._mark(short).short_form = True
            else:  # _QUOTED
                self._mark(event[1]).quoted = True

    def _mark(self, zh: str) -> _Candidate:
        """The candidate for `zh`, created uncounted when new (its occurrences are counted at the end)."""
        cand = self.candidates.get(zh)
        if cand is None:
            cand = self.candidates[zh] = _Candidate(zh, (zh,))
        return cand

    def _collect_base_hits(self) -> None:
        """Base-glossary forms occurring anywhere (also where segmentation cut them) become candidates;
        forms marked but never counted (abbreviation long forms with 和 in them) are counted here too."""
        self._joined = self._join_documents()
        for cand in self.candidates.values():
            if cand.frequency == 0:
                self._count_substring(cand)
        for zh in self.base:
            cand = self.candidates.get(zh)
            if cand is None:
                cand = _Candidate(zh, (zh,))
                self._count_substring(cand)
                if cand.frequency:
                    self.candidates[zh] = cand
            elif not cand.title:
                self._count_substring(cand)

    def _join_documents(self) -> dict[str, tuple[str, list[int], list[tuple[str, int]]]]:
        """Per document: its paragraphs joined by newlines (no term holds one), where each starts, their keys."""
        parts: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for key in self.paragraphs:
            parts[key[0]].append(key)
        out = {}
        for doc, keys in parts.items():
            starts, at = [], 0
            for key in keys:
                starts.append(at)
                at += len(self.paragraphs[key]) + 1
            out[doc] = ("\n".join(self.paragraphs[k] for k in keys), starts, keys)
        return out

    def _count_substring(self, cand: _Candidate) -> None:
        """Add the occurrences of cand.zh in paragraphs where no occurrence was counted yet: one scan of
        each document's text (str.count), whatever the number of paragraphs."""
        zh = cand.zh
        if not zh:
            return
        counted = set(cand.places)
        for doc, (text, starts, keys) in self._joined.items():
            total = text.count(zh)
            if not total:
                continue
            extra = total - sum(self.paragraphs[key].count(zh) for key in counted if key[0] == doc)
            if extra <= 0:
                continue
            cand.frequency += extra
            cand.documents.add(doc)
            at = text.find(zh)
            while at >= 0 and len(cand.places) < 50:
                k = bisect.bisect_right(starts, at) - 1
                if keys[k] not in counted:
                    cand.places.append(keys[k])
                if k + 1 >= len(starts):
                    break
                at = text.find(zh, starts[k + 1])

    # -- scoring ----------------------------------------------------------------------------------

    def _word_keyness(self, word: str, n_words: int) -> float:
        """log of (share in these documents) / (share in general Chinese), scaled to 0..1."""
        if word in self.base:
            return 1.0
        ref_total = self.segmenter.reference_total
        ref = self.segmenter.reference_frequency(word)
        idf = reference_idf() if self._idf is None else self._idf
        if ref == 0 and word in idf:
            ref = idf_to_frequency(idf[word], ref_total)
        ours = self.word_counts.get(word, 0) + 0.5
        ratio = (ours / n_words) / ((ref + 1.0) / ref_total)
        return max(0.0, min(1.0, math.log(ratio) / 8.0)) if ratio > 1 else 0.0

    def _score_keyness(self) -> None:
        n_words = max(1, sum(self.word_counts.values()))
        # the IDF of the words scored here, not the whole table
        self._idf = reference_idf_of({w for cand in self.candidates.values() for w in cand.tokens})
        for cand in self.candidates.values():
            if cand.zh in self.base:
                cand.keyness = 1.0
                continue
            parts = [w for w in cand.tokens if w not in GENERIC_HEADS] or list(cand.tokens)
            scores = [self._word_keyness(w, n_words) for w in parts]
            # The mean rewards phrases made of domain words; the max keeps a rare head word visible.
            cand.keyness = 0.5 * (sum(scores) / len(scores)) + 0.5 * max(scores)

    def _cvalues(self) -> dict[str, float]:
        """C-value with log2(1 + words) so that one-word terms are scored too."""
        nested_in: dict[str, list[int]] = defaultdict(list)
        for cand in self.candidates.values():
            toks = cand.tokens
            seen = set()
            for i in range(len(toks)):
                for j in range(i + 1, len(toks) + 1):
                    if (i, j) == (0, len(toks)):
                        continue
                    sub = "".join(toks[i:j])
                    if sub in self.candidates and sub not in seen:
                        seen.add(sub)
                        nested_in[sub].append(cand.frequency)
        values = {}
        for zh, cand in self.candidates.items():
            weight = math.log2(1 + len(cand.tokens)) if len(cand.tokens) > 1 else 1.0
            longer = nested_in.get(zh)
            freq = cand.frequency - (sum(longer) / len(longer) if longer else 0.0)
            values[zh] = weight * max(freq, 0.0)
        return values

    def _rank(self, limit: int) -> list[TermCandidate]:
        cvalues = self._cvalues()
        scored = []
        for zh, cand in self.candidates.items():
            if not _acceptable(zh):
                continue
            in_base = zh in self.base
            category, pattern = _category(zh, cand.tokens)
            bonus = 0.0
            if in_base:
                bonus += BASE_BONUS
            shaped = len(cand.tokens) > 1 or cand.title or len(zh) >= 4
            if pattern and shaped and not _fragment(cand) and not _loose(cand, self.candidates):
                bonus += (PATTERN_BONUS if pattern in CLASSIC_SUFFIXES else HEAD_BONUS) * cand.keyness
            if cand.abbreviated or cand.short_form:
                bonus += ABBREVIATION_BONUS
            if cand.title:
                bonus += TITLE_BONUS
            elif cand.quoted:
                bonus += QUOTE_BONUS
            spread = 1.0 + 0.3 * (len(cand.documents) - 1)
            stat = cvalues.get(zh, 0.0) * (0.1 + cand.keyness) * spread
            if not bonus and (cvalues.get(zh, 0.0) < 1.0 or cand.frequency < 2 or _fragment(cand)):
                continue  # a general phrase seen once, or only ever part of a longer phrase
            if not bonus and cand.keyness < (SINGLE_MIN_KEYNESS if len(cand.tokens) == 1 else 0.3):
                continue
            score = math.log1p(stat) * 2.0 + bonus
            scored.append((score, zh, cand, category))
        scored.sort(key=lambda item: (-item[0], -item[2].frequency, item[1]))
        scored = self._whole_names(scored, limit)
        out = []
        found = self._occurrences([zh for _score, zh, _cand, _category in scored[:limit]])
        for score, zh, cand, category in scored[:limit]:
            entry = self.base.get(zh)
            abbreviation = cand.abbreviation
            if not abbreviation and entry is not None:
                short = _base_short_form(zh)
                abbreviation = short if short and short in self.candidates else ""
            occurrences = found[zh]
            out.append(
                TermCandidate(
                    zh=zh,
                    score=round(score, 4),
                    frequency=occurrences[0] or cand.frequency,
                    documents=occurrences[1] or sorted(cand.documents),
                    category=entry.category if entry is not None and entry.category else category,
                    abbreviation=abbreviation,
                    contexts=self._contexts(cand),
                )
            )
        return out

    def _whole_names(self, scored: list, limit: int) -> list:
        """The first `limit` of the ranked list that are whole names: a candidate the base glossary does not know
        and that no title, quotation or bracket vouches for is passed over when it is a clause, a verb with
        its object or a piece of a longer name (checked in rank order, so the cost stays with the top)."""
        out = []
        for item in scored:
            if len(out) >= limit:
                break
            zh, cand = item[1], item[2]
            if zh not in self.base and not (cand.title or cand.quoted or cand.abbreviated or cand.short_form) and (
                    _clause(cand.tokens) or self._verb_object(zh) or self._cut_off(cand)):
                continue
            out.append(item)
        return out

    def _verb_object(self, zh: str) -> bool:
        """A verb and its object (消除核武器, 防止外层空间, 保障无核武器国家), not a name: the first word is a verb
        and the phrase does not end in a name's head (…条约, …公约, …组织, …会议: 禁止化学武器公约 is a name),
        unless a verb that opens names (防止, 禁止…) has more than one word after it (防止外层空间军备竞赛)."""
        tokens = [t for t in self.segmenter.segment(zh) if t.text.strip()]
        if len(tokens) < 2 or not tokens[0].pos.startswith("v") or tokens[0].pos == "vn":
            return False
        if tokens[0].text in TERM_VERBS and len(tokens) > 2:
            return False  # 防止, 禁止, 消除… open names with more than one word after them (防止外层空间军备竞赛)
        return not _category(zh, tuple(t.text for t in tokens))[1]

    def _cut_off(self, cand: _Candidate) -> bool:
        """Whether the candidate is a piece of a longer name, read off the characters around it in the text
        (boundary entropy at its edges, as low as it gets): seen at least twice and, at either edge, nearly
        always next to the same Chinese character that is no word boundary (无 before 大规模毁灭性武器区 of
        无大规模毁灭性武器区, 军 after 防止外层空间 of 防止外层空间军备竞赛)."""
        left: Counter[str] = Counter()
        right: Counter[str] = Counter()
        for place in dict.fromkeys(cand.places):
            text = self.rebuilt.get(place, "")
            for m in re.finditer(re.escape(cand.zh), text):
                left[self._neighbour(text[max(0, m.start() - 6):m.start()], -1)] += 1
                right[self._neighbour(text[m.end():m.end() + 6], 0)] += 1
        seen = sum(left.values())
        if seen < 2:
            return False
        for side in (left, right):
            word, count = side.most_common(1)[0]
            if word and count / seen >= CUT_OFF_SHARE:
                return True
        return False

    def _neighbour(self, text: str, at: int) -> str:
        """The word of `text` next to a candidate (its last word before, at=-1, or first after, at=0) when it
        could be part of one name with it: a noun-like Chinese word that is not a general word, or a negation
        that opens names (无 of 无大规模毁灭性武器区); else ''."""
        tokens = [t for t in self.segmenter.segment(text) if t.text.strip()] if text else []
        if not tokens:
            return ""
        tok = tokens[at]
        if tok.kind != WORD or not _CJK_CHAR.match(tok.text) or tok.text in _EDGE_WORDS:
            return ""
        if tok.pos[:1] in _NOT_IN_NAMES and tok.pos != "vn" and tok.text not in NEGATION_PREFIXES:
            return ""  # a verb, preposition, conjunction, particle, pronoun, adverb: a word edge (削减 | 进攻性战略武器)
        return tok.text

    def _contexts(self, cand: _Candidate) -> list[Context]:
        """Up to MAX_CONTEXTS sentences holding the term (from different paragraphs), the term marked."""
        from ingest.sentences import split_sentences

        pattern = _searchable(cand.zh)
        out: list[Context] = []
        first_of_doc = {}
        for place in cand.places:
            first_of_doc.setdefault(place[0], place)
        # one sentence from each document first, then more from the same documents
        places = list(first_of_doc.values()) + [p for p in cand.places if p not in first_of_doc.values()]
        for doc, index in places:
            text = self.rebuilt.get((doc, index), "")
            sentence = next((s for s in split_sentences(text, "zh") if pattern.search(s)), None)
            if sentence is None:
                continue
            snippet = _marked(sentence.strip(), pattern)
            if all(c.zh != snippet for c in out):
                out.append(Context(zh=snippet, doc=doc))
            if len(out) >= MAX_CONTEXTS:
                break
        return out

    def _occurrences(self, terms: list[str]) -> dict[str, tuple[int, list[str]]]:
        """{term: (occurrences, documents)} in the rebuilt paragraphs: every match of the exact string, inside
        longer terms too, a space between a Chinese character and a digit or Latin letter ignored.

        The paragraphs are searched a slice of the document at a time (paragraphs joined by a character no
        term holds, so no match spans two): a regex call per slice and term, not per paragraph and term,
        and no copy of the whole document."""
        patterns = [(zh, _searchable(zh)) for zh in terms]
        counts = dict.fromkeys(terms, 0)
        docs: dict[str, set[str]] = {zh: set() for zh in terms}
        for doc, text, paragraphs in self._rebuilt_slices():
            for zh, pattern in patterns:
                if _SEPARATOR in zh:  # never in practice: such a term is searched paragraph by paragraph
                    n = sum(len(pattern.findall(p)) for p in paragraphs)
                else:
                    n = len(pattern.findall(text))
                if n:
                    counts[zh] += n
                    docs[zh].add(doc)
        return {zh: (counts[zh], sorted(docs[zh])) for zh in terms}

    def _rebuilt_slices(self):
        """(document, its next rebuilt paragraphs joined by _SEPARATOR, those paragraphs), about SLICE_CHARS
        characters at a time."""
        doc, part, size = None, [], 0
        for (d, _index), text in self.rebuilt.items():
            if part and (d != doc or size >= SLICE_CHARS):
                yield doc, _SEPARATOR.join(part), part
                part, size = [], 0
            doc = d
            part.append(text)
            size += len(text) + 1
        if part:
            yield doc, _SEPARATOR.join(part), part


# -- what one paragraph adds ---------------------------------------------------------------------
# The analysis of a paragraph is a pure function of its tokens: a list of events, counted in order by
# `TermExtractor._apply`. Worker processes compute them for a long input; counting them stays in one process,
# in paragraph order, so the result is the same as in one process.

_GRAM, _TITLE_EVENT, _ABBREVIATION, _QUOTED = range(4)


def _count_words(tokens: list[Token], counts: Counter) -> None:
    for tok in tokens:
        if tok.kind not in (PUNCT, NUMBER, SYMBOL):
            counts[tok.text] += 1


def _paragraph_events(segmenter: Segmenter, tokens: list[Token]) -> tuple[str, list[tuple]]:
    """(the paragraph's segmented text, its events): n-grams (`_GRAM`, token texts, left and right neighbour),
    then per `《…》` title the title itself (`_TITLE_EVENT`) and the n-grams inside it, then abbreviations
    (`_ABBREVIATION`, long form, short form, whether the short form is Latin), then quoted names (`_QUOTED`)."""
    events: list[tuple] = []
    _ngram_events(tokens, events)
    for tok in tokens:
        if tok.kind == TITLE:
            inner = tok.text[1:-1].strip()
            if 3 <= len(inner) <= 60 and not _ONLY_DIGITS.match(inner) and inner not in GENERIC_SINGLES:
                events.append((_TITLE_EVENT, inner))
            # Words inside a title are ordinary text too (化学武器 in the Chemical Weapons Convention's title).
            _ngram_events(segmenter.segment(inner), events, skip=inner)
    text = "".join(t.text for t in tokens)
    _abbreviation_events(tokens, text, events)
    _quote_events(text, events)
    return text, events


def _ngram_events(tokens: list[Token], events: list[tuple], skip: str = "") -> None:
    for run, before in _runs(tokens):
        for i, j in _candidate_spans(run):
            words = tuple(t.text for t in run[i:j])
            text = "".join(words)
            if len(text) > MAX_CHARS or text == skip:
                continue
            # A neighbour counts only where it could belong to the phrase (not a verb).
            # After 和/及/与 a phrase ending in a one-character head is likely the second
            # conjunct of a longer term (大规模毁灭性武器和运载工具区 → 运载工具区).
            left = i and _attachable(run[i - 1], 0) and run[i - 1].text
            if not i and before in CONJUNCTIONS and len(words[-1]) == 1:
                left = "&"  # a one-character head (区) binds the whole coordination
            if not i and before in NEGATION_PREFIXES:
                left = before  # 不 + 扩散条约: a piece of 不扩散条约
            right = j < len(run) and _attachable(run[j], 1) and run[j].text
            if right and len(right) == 1:
                right = ""  # 大规模毁灭性武器 + 区: a one-character suffix derives a new term
            events.append((_GRAM, words, left or "", right or ""))


def _abbreviation_events(tokens: list[Token], text: str, events: list[tuple]) -> None:
    """`联合国裁军研究所(裁研所)`, `21国集团(G-21)`, `《不扩散核武器条约》(《不扩散条约》)`."""
    ends, offset = [], 0
    for tok in tokens:
        offset += len(tok.text)
        ends.append(offset)
    for m in _ABBR.finditer(text):
        short = m.group(1).strip("《》")
        latin = short[0].isascii()
        before = [tok for tok, end in zip(tokens, ends, strict=True) if end <= m.start()]
        if not before or ends[len(before) - 1] != m.start():
            continue  # the bracket opens inside a token: no clean long form before it
        if before[-1].kind == TITLE:
            long_form = before[-1].text.strip("《》")
        else:
            long_form = _long_form(before, short, latin)
        if not long_form or long_form == short or len(long_form) <= len(short):
            continue
        events.append((_ABBREVIATION, long_form, short, latin))


def _quote_events(text: str, events: list[tuple]) -> None:
    """`“彻底消除核武器国际日”`: a short quoted name is a candidate (counted with the others at the end)."""
    for m in _QUOTE.finditer(text):
        inner = m.group(1)
        if "的" in inner or _ONLY_DIGITS.match(inner) or inner in STOP_WORDS or inner in GENERIC_SINGLES:
            continue
        events.append((_QUOTED, inner))


# -- helpers ------------------------------------------------------------------------------------------

_WORKER: dict = {}


def _init_worker(segmenter: Segmenter) -> None:
    _WORKER["segmenter"] = segmenter


def _analyse_batch(paragraphs: list[str]) -> tuple[list[tuple[str, list[tuple]]], Counter]:
    """In a worker: the (segmented text, events) of each paragraph and the batch's word counts."""
    seg = _WORKER["segmenter"]
    words: Counter[str] = Counter()
    out = []
    for p in paragraphs:
        tokens = seg.segment(p)
        _count_words(tokens, words)
        out.append(_paragraph_events(seg, tokens))
    return out, words


_SEPARATOR = "\n"  # joins paragraphs where a term is searched in many at once (no term holds one)
CONTEXT_MAX = 90  # a context sentence longer than this is cut around the term


def _searchable(term: str) -> re.Pattern:
    """The term as a pattern that also matches it with a space between a Chinese character and a digit or
    Latin letter, as UN Chinese sets them (`21国集团` in `21 国集团`)."""
    parts = []
    for a, b in zip(term, term[1:] + " ", strict=True):
        parts.append(re.escape(a))
        if b != " " and (a.isascii() and a.isalnum()) != (b.isascii() and b.isalnum()):
            parts.append(" ?")
    return re.compile("".join(parts))


def _marked(sentence: str, pattern: re.Pattern) -> str:
    """`sentence` with the first match of `pattern` marked ⟦…⟧, cut to CONTEXT_MAX characters around it."""
    m = pattern.search(sentence)
    at, end_at = m.span()
    if len(sentence) > CONTEXT_MAX:
        room = max(CONTEXT_CHARS, (CONTEXT_MAX - (end_at - at)) // 2)
        start, end = max(0, at - room), min(len(sentence), end_at + room)
        sentence = ("…" if start else "") + sentence[start:end] + ("…" if end < len(sentence) else "")
        at, end_at = pattern.search(sentence).span()
    return sentence[:at] + MARK_OPEN + sentence[at:end_at] + MARK_CLOSE + sentence[end_at:]



def _breaks(tok: Token) -> bool:
    """Whether a token ends a run of words that may form a term."""
    if tok.kind in (PUNCT, NUMBER, SYMBOL, TITLE):
        return True
    if tok.text in STOP_WORDS and tok.text not in SOFT_STOPS:
        return True
    if tok.kind in (TERM, LATIN):
        return False
    return tok.pos not in INNER_POS and tok.pos not in NAME_POS


def _runs(tokens: list[Token]) -> list[tuple[list[Token], str]]:
    """Maximal runs of words that may form terms, each with the text of the token before it."""
    runs: list[tuple[list[Token], str]] = []
    current: list[Token] = []
    before = ""
    for tok in tokens:
        if _breaks(tok):
            if current:
                runs.append((current, before))
            current = []
            before = tok.text
        else:
            current.append(tok)
    if current:
        runs.append((current, before))
    return runs


# What `_is_candidate` asks of a token, by its place in the n-gram, as bits (computed once per kind of token).
_F_SOFT, _F_HEAD, _F_DOMAIN, _F_FREE, _F_FIRST, _F_BOUND, _F_WU, _F_VERB0, _F_VERBK, _F_NAME, _F_PERSON, \
    _F_LATIN, _F_SINGLE = (1 << k for k in range(13))
_FEATURES: dict[Token, int] = {}


def _features(tok: Token) -> int:
    f = _FEATURES.get(tok)
    if f is not None:
        return f
    text, pos, kind = tok.text, tok.pos, tok.kind
    plain = kind not in (TERM, LATIN)
    verb = kind == WORD and pos.startswith("v") and pos != "vn"
    f = (
        (_F_SOFT if text in SOFT_STOPS else 0)
        | (0 if plain and (text in GENERIC_HEADS or (pos not in HEAD_POS and text not in NOMINAL_VERBS
                                                       and text not in DOMAIN_HEADS)) else _F_HEAD)
        | (_F_DOMAIN if text in DOMAIN_HEADS else 0)
        | (_F_FREE if text.endswith(FREE_OF_HEADS) else 0)
        | (0 if (kind == WORD and pos not in FIRST_POS and not _nominal(text, 0)) or text in OPENING_STOP
           else _F_FIRST)
        | (_F_BOUND if kind == WORD and text in BOUND_SUFFIXES else 0)
        | (_F_WU if text == "无" else 0)
        | (_F_VERB0 if verb and not _nominal(text, 0) else 0)
        | (_F_VERBK if (verb and not _nominal(text, 1)) or (kind == TERM and text.startswith(VERB_PREFIXES)) else 0)
        | (_F_NAME if pos in NAME_POS else 0)
        | (_F_PERSON if pos in ("nr", "nrt", "nrfg") else 0)
        | (_F_LATIN if kind == LATIN else 0)
        | (_F_SINGLE if kind == TERM or (not text.endswith("性") and len(text) >= 2 and pos in SINGLE_POS
                                         and text not in GENERIC_SINGLES) else 0)
    )
    if len(_FEATURES) < 200_000:
        _FEATURES[tok] = f
    return f


def _candidate_spans(run: list[Token]) -> list[tuple[int, int]]:
    """The (i, j) with `_is_candidate(run[i:j])` for j - i <= MAX_TOKENS, in order: the same answers from
    each token's features, combined as the n-gram grows, instead of every test on every n-gram."""
    feats = [_features(t) for t in run]
    n = len(run)
    out = []
    for i in range(n):
        first = feats[i]
        if not first & _F_FIRST or first & _F_VERB0 or first & _F_PERSON:
            continue  # no n-gram opening here passes
        seen = 0  # features of any token so far
        every = ~0  # features of every token so far
        for j in range(i + 1, min(n, i + MAX_TOKENS) + 1):
            last = feats[j - 1]
            if j - 1 > i and last & (_F_VERBK | _F_PERSON):
                break  # this n-gram and every longer one fail
            seen |= last
            every &= last
            size = j - i
            if seen & _F_SOFT and (size < 2 or not last & _F_DOMAIN):
                continue
            if not last & _F_HEAD:
                continue
            if size > 1 and first & _F_BOUND:
                continue
            if seen & _F_WU and not last & _F_FREE:
                continue
            if every & _F_NAME:
                continue
            if size == 1:
                if first & _F_SINGLE:
                    out.append((i, j))
            elif not every & _F_LATIN:
                out.append((i, j))
    return out


def _is_candidate(gram: list[Token]) -> bool:
    first, last = gram[0], gram[-1]
    if any(t.text in SOFT_STOPS for t in gram) and (len(gram) < 2 or last.text not in DOMAIN_HEADS):
        return False  # 工作方案 and 成果文件, not 工作 or 裁军工作
    if last.kind not in (TERM, LATIN) and last.text in GENERIC_HEADS:
        return False
    if last.kind not in (TERM, LATIN) and last.pos not in HEAD_POS and last.text not in NOMINAL_VERBS and last.text not in DOMAIN_HEADS:
        return False
    if first.kind == WORD and first.pos not in FIRST_POS and not _nominal(first.text, 0):
        return False
    if first.text in OPENING_STOP:
        return False
    if first.kind == WORD and first.text in BOUND_SUFFIXES and len(gram) > 1:
        return False  # 区 + 条约议定书: the tail of 无核武器区, not the start of a term
    if any(t.text == "无" for t in gram) and not last.text.endswith(FREE_OF_HEADS):
        return False
    for k, tok in enumerate(gram):
        if tok.kind == WORD and tok.pos.startswith("v") and tok.pos != "vn" and not _nominal(tok.text, k):
            return False  # a clause (核武器国家放弃核武器), not a name
        if k and tok.kind == TERM and tok.text.startswith(VERB_PREFIXES):
            return False  # 无核武器国家 + 使用或威胁使用核武器 is subject + predicate
    if all(t.pos in NAME_POS for t in gram) or any(t.pos in ("nr", "nrt", "nrfg") for t in gram):
        return False  # place and person names alone are no terms
    if len(gram) == 1:
        if first.kind == TERM:
            return True
        if first.text.endswith("性"):
            return False  # 实质性, 建设性, 普遍性: qualities, not terms
        return len(first.text) >= 2 and first.pos in SINGLE_POS and first.text not in GENERIC_SINGLES
    if all(t.kind == LATIN for t in gram):
        return False
    return True


def _nominal(word: str, position: int) -> bool:
    """Whether verb `word` may stand inside a term at `position` (term-opening verbs only first)."""
    return (
        word in NOMINAL_VERBS
        or word in DOMAIN_HEADS  # 协定 tagged v in 多边裁军协定
        or (position == 0 and word in TERM_VERBS)
        or word in ("无", "非", "反")
    )


def _attachable(tok: Token, position: int) -> bool:
    """Whether a neighbouring word could belong to the same term (not a verb taking it as object,
    not a localiser such as 之下)."""
    if tok.kind != WORD:
        return tok.kind in (TERM, LATIN)
    if (tok.text in GENERIC_HEADS or tok.text in SOFT_STOPS) and tok.text not in DOMAIN_HEADS:
        return False  # 放射性武器 + 问题 does not make 放射性武器 a fragment
    if tok.pos in ("f", "vd"):
        return False
    if tok.pos.startswith("v") and tok.pos != "vn":
        return tok.text in NOMINAL_VERBS
    return True


def _loose(cand: _Candidate, candidates: dict[str, _Candidate]) -> bool:
    """A rare phrase whose tail is a much more frequent candidate: the first word is a loose modifier
    (建议 + 裁军谈判会议, 纽约 + 集体安全条约组织), so the phrase gets no pattern bonus."""
    if len(cand.tokens) < 2:
        return False
    tail = candidates.get("".join(cand.tokens[1:]))
    return tail is not None and tail.frequency >= 3 * cand.frequency


def _clause(tokens: tuple[str, ...]) -> bool:
    """A clause, not a name: a modal or a disposal marker, or an adverb in -地 (错误地将核武器)."""
    if re.search(r"地[将把被]", "".join(tokens)):  # jieba may cut 错误地将 as 错误 + 地将
        return True
    return any(t in _CLAUSE_WORDS or (len(t) > 1 and t.endswith("地") and t not in _PLACES) for t in tokens)


def _fragment(cand: _Candidate) -> bool:
    """Whether the candidate is nearly always preceded or followed by the same word inside a noun run
    (毁灭性武器 always after 大规模): then the longer phrase is the term and this is a piece of it."""
    seen = sum(cand.left.values())
    if seen < 2:
        return False
    for side in (cand.left, cand.right):
        word, count = side.most_common(1)[0]
        if word and count / seen >= FRAGMENT_SHARE:
            return True
    return False


def _acceptable(zh: str) -> bool:
    if len(zh) < 2 or _ONLY_DIGITS.match(zh):
        return False
    if zh in STOP_WORDS:
        return False
    return not re.fullmatch(r"[A-Za-z\-]+", zh) or zh.isupper()


def _category(zh: str, tokens: tuple[str, ...]) -> tuple[str, str]:
    """(category guess, matched domain pattern suffix or '')."""
    for suffix, category in SUFFIX_CATEGORY:
        if zh.endswith(suffix) and len(zh) > len(suffix):
            if suffix == "区" and (tokens[-1] in _NOT_ZONE or zh[-2:] in _NOT_ZONE):
                continue
            return category, suffix if suffix in PATTERN_SUFFIXES else ""
    return "concept", ""


def _long_form(before: list[Token], short: str, latin: bool) -> str:
    """The long form written right before `(short)`: a run of words ending at the bracket."""
    run: list[Token] = []
    for tok in reversed(before):
        if tok.kind in (PUNCT, NUMBER, SYMBOL) or tok.text in STOP_WORDS:
            break
        if (
            tok.kind == WORD
            and tok.pos not in INNER_POS
            and tok.pos not in NAME_POS
            and tok.text not in "和与及"
        ):
            break
        run.insert(0, tok)
        if len(run) >= 10:
            break
    while run and run[0].text in "和与及":
        run.pop(0)
    if not run:
        return ""
    if latin:
        # 21国集团(G-21): the last term or noun phrase; stay short.
        if run[-1].kind == TERM:
            return run[-1].text
        return "".join(t.text for t in run[-3:])
    best = ""
    for i in range(len(run)):
        text = "".join(t.text for t in run[i:])
        if _is_subsequence(short, text) and short[0] in run[i].text:
            best = text
            break  # the longest suffix that opens with the short form's first character
    if best and best != "".join(t.text for t in run):
        # 联合国 + 裁军研究所(裁研所): an organisation-name word right before it belongs to the name.
        i = len(run) - len(_tokens_of(best, run))
        if i > 0 and run[i - 1].pos == "nt":
            best = run[i - 1].text + best
    return best


def _tokens_of(text: str, run: list[Token]) -> list[Token]:
    out: list[Token] = []
    for tok in reversed(run):
        if len("".join(t.text for t in out)) >= len(text):
            break
        out.insert(0, tok)
    return out


def _is_subsequence(short: str, text: str) -> bool:
    it = iter(text)
    return all(ch in it for ch in short)


def _base_short_form(zh: str) -> str:
    from glossary.base import load_base_rows

    for row in load_base_rows():
        if row.zh == zh:
            return row.zh_abbreviation
    return ""
