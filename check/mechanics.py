"""zh→en mechanics: what Xbench, QA Distiller and Verifika check on the form of a translation.

    fullwidth_in_english(en)       Chinese full-width punctuation left in the English (，。（）“”；：、)
    bracket_problems(text, lang)   brackets and quotes that do not pair up on one side
    end_punctuation(zh, en)        final punctuation that does not correspond (。 ↔ . ; ： ↔ : …)
    spacing_problems(en)           doubled punctuation, double spaces, space before punctuation
    repeated_words(en)             a word written twice ("the the")

Each returns (message, span) tuples; the `mechanics` check turns them into warnings. A problem the Chinese
has too (a bracket the source itself leaves open, because the UN cut a sentence inside it) is no finding.
"""

from __future__ import annotations

import re

FULLWIDTH = "，。（）“”；：、！？【】《》〔〕"
_FULLWIDTH_RE = re.compile(f"[{re.escape(FULLWIDTH)}]")
_ZH_BRACKETS = str.maketrans("（）【】〔〕［］｛｝", "()[][][]{}")
_PAIRS = {")": "(", "]": "[", "}": "{"}


def fullwidth_in_english(en: str) -> list[tuple[str, tuple[int, int]]]:
    return [(f"full-width punctuation {m.group(0)} in the English", m.span()) for m in _FULLWIDTH_RE.finditer(en)]


def _bracket_state(text: str) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """(unclosed openers, unopened closers) with their offsets."""
    stack: list[tuple[str, int]] = []
    stray: list[tuple[str, int]] = []
    for i, ch in enumerate(text.translate(_ZH_BRACKETS)):
        if ch in "([{":
            stack.append((ch, i))
        elif ch in _PAIRS:
            if stack and stack[-1][0] == _PAIRS[ch]:
                stack.pop()
            else:
                stray.append((ch, i))
    return stack, stray


# a closing parenthesis after a list label: "(a)", "a)", "1)" opens nothing
_LABEL_PAREN = re.compile(r"^\s*(?:[a-zA-Z]{1,4}|\d{1,3}|[ivx]{1,5})\)")


def bracket_problems(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Brackets and double quotes that do not pair up."""
    cleaned = _LABEL_PAREN.sub(lambda m: " " * len(m.group(0)), text)
    stack, stray = _bracket_state(cleaned)
    out = [(f"bracket {text[i]} is never closed", (i, i + 1)) for _, i in stack]
    out += [(f"bracket {text[i]} closes nothing", (i, i + 1)) for _, i in stray]
    opens = [m.start() for m in re.finditer("[“]", text)]
    closes = [m.start() for m in re.finditer("[”]", text)]
    if len(opens) != len(closes):
        where = (opens or closes)[-1]
        out.append(("curly quotes “ ” do not pair up", (where, where + 1)))
    straight = [m.start() for m in re.finditer('"', text)]
    if len(straight) % 2:
        out.append(('a straight quote " is never closed', (straight[-1], straight[-1] + 1)))
    return out


def bracket_signature(text: str) -> tuple[int, int, int]:
    """How many brackets a side leaves open or stray, and whether its quotes pair up (0/1)."""
    stack, stray = _bracket_state(_LABEL_PAREN.sub(lambda m: " " * len(m.group(0)), text))
    quotes = text.count("“") != text.count("”") or text.count('"') % 2 == 1 or text.count("「") != text.count("」")
    return len(stack), len(stray), int(quotes)


_ZH_END = {"。": ".", "？": "?", "！": "!", "：": ":", "；": ";", "，": ",", ".": ".", "?": "?", "!": "!",
           ":": ":", ";": ";", ",": ","}
_CLOSERS = "\"'”’)）]】」』》 \u3000"


_FOOTNOTE_END = re.compile(r"(?<=[^\d\s][.;:?!。；：？！])(?:\d{1,3}|\[\d{1,3}\])$")


def final_mark(text: str) -> tuple[str, int]:
    """The last punctuation mark of `text` (closing brackets and quotes skipped), normalised, and its offset;
    ("", -1) when the text ends in a word or a number."""
    text = _FOOTNOTE_END.sub("", text.rstrip())  # "website.3", "planning.[23]": a footnote mark after the end
    i = len(text) - 1
    while i >= 0 and text[i] in _CLOSERS:
        i -= 1
    if i < 0:
        return "", -1
    mark = _ZH_END.get(text[i], "")
    if mark == "." and i >= 1 and text[i - 1] == "." :
        mark = "…"
    if text[i] == "…":
        mark = "…"
    return mark, (i if mark else -1)


_LIST_ITEM = re.compile(r"^\s*(?:\(?[a-zA-Z0-9]{1,4}\)|\d{1,3}(?:\.\d{1,3})*\.?\s|[•·\-–]\s|[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)")


def end_punctuation(zh: str, en: str) -> list[tuple[str, tuple[int, int]]]:
    """The English ends in another sentence mark than the Chinese: 。 against ";" or ":" or none.
    Only sentence ends count (. ? ! and none): a clause mark (，；：) in a list item may change with the
    English syntax, and "." after an abbreviation ("Corp.") may stand for none."""
    zm, _ = final_mark(zh)
    em, ei = final_mark(en)
    if em == ";" and (_LIST_ITEM.match(en) or _LIST_ITEM.match(zh)):
        return []  # a list item: the English items end ";" where the Chinese may close the list with 。
    if re.search(r";\s*(?:and|or)\s*$", en):
        return []  # the next-to-last item of a list: "…; and"
    if zm in (".", "?", "!") and em not in (".", "?", "!", "…"):
        what = f"ends with {en.rstrip()[-1]!r}" if em else "has no end punctuation"
        return [(f"the Chinese ends a sentence ({zh.rstrip()[-1]}) but the English {what}",
                 (ei, ei + 1) if ei >= 0 else (len(en.rstrip()), len(en.rstrip())))]
    return []


_DOUBLED = re.compile(r"(?<![.])([,;:!?])\1|(?<![.\s])\.\.(?!\.)")
_DOUBLE_SPACE = re.compile(r"(?<=\S)  +(?=\S)")
_SPACE_BEFORE = re.compile(r"(?<=[A-Za-z0-9)\]])\s+([,;:!?])(?!\d)|(?<=[a-z)\]])\s+\.(?=\s|$)")


def spacing_problems(en: str) -> list[tuple[str, tuple[int, int]]]:
    out = [(f"doubled punctuation {m.group(0)}", m.span()) for m in _DOUBLED.finditer(en)]
    out += [("double space", m.span()) for m in _DOUBLE_SPACE.finditer(en)]
    out += [(f"space before {m.group(0).strip()}", m.span()) for m in _SPACE_BEFORE.finditer(en)]
    return out


_REPEAT = re.compile(r"\b([a-z]+)\s+\1\b")  # lower case: "Pago Pago", "Salih Salih" are names
_FINE_REPEATS = frozenset({"that", "had", "is", "was", "do", "no", "so", "very", "bye"})


def repeated_words(en: str) -> list[tuple[str, tuple[int, int]]]:
    return [(f"word repeated: {m.group(0)}", m.span()) for m in _REPEAT.finditer(en)
            if m.group(1).lower() not in _FINE_REPEATS and len(m.group(1)) > 1 or m.group(1).lower() == "a"]
