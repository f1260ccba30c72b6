"""Split one paragraph into sentences, Chinese or English, the way UN documents punctuate.

Chinese: a sentence ends at 。！？ (or ……), together with any closing quotes or brackets after it
(`“……。”`). Semicolons do not end sentences: UN Chinese lists clauses with ；.

English: a sentence ends at . ! ? followed by space and a capital, digit or opening quote, unless the
period belongs to an abbreviation (`No.`, `Mr.`, `e.g.`, `i.e.`, `U.S.`, `Art.`, initials), a list or
paragraph label (`1.`, `(a)`), or a number (`3.5` has no space). A symbol at a sentence end
(`resolution A/RES/73/30.`) ends the sentence like any word.
"""

from __future__ import annotations

import re

_ZH_END = re.compile(r"(?:[。！？!?]|…{1,2}|\.{3})[”’」』）)\]】》\"']*")

_ABBREV = {
    "no",
    "nos",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "st",
    "sr",
    "jr",
    "messrs",
    "mme",
    "mlle",
    "h.e",
    "e.g",
    "i.e",
    "cf",
    "vs",
    "viz",
    "al",
    "approx",
    "ca",
    "art",
    "arts",
    "para",
    "paras",
    "sect",
    "ch",
    "chap",
    "vol",
    "vols",
    "p",
    "pp",
    "fig",
    "figs",
    "rev",
    "corr",
    "add",
    "suppl",
    "amb",
    "gen",
    "col",
    "lt",
    "capt",
    "gov",
    "sen",
    "rep",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "inc",
    "ltd",
    "co",
    "corp",
    "dept",
    "est",
    "op",
    "cit",
    "ibid",
    "resp",
    "u.s",
    "u.k",
    "u.n",
    "e.u",
    "u.s.a",
    "u.s.s.r",
}
# a period, then closing quotes/brackets, then space, then what starts a sentence
_EN_BOUNDARY = re.compile(r"([.!?])([\"'”’)\]]*)(\s+)(?=[\"“‘'(\[]?[A-Z0-9]|\((?:[a-z]|[ivx]{1,4})\)\s)")


def split_sentences(text: str, lang: str) -> list[str]:
    """Split `text` (one paragraph, no newlines needed) into sentences, each stripped, none empty."""
    text = text.strip()
    if not text:
        return []
    if lang == "zh":
        return _split_zh(text)
    if lang == "en":
        return _split_en(text)
    raise ValueError(f"unknown language {lang!r}; use zh or en")


def _split_zh(text: str) -> list[str]:
    out, start = [], 0
    for m in _ZH_END.finditer(text):
        piece = text[start : m.end()].strip()
        if piece and not _ZH_LABEL_ONLY.match(piece):
            out.append(piece)
            start = m.end()
    tail = text[start:].strip()
    if tail:
        if out and not re.search(r"[\w\u3400-\u9fff]", tail):
            out[-1] += tail
        else:
            out.append(tail)
    return out


_ZH_LABEL_ONLY = re.compile(r"^[\s\d.()（）a-z]*$")
_LABEL_ONLY = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.|\([a-zA-Z0-9]{1,5}\)|[IVXLC]{1,6}\.|[A-H]\.)$")


def _split_en(text: str) -> list[str]:
    out, start = [], 0
    for m in _EN_BOUNDARY.finditer(text):
        end = m.end(2)
        if m.group(1) == "." and not _real_period(text, start, m.start(1), text[m.end() : m.end() + 1]):
            continue
        piece = text[start:end].strip()
        if not piece or _LABEL_ONLY.match(piece):
            continue
        out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def _real_period(text: str, start: int, dot: int, following: str = "") -> bool:
    """Whether the period at text[dot] ends a sentence (not an abbreviation, initial or label)."""
    before = text[start:dot]
    word = re.search(r"(\S+)$", before)
    if not word:
        return False
    token = word.group(1).lstrip("(\"'“‘[")
    low = token.lower()
    if low in ("no", "nos", "para", "paras", "art", "arts", "p", "pp", "vol", "ch"):
        return not following.isdigit()  # "No. 1", "para. 4", but "the answer is no. The ..."
    if low in _ABBREV:
        return False
    if re.fullmatch(r"[A-Z]", token):  # an initial: J. Smith
        return False
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token) and token.lower() not in ("a.m", "p.m"):  # U.S, e.g
        return False
    if re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}", token) and before.strip() == token:
        return False  # a paragraph number at the start: "1. The ..."
    return True
