"""Documents as people have them: one text written in every layout gives the same paragraphs and headings."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from ingest.paragraphs import heading_line, load_document, rebuild

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from layouts import EN, LAYOUTS, ZH, render, unpc_documents  # noqa: E402

UNPC = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "unpc-dev"
HEADINGS = {"zh": ["第一章", "第一条", "第二条", "第二章", "第三条", "第四条", "附件"],
            "en": ["Chapter I", "Article 1", "Article 2", "Chapter II", "Article 3", "Article 4", "Annex"]}
EXPECTED_LAYOUT = {"pdf": "wrapped", "blank_wrapped": "wrapped", "hard": "wrapped",
                   "blank_unwrapped": "lines", "lines": "lines"}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("lang, width", [("zh", 76), ("zh", 90), ("en", 70), ("en", 84), ("en", 100)])
def test_every_layout_gives_the_same_paragraphs_and_headings(lang, width, layout):
    source = ZH if lang == "zh" else EN
    rebuilt = rebuild(render(source, lang, layout, width), lang)
    assert rebuilt.layout == EXPECTED_LAYOUT[layout], rebuilt.reason
    assert [p.text for p in rebuilt.paragraphs] == source
    headings = [p.label for p in rebuilt.paragraphs if p.kind == "heading" and p.label]
    assert [h for h in headings if h in HEADINGS[lang]] == HEADINGS[lang]
    assert rebuilt.paragraphs[0].kind == "title"


def test_headings_are_never_page_headers_and_page_headers_still_go():
    text = render(EN, "en", "pdf")
    assert text.count("A/RES/79/999") >= 3 and text.count("Article") >= 4  # repeated on every page
    paragraphs = rebuild(text, "en").paragraphs
    assert not any("A/RES/79/999" in p.text or "24-12345" in p.text for p in paragraphs)
    assert [p.text for p in paragraphs if p.text.startswith("Article")] == [f"Article {i}" for i in range(1, 5)]


@pytest.mark.parametrize(
    "line, label",
    [("Article 12", "Article 12"), ("ARTICLE IV", "ARTICLE IV"), ("Chapter II", "Chapter II"), ("Part I", "Part I"),
     ("Annex", "Annex"), ("Annex II", "Annex II"), ("A.", "A."), ("第一条", "第一条"), ("第十二条 定义", "第十二条"),
     ("第二章", "第二章"), ("附件", "附件"), ("附件一", "附件一")],
)
def test_heading_lines(line, label):
    assert heading_line(line) == label


@pytest.mark.parametrize("line", ["Article 1 of the Treaty provides that", "第一条的规定", "Part of the problem",
                                  "Article 3 The Parties shall act.", "Annex I, paragraph 2,"])
def test_sentences_that_open_with_a_heading_word_are_not_headings(line):
    assert heading_line(line) is None


def test_seeds_are_read_as_wrapped(seed_files):
    for path in seed_files:
        _lang, rebuilt = load_document(path)
        assert rebuilt.layout == "wrapped", (path, rebuilt.reason)


def test_forced_layouts(tmp_path):
    text = render(EN, "en", "hard")
    assert len(rebuild(text, "en", "lines").paragraphs) == len(text.splitlines())
    assert [p.text for p in rebuild(render(EN, "en", "lines"), "en", "wrapped").paragraphs] == EN
    lines = rebuild(render(EN, "en", "lines"), "en", "lines").paragraphs
    assert [p.id for p in lines] == [f"p{k}" for k in range(1, len(EN) + 1)]


def test_a_chinese_number_wrapped_across_lines_is_joined_without_a_space():
    text = "各国同意于20\n15年提交报告，并在会议上审议这些报告的执行情况和各国提出的意见以及各项建议。\n"
    assert rebuild(text, "zh", "wrapped").paragraphs[0].text.startswith("各国同意于2015年提交报告")


@pytest.mark.skipif(not UNPC.is_dir(), reason="../shared/benchmarks/unpc-dev is not beside this checkout")
@pytest.mark.parametrize("layout", LAYOUTS)
def test_real_un_sentences_in_every_layout(layout):
    """Documents assembled from real UN sentence pairs (UNPC dev set): every layout is recognised and the
    paragraphs come back; at least 9 in 10 exactly (the rest: a label such as `D.` or `c)` wrapped to a
    line start inside a paragraph, a line that stops just short of full before a capitalised word)."""
    for start in (0, 1600, 3200):
        zh, en = unpc_documents(UNPC, start, 120)
        for lang, source in (("zh", zh), ("en", en)):
            rebuilt = rebuild(render(source, lang, layout), lang)
            assert rebuilt.layout == EXPECTED_LAYOUT[layout], rebuilt.reason
            got = {re.sub(r"\s+", " ", p.text) for p in rebuilt.paragraphs}
            exact = sum(re.sub(r"\s+", " ", p) in got for p in source) / len(source)
            assert exact >= (1.0 if EXPECTED_LAYOUT[layout] == "lines" else 0.9), (lang, exact)
            assert abs(len(rebuilt.paragraphs) - len(source)) <= 0.1 * len(source)
