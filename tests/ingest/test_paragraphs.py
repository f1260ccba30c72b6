"""Paragraph reconstruction: every rule on a small input, then the properties that must hold on the seeds."""

from __future__ import annotations

import re

import pytest

from core.errors import InputError
from ingest.paragraphs import load_paragraphs, paragraphs_from_text, speaker_label

CJK = "\u3400-\u4dbf\u4e00-\u9fff"


def texts(text: str, lang: str) -> list[str]:
    return [p.text for p in paragraphs_from_text(text, lang)]


# ---------------------------------------------------------------- joining


def test_chinese_lines_join_without_space():
    # the trailing space marks the paragraph end; wrapped lines have none
    text = "1. 本集团认为，空间技术确已成为我们日常生活中一个不可或缺的组成部\n\n分。信息、通信都依赖空间技术。 \n"
    assert texts(text, "zh") == [
        "1. 本集团认为，空间技术确已成为我们日常生活中一个不可或缺的组成部分。信息、通信都依赖空间技术。"
    ]


def test_blank_line_inside_a_wrapped_chinese_sentence():
    text = " 我们一直努力提供消极安全保证。除已签\n\n署和批准《特拉特洛尔科条约》以外，美国已提交议定书。 \n\n 第二段开始了。 \n"
    assert texts(text, "zh") == [
        "我们一直努力提供消极安全保证。除已签署和批准《特拉特洛尔科条约》以外，美国已提交议定书。",
        "第二段开始了。",
    ]


def test_chinese_number_at_line_end_keeps_un_spacing():
    text = "本集团欢迎大会通过了题为“防止外层空间的军备竞赛”的第 73/30\n号决议。 \n"
    assert texts(text, "zh") == ["本集团欢迎大会通过了题为“防止外层空间的军备竞赛”的第 73/30 号决议。"]


def test_english_lines_join_with_one_space_and_dehyphenate():
    text = (
        "In accordance with our schedule of activities, today's meeting will be devoted to effec-\n"
        "tive international arrangements to assure non-\n"
        "nuclear-weapon States against the use or threat of use of nuclear weapons. \n"
        "Before we start, I would like to ask whether any delegation wishes to take the floor. \n"
    )
    assert texts(text, "en") == [
        "In accordance with our schedule of activities, today's meeting will be devoted to effective "
        "international arrangements to assure non-nuclear-weapon States against the use or threat of use of "
        "nuclear weapons.",
        "Before we start, I would like to ask whether any delegation wishes to take the floor.",
    ]


def test_hyphen_kept_when_the_document_hyphenates_the_word():
    text = (
        "The Group stresses the confidence-building measures agreed last year and calls for decision-\n"
        "making that is open. Decision-making must be transparent and the conference should act at once. \n"
    )
    assert "decision-making that is open" in texts(text, "en")[0]


# ---------------------------------------------------------------- page furniture


def test_a_year_wrapped_onto_a_line_of_its_own_is_content_not_a_page_number():
    text = "The Treaty was opened for signature in \n1968\nand entered into force two years later. \n"
    assert texts(text, "en") == ["The Treaty was opened for signature in 1968 and entered into force two years later."]


def test_page_furniture_in_the_middle_of_a_sentence_is_removed_and_joined():
    text = (
        " 我们一直努力提供消极安全保证。美国已向参议院提交关于建立非洲和南太平洋无核武器区的议\n\n\n\n"
        "CD/PV.1261 \n\n10 GE.12-63627 \n\n"
        "定书，以便请参议院提出意见并同意批准相关议定书。 \n"
    )
    assert texts(text, "zh") == [
        "我们一直努力提供消极安全保证。美国已向参议院提交关于建立非洲和南太平洋无核武器区的议定书，"
        "以便请参议院提出意见并同意批准相关议定书。"
    ]


