"""UN practice the checks model so that correct UN translations raise nothing (issue 19, false alarms),
each in both directions: the UN's rendering raises nothing, the slip still raises a finding."""

from __future__ import annotations

import pytest

from check.checks import run_checks
from core.records import AlignedPair


def types(zh: str, en: str, checks: list[str]) -> list[str]:
    return [f.type for f in run_checks([AlignedPair(id="1", zh=zh, en=en)], None, checks)]


# (phenomenon, zh, the UN's English, a slip) for the term check with the base glossary
# (phenomenon, zh, the UN's English, a slip) for the term check with the base glossary
TERM = [
    ("a noun's adjective of another root (law: legal)", "新议程联盟还从国际法的观点进行了分析。",
     "The New Agenda Coalition has undertaken further analysis from an international legal perspective.",
     "The New Agenda Coalition has undertaken further analysis from a political perspective."),
    ("a body named through its session", "应探讨在大会第七十届会议期间举办类似活动的可能性。",
     "The possibility of organizing a similar event during the seventieth session should be explored.",
     "The possibility of organizing a similar event during the seventy-first session should be explored."),
    ("a body's own resolutions", "回顾安理会第2014(2011)号决议，",
     "Recalling its resolution 2014 (2011),", "Recalling General Assembly resolution 2014 (2011),"),
    ("a resolution cited by its number, the organ implicit (issue 26)", "回顾安全理事会第1701(2006)号决议，",
     "Recalling resolution 1701 (2006),", "Recalling General Assembly resolution 1701 (2006),"),
    ("a body's president's statements", "回顾安理会主席2013年2月15日的声明，",
     "Recalling the presidential statement of 15 February 2013,", "Recalling the statement of 15 February 2013,"),
    ("a shared head in a coordination", "经济及社会理事会就其附属机构和有关机构的空缺采取了行动：",
     "The Economic and Social Council took action with regard to vacancies in its subsidiary and related bodies:",
     "The Economic and Social Council took action with regard to vacancies in its subsidiary and related entities:"),
    ("an abbreviation in a rendering spelt out (NPT Review Conference)", "违背核武器国家在不扩散条约审议大会上作出的承诺。",
     "contradict the commitments undertaken at the Non-Proliferation Treaty Review Conferences by nuclear-weapon States.",
     "contradict the commitments undertaken at the conferences by nuclear-weapon States."),
    ("the Charter's own words for Member States", "凡拖欠本组织财政款项之会员国，即丧失其在大会投票权。",
     "A Member of the United Nations which is in arrears shall have no vote in the General Assembly.",
     "A country which is in arrears shall have no vote in the General Assembly."),
]


@pytest.mark.parametrize("what, zh, good, bad", TERM, ids=[t[0] for t in TERM])
def test_term_un_practice(what, zh, good, bad):
    assert types(zh, good, ["term"]) == [], what
    assert "term" in types(zh, bad, ["term"]), what


# (phenomenon, zh where the substring is not the glossary's term, its UN English; zh with the term itself,
# an English without it): the first raises nothing, the second still does
NOT_THE_TERM = [
    ("a term's characters inside another word (国际法律 is 国际 + 法律)",
     "成功适用有关空间活动的国际法律机制取决于共同理解。",
     "The successful application of the regime governing space activities depends on a common understanding.",
     "成功适用有关空间活动的国际法取决于共同理解。",
     "The successful application of the regime governing space activities depends on a common understanding."),
    ("大会 ending another body's name, one dictionary word", "重申其支持国民大会和过渡政府的合法性；",
     "Affirm its support for the House of Representatives and the transitional Government;",
     "重申其支持大会和过渡政府的合法性；", "Affirm its support for the House of Representatives and the transitional Government;"),
    ("大会 after a noun naming another assembly", "早些时候举行的长老大会选举是第一次。",
     "The elections held earlier for the General Fono were the first.",
     "早些时候举行的大会选举是第一次。", "The elections held earlier for the General Fono were the first."),
    ("a term inside its negation (非军事化)", "对非军事化边界安全区进行有效监测", "effective monitoring of the SDBZ",
     "对边界安全区军事化进行有效监测", "effective monitoring of the SDBZ"),
    ("United Nations dropped from the name of its own fund", "包括向联合国信托基金捐款。",
     "including through donations to the Trust Fund.", "包括向联合国捐款。", "including through donations to the Trust Fund."),
    ("United Nations dropped from a post", "驻联合国特别代表的信", "a letter from the Special Representative",
     "联合国的信", "a letter from the Special Representative"),
]


@pytest.mark.parametrize("what, zh, good, zh_term, bad", NOT_THE_TERM, ids=[t[0] for t in NOT_THE_TERM])
def test_a_substring_that_is_not_the_term(what, zh, good, zh_term, bad):
    assert types(zh, good, ["term"]) == [], what
    assert "term" in types(zh_term, bad, ["term"]), what


