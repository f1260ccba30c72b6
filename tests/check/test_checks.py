"""check.checks: each check fires on a broken pair and stays quiet on its near miss; labelled QA set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from check.checks import REGISTRY, run_checks, summarize
from core.errors import InputError
from core.records import AlignedPair, GlossaryEntry

DATA = Path(__file__).resolve().parents[1] / "data" / "qa_pairs.jsonl"

GLOSSARY = [
    GlossaryEntry(zh="裁军谈判会议", en="Conference on Disarmament", abbreviation="CD", status="approved"),
    GlossaryEntry(zh="裁军", en="disarmament", status="approved"),
    GlossaryEntry(zh="核武器国家", en="nuclear-weapon States", avoid=["nuclear weapons states"], status="approved"),
    GlossaryEntry(zh="无核武器国家", en="non-nuclear-weapon States", status="approved"),
    GlossaryEntry(zh="方案", en="programme", variants=["plan"], status="approved"),
    GlossaryEntry(zh="安理会", en="Security Council", status="rejected"),
    GlossaryEntry(zh="国际组织", en="", status="candidate"),
]


# the labelled sets are independent pairs (a clean and a broken twin share their Chinese), not one document
# the checks the hand-made sets are labelled for (the form, name, style and length checks came later and
# have their own tests in test_form_checks.py)
PAIR_SET_CHECKS = ["empty", "untranslated", "term", "number", "date", "symbol", "term-variant"]


def pair(zh, en, id="1"):
    return AlignedPair(id=id, zh=zh, en=en)


def types(zh, en, check, glossary=None):
    return [f.type for f in run_checks([pair(zh, en)], glossary if glossary is not None else GLOSSARY, [check])]


def test_registry_names_are_stable():
    assert list(REGISTRY) == ["empty", "untranslated", "term", "number", "date", "symbol", "mechanics",
                              "country-name", "outdated-name", "style", "length", "similarity", "term-collapse", "term-variant",
                              "segment-variant"]
    assert {c.severity for c in REGISTRY.values()} <= {"info", "warning", "error"}
    assert [n for n, c in REGISTRY.items() if not c.default] == ["similarity"]  # opt-in: it needs the embedder


# ---- one firing pair and one near miss per check


def test_term_missing_fires():
    fs = run_checks([pair("裁军谈判会议应当开始谈判。", "The Disarmament Commission should begin.")], GLOSSARY, ["term"])
    assert [(f.type, f.severity, f.expected) for f in fs] == [("term", "warning", "Conference on Disarmament")]
    assert fs[0].zh_span == (0, 6)


def test_term_near_miss_inflection_and_abbreviation():
    assert types("裁军谈判会议", "the Conference on Disarmament's agenda", "term") == []
    assert types("裁军谈判会议", "the CD", "term") == []
    assert types("核武器国家", "a nuclear weapon State", "term") == []  # singular, hyphen as space
    assert types("方案", "the program", "term") == []  # American spelling
    assert types("方案", "the plans", "term") == []  # variant, plural


def test_term_action_noun_rendered_as_gerund():
    g = [GlossaryEntry(zh="防止外层空间军备竞赛", en="prevention of an arms race in outer space", status="approved")]
    assert types("防止外层空间军备竞赛的重要性", "the importance of preventing an arms race in outer space", "term", g) == []
    assert types("防止外层空间军备竞赛的重要性", "the importance of an arms race in outer space", "term", g) == ["term"]


def test_term_rejected_base_entry_is_not_checked():
    base = GlossaryEntry(zh="21国集团", en="Group of 21", en_source="base", status="rejected")
    assert types("21 国集团重申", "The Group reaffirms", "term", [base]) == []
    base.status = "candidate"
    assert types("21 国集团重申", "The Group reaffirms", "term", [base]) == ["term"]


def test_term_longest_first():
    # 裁军 inside 裁军谈判会议 must not fire on its own ("disarmament" is absent)
    assert types("裁军谈判会议", "Conference on Disarmament", "term") == []
    assert types("无核武器国家", "non-nuclear-weapon States", "term") == []


def test_term_avoid_is_error():
    fs = run_checks([pair("核武器国家", "the nuclear weapons states")], GLOSSARY, ["term"])
    assert [(f.type, f.severity, f.found) for f in fs] == [("term", "error", "nuclear weapons states")]
    assert fs[0].en_span == (4, 26)


def test_term_ignores_unapproved_and_empty_entries():
    assert types("安理会和国际组织", "the Council and organizations", "term") == []


def test_term_uses_base_glossary_by_default():
    fs = run_checks([pair("21 国集团重申", "The Eastern Group reaffirms")], None, ["term"])
    assert [f.expected for f in fs] == ["Group of 21"]
    assert run_checks([pair("21 国集团重申", "The Group of 21 reaffirms")], None, ["term"]) == []
    # the UN short form once the Group is named; but not the start of another name
    assert run_checks([pair("21 国集团重申", "The Group reaffirms")], None, ["term"]) == []
    assert [f.expected for f in run_checks([pair("21 国集团重申", "The Group of 12 reaffirms")], None, ["term"])] == ["Group of 21"]


def test_term_variant_fires_across_pairs():
    entries = [GlossaryEntry(zh="不扩散核武器条约", en="Treaty on the Non-Proliferation of Nuclear Weapons",
                             variants=["Non-Proliferation Treaty"], abbreviation="NPT", status="approved")]
    pairs = [
        pair("不扩散核武器条约", "the Treaty on the Non-Proliferation of Nuclear Weapons", "1"),
        pair("不扩散核武器条约", "the Non-Proliferation Treaty", "2"),
        pair("不扩散核武器条约", "the Non-Proliferation Treaty", "3"),
        pair("不扩散核武器条约", "the NPT", "4"),
    ]
    (f,) = run_checks(pairs, entries, ["term-variant"])
    assert f.type == "term-variant" and f.severity == "info"
    assert f.pair == ["1"]  # the pair off the main rendering; the summary names them all
    assert "Non-Proliferation Treaty (2: 2, 3)" in f.found and f.expected == "Non-Proliferation Treaty"
    # near miss: consistent rendering (the abbreviation does not count as a variant)
    assert run_checks([pairs[1], pairs[2], pairs[3]], entries, ["term-variant"]) == []


def test_number_fires():
    fs = run_checks([pair("大会第七十五届会议", "seventy-sixth session")], GLOSSARY, ["number"])
    # one value of the same kind on each side, and they differ: one error naming both
    assert [(f.expected, f.found, f.severity) for f in fs] == [("75", "76", "error")]
    assert fs[0].zh_span == (2, 6)  # 第七十五


@pytest.mark.parametrize(
    "zh, en",
    [
        ("第七十五届会议", "seventy-fifth session"),
        ("21 国集团", "Group of 21"),
        ("第一委员会", "First Committee"),
        ("十八国裁军委员会", "Eighteen-Nation Committee on Disarmament"),
        ("百分之四十", "40 per cent"),
        ("三分之一", "one third"),
        ("1. 各国", "States"),  # paragraph label on one side only
        ("第 73/30 号决议", "resolution 73/30"),  # numbers of a symbol are the symbol check's
        ("2014 年 6 月 11 至 13 日", "from 11 to 13 June 2014"),  # numbers of a date are the date check's
        ("一些国家进一步", "Some States further"),
        ("首先", "First of all"),
    ],
)
def test_number_near_misses(zh, en):
    assert types(zh, en, "number") == []


def test_date_fires():
    fs = run_checks([pair("2014 年 6 月 11 至 13 日", "11 to 14 June 2014")], GLOSSARY, ["date"])
    assert [(f.type, f.expected, f.found) for f in fs] == [("date", "2014-06-11-13", "2014-06-11-14")]
    assert types("2019年3月5日的信", "the letter", "date") == ["date"]


def test_date_near_miss():
    assert types("2019年3月5日的信", "Letter dated 5 March 2019", "date") == []
    assert types("6月11日", "on 11 June 2014", "date") == []  # a year on one side only is fine


def test_symbol_fires():
    fs = run_checks([pair("第 73/30 号决议", "resolution 73/31")], GLOSSARY, ["symbol"])
    assert [(f.expected, f.found) for f in fs] == [("73/30", "73/31"), ("73/30", "73/31")]
    assert types("载于 CD/1864 号文件", "contained in the document", "symbol") == ["symbol"]


def test_symbol_near_miss():
    assert types("第 73/30 号决议", "resolution 73/30", "symbol") == []
    assert types("第 1540(2004)号决议", "resolution 1540 (2004)", "symbol") == []
    assert types("A/RES/73/30 GE.12-63627", "A/RES/73/30", "symbol") == []


def test_untranslated_fires():
    assert types("本集团尤其强调这一点。", "本集团尤其强调这一点。", "untranslated") == ["untranslated"]
    fs = run_checks([pair("消极安全保证", "The 消极安全保证 matter")], GLOSSARY, ["untranslated"])
    assert fs[0].en_span == (4, 10) and fs[0].found == "消极安全保证"


def test_untranslated_near_miss():
    assert types("A/75/802", "A/75/802", "untranslated") == []  # identical, but nothing to translate
    assert types("本集团强调", "The Group stresses", "untranslated") == []


def test_empty_fires():
    assert types("本集团强调", "", "empty") == ["empty"]
    assert types("", "The Group stresses", "empty") == ["empty"]
    assert types("本集团强调", "   ", "empty") == ["empty"]


def test_empty_near_miss():
    assert types("本集团强调", "The Group stresses", "empty") == []
    # other checks leave a one-sided pair alone
    assert run_checks([pair("第 73/30 号决议 21 国集团", "")], None, ["number", "symbol", "term", "untranslated"]) == []


def test_unknown_check_is_input_error():
    with pytest.raises(InputError, match="unknown check"):
        run_checks([pair("a", "b")], GLOSSARY, "number,spelling")


def test_summarize_counts_by_type_and_severity():
    fs = run_checks([pair("本集团", ""), pair("第 73/30 号决议", "resolution 73/31", "2")], GLOSSARY)
    s = summarize(fs)
    assert s["empty"]["warning"] == 1 and s["symbol"]["error"] == 2 and s["number"]["total"] == 0


# ---- the labelled QA set: precision and recall against the `expect` labels


def load_labelled():
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    return rows, [AlignedPair(id=r["id"], zh=r["zh"], en=r["en"]) for r in rows]


def test_qa_set_covers_every_check_and_has_clean_pairs():
    rows, _ = load_labelled()
    labelled = {t for r in rows for t in r["expect"]}
    assert labelled == set(PAIR_SET_CHECKS)
    assert sum(1 for r in rows if not r["expect"]) >= 15


def test_qa_set_precision_and_recall():
    rows, pairs = load_labelled()
    findings = run_checks(pairs, checks=PAIR_SET_CHECKS)  # base glossary
    got = {(pid, f.type) for f in findings for pid in f.pair}
    expected = {(r["id"], t) for r in rows for t in r["expect"]}
    tp = len(got & expected)
    precision, recall = tp / len(got), tp / len(expected)
    print(f"QA set: {len(pairs)} pairs, {len(expected)} labels, precision {precision:.3f}, recall {recall:.3f}")
    # measured 1.000 / 1.000 on this set; the thresholds leave room for a later, harder set
    assert precision >= 0.95, sorted(got - expected)
    assert recall >= 0.95, sorted(expected - got)
    clean = {r["id"] for r in rows if not r["expect"]}
    assert not [f for f in findings if set(f.pair) & clean], "clean pairs raised findings"


def test_second_qa_set_written_apart_from_the_checks():
    """30 pairs written after the checks were finished (first measured: precision 0.882, recall 1.000;
    the two false alarms, 二十一世纪 and 缔约国 as 'Parties', were then fixed)."""
    path = DATA.parent / "qa_pairs_heldout.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    findings = run_checks([AlignedPair(id=r["id"], zh=r["zh"], en=r["en"]) for r in rows], checks=PAIR_SET_CHECKS)
    got = {(pid, f.type) for f in findings for pid in f.pair}
    expected = {(r["id"], t) for r in rows for t in r["expect"]}
    assert got == expected


def test_century_in_chinese_numerals():
    assert types("二十一世纪的安全挑战", "Security challenges of the twenty-first century", "number") == []
    assert set(types("二十世纪的安全挑战", "Security challenges of the twenty-first century", "number")) == {"number"}


def test_segment_variant_same_source_translated_two_ways_and_same_target_from_two_sources():
    zh = "本集团重申，彻底消除核武器是唯一绝对保证。"
    pairs = [
        AlignedPair(id="1", zh=zh, en="The Group reaffirms that the total elimination of nuclear weapons is the only guarantee."),
        AlignedPair(id="2", zh=zh + " ", en="The Group reaffirms that the total elimination of nuclear weapons is the only guarantee"),
        AlignedPair(id="3", zh=zh, en="The Group recalls that eliminating nuclear weapons is the sole guarantee."),
        AlignedPair(id="4", zh="本集团重申其立场。", en="The Group reaffirms its position."),
        AlignedPair(id="5", zh="本集团重申了其一贯的立场。", en="The Group reaffirms its position."),
        AlignedPair(id="6", zh="主席", en="The President"),  # short: repeats with other senses
        AlignedPair(id="7", zh="主席", en="The Chair"),
    ]
    fs = run_checks(pairs, checks=["segment-variant"])
    assert [(f.pair, f.severity) for f in fs] == [(["1", "2", "3"], "warning"), (["4", "5"], "warning")]
    assert "2 different translations" in fs[0].message and fs[0].zh == zh
    assert run_checks(pairs[:2] + pairs[3:4], checks=["segment-variant"]) == []  # spacing and final stop ignored
