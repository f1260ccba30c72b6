"""English equivalents from aligned pairs: n-gram shapes, Dice/G² scoring, evidence; real zh-en text."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from align.embed import HashEmbedder
from core.records import AlignedPair
from glossary.equivalents import candidate_ngrams, find_equivalents

MAC_TEST = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "mac-test"


def test_ngrams_are_noun_phrase_shaped():
    grams = {g for g, _ in candidate_ngrams("The Conference on Disarmament met in Geneva, 2019.")}
    assert "Conference on Disarmament" in grams and "Geneva" in grams
    assert not any(g.split()[0].lower() in ("the", "on", "in") or g.split()[-1].lower() in ("on", "in")
                   for g in grams)
    assert "2019" not in grams and "Disarmament met in Geneva" in grams  # no punctuation crossed
    assert not any("," in g for g in grams)
    assert "U.S" in {g for g, _ in candidate_ngrams("the U.S. said")}


def mini_pairs() -> list[AlignedPair]:
    rows = [
        ("裁军谈判会议今天开会。", "The Conference on Disarmament met today."),
        ("裁军谈判会议通过了议程。", "The Conference on Disarmament adopted its agenda."),
        ("各国支持裁军谈判会议。", "States support the Conference on Disarmament."),
        ("外层空间应当和平利用。", "Outer space should be used peacefully."),
        ("防止外层空间军备竞赛。", "Prevention of an arms race in outer space."),
        ("会议今天通过了报告。", "The meeting adopted the report today."),
    ]
    return [AlignedPair(id=str(i), zh=z, en=e, zh_file="mini") for i, (z, e) in enumerate(rows, 1)]


def test_mini_pairs():
    found = find_equivalents(["裁军谈判会议", "外层空间", "不在这里"], mini_pairs())
    assert found["裁军谈判会议"][0].en == "Conference on Disarmament"
    assert found["外层空间"][0].en.lower() == "outer space"
    assert "不在这里" not in found
    best = found["裁军谈判会议"][0]
    assert best.source == "pairs" and 0 < best.score <= 1
    assert [ev.pair for ev in best.evidence] == ["1", "2", "3"]
    assert "裁军谈判会议" in best.evidence[0].zh and "Conference on Disarmament" in best.evidence[0].en


class Agrees:
    """A fake embedder that finds every text alike (cosine 1)."""

    def encode(self, texts):
        return np.ones((len(texts), 4)) / 2


def test_embedder_rescoring():
    found = find_equivalents(["裁军谈判会议"], mini_pairs(), embedder=Agrees(), top=2)
    assert found["裁军谈判会议"][0].en == "Conference on Disarmament"
    assert all(0 <= e.score <= 1 for e in found["裁军谈判会议"])
    # an embedder that finds nothing alike leaves the term without pair equivalents
    assert "裁军谈判会议" not in find_equivalents(["裁军谈判会议"], mini_pairs(), embedder=HashEmbedder(dim=512))


def test_no_pairs_no_terms():
    assert find_equivalents([], mini_pairs()) == {}
    assert find_equivalents(["裁军"], []) == {}


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
MAC_EXPECTED = {
    "陈清扬": "Chen Qingyang",
    "王二": "Wang Er",
    "云南": "Yunnan",
    "上海": "Shanghai",
    "队长": "team leader",
    "医生": "doctor",
    "中国": "China",
    "警察": "policeman",
}


def test_real_aligned_text_finds_the_translators_renderings(mac_pairs):
    found = find_equivalents(list(MAC_EXPECTED), mac_pairs)
    for zh, en in MAC_EXPECTED.items():
        assert found[zh][0].en == en, (zh, [e.en for e in found[zh]])
        assert found[zh][0].evidence and all(zh in ev.zh for ev in found[zh][0].evidence)


@pytest.mark.slow
def test_real_aligned_text_with_use_m3_drops_chance_cooccurrence(mac_pairs):
    from align.embed import get_embedder

    terms = {**MAC_EXPECTED, "学校": "school", "老师": "teacher"}
    found = find_equivalents(list(terms), mac_pairs, embedder=get_embedder("use-m3"))
    for zh, en in terms.items():
        assert found[zh][0].en == en, (zh, [e.en for e in found[zh]])
    assert [e.en for e in found["云南"]] == ["Yunnan"]  # 'file', 'removed' co-occur by chance only
    assert "Chen Qingyang's" not in [e.en for e in found["陈清扬"]]
