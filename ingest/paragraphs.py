"""Rebuild the real paragraphs of a document from its PDF-extracted lines (Chinese or English).

PDF text comes as visual lines: a paragraph is wrapped over many lines, blank lines appear both between
paragraphs and inside them, and page furniture (the document symbol, the job number `GE.12-63627`,
page numbers, running headers) sits wherever the page broke, often in the middle of a sentence.

The rules, in order:

1. Drop page furniture lines: lone document symbols (`CD/PV.1261`, `A/75/123`), job numbers with
   page numbers (`10 GE.12-63627`, `21-03045 3/8`), bare page numbers, barcodes, lone URLs,
   "Please recycle", short lines repeated on three or more pages (running headers), and footnotes
   (`1 See A/74/114.`, `* A/75/150.`) in the few lines just above a page footer.
2. Blank lines are ignored: in these texts they say nothing reliable about paragraph ends.
3. A line opens a new paragraph when it starts with a paragraph number (`1.`, `一、`), a list label
   (`(a)`, `(iv)`, `•`), a section number (`I.`, `A.`) or a speaker turn (`伊利奥普洛斯先生(丹麦)：`,
   `主席：`, `Mr. X (Denmark):`, `The President:`).
4. Otherwise the previous line decides. The extractor of the UN texts leaves a trailing space on the
   last line of a paragraph (and on titles) and none on wrapped lines; when a document follows that
   convention, it decides. Otherwise a line clearly shorter than the text width ends a paragraph, and
   a line ending a sentence ends one when the next line is indented or follows a blank line (where blank
   lines are not everywhere). English guards: a trailing space after a full-width line that ends in a
   word is ignored, and `2.` or `(a)` at a line start after a wrapped mid-sentence line stays in it.
5. Joining: Chinese lines join with no space (one space between a digit/Latin word and a Chinese
   character, as UN Chinese typesets numbers); English lines join with one space, and a word
   hyphenated at the line end is rejoined unless the hyphen is real (`non-proliferation`).
6. Each paragraph gets an id (p1, p2...), a kind (title, heading, numbered, speaker, body, list, meta)
   and a label (the number, list label or speaker). The text keeps the label (`1. 本集团…`,
   `主席：…`): numbers and speakers are anchors for the aligner.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import InputError
from core.records import Paragraph
from ingest.read import detect_language, read_text, sniff

LANGS = ("zh", "en")

# ------------------------------------------------------------------ character classes

_CJK_CHAR = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{_CJK_CHAR}]")
_TERMINAL = "。！？!?.;；"
_CLOSERS = "\"'”’」』)）]】》"

# ------------------------------------------------------------------ page furniture

_SYMBOL_ONE = r"[A-Z][A-Z0-9]{0,9}(?:\.\d+)?(?:/[A-Za-z0-9.()\-]+)+"
_SYMBOL = rf"{_SYMBOL_ONE}(?:\s?[–—]\s?{_SYMBOL_ONE})*"  # A/75/803–S/2021/250
_JOB = r"(?:GE\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?"
_FURNITURE_TOKEN = re.compile(
    rf"^(?:{_SYMBOL}|{_JOB}|\d{{1,4}}(?:/\d{{1,4}})?|\([A-Z]\)|\d{{6}}|\*\d{{6,}}\*|[-–—])$"
)
_JOB_RE = re.compile(rf"^{_JOB}$")
_SYMBOL_RE = re.compile(rf"^{_SYMBOL}$")
_PAGE_ONLY = re.compile(
    r"^(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?$|^\d{1,4}\s*/\s*\d{1,4}$|^第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?$"
    r"|^(?:Page|page)\s+\d+(?:\s+of\s+\d+)?$"
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_OTHER_FURNITURE = re.compile(
    r"^(?:https?://\S+|www\.\S+|\*\d{5,}\*|Please recycle\s*♲?|♲|请回收\s*♲?|\d{2}-\d{5}\s*\(\w\)\s*\d{6}(?:\s+\d{6})?)$"
)


def _is_furniture(text: str) -> bool:
    """A line that is page furniture, never content: symbol / job number / page number / barcode / URL."""
    if _YEAR.match(text):  # a year wrapped onto a line of its own ("adopted in\n1995\nby"), not page 1995
        return False
    if _PAGE_ONLY.match(text) or _OTHER_FURNITURE.match(text):
        return True
    tokens = text.split()
    if not tokens or len(tokens) > 8:
        return False
    if not all(_FURNITURE_TOKEN.match(t) for t in tokens):
        return False
    if any(_JOB_RE.match(t) for t in tokens):
        return True
    # a lone document symbol (or symbol plus page number); a symbol ending a sentence has its period
    return any(_SYMBOL_RE.match(t) and not t.endswith(".") for t in tokens)


_FOOTNOTE = re.compile(
    r"^(?:\d{1,3}|\*{1,3})\s*(?:See\b|Ibid|Available at|For the|The text|A/|S/|CD/|E/|Official Records|Resolution|"
    r"United Nations,|Document|https?:|www\.|见|参看|参见|同上|《|大会正式记录)"
)


def _drop_footnotes(lines: list[_Line], drop: list[bool]) -> None:
    """Mark footnotes (`1 See A/75/123.`) that sit just above a page footer as furniture, in place."""
    for i in range(1, len(lines)):
        if not drop[i] or drop[i - 1]:
            continue
        first = None
        for j in range(i - 1, max(-1, i - 7), -1):  # a footnote block is at most six lines
            if drop[j]:
                break
            if _FOOTNOTE.match(lines[j].text):
                first = j
        if first is not None:
            for k in range(first, i):
                drop[k] = True


# ------------------------------------------------------------------ paragraph starts

_NUMBERED = re.compile(
    r"^(?P<label>\d{1,3}(?:\.\d{1,3})*\.)(?=\s|[\u3400-\u9fff]|$)|^(?P<zh>[一二三四五六七八九十百]+、)"
)
_LIST = re.compile(
    r"^(?P<label>\((?:[a-z]{1,2}|[ivxlc]{1,6}|\d{1,3}|[A-Z])\)|（(?:[a-z]{1,2}|[ivxlc]{1,6}|\d{1,3}|[一二三四五六七八九十]+)）"
    r"|\([一二三四五六七八九十]+\)|[a-z]\)|[•·▪◦‣●○■□◆❖►✓])(?=\s|[\u3400-\u9fff]|$)"
)
_SECTION = re.compile(r"^(?P<label>(?:[IVXLC]{1,6}|[A-H])\.)\s+(?=[A-Z“\"\u3400-\u9fff])")
# A heading that fills its line: `Article 1`, `Chapter II`, `Part I`, `Annex`, `A.`, `第一条`, `第二章`, `附件一`,
# optionally with a short title (`Article 2 Definitions`, `第一条 定义`). It is a paragraph of its own.
_ZH_NUM = r"[一二三四五六七八九十百千零〇两\d]+"
_HEADING_LINE = re.compile(
    r"^(?P<label>(?:Article|ARTICLE|Chapter|CHAPTER|Part|PART|Section|SECTION|Annex|ANNEX|Appendix|APPENDIX|"
    r"Principle|PRINCIPLE|Rule|RULE)\s+(?:[IVXLC]{1,6}|\d{1,3}|[A-Z])\b\.?"
    r"|(?:Annex|ANNEX|Appendix|APPENDIX)\b"
    r"|(?:[IVXLC]{1,6}|[A-H])\."
    rf"|第\s*{_ZH_NUM}\s*[条章节部编篇]"
    rf"|附\s*件\s*(?:{_ZH_NUM}|[A-Z])?)"
    r"(?:(?:\s*[-–—:：.]\s*|\s+)(?P<title>[^\s.;:,。；：，].{0,58}))?$"
)

_ZH_TITLE = r"(?:先生|女士|夫人|小姐|博士|阁下|大使|勋爵|爵士)"
_PAREN = r"\s*[（(][^（()）\n]{1,40}[)）]"
_ZH_SPEAKER = re.compile(
    rf"^(?P<label>(?:(?:代理|临时)?主席|副?秘书长)(?:{_PAREN}){{0,2}}"
    rf"|[{_CJK_CHAR}·•‧－\-]{{1,20}}?{_ZH_TITLE}(?:{_PAREN}){{0,3}})\s*[：:]"
    rf"|^(?P<label2>[{_CJK_CHAR}·•‧－\-]{{1,20}}?(?:先生|女士|夫人)(?:{_PAREN}){{1,3}})"
)
_NAME_PARTICLE = r"(?:de|da|del|della|van|von|der|den|al|el|bin|ibn|la|le|y|dos|das|di|du|ten|ter|zu)"
_EN_NAME = rf"(?:{_NAME_PARTICLE}\s+)*[A-ZÀ-Þ][\w'’.\-]*(?:\s+(?:[A-ZÀ-Þ][\w'’.\-]*|{_NAME_PARTICLE}))*"
_EN_SPEAKER = re.compile(
    r"^(?P<label>(?:The\s+(?:Acting\s+|Temporary\s+|Interim\s+)?(?:President|Chair|Chairperson|Chairman|"
    r"Chairwoman|Co-Chair|Vice-President|Secretary-General|Secretary|Rapporteur)"
    r"|(?:H\.\s?E\.\s+)?(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Lord|Lady|Baroness|Baron|Archbishop|Monsignor|Prince|Princess|Sheikh|"
    rf"Ambassador)\.?\s+{_EN_NAME})(?:\s*\([^()\n]{{1,60}}\)){{0,3}})\s*:"
)
_SPOKE_IN = re.compile(r"\s*[（(](?:以\S{1,6}发言|spoke in \w+|spoke in \w+ and \w+)[)）]")


def speaker_label(line: str, lang: str | None = None) -> str | None:
    """The speaker of a turn that opens at the start of `line`, or None ("主席", "Mr. X (Denmark)")."""
    text = line.strip()
    m = None
    if lang in (None, "zh"):
        m = _ZH_SPEAKER.match(text)
    if m is None and lang in (None, "en"):
        m = _EN_SPEAKER.match(text)
    if m is None:
        return None
    label = m.group("label") if m.re is _EN_SPEAKER else (m.group("label") or m.group("label2"))
    return _SPOKE_IN.sub("", label).strip()


def heading_line(text: str) -> str | None:
    """The label of a heading that fills the line (`Article 1`, `第一条`, `Annex`), or None."""
    m = _HEADING_LINE.match(text.strip())
    if m is None:
        return None
    title = m.group("title") or ""
    if title and (
        title[0].islower() or title.rstrip(_CLOSERS)[-1:] in _TERMINAL + "，,；;" or _display_width(title) > 60
    ):
        return None  # "Article 1 of the Treaty provides that ...": a sentence, not a heading
    return re.sub(r"\s+", " ", m.group("label")).strip()


def _start(text: str, lang: str) -> tuple[str, str] | None:
    """(kind, label) when `text` opens a new paragraph by its form alone, else None."""
    label = heading_line(text)
    if label:
        return "heading", label
    m = _NUMBERED.match(text)
    if m:
        return "numbered", (m.group("label") or m.group("zh"))
    m = _LIST.match(text)
    if m:
        return "list", m.group("label")
    label = speaker_label(text, lang)
    if label:
        return "speaker", label
    m = _SECTION.match(text)
    if m:
        return "heading", m.group("label")
    return None


# ------------------------------------------------------------------ meta lines (front matter)

_META = re.compile(
    r"^(?:\[?\s*(?:原件|Original)\s*[：:].*|.{1,60}提交|Submitted by .{1,80}|Distr\.?\s*[：:].*|"
    r"议程项目\s*\S+|Agenda items?\s+\S+.*|Items?\s+\d+.{0,20}of the (?:provisional )?agenda.*|"
    r"United Nations(?:\s+\S+)?|联合国(?:\s+\S+)?|.{0,40}Distr\.?\s*[：:].*|.{0,20}分发[：:].*|"
    r"\[\s*[^\]]{0,30}\d{4}[^\]]{0,10}\]|临时议程项目.*|Provisional agenda item.*|"
    r"第[一二三四五六七八九十百]+届会议.*|(?:\w+-)?\w+\s+session|"
    r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|"
    r"纽约|日内瓦|维也纳|New York|Geneva|Vienna|"
    r"大\s*会(?:\s+安全理事会)?|安全理事会|General Assembly(?:\s+Security Council)?|Security Council|"
    r"Conference on Disarmament|President\s*[：:].*|Held at .{5,120}|主席\s*[：:].{0,40}…+.*|裁军谈判会议|English|Chinese|Russian|French|Spanish|Arabic|"
    r".{0,40}[(（](?:签名|Signed)[)）].{0,40}|[(（](?:签名|Signed)[)）].*)$"
)


def _front_matter(line: _Line, full: int) -> bool:
    """A short line that is front matter by its form: it is a paragraph of its own."""
    return line.width < 0.75 * full and _META.match(line.text) is not None


def _ends_sentence(text: str) -> bool:
    """The line ends with sentence (or clause-introducing colon) punctuation, closing quotes aside."""
    last = text.rstrip(_CLOSERS)[-1:]
    return bool(last) and last in _TERMINAL + ":："


def _mid_sentence_capitals(lines: list[_Line]) -> set[str]:
    """Capitalised words the document uses inside sentences (names: `States`, `Treaty`, `United`)."""
    found = set()
    for ln in lines:
        tokens = ln.text.split()
        for before, word in zip(tokens, tokens[1:], strict=False):
            if word[:1].isupper() and before[-1:] not in ".!?:;\"“”)":
                found.add(re.sub(r"\W+$", "", word))
    return found


_FUNCTION_WORDS = frozenset(
    "the a an of and or to in on for with by at from as that which whose its their his her our this these "
    "those such into upon under between among against within without than nor but".split()
)


def _opens_sentence(prev: str, text: str, capitals: set[str]) -> bool:
    """The English line opens with a capitalised word that is not a name of the document (`Recalling`,
    `Solemnly`) after a line that does not end in a function word (`the`, `of`): after a line that ends
    without a full stop, a new paragraph (a title, a preamble paragraph) opens."""
    m = re.match(r"([A-Z][a-z]+)\b(?![.'’\-])", text)  # not `Mr.`, `Non-`
    if not m or m.group(1) in capitals or m.group(1) == "I":
        return False
    last = re.search(r"([A-Za-z]+)\W*$", prev)
    if last and prev.rstrip()[-1:].isalpha() and last.group(1)[0].isupper():
        return False  # "National\nDialogue Conference", "Major General\nHalefom": a name goes on
    return not (last and last.group(1) in _FUNCTION_WORDS)


def _next_word_fits(line: str, following: str, lang: str, capacity: int, margin: int = 1) -> bool:
    """The first word of `following` would have fitted at the end of `line` in text wrapped at `capacity`.

    A greedy wrapper (a PDF writer, a word processor, pdftotext) only breaks a line when the next word does
    not fit; when it would have fitted, the break was the author's: a paragraph end. Chinese wraps at any
    character, English at spaces; a margin of a few characters allows for proportional fonts.
    """
    if capacity < 30:
        return False
    m = re.match(r"[A-Za-z0-9][^\s\u3400-\u9fff]*|\S", following)
    word = m.group(0) if m else following[:1]
    room = capacity - _display_width(line) - (1 if lang == "en" or word.isascii() else 0)
    return _display_width(word) <= room - margin * max(2, round(0.04 * capacity))


class _WideChars(dict):
    """str.translate table keeping the wide and full-width characters (East Asian width W or F) and
    deleting the others, each looked up in unicodedata once."""

    def __missing__(self, code: int) -> int | None:
        keep = code if unicodedata.east_asian_width(chr(code)) in "WF" else None
        self[code] = keep
        return keep


_WIDE = _WideChars()


def _display_width(s: str) -> int:
    """Columns `s` takes: 2 for a wide or full-width character, 1 for any other."""
    return len(s) if s.isascii() else len(s) + len(s.translate(_WIDE))


@dataclass(slots=True)
class _Line:
    no: int  # 0-based line number in the source text
    text: str  # stripped, inner space runs collapsed
    trailing: bool  # the raw line ended with whitespace
    indent: int  # leading whitespace of the raw line
    blank_before: bool = False  # a blank line separates it from the previous non-blank line
    after_drop: bool = False  # page furniture was dropped just before it (a page break)
    width: int = field(init=False)  # display width of the text (`_display_width`), asked for again and again

    def __post_init__(self) -> None:
        self.width = _display_width(self.text)


def _raw_lines(text: str):
    """The lines of `text` (any newline convention) one at a time, as `str.split("\\n")` gives them: a list of
    every line would hold a second copy of the text, as many small strings."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield text[start:end]
        start = end + 1
    yield text[start:]


