"""The number model on the way the UN writes numbers, dates and symbols, in both directions: the UN's own
rendering raises nothing, a changed value raises an error."""

from __future__ import annotations

import pytest

from check.checks import run_checks
from core.records import AlignedPair

CHECKS = ["number", "date", "symbol"]


def findings(zh: str, en: str):
    return run_checks([AlignedPair(id="1", zh=zh, en=en)], [], CHECKS)


# (phenomenon, zh, the UN's English, the same English with one value changed)
CASES = [
    ("grouping with spaces", "共有3 270 000人", "a total of 3,270,000 people", "a total of 3,270,900 people"),
    ("no-break space grouping", "拟编列经费10 600美元", "An amount of $10\u00a0600 is proposed", "An amount of $10\u00a0800 is proposed"),
    ("currency and grouping", "拟编列经费10 600美元", "An amount of $10,600 is proposed", "An amount of $16,600 is proposed"),
    ("scale word million", "费用为327万美元", "the cost is $3.27 million", "the cost is $3.87 million"),
    ("scale word 亿", "共计1.5亿美元", "a total of $150 million", "a total of $170 million"),
    ("percentage in words", "减少百分之五", "a decrease of 5 per cent", "a decrease of 6 per cent"),
    ("percentage sign", "减少53%", "a 53 per cent decrease", "a 58 per cent decrease"),
    ("decimal comma", "增长2.5%", "growth of 2,5 per cent", "growth of 2,7 per cent"),
    ("ordinal in Chinese numerals", "大会第七十五届会议", "the seventy-fifth session of the General Assembly",
     "the seventy-sixth session of the General Assembly"),
    ("ordinal in digits", "第21次和第27次会议", "its 21st and 27th meetings", "its 21st and 28th meetings"),
    ("cardinal in Chinese numerals", "二十一个国家", "twenty-one States", "twenty-two States"),
    ("range of paragraphs", "第100至101段", "paras. 100-101", "paras. 100-107"),
    ("list of paragraphs", "第100和101段", "paragraphs 100 and 101", "paragraphs 100 and 102"),
    ("article in Roman numerals", "《条约》第三条规定的义务", "the obligation under article III of the Treaty",
     "the obligation under article IV of the Treaty"),
    ("time of day", "下午3时05分举行", "to be held at 3.05 p.m.", "to be held at 3.45 p.m."),
    ("time in hours", "11时至12时", "between 1100 and 1200 hours", "between 1100 and 1300 hours"),
    ("year", "2014年霍乱疑似病例减少", "2014 saw fewer suspected cholera cases", "2016 saw fewer suspected cholera cases"),
    ("month without a day", "作为8月份会见的后续行动", "in follow-up to his meeting in August",
     "in follow-up to his meeting in September"),
    ("date with a day list", "5月13日和14日", "on 13 and 14 May", "on 13 and 14 March"),
    ("date range", "2014年6月11日至13日", "from 11 to 13 June 2014", "from 11 to 13 July 2014"),
    ("date list across months", "2014年12月15日和29日", "on 15 and 29 December 2014", "on 15 and 29 November 2014"),
    ("month range", "2014年7-8月", "in July-August 2014", "in July-September 2014"),
    ("months listed", "在2014年3月和4月", "in March and April 2014", "in March and May 2014"),
    ("date in Chinese numerals", "二〇一四年六月十一日", "11 June 2014", "11 July 2014"),
    ("Security Council resolutions listed", "第1373(2001)、1540(2004)号决议", "resolutions 1373 (2001) and 1540 (2004)",
     "resolutions 1373 (2001) and 1546 (2004)"),
    ("resolution read as a symbol, not numbers", "第2140(2014)号决议", "resolution 2140 (2014)", "resolution 2140 (2015)"),
    ("resolution without a year", "第1325号决议", "resolution 1325", "resolution 1326"),
    ("General Assembly resolution with a Roman session", "大会第3235 (XXIX)号决议", "General Assembly resolution 3235 (XXIX)",
     "General Assembly resolution 3285 (XXIX)"),
    ("document symbol", "见A/69/767号文件", "see document A/69/767", "see document A/69/787"),
    ("resolution cited twice", "第1807(2008)号决议第9段，第1807(2008)号决议第10段",
     "paragraph 9 of resolution 1807 (2008), paragraph 10 of resolution 1807 (2008)",
     "paragraph 9 of resolution 1807 (2008), paragraph 10 of resolution 1867 (2008)"),
    ("number written twice in Chinese", "第276和第277次会议", "its 276th and 277th meetings", "its 277th and 277th meetings"),
]


@pytest.mark.parametrize("what, zh, good, bad", CASES, ids=[c[0] for c in CASES])
def test_un_rendering_raises_nothing(what, zh, good, bad):
    assert findings(zh, good) == [], what


@pytest.mark.parametrize("what, zh, good, bad", CASES, ids=[c[0] for c in CASES])
def test_changed_value_raises_an_error(what, zh, good, bad):
    assert any(f.severity == "error" for f in findings(zh, bad)), what


@pytest.mark.parametrize(
    "zh, en",
    [
        ("第四季度", "the last quarter"),  # a relative expression: the ordinal is not a quantity that went missing
        ("双方应继续谈判", "the two sides should continue negotiations"),  # English spells out what Chinese implies
        ("回历1436年", "in 1436 AH"),
        ("第一届常会的目的", "The purpose of the session"),
        ("全环基金5时期", "during GEF-5"),
    ],
)
def test_paraphrases_are_not_errors(zh, en):
    assert [f for f in findings(zh, en) if f.severity == "error"] == []


