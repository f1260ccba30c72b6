"""check.numbers: Chinese and English numbers and dates normalised to comparable values."""

from __future__ import annotations

import pytest

from check.numbers import (
    cn_to_number,
    extract_dates_en,
    extract_dates_zh,
    extract_en,
    extract_zh,
    label_span,
)


def values(nums, strong_only=False):
    return [round(n.value, 4) for n in nums if not (strong_only and n.weak)]


@pytest.mark.parametrize(
    "cn, value",
    [("二十一", 21), ("七十五", 75), ("二〇一九", 2019), ("十八", 18), ("一千二百", 1200), ("三万", 30000), ("两百", 200), ("十", 10)],
)
def test_cn_to_number(cn, value):
    assert cn_to_number(cn) == value


def test_cn_to_number_rejects_non_numerals():
    with pytest.raises(ValueError):
        cn_to_number("国家")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("21 国集团重申", [21]),
        ("第七十五届会议", [75]),
        ("二〇一九年", [2019]),
        ("百分之四十", [40]),
        ("三分之一", [0.3333]),
        ("1,000 人和 3.5%", [1000, 3.5]),
        ("200万美元", [2_000_000]),
        ("十八国裁军委员会", [18]),
        ("第一委员会", [1]),
        ("１２名代表", [12]),
    ],
)
def test_extract_zh(text, expected):
    assert values(extract_zh(text)) == expected


def test_zh_numerals_inside_words_are_not_numbers():
    assert values(extract_zh("一些国家进一步统一了立场，这是唯一的办法，千万不要放弃"), strong_only=True) == []


def test_zh_one_and_two_are_weak():
    nums = extract_zh("一项文书和两个国家")
    assert [n.weak for n in nums] == [True, True]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the Group of 21", [21]),
        ("seventy-fifth session", [75]),
        ("twenty-one States", [21]),
        ("one third of the members", [0.3333]),
        ("two-thirds majority", [0.6667]),
        ("40 per cent and 3.5%", [40, 3.5]),
        ("forty per cent", [40]),
        ("1,000 and 1 000 people", [1000, 1000]),
        ("2 million dollars", [2_000_000]),
        ("the 1261st plenary meeting", [1261]),
        ("Eighteen-Nation Committee", [18]),
        ("in 2019", [2019]),
        ("the tenth review", [10]),
    ],
)
def test_extract_en(text, expected):
    assert values(extract_en(text)) == expected


def test_en_first_one_second_are_weak():
    nums = extract_en("First of all, one of the States, secondly a second time")
    assert all(n.weak for n in nums)


def test_en_run_of_words_splits_into_numbers():
    assert values(extract_en("the first two States")) == [1, 2]


def test_paragraph_labels_are_skipped():
    assert label_span("1. The Group") == (0, 2)
    assert label_span("(a) The Group") == (0, 3)
    assert label_span("3.5 per cent") is None
    assert values(extract_en("12. The Group of 21")) == [21]
    assert values(extract_zh("12. 21 国集团")) == [21]


def test_exclude_spans():
    text = "resolution 73/30 of 2018"
    assert values(extract_en(text, exclude=[(11, 16)])) == [2018]


@pytest.mark.parametrize(
    "zh, en",
    [
        ("2014 年 6 月 11 至 13 日", "11 to 13 June 2014"),
        ("2019年3月5日", "5 March 2019"),
        ("2013 年 9 月 26 日", "26 September 2013"),
        ("6月11日至13日", "11-13 June"),
        ("2019年3月", "March 2019"),
        ("2014年6月11日", "June 11, 2014"),
    ],
)
def test_dates_match(zh, en):
    (dz,) = extract_dates_zh(zh)
    (de,) = extract_dates_en(en)
    assert dz.matches(de), (dz, de)


@pytest.mark.parametrize(
    "zh, en",
    [("2014 年 6 月 11 至 13 日", "11 to 14 June 2014"), ("2019年3月5日", "5 May 2019"), ("2019年3月5日", "5 March 2018")],
)
def test_dates_differ(zh, en):
    (dz,) = extract_dates_zh(zh)
    (de,) = extract_dates_en(en)
    assert not dz.matches(de)


def test_date_label():
    (d,) = extract_dates_zh("2014 年 6 月 11 至 13 日")
    assert d.label() == "2014-06-11-13"


def test_zh_approximate_numbers_give_both_values_weakly():
    assert [(n.value, n.weak) for n in extract_zh("七八年前")] == [(7, True), (8, True)]
    assert [n.value for n in extract_zh("十一二岁")] == [11, 12]
    assert [n.value for n in extract_zh("六七十岁")] == [60, 70]
    assert extract_zh("几十位代表和数十个国家") == []  # "dozens of": no count to compare


def test_zh_list_labels_are_skipped():
    assert extract_zh("2、各国") == [] and extract_zh("（一）各国") == [] and extract_zh("三、各国") == []


def test_dates_in_chinese_numerals():
    from check.numbers import extract_dates_zh

    (d,) = extract_dates_zh("二〇一四年六月十一日至十三日在日内瓦举行")
    assert (d.year, d.month, d.day_from, d.day_to) == (2014, 6, 11, 13)
    (d,) = extract_dates_zh("二〇一九年十二月")
    assert (d.year, d.month, d.day_from) == (2019, 12, None)
    assert extract_dates_zh("十三月五日") == []  # not a month