def test_a_word_jieba_cuts_across_the_term_where_the_rest_is_a_word_of_its_own_keeps_the_term():
    # 工作组成员 segments 工作/组成员, but 成员 is a word: the cut at 工作组 is as good, the term is there
    assert types("工作组成员同意解决这一问题。", "Members agreed on resolving the issue.", ["term"]) == ["term"]
    assert types("工作组成员同意解决这一问题。", "Members of the Working Group agreed on resolving the issue.", ["term"]) == []


def test_a_treaty_in_a_groups_name_is_still_expected():
    zh = "不扩散核武器条约不结盟缔约国集团表示担忧。"
    assert types(zh, "The Group of Non-Aligned States Parties is concerned.", ["term"]) == ["term"]


def test_every_place_of_a_term_counts():
    # the first 大会 is another assembly, the second the General Assembly, which the English leaves out
    assert types("国民大会的代表向大会报告。", "The representatives of the House reported.", ["term"]) == ["term"]


def test_two_names_of_one_treaty_side_by_side_are_not_variants():
    pairs = [
        AlignedPair(id="1", zh="《南太平洋无核区条约》(《拉罗通加条约》)于1986年生效。",
                    en="The South Pacific Nuclear Free Zone Treaty (Treaty of Rarotonga) entered into force in 1986."),
        AlignedPair(id="2", zh="《拉罗通加条约》缔约国", en="States parties to the Treaty of Rarotonga"),
    ]
    assert run_checks(pairs, None, ["term-variant"]) == []
    pairs[0] = AlignedPair(id="1", zh="《拉罗通加条约》于1986年生效。", en="The South Pacific Nuclear Free Zone Treaty entered into force in 1986.")
    assert [f.type for f in run_checks(pairs, None, ["term-variant"])] == ["term-variant"]


NUMBERS = [
    ("a year said again that a Chinese date holds", "第一届颁奖假定在2015年9月举行。",
     "The first Prize in 2015 would be held in September 2015.", "The first Prize in 2016 would be held in September 2015."),
    ("the session a document is issued for", "请将本函作为大会议程项目129的文件分发为荷。",
     "I should be grateful if you would have the statement circulated as a document of the sixty-ninth session of the General Assembly, under agenda item 129.",
     "I should be grateful if you would have the statement circulated as a document of the sixty-ninth session of the General Assembly, under agenda item 128."),
    ("a year the Chinese names by its relation", "明年将举行审议大会。", "The Review Conference will be held in 2016.",
     "The Review Conference will be held in 2016, for 3 weeks."),
    ("a number in a label with a hyphen", "在全环基金5时期的化学品战略下接收供资的项目", "projects funded under the Chemicals Strategy in GEF-5",
     "projects funded under the Chemicals Strategy in GEF-6"),
    ("grades with a number", "1个P-4、2个P-3和2个本国一般事务人员", "1 P-4, 2 P-3 and 2 national General Service",
     "1 P-4, 2 P-3 and 3 national General Service"),
    ("grades changed", "1个P-4、2个P-3和2个本国一般事务人员", "1 P-4, 2 P-3 and 2 national General Service",
     "1 P-5, 2 P-3 and 2 national General Service"),
    ("a number glued to a label", "20国集团领导人的会议", "the meeting of the leaders of the G20", "the meeting of the leaders of the G7"),
    ("a financial period", "2014/15财政年度的预算", "the budget for the 2014/15 fiscal year", "the budget for the 2014/16 fiscal year"),
    ("a figure in brackets before its scale word", "由世界银行提供8 000万美元财政援助", "with the World Bank providing financial assistance of (80) million US dollars",
     "with the World Bank providing financial assistance of (90) million US dollars"),
    ("a draft figure in square brackets", "不超过其用量计算水平均值的百分之[九十]。", "does not exceed [ninety] per cent of the average of its calculated levels.",
     "does not exceed [eighty] per cent of the average of its calculated levels."),
    ("a fraction with a slash", "而且只有1/3的发达国家缔约方提供了支持。", "Support was provided by only one third of the developed country Parties.",
     "Support was provided by only one quarter of the developed country Parties."),
    ("a year written once more on each side", "巴西(2017年)、古巴(2017年)、海地(2016年)", "Brazil (2017), Cuba (2017), Haiti (2016)",
     "Brazil (2016), Cuba (2017), Haiti (2016)"),
]


@pytest.mark.parametrize("what, zh, good, bad", NUMBERS, ids=[t[0] for t in NUMBERS])
def test_numbers_un_practice(what, zh, good, bad):
    checks = ["number", "date", "symbol"]
    assert types(zh, good, checks) == [], what
    assert types(zh, bad, checks), what


def test_a_resolution_number_with_a_slash_is_still_a_symbol():
    assert types("见第1/3号决议。", "See resolution 1/4.", ["number", "symbol"]) == ["symbol", "symbol"]


