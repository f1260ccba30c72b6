"""UN document symbols and resolution numbers in Chinese and English text.

Full symbols (`A/RES/73/30`, `CD/1864`, `CD/PV.1261`, `NPT/CONF.2020/PC.III/WP.1`, `S/RES/1540 (2004)`)
are written in Latin letters on both sides. Resolution and decision numbers are worded: `第 73/30 号决议` ↔
`resolution 73/30`, `第 1540(2004)号决议` ↔ `resolution 1540 (2004)`. Each found symbol gets a normalised
`key` ("A/RES/73/30", "73/30", "1540(2004)") and `aliases` (A/RES/73/30 also answers for "73/30"), so
either writing on one side matches the other. Page furniture (`GE.12-63627`) is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from check.numbers import slash_fractions

_WIDTH = str.maketrans("０１２３４５６７８９．／－（）", "0123456789./-()")


@dataclass(frozen=True)
class Symbol:
    text: str
    key: str
    span: tuple[int, int]
    aliases: tuple[str, ...] = ()


_FULL = re.compile(
    r"(?<![A-Za-z0-9/.])[A-Z]{1,8}(?:\.\d+)?(?:/[A-Za-z0-9.\-]*[A-Za-z0-9]|/…|/\.\.\.)+(?:\s?\(\d{4}\))?"
)
_FURNITURE = re.compile(r"\bGE\.\d{2}-\d{4,6}\b")
# Bare numbers: 73/30 (session/number) and 1540 (2004) (Security Council), outside full symbols.
_SESSION_NUM = re.compile(r"(?<![A-Za-z0-9_/.])(\d{1,3})/(\d{1,4})(?![A-Za-z0-9_/])")
_SC_NUM = re.compile(r"(?<![A-Za-z0-9_/.,])(?<!\d[\u00a0\u202f ])(\d{2,4})\s*\(\s*(\d{4}|[IVXL]{1,7})\s*\)")
# 第1325号决议 / resolution 1325, 第263号决议 / resolution 263, 第29号一般性建议 / general recommendation No. 29
_ZH_NUMBERED = re.compile(r"第\s*(\d{1,4})\s*号\s*(?=[\u4e00-\u9fff]{0,4}?(?:决议|决定|一般性建议|建议|公约))")
_EN_NUMBERED = re.compile(r"\b(?:[Rr]esolution|[Dd]ecision|[Gg]eneral [Rr]ecommendation)\s+(?:No\.\s*)?(\d{1,4})\b(?!\s*[(/]|\.\d)"
                          r"|\b[Rr]esolutions\s+(\d{1,4})\b(?!\s*[(/]|\.\d)")


def _norm(sym: str) -> str:
    return re.sub(r"\s+", "", sym).rstrip(".").upper()


def _aliases(key: str) -> tuple[str, ...]:
    out = []
    if m := re.search(r"/RES/(\d{1,3})/(\d{1,4})$", key):
        out.append(f"{m.group(1)}/{m.group(2)}")
    if m := re.search(r"/RES/(\d{2,4})\((\d{4})\)$", key):
        out.append(f"{m.group(1)}({m.group(2)})")
    if m := re.search(r"/DEC/(\d{1,3})/(\d{1,4})$", key):
        out.append(f"{m.group(1)}/{m.group(2)}")
    return tuple(out)


def _ascii_text(text: str) -> str:
    return text.translate(_WIDTH)


def furniture_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _FURNITURE.finditer(_ascii_text(text))]


def extract_symbols(text: str) -> list[Symbol]:
    """Every UN symbol and resolution/decision number in `text` (either language), in order."""
    text = _ascii_text(text)
    taken = furniture_spans(text)
    out: list[Symbol] = []

    def free(span: tuple[int, int]) -> bool:
        return not any(span[0] < e and s < span[1] for s, e in taken)

    for m in _FULL.finditer(text):
        raw = m.group(0).rstrip(".")
        span = (m.start(), m.start() + len(raw))
        if not free(span) or "/" not in raw:
            continue
        key = _norm(raw)
        out.append(Symbol(raw, key, span, _aliases(key)))
        taken.append(span)
    for m in _SC_NUM.finditer(text):
        if free(m.span()):
            out.append(Symbol(m.group(0), f"{m.group(1)}({m.group(2)})", m.span(), (f"no:{int(m.group(1))}",)))
            taken.append(m.span())
    for pattern in (_ZH_NUMBERED, _EN_NUMBERED):
        for m in pattern.finditer(text):
            g = 1 if m.group(1) else 2
            span = (m.start(g), m.end(g))
            if free(span):
                out.append(Symbol(m.group(g), f"no:{int(m.group(g))}", span))
                taken.append(span)
    taken += [span for _, span in slash_fractions(text)]  # 1/3 的发达国家: a fraction
    for m in _SESSION_NUM.finditer(text):
        if free(m.span()):
            out.append(Symbol(m.group(0), f"{int(m.group(1))}/{int(m.group(2))}", m.span()))
            taken.append(m.span())
    return sorted(out, key=lambda s: s.span)


def symbol_spans(text: str) -> list[tuple[int, int]]:
    """Spans the number check must skip: symbols, resolution numbers and page furniture."""
    return [s.span for s in extract_symbols(text)] + furniture_spans(text)


def unmatched(side: list[Symbol], other: list[Symbol]) -> list[Symbol]:
    """Symbols of `side` that no symbol of `other` answers for. A symbol answers for its own key and its
    aliases (A/RES/73/30 for "73/30", 1325 (2000) for "resolution 1325"); two aliases never answer for
    each other (2127 (2013) and 2127 (2713) share the alias "resolution 2127" but differ)."""
    keys = {s.key for s in other}
    aliases = {a for s in other for a in s.aliases}
    return [s for s in side if s.key not in keys and s.key not in aliases and not any(a in keys for a in s.aliases)]