@pytest.mark.parametrize(
    "line",
    [
        "CD/PV.1261",
        "10 GE.12-63627",
        "GE.12-63627 11",
        "GE.12-63627 (E) 140812 160812",
        "*1263627*",
        "A/75/123",
        "A/75/803–S/2021/250",
        "A/75/803 S/2021/250 3/8",
        "21-03045 3/8",
        "2/8 21-03045",
        "- 12 -",
        "7",
        "https://undocs.org/ch/A/RES/59/50",
        "Please recycle",
    ],
)
def test_furniture_lines_are_dropped(line):
    text = f"The Conference met to consider the question of security assurances and \n{line}\nadopted its report. \n"
    assert texts(text, "en") == [
        "The Conference met to consider the question of security assurances and adopted its report."
    ]


def test_running_header_repeated_on_pages_is_dropped():
    page = "The Conference continued its work on the agenda item and heard statements. \n"
    text = "".join(f"Conference on Disarmament plenary {n}\n{page}" for n in range(4))
    assert texts(text, "en") == [page.strip()] * 4


def test_symbol_ending_a_sentence_is_not_furniture():
    text = "The General Assembly adopted the resolution contained in document\nA/RES/73/30.\n"
    assert "A/RES/73/30." in texts(text, "en")[0]


# ---------------------------------------------------------------- paragraph starts


def test_numbered_and_list_paragraphs_start_new_paragraphs():
    text = (
        "10. 本集团欢迎联合国大会通过了第 73/30 号决议，同时忆及该决议提出的以下意见：\n"
        "(a) 裁军谈判会议应发挥主要作用；\n"
        "(b) 裁军谈判会议应尽早设立一个工作组。\n"
        "• 选择对无核武器国家使用核武器是不可接受的。\n"
        "11. 21 国集团注意到，政府专家组已经完成工作。\n"
    )
    ps = paragraphs_from_text(text, "zh")
    assert [(p.kind, p.label) for p in ps] == [
        ("numbered", "10."),
        ("list", "(a)"),
        ("list", "(b)"),
        ("list", "•"),
        ("numbered", "11."),
    ]


def test_english_numbered_and_section_headings():
    text = "I. Introduction\n1. The present report is submitted pursuant to resolution 75/1.\n(a) The first item;\n"
    ps = paragraphs_from_text(text, "en")
    assert [(p.kind, p.label) for p in ps] == [("heading", "I."), ("numbered", "1."), ("list", "(a)")]


def test_title_and_submitter_line_are_separate():
    text = "   关于防止外层空间军备竞赛的声明 \n\n  21 国集团(G-21)提交 \n\n1. 21 国集团认为，空间技术确已成为\n日常生活的组成部分。 \n"
    ps = paragraphs_from_text(text, "zh")
    assert [(p.kind, p.text) for p in ps] == [
        ("title", "关于防止外层空间军备竞赛的声明"),
        ("meta", "21 国集团(G-21)提交"),
        ("numbered", "1. 21 国集团认为，空间技术确已成为日常生活的组成部分。"),
    ]


@pytest.mark.parametrize(
    "line, label",
    [
        ("伊利奥普洛斯先生(丹麦)：我非常荣幸代表欧洲联盟发言。", "伊利奥普洛斯先生(丹麦)"),
        ("瓦西里耶夫先生(俄罗斯联邦)(以俄语发言)：俄罗斯联邦持开放态度。", "瓦西里耶夫先生(俄罗斯联邦)"),
        ("西蒙－米歇尔先生(法国)(以法语发言)：法国完全赞同。", "西蒙－米歇尔先生(法国)"),
        ("纽尔季列乌奥夫先生(哈萨克斯坦)哈萨克斯坦作为无核武器国家。", "纽尔季列乌奥夫先生(哈萨克斯坦)"),
        ("主席：现在请菲律宾代表发言。", "主席"),
        ("Mr. Iliopoulos (Denmark): I have the honour to speak.", "Mr. Iliopoulos (Denmark)"),
        (
            "Mr. Vasiliev (Russian Federation) (spoke in Russian): The Russian Federation",
            "Mr. Vasiliev (Russian Federation)",
        ),
        (
            "Ms. Kennedy (United States of America): As stated in our Posture Review",
            "Ms. Kennedy (United States of America)",
        ),
        ("The President: I thank the representative.", "The President"),
        ("Mr. de Macedo Soares (Brazil): Thank you.", "Mr. de Macedo Soares (Brazil)"),
        ("Mr. van den IJssel (Netherlands): I thank you.", "Mr. van den IJssel (Netherlands)"),
        ("The President (spoke in French): I give the floor.", "The President"),
        ("Mr. Wu Haitao (China) (spoke in Chinese): Mr. President,", "Mr. Wu Haitao (China)"),
        ("The Acting President: I give the floor to Japan.", "The Acting President"),
    ],
)
def test_speaker_turns(line, label):
    assert speaker_label(line) == label