def _lines(text: str) -> list[_Line]:
    out = []
    blank = False
    for no, raw in enumerate(_raw_lines(text)):
        raw = raw.replace("\ufeff", "").replace("\u00a0", " ").replace("\u3000", " ").replace("\f", " ")
        raw = raw.replace("\t", " ")
        stripped = raw.strip()
        if not stripped:
            blank = True
            continue
        inner = re.sub(r" {2,}", " ", stripped)
        out.append(_Line(no, inner, raw != raw.rstrip(), len(raw) - len(raw.lstrip()), blank))
        blank = False
    return out


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_SPAN = re.compile(
    rf"\d{{4}}年\d{{1,2}}月\d{{1,2}}日|\d{{4}}年\d{{1,2}}月|\d{{1,2}}月\d{{1,2}}日"
    rf"|(?:\d{{1,2}}\s+)?(?:{_MONTHS})(?:\s+\d{{1,2}},?)?\s+\d{{4}}",
    re.IGNORECASE,
)
_DATE_KEY = re.compile(
    r"#年#月#日|#月#日|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\b",
    re.IGNORECASE,
)


def _running_headers(lines: list[_Line], lang: str) -> set[str]:
    """Short lines repeated 3+ times (digits ignored) that carry no sentence: page headers/footers."""
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    varies: set[str] = set()  # keys whose lines differ outside their dates (a page number, a symbol...)
    for ln in lines:
        key = re.sub(r"\d+", "#", ln.text)
        if len(key) <= 60:  # a longer key is wider than 60 too: not counted (no copy of every line kept)
            counts[key] += 1
            undated = _DATE_SPAN.sub("<date>", ln.text)
            if first.setdefault(key, undated) != undated:
                varies.add(key)
    found = set()
    for key, n in counts.items():
        if n < 3 or _display_width(key) > 60 or key[-1] in _TERMINAL + "，,：:":
            continue
        if key not in varies and _DATE_KEY.search(key) and \
                len({_DATE_SPAN.search(ln.text).group() for ln in lines
                     if re.sub(r"\d+", "#", ln.text) == key and _DATE_SPAN.search(ln.text)}) > 1:
            continue  # lines that differ only in their dates (each statement's own date) are content; a
            # running head repeats its date, or varies in its page number too
        if _start(key.replace("#", "1"), lang):
            continue
        found.add(key)
    return found