def test_changed_label_and_year_list_are_errors():
    fs = run_checks([AlignedPair(id="1", zh="巴西(2017年)、古巴(2017年)、海地(2016年)", en="Brazil (2016), Cuba (2017), Haiti (2016)")],
                    [], ["number"])
    assert [f.severity for f in fs] == ["error"]
    fs = run_checks([AlignedPair(id="1", zh="在P3成员国的支持下", en="with the support of the P1 member countries")], [], ["number"])
    assert [f.severity for f in fs] == ["error"]


def test_style_inside_a_quotation_that_began_in_an_earlier_sentence():
    zh = "计划生育方案应当采取必要措施，保证向所有需求者提供服务。"
    quoted = "Family Planning programs should take necessary steps to ensure that services reach all who need them'."
    assert types(zh, quoted, ["style"]) == []
    assert types(zh, quoted[:-2] + ".", ["style"]) == ["style"]
    assert types(zh, "the rights of States' programs.", ["style"]) == ["style"]  # a possessive, not a quote


def segment_findings(pairs):
    return run_checks([AlignedPair(id=str(i), zh=z, en=e) for i, (z, e) in enumerate(pairs, 1)], None, ["segment-variant"])


def test_the_same_chinese_translated_with_or_without_an_article_or_comma_is_one_translation():
    zh = "真正有助于改善岛上气氛的办法是，希族塞人一方停止冒用他们并不合法拥有的权利和责任。"
    a = "The Greek Cypriot side should stop misappropriating for itself the rights and responsibilities it does not have and cease."
    b = "The Greek Cypriot side should stop misappropriating for itself rights and responsibilities it does not have, and cease."
    c = "The Greek Cypriot side should stop claiming for itself rights and responsibilities it does not have, and cease."
    assert segment_findings([(zh, a), (zh, b)]) == []
    assert len(segment_findings([(zh, a), (zh, c)])) == 1


@pytest.mark.parametrize("zh1, zh2, flagged", [
    ("通过议程和工作安排", "通过议程和安排工作。", False),  # the same characters in another order
    ("奉我国政府指示，谨提醒你注意以下信息：", "奉我国政府指示，谨提请注意以下信息：", False),  # reworded
    ("请将本函作为大会议程项目42下的文件分发", "请将本函作为大会议程项目43下的文件分发", True),  # a number
    ("本集团支持该提案的全部内容", "本集团不支持该提案的全部内容", True),  # a negation
    ("本集团重申其立场。", "本集团重申了其一贯的立场。", True),  # one says more
])
def test_the_same_english_for_two_chinese_texts(zh1, zh2, flagged):
    en = "The text of the English, the same for both of them."
    assert bool(segment_findings([(zh1, en), (zh2, en)])) is flagged


def test_a_decade():
    for zh in ("自20世纪90年代以来", "自二十世纪九十年代以来", "自90年代以来"):
        assert types(zh, "since the 1990s", ["number"]) == [], zh
    assert types("自20世纪90年代以来", "since the 1980s", ["number"]) == ["number"]


def test_another_bodys_name_keeps_its_own_spelling():
    zh = "经济合作与发展组织和卡特中心提供了支持。"
    assert types(zh, "The Organisation for Economic Co-operation and Development and the Carter Center provided support.",
                 ["style"]) == []
    assert types(zh, "The organisations and the center provided support.", ["style"]) == ["style", "style"]
    # a United Nations name follows UN style
    assert types("联合国开发计划署", "the United Nations Development Program", ["style"]) == ["style"]
    assert types("计算机程序", "a computer program", ["style"]) == [] and types("方案", "the program", ["style"]) == ["style"]


def test_entry_into_force_in_other_words():
    zh = "本议定书自第二十份批准书交存之日起生效。"
    assert types(zh, "This Protocol shall come into force on the date of deposit of the twentieth instrument.", ["term"]) == []
    assert types(zh, "This Protocol shall apply from the date of deposit of the twentieth instrument.", ["term"]) == ["term"]


def test_a_names_chinese_in_its_generic_sense():
    zh = "很难设想任何一个国家能够基于类似的资格向国际法院和法庭提起诉讼。"
    assert types(zh, "It is difficult to conceive of standing for any State to bring a claim before international courts and tribunals.",
                 ["term"]) == []
    assert types(zh, "It is difficult to conceive of standing for any State to bring a claim before the tribunals.", ["term"]) == ["term"]


def test_a_verb_for_a_noun_in_ce():
    zh = "接收关于亲子鉴定的申诉并就此提供咨询意见。"
    assert types(zh, "to receive and advise on paternity claims.", ["term"]) == []
    assert types(zh, "to receive and act on paternity claims.", ["term"]) == ["term"]


@pytest.mark.parametrize("zh, en", [
    ("工作组第七十届会议", "the seventieth session of the Working Party"),
    ("缔约国应采取措施。", "The Contracting States shall take measures."),
    ("东道国提供了便利。", "The host State provided facilities."),
])
def test_other_un_renderings_of_base_terms(zh, en):
    assert types(zh, en, ["term"]) == []