@pytest.mark.parametrize(
    "line",
    [
        "主席先生，中国一贯认为，核武器国家应当作出保证。",  # addressing the President is not a turn
        "身利益，同时抵制一种观点：即核武器可以被视为工具。",
        "我的名单上还有两位发言人：日本和阿尔及利亚。",
        "Mr. Smith said the following: nothing at all.",
        "President: Mr. Kari Kahiluoto (Finland)",
        "the President: as we said",
    ],
)
def test_not_speaker_turns(line):
    assert speaker_label(line) is None


def test_speaker_turn_starts_a_paragraph_even_after_a_wrapped_line():
    text = (
        " 首先，请丹麦代表以欧洲联盟的名义发言\n"
        " 伊利奥普洛斯先生(丹麦)：我非常荣幸代表欧洲联盟发言。加入国克罗地\n亚也加入了本声明。 \n"
        "主席：感谢丹麦代表的发言。 \n"
    )
    ps = paragraphs_from_text(text, "zh")
    assert [p.kind for p in ps][-2:] == ["speaker", "speaker"]
    assert ps[-2].text == "伊利奥普洛斯先生(丹麦)：我非常荣幸代表欧洲联盟发言。加入国克罗地亚也加入了本声明。"


def test_english_speaker_label_wrapped_across_two_lines_opens_a_turn():
    text = (
        "The President: I thank the representative of Denmark for his statement and give the floor to the\n"
        "representative of the Russian Federation.\n"
        "Mr. Vasiliev (Russian Federation) (spoke in\n"
        "Russian): Security assurances were a central element of the indefinite extension of the Treaty in\n"
        "1995 and remain so today.\n"
    )
    ps = paragraphs_from_text(text, "en")
    assert [(p.kind, p.label) for p in ps] == [("speaker", "The President"),
                                                ("speaker", "Mr. Vasiliev (Russian Federation)")]
    assert ps[1].text.startswith("Mr. Vasiliev (Russian Federation) (spoke in Russian): Security assurances")
    # a name in the middle of a sentence stays in it
    text = (
        "The President: I give the floor to the representative of the Russian Federation, after whom we will hear\n"
        "Mr. Vasiliev (Russian Federation) and then the representative of Kazakhstan, who asked for the floor.\n"
    )
    assert len(paragraphs_from_text(text, "en")) == 1


def test_english_turns_and_wraps_without_trailing_spaces():
    # pdfplumber-style text: no trailing spaces; a short line ends a paragraph
    long1 = "In accordance with the schedule of activities contained in document CD/WP.571/Rev.1, today's"
    text = (
        "The President: I declare open the 1261st plenary meeting of the Conference on Disarmament and\n"
        "welcome all delegations.\n"
        f"{long1}\n"
        "meeting is devoted to negative security assurances.\n"
        "Mr. Iliopoulos (Denmark): I have the honour to speak on behalf of the European Union today and\n"
        "thank you.\n"
    )
    ps = paragraphs_from_text(text, "en")
    assert [(p.kind, p.label) for p in ps] == [
        ("speaker", "The President"),
        ("body", None),
        ("speaker", "Mr. Iliopoulos (Denmark)"),
    ]
    assert ps[1].text == long1 + " meeting is devoted to negative security assurances."


def test_ids_lines_and_kinds():
    text = "Statement on outer space\n\n1. First paragraph ends here. \n2. Second one. \nThe body goes on here. \n"
    ps = paragraphs_from_text(text, "en")
    assert [p.id for p in ps] == ["p1", "p2", "p3", "p4"]
    assert [p.kind for p in ps] == ["title", "numbered", "numbered", "body"]
    assert ps[1].lines == (2, 2)
    assert ps[0].to_dict()["lines"] == [0, 0]


def test_unknown_language():
    with pytest.raises(InputError):
        paragraphs_from_text("text", "fr")