# ------------------------------------------------------------------ joining


_HYPHEN_PREFIXES = {
    "non",
    "self",
    "co",
    "anti",
    "pre",
    "post",
    "multi",
    "well",
    "ex",
    "counter",
    "cross",
    "long",
    "short",
    "high",
    "low",
    "full",
    "all",
    "one",
    "two",
    "three",
    "four",
    "five",
    "vice",
    "semi",
    "so",
    "follow",
    "decision",
    "policy",
    "confidence",
    "mid",
    "inter",
    "intra",
    "sub",
    "super",
    "ultra",
    "quasi",
    "pan",
    "state",
    "member",
    "head",
    "first",
    "second",
    "third",
    "nuclear",
    "weapon",
    "weapons",
    "arms",
    "peace",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "large",
    "small",
    "medium",
    "broad",
    "open",
    "closed",
    "wide",
    "time",
    "cost",
    "fact",
    "trust",
    "rule",
    "law",
    "Non",
}


def _is_cjkish(ch: str) -> bool:
    """A Chinese character or CJK/full-width punctuation (joins without a space)."""
    if _CJK_RE.match(ch):
        return True
    return ("\u3000" <= ch <= "\u303f") or ("\uff00" <= ch <= "\uffef") or ch in "“”‘’《》〈〉「」『』【】—…·"


