"""Reading a large document holds compact data, and gives the paragraphs the straightforward code gave.

The straightforward versions of the steps rewritten for memory (a list of every line of the text, findall
lists of every Chinese character and every word, a line's display width recomputed at every use) are written
out here as the reference; with them patched in, the paragraphs of the seeds, of a declaration rendered in
every layout (page furniture and running headers included) and of texts with other newlines must come out
the same.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

import ingest.paragraphs as P
import ingest.read as R
from ingest.read import detect_language, read_text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from layouts import EN, LAYOUTS, ZH, render  # noqa: E402


def _width_reference(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _raw_lines_reference(text: str):
    return iter(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def _running_headers_reference(lines, lang):
    counts = Counter(re.sub(r"\d+", "#", ln.text) for ln in lines)
    found = set()
    for key, n in counts.items():
        if n < 3 or _width_reference(key) > 60 or key[-1] in P._TERMINAL + "，,：:":
            continue
        if P._start(key.replace("#", "1"), lang):
            continue
        found.add(key)
    return found


class _JoinerReference(P._Joiner):
    def __init__(self, text: str, lang: str):
        self.lang = lang
        words = re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text)
        self.hyphenated = {w.lower() for w in words if "-" in w}
        self.plain = {w.lower() for w in words if "-" not in w}
        spaced = len(re.findall(rf"[A-Za-z0-9] [{P._CJK_CHAR}]|[{P._CJK_CHAR}] [A-Za-z0-9]", text))
        tight = len(re.findall(rf"[A-Za-z0-9][{P._CJK_CHAR}]|[{P._CJK_CHAR}][A-Za-z0-9]", text))
        self.space_latin = spaced >= tight


def _detect_language_reference(text: str) -> str:
    cjk = len(R._CJK.findall(text))
    latin = len(R._LATIN.findall(text))
    return "zh" if cjk * 4 >= latin else "en"


def _documents(seed_files):
    docs = [(f.name, read_text(f)) for f in seed_files]
    for lang, source in (("zh", ZH), ("en", EN)):
        for layout in LAYOUTS:
            docs.append((f"{lang}-{layout}", render(source, lang, layout)))
    pdf = render(ZH, "zh", "pdf")
    # a running header (the draft's short title) on every page, under the page footer
    headed = re.sub(r"(?m)^(\d+/4 )$", r"\1\n\n外层空间宣言草案（第二次修订稿） ", render(ZH, "zh", "pdf", 40))
    assert headed.count("修订稿") >= 3
    docs.append(("zh-pdf-running-header", headed))
    docs.append(("en-pdf-running-header", re.sub(r"(?m)^(\d+/4 )$", r"\1\n\nDraft declaration on outer space (second revision) ",
                                                  render(EN, "en", "pdf", 50))))
    docs.append(("zh-pdf-crlf", pdf.replace("\n", "\r\n")))
    docs.append(("zh-pdf-cr", pdf.replace("\n", "\r")))
    docs.append(("zh-pdf-no-final-newline", pdf.rstrip("\n")))
    return docs


def _rebuilt(text: str, lang: str, layout: str):
    r = P.rebuild(text, lang, layout)
    return r.layout, r.reason, [p.to_dict() for p in r.paragraphs]


def test_compact_reading_gives_the_paragraphs_of_the_straightforward_code(seed_files, monkeypatch):
    docs = _documents(seed_files)
    assert len(docs) >= 15
    now = {}
    for name, text in docs:
        lang = detect_language(text)
        assert lang == _detect_language_reference(text), name
        for layout in P.LAYOUTS:
            now[name, layout] = _rebuilt(text, lang, layout)
    monkeypatch.setattr(P, "_raw_lines", _raw_lines_reference)
    monkeypatch.setattr(P, "_running_headers", _running_headers_reference)
    monkeypatch.setattr(P, "_Joiner", _JoinerReference)
    monkeypatch.setattr(P, "_display_width", _width_reference)
    for name, text in docs:
        lang = _detect_language_reference(text)
        for layout in P.LAYOUTS:
            assert _rebuilt(text, lang, layout) == now[name, layout], (name, layout)
    # the rendered PDF layout carries page furniture and the running header; they are gone in both
    assert not any("A/RES/79/999" in p["text"] for p in now["zh-pdf", "auto"][2])
    assert not any("修订稿" in p["text"] for p in now["zh-pdf-running-header", "auto"][2])
    assert not any("second revision" in p["text"] for p in now["en-pdf-running-header", "auto"][2])


@pytest.mark.parametrize("text", ["", "\n", "a", "a\n", "\nb", "a\r\nb\rc\n\n", "\r\r\n\n", "x\u2028y\n\x0bz"])
def test_lines_are_the_lines_of_split(text):
    assert list(P._raw_lines(text)) == list(_raw_lines_reference(text))


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 1 << 16])
def test_script_counts_are_exact_across_slices(chunk):
    text = "第 73/30 号决议 Resolution 73/30 ABC核武器abc" * 5 + "\uf900漢字" + "x" * 9
    assert R._count_chars(R._CJK_RUN, text, chunk) == len(R._CJK.findall(text))
    assert R._count_chars(R._LATIN_RUN, text, chunk) == len(R._LATIN.findall(text))


def test_display_width_is_the_east_asian_width():
    chars = [chr(c) for c in [*range(0x20, 0x250), *range(0x2E80, 0x3100), *range(0x4E00, 0x4F00),
                              *range(0xFE30, 0x10000), 0x1F600, 0x20000]]
    assert all(P._display_width(c) == _width_reference(c) for c in chars)
    assert P._display_width("".join(chars)) == _width_reference("".join(chars))
    assert P._display_width("") == 0