def test_only_furniture_is_an_error(tmp_path):
    f = tmp_path / "f.txt"
    f.write_text("CD/PV.1261\n\n10 GE.12-63627\n")
    with pytest.raises(InputError, match="no paragraphs"):
        load_paragraphs(f, "en")


# ---------------------------------------------------------------- the real seeds

_FURNITURE = re.compile(r"(?:GE\.)?\d{2}-\d{5}")
_LONE_SYMBOL = re.compile(r"^\s*[A-Z]{1,6}/[A-Z0-9./\-]+\s*$")
_SPEAKER_LINE = re.compile(rf"^\s*(?:主席：|[{CJK}·－]{{2,15}}(?:先生|女士)\()")


def test_seed_properties(seed_files):
    assert len(seed_files) == 5
    for f in seed_files:
        raw = f.read_text(encoding="utf-8")
        lang, ps = load_paragraphs(f)
        assert lang == "zh", f.name
        assert ps, f.name
        for p in ps:
            assert "\n" not in p.text, (f.name, p.id)
            assert not _FURNITURE.search(p.text), (f.name, p.id, p.text)
            assert not _LONE_SYMBOL.match(p.text), (f.name, p.id, p.text)
            assert p.text == p.text.strip() and p.text
        # no space between two CJK characters that the source does not have on one line
        source_pairs = set(re.findall(rf"(?=([{CJK}] [{CJK}]))", re.sub(" +", " ", raw)))
        for p in ps:
            for pair in re.findall(rf"(?=([{CJK}] [{CJK}]))", p.text):
                assert pair in source_pairs, (f.name, p.id, pair)
        # every speaker turn in the source starts a paragraph
        starts = {p.text[:12] for p in ps}
        for line in raw.splitlines():
            if _SPEAKER_LINE.match(line):
                assert line.strip()[:12] in starts, (f.name, line)
        assert [int(p.id[1:]) for p in ps] == list(range(1, len(ps) + 1))


def test_seed_000_numbered_paragraphs(seed_files):
    f = next(f for f in seed_files if f.name.startswith("000_"))
    _, ps = load_paragraphs(f)
    numbered = [p for p in ps if p.kind == "numbered"]
    assert [p.label for p in numbered] == [f"{n}." for n in range(1, 16)]
    for p in numbered:
        assert p.text.startswith(p.label + " ")
    assert ps[0].kind == "title" and ps[0].text == "关于防止外层空间军备竞赛的声明"
    assert ps[1].text == "21 国集团(G-21)提交" and ps[1].kind == "meta"
    assert numbered[0].text.endswith("而空间技术本身也正在迅速发展。")
    # (a) and (b) under paragraph 10 are their own list paragraphs
    assert [p.label for p in ps if p.kind == "list"] == ["(a)", "(b)"]


def test_seed_004_sentence_across_the_page_header(seed_files):
    f = next(f for f in seed_files if f.name.startswith("004_"))
    _, ps = load_paragraphs(f)
    hits = [p for p in ps if "建立非洲和南太平洋无核武器区的议定书，以便请参议院" in p.text]
    assert len(hits) == 1
    assert hits[0].text.startswith("我们一直努力通过利用无核武器区")
    assert "CD/PV" not in hits[0].text and "GE." not in hits[0].text
    speakers = [p.label for p in ps if p.kind == "speaker"]
    assert speakers[0] == "主席"
    assert "纽尔季列乌奥夫先生(哈萨克斯坦)" in speakers
    assert "瓦西里耶夫先生(俄罗斯联邦)" in speakers


def test_footnotes_above_the_page_footer_are_dropped_and_the_sentence_joined():
    text = (
        "1. The General Assembly invited all Member States to communicate information on the measures they\n"
        "have adopted.1 The present report contains the replies\n"
        " * A/75/150. \n"
        " 1 See A/74/114 and Official Records of the General Assembly, Seventy-fourth Session. \n\n"
        "A/75/133 \n\n2/8 20-09587 \n\n"
        "received by 30 April 2020. \n"
    )
    assert texts(text, "en") == [
        "1. The General Assembly invited all Member States to communicate information on the measures they "
        "have adopted.1 The present report contains the replies received by 30 April 2020."
    ]