_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_SPACED = re.compile(rf"[A-Za-z0-9] [{_CJK_CHAR}]|[{_CJK_CHAR}] [A-Za-z0-9]")
_TIGHT = re.compile(rf"[A-Za-z0-9][{_CJK_CHAR}]|[{_CJK_CHAR}][A-Za-z0-9]")


class _Joiner:
    def __init__(self, text: str, lang: str):
        self.lang = lang
        # The document's words, as sets (a list of every word would hold the whole text again as small strings).
        self.hyphenated: set[str] = set()
        self.plain: set[str] = set()
        for m in _WORD.finditer(text):
            w = m.group().lower()
            (self.hyphenated if "-" in w else self.plain).add(w)
        # UN Chinese sets numbers and Latin words apart from Chinese (`第 73/30 号`); other Chinese text
        # does not (`2015年`): the document's own lines say which.
        spaced = sum(1 for _ in _SPACED.finditer(text))
        tight = sum(1 for _ in _TIGHT.finditer(text))
        self.space_latin = spaced >= tight

    def join(self, a: str, b: str) -> str:
        if not a:
            return b
        left, right = a[-1], b[0]
        m = re.search(r"([A-Za-z]+)-$", a)
        if m and re.match(r"[a-z]", right) and not a.endswith("--"):
            w1 = m.group(1)
            w2 = re.match(r"[A-Za-z]+", b).group(0)
            if self._keep_hyphen(w1, w2):
                return a + b
            return a[:-1] + b
        if _is_cjkish(left) or _is_cjkish(right):
            if (left.isascii() and left.isalnum() and _CJK_RE.match(right)) or (
                right.isascii() and right.isalnum() and _CJK_RE.match(left)
            ):
                return a + (" " if self.space_latin else "") + b
            return a + b
        if self.lang == "zh" and left.isdigit() and right.isdigit():
            return a + b  # a number wrapped in a Chinese line: 20|15年
        if left in "/" or (self.lang == "zh" and left == "-"):
            return a + b
        return a + " " + b

    def _keep_hyphen(self, w1: str, w2: str) -> bool:
        if f"{w1}-{w2}".lower() in self.hyphenated:
            return True
        if (w1 + w2).lower() in self.plain:
            return False
        return w1.lower() in _HYPHEN_PREFIXES or w1[:1].isupper() and len(w1) > 1 and w1.isupper()


