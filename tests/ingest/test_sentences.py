"""Sentence splitting in UN style, Chinese and English."""

from __future__ import annotations

import pytest

from ingest.paragraphs import load_paragraphs
from ingest.sentences import split_sentences


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "本集团欢迎大会通过了第 73/30 号决议。本集团还欢迎第 73/31 号决议。",
            ["本集团欢迎大会通过了第 73/30 号决议。", "本集团还欢迎第 73/31 号决议。"],
        ),
        ("他说：“会议开幕。”然后离开了！是吗？", ["他说：“会议开幕。”", "然后离开了！", "是吗？"]),
        (
            "(a) 裁军谈判会议应发挥主要作用；(b) 应尽早设立一个工作组。",
            ["(a) 裁军谈判会议应发挥主要作用；(b) 应尽早设立一个工作组。"],
        ),
        ("数字 3.5 不是句号。最后一句没有句号", ["数字 3.5 不是句号。", "最后一句没有句号"]),
        (
            "1. 21 国集团认为，空间技术确已成为组成部分。信息依赖空间技术。",
            ["1. 21 国集团认为，空间技术确已成为组成部分。", "信息依赖空间技术。"],
        ),
        ("这将是一个重要步骤……我们期待着。", ["这将是一个重要步骤……", "我们期待着。"]),
    ],
)
def test_chinese(text, expected):
    assert split_sentences(text, "zh") == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The Assembly adopted resolution 73/30. It also adopted A/RES/73/31.",
            ["The Assembly adopted resolution 73/30.", "It also adopted A/RES/73/31."],
        ),
        ("See No. 1 of the list. Then act.", ["See No. 1 of the list.", "Then act."]),
        ("The answer was no. The Group regrets it.", ["The answer was no.", "The Group regrets it."]),
        (
            "Some States, e.g. Brazil, agreed. Others did not.",
            ["Some States, e.g. Brazil, agreed.", "Others did not."],
        ),
        ("That is, i.e. The Group, agreed.", ["That is, i.e. The Group, agreed."]),
        (
            "The U.S. Government agreed. The U.K. did too.",
            ["The U.S. Government agreed.", "The U.K. did too."],
        ),
        ("Growth was 3.5 per cent. It fell to 2.1.", ["Growth was 3.5 per cent.", "It fell to 2.1."]),
        (
            "Mr. Smith and Ms. Jones spoke. Dr. Lee replied.",
            ["Mr. Smith and Ms. Jones spoke.", "Dr. Lee replied."],
        ),
        (
            "1. The Group notes the report. 2. It regrets the delay.",
            ["1. The Group notes the report.", "2. It regrets the delay."],
        ),
        ("(a) The first item; (b) the second item.", ["(a) The first item; (b) the second item."]),
        (
            "It listed two points. (a) Security comes first.",
            ["It listed two points.", "(a) Security comes first."],
        ),
        (
            "He said: “We agree.” The President thanked him.",
            ["He said: “We agree.”", "The President thanked him."],
        ),
        ("Is it possible? Yes! It is.", ["Is it possible?", "Yes!", "It is."]),
        ("As J. F. Kennedy said, peace matters.", ["As J. F. Kennedy said, peace matters."]),
        ("See Art. 6 of the Treaty. See also para. 4.", ["See Art. 6 of the Treaty.", "See also para. 4."]),
        (
            "The meeting rose at 12.15 p.m. The next meeting is on Thursday.",
            ["The meeting rose at 12.15 p.m.", "The next meeting is on Thursday."],
        ),
    ],
)
def test_english(text, expected):
    assert split_sentences(text, "en") == expected


def test_empty_and_unknown_language():
    assert split_sentences("   ", "en") == []
    with pytest.raises(ValueError):
        split_sentences("x", "fr")


def test_seed_sentences_rejoin_to_the_paragraph(seed_files):
    for f in seed_files:
        _, paragraphs = load_paragraphs(f, "zh")
        for p in paragraphs:
            sentences = split_sentences(p.text, "zh")
            assert "".join(sentences).replace(" ", "") == p.text.replace(" ", "")
            assert all(s.strip() == s and s for s in sentences)