def test_a_value_with_no_counterpart_is_a_warning_not_an_error():
    fs = findings("2 000多人参加了演习", "Many people took part in the exercises")
    assert [(f.type, f.severity) for f in fs] == [("number", "warning")]


# glossary terms in running text: (zh, the UN's English, a wrong English)
TERM_CASES = [
    ("审议大会 → the Conference", "审议大会重申其承诺。", "The Conference reaffirmed its commitment.",
     "The Commission reaffirmed its commitment."),
    ("大会 → the Assembly", "大会决定继续审议该问题。", "The Assembly decided to continue its consideration of the question.",
     "The Council decided to continue its consideration of the question."),
    ("条约 → the Treaty", "不扩散核武器条约缔约国重申，不扩散核武器条约是基石。",
     "The States parties to the Treaty on the Non-Proliferation of Nuclear Weapons reaffirm that the Treaty is the cornerstone.",
     "The States parties reaffirm that the Convention is the cornerstone."),
    ("安理会 → the Council", "安理会重申其决议。", "The Council reaffirms its resolutions.", "The Commission reaffirms its resolutions."),
    ("a name's modifiers count", "21 国集团重申其立场。", "The Group reaffirms its position.", "The Group of 12 reaffirms its position."),
    ("the concept with other modifiers", "第二次缔约国大会注意到该报告。",
     "The Second Conference of States Parties took note of the report.", "The Second Meeting took note of the report."),
    ("a derived form of a generic term", "减少核军备应可核查。", "Reductions in nuclear armaments should be based on verifiability.",
     "Reductions in nuclear armaments should be based on goodwill."),
    ("the term's initials in an acronym", "与联合国驻叙安保办的代表建立了联系。",
     "The Team established contacts with representatives of UNDSS Syria.",
     "The Team established contacts with representatives of the office in Syria."),
    ("a name reproduced without its hyphen", "不扩散核武器条约不结盟缔约国集团表示担忧。",
     "The Group of Non-Aligned States Parties to the Treaty on the NonProliferation of Nuclear Weapons is concerned.",
     "The Group of Non-Aligned States Parties is concerned."),
]


def test_the_head_of_another_instruments_title_is_not_the_term():
    other = AlignedPair(id="1", zh="大多数联络点有资格成为《空间与重大灾害问题国际宪章》的用户。",
                        en="Most focal points are eligible to become users of the international space disasters instrument.")
    assert run_checks([other], None, ["term"]) == []
    charter = AlignedPair(id="2", zh="《宪章》的首要目标是免后世再遭战祸。", en="The primary goal is to save succeeding generations.")
    assert [f.type for f in run_checks([charter], None, ["term"])] == ["term"]


def test_an_acronym_counts_only_when_it_begins_or_ends_with_the_initials():
    # SC inside UNESCO is not the Security Council
    fs = run_checks([AlignedPair(id="1", zh="安全理事会注意到该报告。", en="UNESCO took note of the report.")], None, ["term"])
    assert [f.type for f in fs] == ["term"]


@pytest.mark.parametrize("zh, en", [
    ("2015年是联合国成立70周年。", "This year marks the seventieth anniversary of the founding of the United Nations."),
    ("《罗马规约》第七条第一款第9项界定了该罪行。", "Article 7(1)(j) of the Rome Statute defines the crime."),
    ("执行主任的报告1介绍了调整；", "the report of the Executive Director provides information on the adjustments;"),
])
def test_numbers_the_un_renders_without_digits(zh, en):
    assert findings(zh, en) == []


@pytest.mark.parametrize("zh, en", [
    ("2015年是联合国成立70周年。", "2016 marks the seventieth anniversary of the founding of the United Nations."),
    ("2015年是联合国成立70周年。", "It marks the seventieth anniversary of the founding of the United Nations."),
    ("《罗马规约》第七条第一款第9项界定了该罪行。", "Article 7(1) of the Rome Statute defines the crime."),
    ("有3名代表出席了会议。", "Representatives attended the meeting."),
])
def test_numbers_without_that_rendering_still_flagged(zh, en):
    assert [f.type for f in findings(zh, en)]


@pytest.mark.parametrize("what, zh, good, bad", TERM_CASES, ids=[c[0] for c in TERM_CASES])
def test_term_short_forms_and_variants(what, zh, good, bad):
    assert run_checks([AlignedPair(id="1", zh=zh, en=good)], None, ["term"]) == [], what
    assert [f.type for f in run_checks([AlignedPair(id="1", zh=zh, en=bad)], None, ["term"])] == ["term"], what


def test_short_forms_are_shown_as_accepted_variants_of_the_base_glossary():
    from glossary.base import base_lookup, is_short_form

    lookup = base_lookup()
    assert "the Conference" in lookup["审议大会"].variants and "the Assembly" in lookup["大会"].variants
    assert "the Treaty" in lookup["不扩散核武器条约"].variants and "the Council" in lookup["安理会"].variants
    assert is_short_form("the Treaty") and not is_short_form("the Non-Proliferation Treaty")


def test_term_variant_ignores_short_forms_and_other_senses():
    pairs = [
        AlignedPair(id="1", zh="不扩散核武器条约缔约国", en="States parties to the Treaty on the Non-Proliferation of Nuclear Weapons"),
        AlignedPair(id="2", zh="不扩散核武器条约的普遍性", en="the universality of the Treaty"),
        AlignedPair(id="3", zh="大会通过了决议", en="the General Assembly adopted the resolution"),
        AlignedPair(id="4", zh="世界大会的成果", en="the outcome of the World Conference"),
    ]
    assert run_checks(pairs, None, ["term-variant"]) == []