# ------------------------------------------------------------------ main entry


LAYOUTS = ("auto", "wrapped", "lines")


@dataclass
class Rebuilt:
    """Paragraphs of one document, the layout they were read with (`wrapped` or `lines`) and why, and the
    lines removed as page furniture: `dropped` holds (1-based line number, text) of each, so that nothing
    the user gave goes unlisted. `lang` and `path` are set by `load_document`."""

    paragraphs: list[Paragraph]
    layout: str
    reason: str
    dropped: list[tuple[int, str]] = field(default_factory=list)
    lang: str = ""
    path: str = ""


def _content_lines(text: str, lang: str) -> tuple[list[_Line], list[tuple[int, str]]]:
    """The non-blank lines of `text` without page furniture, running headers and page-foot footnotes, and
    the lines dropped as such: (1-based line number, text)."""
    lines = _lines(text)
    headers = _running_headers(lines, lang)
    drop = [_is_furniture(ln.text) or re.sub(r"\d+", "#", ln.text) in headers for ln in lines]
    _drop_footnotes(lines, drop)
    kept, dropped = [], []
    for k, (ln, d) in enumerate(zip(lines, drop, strict=True)):
        if d:
            dropped.append((ln.no + 1, ln.text))
        else:
            ln.after_drop = k > 0 and drop[k - 1]
            kept.append(ln)
    return kept, dropped


