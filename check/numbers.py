"""Numbers and dates in Chinese and English text, normalised to comparable values.

`extract_zh` / `extract_en` find numbers (Arabic numerals with grouping, Chinese numerals in numeric
contexts, English number and ordinal words, percentages, fractions, years) and return `Number` records with
character spans. `extract_dates_zh` / `extract_dates_en` find calendar dates (`2014 年 6 月 11 至 13 日` ↔
`11 to 13 June 2014`). The `number` and `date` checks compare the values on both sides.

False alarms are avoided by design: paragraph labels ("1.", "(a)") are skipped; Chinese numerals count only
in numeric contexts (第七十五届, 二十一国, 百分之四十, 三分之一, 二〇一九年), never inside words (一些, 统一,
进一步); "one", "a", "first", "second", 一 and 两 are weak (they match but are never reported missing);
numbers inside dates and UN symbols are left to the `date` and `symbol` checks (`exclude` spans).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Full-width digits and signs to ASCII, one character for one, so spans stay valid.
_WIDTH = str.maketrans("０１２３４５６７８９％．，／－（）㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩⑴⑵⑶⑷⑸⑹⑺⑻⑼①②③④⑤⑥⑦⑧⑨",
                       "0123456789%.,/-()一二三四五六七八九十123456789123456789")


@dataclass(frozen=True)
class Number:
    value: float
    kind: str  # "cardinal" | "ordinal" | "percent" | "fraction" | "year" | "money" | "time" | "month" | "label"
    text: str
    span: tuple[int, int]
    weak: bool = False  # may match, never reported as missing
    alts: tuple[float, ...] = ()  # other readings that also match ("3,270" may be a decimal comma: 3.27)
    tolerance: float = 0.0  # rounding a scale word implies ("3.27 million": 5,000 either way)

    @property
    def key(self) -> float:
        return round(self.value, 4)

    @property
    def keys(self) -> tuple[float, ...]:
        return (self.key, *(round(a, 4) for a in self.alts))

    @property
    def family(self) -> str:
        """Values of one family can be told apart as different values of the same kind."""
        return {"year": "cardinal", "money": "cardinal", "ordinal": "cardinal"}.get(self.kind, self.kind)
        # a label's number ("GEO-5", "P-4") is told apart only from another label's

    @property
    def magnitude(self) -> int:
        v = abs(self.value)
        return len(str(int(v))) if v >= 1 else 0

    def matches(self, other: Number) -> bool:
        if (self.kind in ("time", "month")) != (other.kind in ("time", "month")):
            return False
        if self.kind in ("time", "month") and self.kind != other.kind:
            return False
        if set(self.keys) & set(other.keys):
            return True
        tol = max(self.tolerance, other.tolerance)
        return tol > 0 and abs(self.value - other.value) <= tol


@dataclass(frozen=True)
class Date:
    year: int | None
    month: int
    day_from: int | None
    day_to: int | None
    text: str
    span: tuple[int, int]
    possible: bool = True  # False for a day the month does not have (88 March, 31 April): an error by itself

    def matches(self, other: Date) -> bool:
        if not (self.possible and other.possible):
            return False
        if self.month != other.month or self.day_from != other.day_from or self.day_to != other.day_to:
            return False
        return self.year is None or other.year is None or self.year == other.year

    def label(self) -> str:
        days = "" if self.day_from is None else f"{self.day_from:02d}"
        if self.day_to is not None and self.day_to != self.day_from:
            days += f"-{self.day_to:02d}"
        parts = [p for p in (str(self.year) if self.year else "", f"{self.month:02d}", days) if p]
        return "-".join(parts)


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


# ------------------------------------------------------------------ paragraph labels

_LABEL = re.compile(
    r"^\s*(?:\(?\d{1,3}(?:\.\d{1,3})*[.)](?!\d)|\([a-zA-Z]{1,4}\)|[a-z]\)|\d{1,3}、|[一二三四五六七八九十]{1,3}、"
    r"|\([一二三四五六七八九十]{1,3}\)|（[一二三四五六七八九十]{1,3}）)"
)


def label_span(text: str) -> tuple[int, int] | None:
    """The span of a leading paragraph label ("1.", "12.3", "(a)", "a)"), or None."""
    m = _LABEL.match(text)
    return (m.start(), m.end()) if m else None


# ------------------------------------------------------------------ Chinese numerals

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
CN = "〇零一二两三四五六七八九十百千万亿"


def cn_to_number(s: str) -> float:
    """二十一 → 21, 七十五 → 75, 二〇一九 → 2019, 一千二百 → 1200, 三万 → 30000. ValueError if not a numeral."""
    if not s or any(ch not in CN for ch in s):
        raise ValueError(s)
    if len(s) > 1 and all(ch in _CN_DIGITS for ch in s):  # digit by digit: 二〇一九
        return float(int("".join(str(_CN_DIGITS[ch]) for ch in s)))
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:  # 万 / 亿
            section += digit or 0
            total += (section or 1) * _CN_BIG[ch]
            section, digit = 0, None
    return float(total + section + (digit or 0))


_MEASURE = "届年个国名项次条份月日岁人枚种类位天周倍家期轮段款章节多余米吨元块美公英里点时架艘座页楼层队组台件批"
# 七八年 "seven or eight years", 十一二岁 "eleven or twelve", 六七十 "sixty or seventy": two values, both weak
_APPROX = re.compile(r"^(十?)([一二三四五六七八])([二三四五六七八九])(十?)$")
_NUM = r"\d+(?:\.\d+)?"
_CN_SMALL = "一二三四五六七八九十"
# digits grouped by thousands with a comma, a space or a no-break space: 3,270,000 / 3 270 000
_GROUPED = r"\d{1,3}(?:(?:,|\u00a0|\u202f| )\d{3})+(?!\d)"
_ZH_CURRENCY = r"(?:美元|欧元|瑞士法郎|英镑|日元|人民币|元)"
_ZH_PATTERNS = [
    # 下午3时05分, 11时至12时: a time of day, compared with "3.05 p.m.", "1100 hours"
    ("time", re.compile(rf"(上午|下午|晚上|中午|凌晨)?\s*(\d{{1,2}}|[〇零{_CN_SMALL}]{{1,3}})\s*时(?![期代间候])"
                        rf"(?:\s*(\d{{1,2}}|[〇零{_CN_SMALL}]{{1,3}})\s*分)?")),
    # 8月份, 7月: a month without a day (dates with a day are the date check's), compared with "August"
    ("month", re.compile(rf"(?<![\d年〇零{_CN_SMALL}])(\d{{1,2}}|[{_CN_SMALL}]{{1,3}})\s*月(?:份)?"
                         rf"(?!\s*(?:\d|[{_CN_SMALL}])+\s*(?:日|号))")),
    # 百分之[九十]: square brackets of a draft under negotiation around the figure
    ("percent", re.compile(rf"百分之\[?([{CN}]+|{_NUM})\]?")),
    ("fraction", re.compile(rf"([{CN}]+|\d+)分之([{CN}]+|\d+)")),
    ("ordinal", re.compile(rf"第\s*([{CN}]+)(?![{CN}])")),
    ("cardinal", re.compile(rf"(?<![{CN}第几数])([〇零一二两三四五六七八九十][{CN}]*(?=\s*(?:[{_MEASURE}]|世纪))|[〇零一二两三四五六七八九十][{CN}]*[万亿](?![{CN}]))")),
    # 附件四 "annex IV", 附录二 "appendix II"
    ("annex", re.compile(rf"(?<=附件|附录)([{_CN_SMALL}]{{1,3}})(?![{CN}])")),
    ("arabic", re.compile(rf"(?<![\dA-Za-z.])(?<![^\d\s]-)({_GROUPED}|\d+)(?:\.(\d+))?(?![\d/])\s*(%|万|亿)?")),
]


# 1/3 的发达国家 "one third of the developed countries": a slash between two small numbers, the first the smaller,
# outside a resolution or decision number (第1/3号决议, "resolution 1/3", "decisions 1/3 and 2/4")
_SLASH_FRACTION = re.compile(r"(?<![A-Za-z0-9_/.\-])([1-9])/([2-9]|10)(?![A-Za-z0-9_/\-]|[.,]\d|\s*(?:号|\())")
_NUMBERED_BEFORE = re.compile(r"(?:第|[Rr]esolutions?|[Dd]ecisions?|[Dd]ocuments?|号)[^。；;.]{0,30}$")


# 2014/15 (a financial period, 2014/15财政年度 "the 2014/15 fiscal year"): one value, read alike on both sides
_FISCAL_PERIOD = re.compile(r"(?<![\d/.])((?:19|20)\d{2})/(\d{2})(?![\d/])")
# a number glued to a label of capitals (G20, G7, P5, COP21): compared, never reported alone
_GLUED_LABEL_NUMBER = re.compile(r"(?<![A-Za-z0-9])[A-Z]{1,3}(\d{1,3})(?![\d/]|[.,]\d|[A-Za-z])")


# a signed figure: 增长率为-4.1%, "-1.1 per cent", "minus 0.5"; it matches a figure of either sign on the
# other side (UN English often says "a decline of 4.1 per cent"), and a different figure of the same kind
_ZH_SIGNED = re.compile(r"(?:(?<=[为是至到约达：:，,（(\s])|^)(?:[-−–]|负)(\d+(?:\.\d+)?)\s*(%)?")
_EN_SIGNED = re.compile(r"(?:(?<=[\s(\[:])|^)(?:[-−–]|minus\s+|negative\s+)(\d+\.\d+|\d+(?=\s*(?:%|per\s?cent\b)))"
                        r"(\s*(?:%|per\s?cent\b))?", re.IGNORECASE)
# N国集团 "G-8", "Group of Eight", "Group of 77": the group's number is a label's
_ZH_GROUP = re.compile(rf"(\d{{1,3}}|[{_CN_SMALL}]{{1,3}})\s*国集团")
# lettered labels of tables, forms and sub-items: C.1, A.2 (outside UN symbols, which are the symbol check's)
_LETTER_LABEL = re.compile(r"(?<![A-Za-z0-9./])([A-Z])\.(\d{1,2})(?![\d/]|\.\d)")


def _signed_and_lettered(text: str, taken: list[tuple[int, int]], pattern: re.Pattern) -> list[Number]:
    out = []
    for m in pattern.finditer(text):
        if _overlaps(m.span(), taken):
            continue
        value = float(m.group(1))
        out.append(Number(-value, "percent" if m.group(2) else "cardinal", m.group(0), m.span(), alts=(value,)))
        taken.append(m.span())
    for m in _LETTER_LABEL.finditer(text):
        if not _overlaps(m.span(), taken):
            out.append(Number(float((ord(m.group(1)) - 64) * 1000 + int(m.group(2))), "label", m.group(0), m.span(),
                              weak=True))
            taken.append(m.span())
    return out


def _periods_and_labels(text: str, taken: list[tuple[int, int]]) -> list[Number]:
    out = []
    for m in _FISCAL_PERIOD.finditer(text):
        if not _overlaps(m.span(), taken):
            out.append(Number(int(m.group(1)) + int(m.group(2)) / 100, "year", m.group(0), m.span()))
            taken.append(m.span())
    for m in _GLUED_LABEL_NUMBER.finditer(text):
        if not _overlaps(m.span(1), taken):
            out.append(Number(float(m.group(1)), "label", m.group(1), m.span(1), weak=True))
            taken.append(m.span(1))
    return out


def slash_fractions(text: str) -> list[tuple[float, tuple[int, int]]]:
    """(value, span) of each fraction written with a slash (1/3, 2/5), read as a fraction, not a symbol."""
    out = []
    for m in _SLASH_FRACTION.finditer(text):
        if int(m.group(1)) < int(m.group(2)) and not _NUMBERED_BEFORE.search(text, 0, m.start()):
            out.append((int(m.group(1)) / int(m.group(2)), m.span()))
    return out


# 20世纪90年代, 九十年代, 90年代: a decade, "the 1990s"
_ZH_DECADE = re.compile(r"(?:(\d{2}|[一二]?十[一二三四五六七八九]?)\s*世纪\s*)?(\d{2}|[一二三四五六七八九]十)\s*年代")
_ZH_FOOTNOTE_END = re.compile(r"(?<=[。；，：;,:.])(?<![A-Z]\.)\s*\d{1,2}\s*$")


_ZH_WORDS_THEN_DIGITS = re.compile(r"([〇零一二两三四五六七八九十百千]+)(?=\s*\(\d{1,4}\))")


def _cn_or_int(s: str) -> int:
    return int(s) if s.isdigit() else int(cn_to_number(s))


def _scaled(whole: str, frac: str | None, scale: float) -> tuple[float, float]:
    """(value, tolerance): "3.27" with 1e6 is 3,270,000 give or take 5,000 (rounding to the last digit)."""
    value = float(whole + ("." + frac if frac else "")) * scale
    tol = 0.5 * scale * 10 ** -len(frac) if frac and scale > 1 else 0.0
    return value, tol


def extract_zh(text: str, exclude: list[tuple[int, int]] | None = None) -> list[Number]:
    """Numbers in Chinese text, outside `exclude` spans and the leading paragraph label."""
    text = text.translate(_WIDTH)
    taken: list[tuple[int, int]] = list(exclude or [])
    if (lab := label_span(text)) is not None:
        taken.append(lab)
    if (foot := _ZH_FOOTNOTE_END.search(text)) is not None:  # "……的报告；4": a footnote mark
        taken.append(foot.span())
    found: list[Number] = []
    for value, span in slash_fractions(text):
        if not _overlaps(span, taken):
            found.append(Number(value, "fraction", text[span[0]:span[1]], span))
            taken.append(span)
    found += _signed_and_lettered(text, taken, _ZH_SIGNED)
    for m in _ZH_GROUP.finditer(text):
        if not _overlaps(m.span(1), taken):
            try:
                value = float(_cn_or_int(m.group(1)))
            except ValueError:
                continue
            found.append(Number(value, "label", m.group(1), m.span(1), weak=not m.group(1).isdigit()))
            taken.append(m.span(1))
    found += _periods_and_labels(text, taken)
    for m in _ZH_DECADE.finditer(text):  # 20世纪90年代 "the 1990s"
        if _overlaps(m.span(), taken):
            continue
        try:
            century = _cn_or_int(m.group(1)) if m.group(1) else None
            decade = _cn_or_int(m.group(2))
        except ValueError:
            continue
        if decade % 10 or decade >= 100 or (century is not None and not 15 <= century <= 21):
            continue
        year = (century - 1) * 100 + decade if century else (1900 + decade if decade >= 20 else 2000 + decade)
        found.append(Number(float(year), "year", m.group(0), m.span()))
        taken.append(m.span())
    for m in _ZH_LABEL_NUMBER.finditer(text):  # 全球环境展望-5 "GEO-5", CN-235型: compared, never alone
        if not _overlaps(m.span(1), taken):
            found.append(Number(float(m.group(1)), "label", m.group(1), m.span(1), weak=True))
            taken.append(m.span(1))
    for m in _ZH_WORDS_THEN_DIGITS.finditer(text):  # 三(3)名: one number written twice; the digits count
        taken.append(m.span(1))
    for kind, pattern in _ZH_PATTERNS:
        for m in pattern.finditer(text):
            span = (m.start(), m.end())
            if _overlaps(span, taken):
                continue
            try:
                if kind == "time":
                    hour = _cn_or_int(m.group(2))
                    minute = _cn_or_int(m.group(3)) if m.group(3) else 0
                    if hour > 24 or minute > 59:
                        continue
                    num = Number(float((hour % 12) * 60 + minute), "time", m.group(0), span)
                elif kind == "month":
                    month = _cn_or_int(m.group(1))
                    if not 1 <= month <= 12 or text[m.start() - 1 : m.start()] in ("个", "几", "数"):
                        continue
                    num = Number(float(month), "month", m.group(0), span, weak=not m.group(1).isdigit())
                elif kind == "percent":
                    g = m.group(1)
                    value = float(g) if g[0].isdigit() else cn_to_number(g)
                    num = Number(value, "percent", m.group(0), span)
                elif kind == "fraction":
                    den, nom = (float(g) if g.isdigit() else cn_to_number(g) for g in m.groups())
                    num = Number(nom / den, "fraction", m.group(0), span)
                elif kind == "ordinal":
                    # in Chinese numerals: matched and compared, but not reported alone (第四委员会 "the Committee")
                    num = Number(cn_to_number(m.group(1)), "ordinal", m.group(0), span, weak=True)
                elif kind == "annex":
                    num = Number(cn_to_number(m.group(1)), "ordinal", m.group(0), span, weak=True)
                elif kind == "cardinal":
                    g = m.group(1)
                    approx = _APPROX.match(g)
                    if approx and _CN_DIGITS[approx.group(3)] == _CN_DIGITS[approx.group(2)] + 1:
                        for ch in approx.group(2, 3):
                            v = _CN_DIGITS[ch] * (10 if approx.group(4) else 1) + (10 if approx.group(1) else 0)
                            found.append(Number(float(v), "cardinal", g, (m.start(1), m.end(1)), weak=True))
                        taken.append(span)
                        continue
                    value = cn_to_number(g)
                    year = len(g) == 4 and all(ch in _CN_DIGITS for ch in g) and text[m.end() : m.end() + 1] == "年"
                    # in Chinese numerals a count is often worded ("十年" "a decade", "五十年前" "half a
                    # century ago"): compared, not reported alone
                    num = Number(value, "year" if year else "cardinal", g, (m.start(1), m.end(1)),
                                 weak=not year)
                else:
                    whole = re.sub(r"[,\u00a0\u202f ]", "", m.group(1))
                    unit = m.group(3)
                    value, tol = _scaled(whole, m.group(2), _CN_BIG.get(unit, 1))
                    after = text[m.end() : m.end() + 5]
                    if unit == "%":
                        kind_ = "percent"
                    elif len(whole) == 4 and not m.group(2) and after.lstrip().startswith("年"):
                        kind_ = "year"
                    elif re.match(rf"\s*(?:多|余)?\s*{_ZH_CURRENCY}", after):
                        kind_ = "money"
                    elif text[: m.start()].rstrip().endswith("第"):
                        kind_ = "ordinal"
                    else:
                        kind_ = "cardinal"
                    num = Number(value, kind_, m.group(0).strip(), (m.start(), m.start() + len(m.group(0).rstrip())),
                                 weak=value == 0, tolerance=tol)
            except (ValueError, ZeroDivisionError):
                continue
            found.append(num)
            taken.append(span)
    return sorted(found, key=lambda n: n.span)


# ------------------------------------------------------------------ English numbers

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_ORD_ONES = "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split()
_ORD_TENS = {w: 10 * i for i, w in enumerate("_ _ twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()) if w != "_"}
_ORD_SCALES = {"hundredth": 100, "thousandth": 1000}
_DENOMS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourths": 4, "fifths": 5, "tenths": 10}

_WORDS: dict[str, tuple[int, bool, str]] = {}  # word -> (value, is_ordinal, class)
for i, w in enumerate(_ONES):
    _WORDS[w] = (i, False, "one")
for w, v in _TENS.items():
    _WORDS[w] = (v, False, "ten")
for w, v in _SCALES.items():
    _WORDS[w] = (v, False, "scale")
for i, w in enumerate(_ORD_ONES):
    _WORDS[w] = (i, True, "one")
for w, v in _ORD_TENS.items():
    _WORDS[w] = (v, True, "ten")
for w, v in _ORD_SCALES.items():
    _WORDS[w] = (v, True, "scale")

_WORD_ALT = "|".join(sorted(list(_WORDS) + [d for d in _DENOMS if d not in _WORDS], key=len, reverse=True))
_EN_WORDS = re.compile(rf"\b(?:{_WORD_ALT})(?:(?:[\s-]+|(?<=hundred)\s+and\s+)(?:{_WORD_ALT}))*\b", re.IGNORECASE)
_EN_DIGITS = re.compile(
    r"(?:(?<![\w./])|(?<=Euro)|(?<=EUR)|(?<=USD)|(?<=CHF))(?-i:(?<![A-Z]-))(?<![A-Za-z][,;])(\d+,\d{1,2}(?=\s*(?:%|per\s?cent\b|million\b|billion\b))"
    r"|\d{1,3}(?:(?:,|\u00a0|\u202f| )\d{3})+(?![\d])|\d+)(?:\.(\d+))?(?![\d/])"
    r"(?:(\]?\s*(?:%|per\s?cent\b))|\)?\s+(thousand|million|billion|trillion)\b|(st|nd|rd|th)\b)?",
    re.IGNORECASE,
)
_EN_SCALES = {**_SCALES, "trillion": 1_000_000_000_000}
_EN_CURRENCY_BEFORE = re.compile(r"(?:\$|US\$|USD|EUR|€|£|CHF|SwF)\s*$")
_EN_CURRENCY_AFTER = re.compile(r"\s*(?:dollars|euros|francs|pounds|yuan)\b", re.IGNORECASE)
# 3.05 p.m., 10 a.m., 1100 hours, noon
_EN_TIME = re.compile(r"(?<![\d.,])(\d{1,2})(?:[.:](\d{2}))?\s*([ap])\.?\s?m\b\.?|\b([01]\d|2[0-4])([0-5]\d)(?=(?:\s*(?:and|to|-|–)\s*\d{4})*\s*hours\b)(?:\s*hours\b)?"
                      r"|\b(noon|midday)\b", re.IGNORECASE)
# article III, section II, Protocols I and II, chapter VII: Roman numerals where Chinese writes 第三条, 第二节
_ROMAN_HEAD = re.compile(
    r"\b(?:[Aa]rticles?|[Ss]ections?|[Cc]hapters?|[Pp]arts?|[Aa]nnex(?:es)?|[Aa]ppendix|[Aa]ppendices|[Pp]rotocols?"
    r"|[Tt]itles?|[Pp]hases?|[Cc]ategor(?:y|ies)|[Vv]olumes?|[Ss]chedules?|[Tt]ables?|[Ss]tages?|[Bb]ooks?|[Pp]illars?)"
    r"\s+(?=[IVXL]+\b)"
)
_ROMAN_LIST = re.compile(r"([IVXL]+)\b(?:(?:\s*,\s*|\s+(?:and|or|to)\s+|\s*[-–]\s*)(?=[IVXL]+\b))?")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_value(s: str) -> int | None:
    """XIV → 14; None unless `s` is a well-formed Roman numeral up to 89."""
    if not s or any(ch not in _ROMAN for ch in s):
        return None
    total = 0
    for i, ch in enumerate(s):
        v = _ROMAN[ch]
        total += -v if i + 1 < len(s) and _ROMAN[s[i + 1]] > v else v
    return total if 0 < total < 90 and _to_roman(total) == s else None


def _to_roman(n: int) -> str:
    out = ""
    for v, r in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + r, n - v
    return out


_MONTH_NAME = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b")
_MAY_CONTEXT = re.compile(r"(?:\b(?:in|of|since|until|from|to|and|between|during|early|mid|late|end|by|or|-)\s*$)")


_PERCENT_AFTER = re.compile(r"\]?\s*(?:%|per\s?cent\b)", re.IGNORECASE)  # "[ninety] per cent" in a draft


_DENOM_ALL = {**_DENOMS, "third": 3, "fourth": 4, "fifth": 5, "tenth": 10}


def _words_value(words: list[str]) -> tuple[float, bool] | None:
    """Parse a run of number words: "seventy-fifth" → (75, True); "one third" → (1/3, False)."""
    if len(words) == 2 and words[-1] in _DENOM_ALL and words[0] in _ONES[1:10]:
        return _ONES.index(words[0]) / _DENOM_ALL[words[-1]], False
    total, current, ordinal = 0, 0, False
    for w in words:
        if w not in _WORDS:
            return None
        value, is_ord, cls = _WORDS[w]
        ordinal = is_ord
        if cls == "scale":
            if value == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * value
                current = 0
        else:
            current += value
    return float(total + current), ordinal


def _split_runs(words: list[tuple[str, int, int]], offset: int) -> list[list[tuple[str, int, int]]]:
    """Cut a run of number words where a new number starts: "first two" → [first], [two]."""
    runs: list[list[tuple[str, int, int]]] = []
    prev = None
    for w, s, e in words:
        info = _WORDS.get(w)
        cls = info[2] if info else "denom"
        new = prev is None or prev[1] or (prev[2] == "one" and cls in ("one", "ten")) or (prev[2] == "ten" and cls == "ten")
        if cls == "denom" or (w in _DENOM_ALL and prev is not None and prev[2] == "one" and not prev[1] and prev[0] < 10):
            new = prev is None
        if new:
            runs.append([])
        runs[-1].append((w, s + offset, e + offset))
        prev = (info[0], info[1], cls) if info else (0, False, "denom")
    return runs


_EN_PARTS = re.compile(r"(?<![A-Za-z])(?:(?:a|one)\s+(third|quarter)(?=\s+of\b)|(half)(?=\s+(?:of\b|the\b|a\b|an\b|its\b|their\b)))",
                       re.IGNORECASE)
_PART_VALUE = {"third": 1 / 3, "quarter": 0.25, "half": 0.5}


def _en_times(text: str, taken: list[tuple[int, int]]) -> list[Number]:
    out = []
    for m in _EN_TIME.finditer(text):
        if _overlaps(m.span(), taken):
            continue
        if m.group(6):
            hour, minute = 12, 0
        elif m.group(4):
            hour, minute = int(m.group(4)), int(m.group(5))
        else:
            hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if minute > 59:
            continue
        out.append(Number(float((hour % 12) * 60 + minute), "time", m.group(0), m.span()))
        taken.append(m.span())
    return out


def _en_romans(text: str, taken: list[tuple[int, int]]) -> list[Number]:
    out = []
    for head in _ROMAN_HEAD.finditer(text):
        pos = head.end()
        while (m := _ROMAN_LIST.match(text, pos)) is not None:
            value = roman_value(m.group(1))
            span = (m.start(1), m.end(1))
            if value is None or _overlaps(span, taken):
                break
            out.append(Number(float(value), "ordinal", m.group(1), span, weak=True))
            taken.append(span)
            if m.end() == m.end(1):
                break
            pos = m.end()
    return out


def _en_months(text: str, taken: list[tuple[int, int]]) -> list[Number]:
    out = []
    for m in _MONTH_NAME.finditer(text):
        if _overlaps(m.span(), taken):
            continue
        if m.group(1) == "May" and not _MAY_CONTEXT.search(text[: m.start()]):
            continue  # the modal verb at the start of a clause, not the month
        out.append(Number(float(_MONTHS[m.group(1).lower()]), "month", m.group(1), m.span(), weak=True))
        taken.append(m.span())
    return out


# a number in a label (GEF-5 "the fifth replenishment", G-77, P-4, COP-12): it answers for the number the
# other side writes, a different number in the same label there is a changed value, and it is never
# reported alone
_EN_LABEL_NUMBER = re.compile(r"(?<=[A-Z]-)(\d{1,3})(?![\d/]|[.,]\d)")
_EN_NUMBERED_PART = re.compile(r"\b(?:[Aa]rticles?|[Pp]aragraphs?|[Cc]hapters?|[Ss]ections?|[Rr]ules?|[Pp]rinciples?)\s+$")
_EN_GROUP = re.compile(r"\bGroup of (\d{1,3})\b(?![.,]\d)")
_ZH_LABEL_NUMBER = re.compile(r"(?<=[A-Za-z\u4e00-\u9fff]-)(\d{1,3})(?![\d/]|[.,]\d)")


def extract_en(text: str, exclude: list[tuple[int, int]] | None = None) -> list[Number]:
    """Numbers in English text, outside `exclude` spans and the leading paragraph label."""
    text = text.translate(_WIDTH)
    taken: list[tuple[int, int]] = list(exclude or [])
    if (lab := label_span(text)) is not None:
        taken.append(lab)
    text = re.sub(r"(?<=\$)[A-Z]{1,2}(?=\d)", lambda m: " " * len(m.group(0)), text)  # $A45,000, $NZ3
    found: list[Number] = _en_times(text, taken) + _en_romans(text, taken) + _en_months(text, taken)
    found += _signed_and_lettered(text, taken, _EN_SIGNED)
    for value, span in slash_fractions(text):
        if not _overlaps(span, taken):
            found.append(Number(value, "fraction", text[span[0]:span[1]], span))
            taken.append(span)
    found += _periods_and_labels(text, taken)
    for m in _EN_GROUP.finditer(text):  # "Group of 77": the group's number is a label's (77国集团)
        if not _overlaps(m.span(1), taken):
            found.append(Number(float(m.group(1)), "label", m.group(1), m.span(1)))
            taken.append(m.span(1))
    for m in _EN_LABEL_NUMBER.finditer(text):
        if not _overlaps(m.span(1), taken):
            found.append(Number(float(m.group(1)), "label", m.group(1), m.span(1), weak=True))
            taken.append(m.span(1))
    for m in _EN_DIGITS.finditer(text):
        span = (m.start(), m.end())
        if _overlaps(span, taken):
            continue
        raw = m.group(1)
        if re.fullmatch(r"\d+,\d{1,2}", raw):  # a decimal comma before a unit: 2,5 per cent
            whole, frac = raw.split(",")
        else:
            whole, frac = re.sub(r"[,\u00a0\u202f ]", "", raw), m.group(2)
        scale = _EN_SCALES[m.group(4).lower()] if m.group(4) else 1
        value, tol = _scaled(whole, frac, scale)
        kind = "cardinal"
        if m.group(3):
            kind = "percent"
        elif m.group(5):
            kind = "ordinal"
        elif _EN_CURRENCY_BEFORE.search(text[max(0, m.start() - 5) : m.start()]) or _EN_CURRENCY_AFTER.match(text, m.end()):
            kind = "money"
        elif len(whole) == 4 and 1900 <= value <= 2100 and not frac:
            kind = "year"
        elif not frac and _EN_NUMBERED_PART.search(text, max(0, m.start() - 14), m.start()):
            kind = "ordinal"  # "Article 2" is 第二条, "paragraph 9" 第9段: a numbered part, like the Chinese ordinal
        found.append(Number(value, kind, m.group(0), span, weak=value == 0, tolerance=tol))
        taken.append(span)
    for m in _EN_PARTS.finditer(text):  # "half the population", "a third of the urban population"
        if not _overlaps(m.span(), taken):
            found.append(Number(_PART_VALUE[(m.group(1) or m.group(2)).lower()], "fraction", m.group(0), m.span(), weak=True))
            taken.append(m.span())
    for m in _EN_WORDS.finditer(text):
        if _overlaps(m.span(), taken):
            continue
        if re.match(r"\s*\(\d{1,4}\)", text[m.end():]):
            continue  # "three (3)": one number written twice; the digits count
        tokens = [(w.group(0).lower(), w.start(), w.end()) for w in re.finditer(r"[A-Za-z]+", m.group(0))]
        for run in _split_runs([t for t in tokens if t[0] != "and"], m.start()):
            words = [w for w, _, _ in run]
            start, end = run[0][1], run[-1][2]
            if len(words) == 1 and words[0] == "third":  # "the third session": an ordinal, not a fraction
                found.append(Number(3.0, "ordinal", text[start:end], (start, end), weak=True))
                taken.append((start, end))
                continue
            parsed = _words_value(words)
            if parsed is None or (len(words) == 1 and (words[0] in _DENOMS or words[0] in _SCALES)):
                continue  # "a quarter", "millions of": no count
            value, ordinal = parsed
            kind = "fraction" if len(words) == 2 and words[-1] in _DENOM_ALL and not ordinal else ("ordinal" if ordinal else "cardinal")
            if (p := _PERCENT_AFTER.match(text, end)) is not None:
                kind, end = "percent", p.end()
            # words up to ten are how English writes what Chinese often leaves implicit (双方 "the two sides")
            weak = value <= 10 or (len(words) == 1 and words[0] in _SCALES)
            found.append(Number(value, kind, text[start:end], (start, end), weak=weak))
            taken.append((start, end))
    return sorted(found, key=lambda n: n.span)


# ------------------------------------------------------------------ dates

_MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november december".split(), 1
    )
}
_MONTH_ALT = "|".join(m.capitalize() for m in _MONTHS)
_RANGE_EN = r"\s*(?:to|-|–|—|and)\s*"
_EN_DAY_FIRST = re.compile(rf"\b(\d{{1,2}})(?:{_RANGE_EN}(\d{{1,2}}))?\s+({_MONTH_ALT})\b(?:,?\s+(\d{{4}})\b)?")
_EN_MONTH_FIRST = re.compile(rf"\b({_MONTH_ALT})\s+(\d{{1,2}})(?:{_RANGE_EN}(\d{{1,2}}))?(?!\d)(?:,\s*(\d{{4}})\b)?")
# a day the month cannot have, written as a date ("dated 88 March 2015", "March 32"): two digits before or after
_EN_IMPOSSIBLE = re.compile(rf"\b(\d{{2}})\s+({_MONTH_ALT})\b(?:,?\s+(\d{{4}})\b)?|\b({_MONTH_ALT})\s+(\d{{2}})(?!\d)(?:,\s*(\d{{4}})\b)?")
# a date written short, in tables and forms: "29 Oct 14", "3 Sept. 2014"
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
               "nov": 11, "dec": 12}
_EN_SHORT_DATE = re.compile(r"\b(\d{1,2})[\s-]+(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?[\s-]+(\d{4}|\d{2})(?![\d/.])")
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def possible_day(month: int, day: int | None) -> bool:
    return day is None or 1 <= day <= _DAYS_IN_MONTH[month - 1]
# March 2019; March and April 2014; July-August 2014
_EN_MONTH_YEAR = re.compile(rf"\b(?:({_MONTH_ALT}){_RANGE_EN})?({_MONTH_ALT})\s+(\d{{4}})\b")

# year, month and day in Arabic digits or in Chinese numerals (二〇一四年六月十一日)
_Y = r"(\d{4}|[〇零一二三四五六七八九]{4})"
_MD = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
_ZH_SEP = r"(?:至|到|-|–|—|～|~|和|及|与|、)"
_ZH_DAY = re.compile(
    rf"(?:{_Y}\s*年\s*)?{_MD}\s*月\s*{_MD}\s*(?:日|号)?"
    rf"(?:\s*{_ZH_SEP}\s*{_MD})?\s*(?:日|号)"
)
# 2019年3月; 2014年7-8月; 2014年3月和4月
_ZH_MONTH_YEAR = re.compile(rf"{_Y}\s*年\s*{_MD}\s*(?:月\s*)?(?:{_ZH_SEP}\s*{_MD}\s*)?月(?!\s*[\d一二三四五六七八九十])")


def _int(s: str | None) -> int | None:
    """A date part: "11" or "十一" → 11."""
    if s is None:
        return None
    return int(s) if s.isdigit() else int(cn_to_number(s))


def _valid(month: int, *days: int | None) -> bool:
    return 1 <= month <= 12 and all(d is None or 1 <= d <= 31 for d in days)


def _possible_year(year: str | None) -> bool:
    return year is None or int(year) <= 2100  # "3 December 8014"


def _possible(month: int, *days: int | None) -> bool:
    return all(possible_day(month, d) for d in days)


def extract_dates_zh(text: str) -> list[Date]:
    """Dates in Chinese text: 2019年3月5日, 2014 年 6 月 11 至 13 日, 5月13日和14日, 6月11日, 2019年3月."""
    text = text.translate(_WIDTH)
    out: list[Date] = []
    taken: list[tuple[int, int]] = []
    for m in _ZH_DAY.finditer(text):
        y, mo, d1, d2 = (_int(g) for g in m.groups())
        if not _valid(mo, d1, d2):
            continue
        out.append(Date(y, mo, d1, d2 if d2 else d1, m.group(0), m.span(), _possible(mo, d1, d2)))
        taken.append(m.span())
    for d in extract_dates_en(text):  # a date left in English in the Chinese (headers: "21 January 2015")
        if not _overlaps(d.span, taken):
            out.append(d)
            taken.append(d.span)
    for m in _ZH_MONTH_YEAR.finditer(text):
        y, m1, m2 = _int(m.group(1)), _int(m.group(2)), _int(m.group(3))
        if _overlaps(m.span(), taken) or not _valid(m1) or (m2 is not None and not _valid(m2)):
            continue
        out.append(Date(y, m1, None, None, m.group(0), m.span()))
        if m2 is not None:
            out.append(Date(y, m2, None, None, m.group(0), m.span()))
    return sorted(out, key=lambda d: d.span)


def extract_dates_en(text: str) -> list[Date]:
    """Dates in English text: 5 March 2019, 11 to 13 June 2014, June 11, 2014, March 2019."""
    out: list[Date] = []
    taken: list[tuple[int, int]] = []
    for m in _EN_DAY_FIRST.finditer(text):
        d1, d2, mo, y = m.groups()
        month = _MONTHS[mo.lower()]
        out.append(Date(int(y) if y else None, month, int(d1), int(d2) if d2 else int(d1), m.group(0), m.span(),
                        _possible(month, int(d1), int(d2) if d2 else None) and _possible_year(y)))
        taken.append(m.span())
    for m in _EN_MONTH_FIRST.finditer(text):
        if _overlaps(m.span(), taken):
            continue
        mo, d1, d2, y = m.groups()
        month = _MONTHS[mo.lower()]
        if not _valid(month, int(d1), int(d2) if d2 else None) and not (y or d2):
            continue  # "May 50": not written as a date
        out.append(Date(int(y) if y else None, month, int(d1), int(d2) if d2 else int(d1), m.group(0), m.span(),
                        _possible(month, int(d1), int(d2) if d2 else None) and _possible_year(y)))
        taken.append(m.span())
    for m in _EN_MONTH_YEAR.finditer(text):
        if _overlaps(m.span(), taken):
            continue
        for mo in (m.group(1), m.group(2)):
            if mo:
                out.append(Date(int(m.group(3)), _MONTHS[mo.lower()], None, None, m.group(0), m.span()))
    for m in _EN_SHORT_DATE.finditer(text):
        if _overlaps(m.span(), taken):
            continue
        day, month, year = int(m.group(1)), _MONTH_ABBR[m.group(2).lower()], int(m.group(3))
        year = year + 2000 if year < 100 else year
        out.append(Date(year, month, day, day, m.group(0), m.span(), possible_day(month, day)))
        taken.append(m.span())
    for m in _EN_IMPOSSIBLE.finditer(text):
        if _overlaps(m.span(), taken):
            continue
        day, mo, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(5), m.group(4), m.group(6))
        month = _MONTHS[mo.lower()]
        if not possible_day(month, int(day)) and int(day) < 100:
            out.append(Date(int(year) if year else None, month, int(day), int(day), m.group(0), m.span(), False))
            taken.append(m.span())
    return sorted(out, key=lambda d: d.span)


# ------------------------------------------------------------------ comparing the two sides


def date_atoms(d: Date) -> set[tuple[int | None, int, int | None]]:
    """A date's comparable points: a range or a list of days counts by its first and last day, so
    "14 and 27 January" (two days), "1月14日至1月27日" (a range) and "from 14 to 27 January" all agree."""
    return {(d.year, d.month, d.day_from), (d.year, d.month, d.day_to)}


def _atom_matches(a, b) -> bool:
    return a[1] == b[1] and a[2] == b[2] and (a[0] is None or b[0] is None or a[0] == b[0])


def compare_dates(zh: list[Date], en: list[Date], zh_months: list[Number] = (), en_months: list[Number] = ()):
    """(zh dates, en dates) with a point that the other side lacks. A month without a day (2014年3月)
    also answers to the bare month on the other side ("in March and April 2014")."""
    def missing(side: list[Date], other: list[Date], other_months) -> list[Date]:
        points = [p for d in other for p in date_atoms(d)]
        bare = {int(n.value) for n in other_months}
        out = []
        for d in side:
            for a in date_atoms(d):
                if any(_atom_matches(a, b) for b in points):
                    continue
                if a[2] is None and (a[1] in bare or any(b[1] == a[1] and (a[0] is None or b[0] in (None, a[0]))
                                                         for b in points)):
                    continue
                out.append(d)
                break
        return out

    return missing(zh, en, en_months), missing(en, zh, zh_months)


def compare_numbers(zh: list[Number], en: list[Number]):
    """Match values across the sides, each value once (equal values, kinds ignored except time and month,
    scale-word rounding allowed). Returns (mismatches, zh alone, en alone).

    A mismatch is a zh value and an en value left over of the same family (and, for quantities, the same
    order of magnitude): `3 270` against `3 279`, `1997` against `1996`, 下午3时 against `1 p.m.` — evidence
    of a changed value. A value repeated on one side more often than on the other may pair up so; it is
    never reported alone. Values left alone have no counterpart (perhaps paraphrased)."""
    used: set[int] = set()
    paired: set[int] = set()
    # values of the same kind pair first (P-4 with P-4, then 4 staff with 4), then any equal values
    for same_kind in (True, False):
        for i, z in enumerate(zh):
            if i in paired:
                continue
            j = next((j for j, e in enumerate(en) if j not in used and z.matches(e)
                      and (not same_kind or e.kind == z.kind)), None)
            if j is not None:
                used.add(j)
                paired.add(i)
    left_zh = [z for i, z in enumerate(zh) if i not in paired]
    left_en = [e for j, e in enumerate(en) if j not in used]

    def split(left, other_all, same_all):
        fresh = [n for n in left if not any(n.matches(o) for o in other_all)]
        dup = [n for n in left if n not in fresh]
        return fresh, dup

    fresh_zh, dup_zh = split(left_zh, en, zh)
    fresh_en, dup_en = split(left_en, zh, en)

    def faint(n: Number) -> bool:  # one, first, 两: used loosely ("a", "the first time")
        return n.weak and n.value <= 2

    def pairs_with(a: Number, b: Number) -> bool:
        if a.family != b.family:
            return False
        # 第二届 against "first", P1 against P3 still differ
        if (faint(a) or faint(b)) and not (a.kind == b.kind and a.kind in ("ordinal", "label")):
            return False
        return a.family != "cardinal" or a.magnitude == b.magnitude

    mismatches, alone_zh = [], []
    for z in fresh_zh:
        partner = next((e for e in fresh_en + dup_en if pairs_with(z, e)), None)
        if partner is None:
            alone_zh.append(z)
            continue
        (fresh_en if partner in fresh_en else dup_en).remove(partner)
        mismatches.append((z, partner))
    alone_en = []
    for e in fresh_en:
        partner = next((z for z in dup_zh if pairs_with(e, z)), None)
        if partner is None:
            alone_en.append(e)
        else:
            dup_zh.remove(partner)
            mismatches.append((partner, e))
    # a value written once more on each side than on the other (2017 four times against three, 2016 twice
    # against once): one was changed into the other
    for z in list(dup_zh):
        partner = next((e for e in dup_en if pairs_with(z, e) and not z.matches(e)), None)
        if partner is not None and not (z.weak or partner.weak):
            dup_en.remove(partner)
            mismatches.append((z, partner))
    return mismatches, alone_zh, alone_en