def test_front_matter_of_a_report_is_meta():
    text = (
        "United Nations A/75/133 \n\nGeneral Assembly Distr.: General \n15 July 2020 \n\nOriginal: English \n\n"
        "20-09587 (E) 240720 \n*2009587* \n\nSeventy-fifth session \nItem 103 (t) of the provisional agenda* \n"
        "General and complete disarmament \n\n"
        "1. In paragraph 5 of its resolution 74/30, entitled “Observance of environmental norms in the\n"
        "drafting and implementation of agreements on disarmament and arms control”, the General\n"
        "Assembly invited all Member States to communicate to the Secretary-General information on the\n"
        "measures they have adopted to promote the objectives envisaged in the resolution. \n"
    )
    ps = paragraphs_from_text(text, "en")
    assert [p.kind for p in ps] == ["meta"] * 6 + ["title", "numbered"]


def test_english_number_wrapped_to_a_line_start_stays_in_its_sentence():
    filler = "The Conference on Disarmament continued its consideration of the agenda item in plenary and\n"
    text = (
        filler * 8
        + "the Group recalled the language agreed in the Final Document, as set out in paragraph\n"
        + "2. of that document, and called for its full implementation by all States concerned. \n"
        + "2. The Group further notes the report of the Secretary-General on the matter before it. \n"
    )
    ps = paragraphs_from_text(text, "en")
    assert len(ps) == 2
    assert "in paragraph 2. of that document" in ps[0].text
    assert ps[1].label == "2."


def test_english_dash_at_a_line_start_is_not_a_bullet():
    text = (
        "The conveners of the conference – the Russian Federation, the United Kingdom and the United States\n"
        "– need the active support of all States in the region. \n"
    )
    assert len(texts(text, "en")) == 1


def test_front_matter_line_stands_alone_after_a_long_title():
    text = (
        "   Statement on the follow-up to the 2013 high-level meeting of the General Assembly on nuclear disarmament\n\n"
        "  Submitted by the Group of 21 (G-21)\n\n"
        "1. The high-level meeting of the General Assembly on nuclear disarmament held on 26 September 2013\n\n"
        "demonstrated the strong support of the international community for nuclear disarmament measures.\n"
    )
    ps = paragraphs_from_text(text, "en")
    assert [p.kind for p in ps] == ["title", "meta", "numbered"]
    assert ps[1].text == "Submitted by the Group of 21 (G-21)"


def test_a_paragraph_number_on_a_line_of_its_own_takes_the_next_line():
    text = "1.\nThe Group reaffirms its position. \n2.\nThe Group notes the report. \n"
    ps = paragraphs_from_text(text, "en")
    assert [(p.label, p.text) for p in ps] == [
        ("1.", "1. The Group reaffirms its position."),
        ("2.", "2. The Group notes the report."),
    ]


def test_english_line_opening_in_lower_case_continues_the_paragraph():
    # every line carries a trailing space here (an extractor that keeps the space at each wrap)
    text = (
        " The European Union attaches importance to the nuclear non- \n"
        "proliferation regime and to the Treaty on the Non-Proliferation of Nuclear Weapons, \n"
        "which remains the cornerstone of the regime. \n"
        " The Union supports the early entry into force of the Comprehensive Nuclear-Test-Ban \n"
        "Treaty and calls on all States to sign it. \n"
    )
    assert texts(text, "en") == [
        "The European Union attaches importance to the nuclear non-proliferation regime and to the Treaty on "
        "the Non-Proliferation of Nuclear Weapons, which remains the cornerstone of the regime.",
        "The Union supports the early entry into force of the Comprehensive Nuclear-Test-Ban Treaty and calls "
        "on all States to sign it.",
    ]


def test_chinese_name_with_country_in_mid_sentence_is_not_a_turn():
    text = " 我们愿尽我们所能支持\n拉亚瓦先生(芬兰)的工作，并期待会议成功。 \n"
    ps = paragraphs_from_text(text, "zh")
    assert [p.text for p in ps] == ["我们愿尽我们所能支持拉亚瓦先生(芬兰)的工作，并期待会议成功。"]