def ends_clause(text: str) -> bool:
    """The line ends a sentence, a clause or a list item (`.`, `。`, `:`, `;`, `,`), closing quotes aside."""
    last = text.rstrip(_CLOSERS)[-1:]
    return bool(last) and last in _TERMINAL + ":：,，、"


def detect_layout(lines: list[_Line], lang: str) -> tuple[str, str]:
    """("wrapped" | "lines", why) for the content lines of a document, from the lines themselves.

    Look at the wide lines (at least three quarters of the usual full line): in wrapped text (hard line
    breaks, PDF text with or without blank lines) they are wrapped lines, which mostly stop in mid-sentence
    (no sentence, clause or list-item punctuation at the end, and the next line does not open a numbered
    paragraph or a list item); in a document with one paragraph a line they are whole paragraphs, which end
    their sentences. An English line followed by one opening in lower case was wrapped, too.
    """
    if len(lines) < 2:
        return "wrapped", "a single line"
    widths = sorted(ln.width for ln in lines)
    full = widths[int(0.9 * (len(widths) - 1))]
    wide = open_lines = lower_next = 0
    for ln, nxt in zip(lines, lines[1:], strict=False):
        if lang == "en" and nxt.text[:1].islower() and _start(nxt.text, lang) is None:
            lower_next += 1  # an English paragraph never opens in lower case: this line was wrapped
        if ln.width < 0.75 * full or heading_line(ln.text):
            continue
        wide += 1
        after = _start(nxt.text, lang)
        if not ends_clause(ln.text) and (after is None or after[0] == "speaker"):
            open_lines += 1
    share = open_lines / max(1, wide)
    lower = lower_next / (len(lines) - 1)
    if (share >= 0.2 and open_lines >= min(2, wide - 1)) or lower >= 0.1:
        return "wrapped", f"{open_lines} of {wide} wide lines stop in mid-sentence"
    return "lines", f"{open_lines} of {wide} wide lines stop in mid-sentence: one paragraph a line"


def rebuild(text: str, lang: str, layout: str = "auto") -> Rebuilt:
    """Rebuild the paragraphs of `text` in `lang` with `layout` (auto recognises it); see the module doc."""
    if lang not in LANGS:
        raise InputError(f"unknown language {lang!r}; use zh or en")
    if layout not in LAYOUTS:
        raise InputError(f"unknown layout {layout!r}: use auto, wrapped or lines")
    if layout == "lines":  # asked for: every non-empty line is a unit, furniture-looking or not
        lines = _lines(text)
        if not lines:
            return Rebuilt([], layout, "given")
        return Rebuilt(_lines_paragraphs(text, lines, lang, keep_all=True), layout, "given: every non-empty line")
    lines, dropped = _content_lines(text, lang)
    if layout == "auto":
        layout, reason = detect_layout(lines, lang)
    else:
        reason = "given"
    if not lines:
        return Rebuilt([], layout, reason, dropped)
    if layout == "lines":
        return Rebuilt(_lines_paragraphs(text, lines, lang), layout, reason, dropped)
    return Rebuilt(_wrapped_paragraphs(text, lines, lang), layout, reason, dropped)


def paragraphs_from_text(text: str, lang: str, layout: str = "auto") -> list[Paragraph]:
    """Rebuild the paragraphs of `text` in `lang` ("zh" or "en"); see the module doc and `rebuild`."""
    return rebuild(text, lang, layout).paragraphs


def _lines_paragraphs(text: str, lines: list[_Line], lang: str, keep_all: bool = False) -> list[Paragraph]:
    """One paragraph a line; id `p<k>` is the k-th non-blank line of the text (dropped furniture counts).
    keep_all (`--layout lines`): every line is its own paragraph, a lone "1." too."""
    number = {}
    for no, raw in enumerate(_raw_lines(text)):
        if raw.replace("\ufeff", "").strip():
            number[no] = len(number) + 1
    groups: list[tuple[list[_Line], tuple[str, str] | None]] = []
    for ln in lines:
        last = groups[-1] if groups else None
        if not keep_all and last and last[1] and last[1][0] in ("numbered", "list") and [g.text for g in last[0]] == [last[1][1]]:
            last[0].append(ln)  # "1." on a line of its own: its text is the next line
        else:
            groups.append(([ln], _start(ln.text, lang)))
    widths = sorted(ln.width for ln in lines)
    paragraphs = _build(groups, _Joiner(text, lang), min(widths[int(0.9 * (len(widths) - 1))], 80))
    for p in paragraphs:
        p.id = f"p{number.get(p.lines[0], p.lines[0] + 1)}"
    return paragraphs


def _wrapped_paragraphs(text: str, lines: list[_Line], lang: str) -> list[Paragraph]:
    trailing_share = sum(ln.trailing for ln in lines) / len(lines)
    widths = sorted(ln.width for ln in lines)
    full = widths[int(0.9 * (len(widths) - 1))]
    # The trailing-space convention holds when marked lines end sentences or stop short, and most
    # lines are unmarked; an extractor that leaves a space after every wrapped word fails this test.
    marked = [ln for ln in lines if ln.trailing]
    telling = sum(1 for ln in marked if _ends_sentence(ln.text) or ln.width < 0.75 * full)
    use_trailing = trailing_share >= 0.03 and (
        telling >= 0.8 * len(marked) or (trailing_share <= 0.9 and telling >= 0.5 * len(marked))
    )
    indents = Counter(ln.indent for ln in lines)
    base_indent = indents.most_common(1)[0][0]

    blank_share = sum(ln.blank_before for ln in lines[1:]) / max(1, len(lines) - 1)
    capacity = widths[int(0.98 * (len(widths) - 1))]  # the width the text was wrapped at
    capitals = _mid_sentence_capitals(lines) if lang == "en" else set()
    # Blank lines separate paragraphs when they (almost) never follow a line that stops in mid-sentence;
    # PDF text puts them after every line, wrapped or not.
    after_open = [
        b.blank_before for a, b in zip(lines, lines[1:], strict=False)
        if not ends_clause(a.text) and a.width >= 0.75 * full and not b.after_drop
    ]
    blank_separates = blank_share > 0 and (
        sum(after_open) <= 0.1 * len(after_open) if after_open else blank_share < 0.5
    )

    joiner = _Joiner(text, lang)
    groups: list[tuple[list[_Line], tuple[str, str] | None]] = []
    label_wraps = False
    for i, ln in enumerate(lines):
        if label_wraps:  # the rest of a speaker label begun on the line before
            groups[-1][0].append(ln)
            label_wraps = False
            continue
        start = _start(ln.text, lang)
        prev = lines[i - 1] if i else None
        if start is None and lang == "en" and i + 1 < len(lines) and (prev is None or _ends_sentence(prev.text)):
            # "Mr. Vasiliev (Russian Federation) (spoke in\nRussian): ..." : a speaker label wrapped in two
            label = speaker_label(f"{ln.text} {lines[i + 1].text}", "en") if ":" not in ln.text else None
            if label:
                start, label_wraps = ("speaker", label), True
        if prev is not None and start is not None and lang == "en" and start[0] in ("numbered", "list"):
            # "... in paragraph\n2. of ..." : a number wrapped to the line start inside a sentence
            prev_open = not _ends_sentence(prev.text) and not prev.trailing
            wrapped = len(groups[-1][0]) >= 2 or prev.width >= 0.9 * full
            if (
                prev_open
                and wrapped
                and len(lines) >= 10
                and _start(prev.text, lang) is None
                and prev.width >= 0.75 * full
                and re.search(r"[a-z]$", prev.text)
            ):
                start = None
        if prev is not None and start is not None and start[0] == "speaker" and lang == "zh":
            after = _SPOKE_IN.sub("", ln.text)[len(start[1]) :].lstrip()
            prev_ends = prev.trailing or _ends_sentence(prev.text)
            if not after.startswith(("：", ":")) and not prev_ends:
                start = None  # "…感谢\n拉亚瓦先生(芬兰)的工作": a name in mid-sentence, not a turn
        if prev is None or start is not None or _front_matter(ln, full) or _front_matter(prev, full):
            groups.append(
                ([ln], start)
            )  # front matter ("Submitted by ...", "[Original: Russian]") stands alone
            continue
        width = prev.width
        sentence_end = _ends_sentence(prev.text)
        lone_label = groups[-1][1] is not None and len(groups[-1][0]) == 1 and prev.text == groups[-1][1][1]
        if lone_label and groups[-1][1][0] in ("numbered", "list"):
            groups[-1][0].append(ln)  # "1." extracted on a line of its own: its text follows
            continue
        if lang == "en" and ln.text[:1].islower():
            ends = False  # an English paragraph does not open in lower case: a wrapped line
        elif use_trailing:
            ends = prev.trailing
            if ends and lang == "en" and re.search(r"[A-Za-z]$", prev.text) and width >= 0.75 * full:
                # a stray trailing space after a wrapped English word, unless a new sentence opens
                ends = _opens_sentence(prev.text, ln.text, capitals)
        else:
            ends = (
                width < 0.75 * full  # the line stopped early
                or width > 160  # lines this long were never wrapped: one paragraph a line
                or (sentence_end and ln.indent > base_indent)
                or (ln.blank_before and not ln.after_drop and blank_separates and not prev.text.endswith("-"))
                or _next_word_fits(prev.text, ln.text, lang, capacity, 1 if ends_clause(prev.text) else 2)
                or (lang == "en" and not sentence_end and _opens_sentence(prev.text, ln.text, capitals))
            )
        if ends:
            groups.append(([ln], None))
        else:
            groups[-1][0].append(ln)

    return _build(groups, joiner, full)


def paragraphs_from_blocks(blocks: list[str], lang: str) -> list[Paragraph]:
    """Classify blocks that are already real paragraphs (a Word document's), joining nothing.

    Page furniture blocks are still dropped; newlines inside a block become spaces.
    """
    if lang not in LANGS:
        raise InputError(f"unknown language {lang!r}; use zh or en")
    return _blocks(blocks, lang)[0]


def _blocks(blocks: list[str], lang: str, keep_all: bool = False) -> tuple[list[Paragraph], list[tuple[int, str]]]:
    """paragraphs_from_blocks, and the blocks dropped as page furniture: (1-based block number, text).
    keep_all (`--layout lines`): no block is dropped."""
    groups, dropped = [], []
    for no, block in enumerate(blocks):
        text = re.sub(r"\s+", " ", block).strip()
        if not text:
            continue
        if not keep_all and _is_furniture(text):
            dropped.append((no + 1, text))
            continue
        groups.append(([_Line(no, text, True, 0)], _start(text, lang)))
    full = max((g[0][0].width for g in groups), default=80)
    return _build(groups, _Joiner("\n".join(blocks), lang), min(full, 80)), dropped


def _build(
    groups: list[tuple[list[_Line], tuple[str, str] | None]], joiner: _Joiner, full: int
) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    seen_content = False
    for group, start in groups:
        body = ""
        for ln in group:
            body = joiner.join(body, ln.text)
        body = re.sub(r" {2,}", " ", body).strip()
        if start is not None:
            kind, label = start
        else:
            kind, label = _kind_of(body, full, seen_content, paragraphs), None
        if kind in ("numbered", "speaker", "body", "list"):
            seen_content = True
        paragraphs.append(
            Paragraph(
                id=f"p{len(paragraphs) + 1}",
                kind=kind,
                text=body,
                label=label,
                lines=(group[0].no, group[-1].no),
            )
        )
    return paragraphs


def _kind_of(body: str, full: int, seen_content: bool, before: list[Paragraph]) -> str:
    if _META.match(body):
        return "meta"
    last = body.rstrip(_CLOSERS)[-1:] or "?"
    heading_like = last not in _TERMINAL + "，," and _display_width(body) <= max(full, 40) * 1.5
    if heading_like:
        if not seen_content and not any(p.kind == "title" for p in before):
            return "title"
        return "heading"
    return "body"


def load_document(path: str | Path, lang: str = "auto", layout: str = "auto") -> tuple[str, Rebuilt]:
    """Read `path` (.txt/.docx/.pdf) and rebuild its paragraphs; returns (language used, Rebuilt).

    lang "auto" detects the language from the script of the text; layout "auto" recognises the layout
    (a .docx gives its own paragraphs: layout "lines", one paragraph a Word paragraph).
    """
    if layout not in LAYOUTS:
        raise InputError(f"unknown layout {layout!r}: use auto, wrapped or lines")
    text = read_text(path)
    if lang == "auto":
        try:
            lang = detect_language(text)
        except InputError as exc:
            raise InputError(f"{path}: {exc}") from None
    if sniff(Path(path)) == "docx":
        paragraphs, dropped = _blocks(text.split("\n\n"), lang, keep_all=layout == "lines")
        rebuilt = Rebuilt(paragraphs, "lines", "Word paragraphs", dropped)
    else:
        rebuilt = rebuild(text, lang, layout)
    rebuilt.lang, rebuilt.path = lang, str(path)
    if not rebuilt.paragraphs:
        raise InputError(f"{path}: no paragraphs left after removing page headers and numbers")
    return lang, rebuilt


def load_paragraphs(path: str | Path, lang: str = "auto", layout: str = "auto") -> tuple[str, list[Paragraph]]:
    """Read `path` (.txt/.docx/.pdf) and rebuild its paragraphs; returns (language used, paragraphs)."""
    lang, rebuilt = load_document(path, lang, layout)
    return lang, rebuilt.paragraphs
