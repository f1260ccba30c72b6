"""Evidence beside the vectors: numbers and Latin words both documents hold, and quotations left open."""

import numpy as np
import pytest

from align.dp import Params, Windows, align_windows
from align.evidence import quote_state, segment_tokens, token_counts


def test_quote_state_follows_quotations_across_segments():
    zh = ["他道：“你好。", "我走了。", "再见。”", "走了。", "「是。」"]
    assert quote_state(zh).tolist() == [1, 1, 0, 0, 0]
    en = ["'Hello,' he said.", "'I'm off.", "Don't wait.", "Bye.'", "The parents' house."]
    assert quote_state(en).tolist() == [0, 1, 1, 0, 0]  # apostrophes and a stray closing mark change nothing
    assert quote_state(['"Come in," she said, "and sit.', 'Now."']).tolist() == [1, 0]


def test_tokens_are_numbers_and_latin_words_with_one_spelling():
    assert segment_tokens("２０１２年11月，A/70/L.5号决议，1,000人。", latin=True) == ["#2012", "#11", "#70", "#5", "#1000",
                                                                            "a/70/l.5"]
    assert segment_tokens("In 2012, 1.5 per cent.", latin=False) == ["#2012", "#1.5"]


def test_token_counts_keep_only_what_both_documents_hold():
    zh = ["2012年有UNIDIR的报告。", "共有3名成员。", "没有数字。"]
    en = ["In 2012 UNIDIR reported.", "It has 4 members.", "No number here."]
    s, t = token_counts(zh, en)
    assert s.shape[1] == t.shape[1] >= 1
    assert s[0].sum() == t[0].sum() == 2  # 2012 and unidir; "In", "reported" are not in the Chinese
    assert s[1].sum() == t[1].sum() == 0  # 3 and 4 are each in one document only
    en_only = token_counts(["Hello there."], ["Hello there."])  # two Latin documents: words are not evidence
    assert en_only[0].shape[1] == 0


def _unit(v):
    return (v / np.linalg.norm(v)).astype(np.float32)


def _ambiguous(tokens_src=None, tokens_tgt=None, state_src=None, state_tgt=None):
    """Two source segments and three target ones whose middle one says half of each source: which source it
    joins is a tie for the vectors and the lengths."""
    rng = np.random.default_rng(0)
    b = rng.standard_normal((2, 32))
    b = np.stack([_unit(v) for v in b])
    src = Windows(b, np.full(2, 3.0), tokens=tokens_src, state=state_src)
    tgt = Windows(np.stack([b[0], _unit(b[0] + b[1]), b[1]]), np.full(3, 2.0), tokens=tokens_tgt, state=state_tgt)
    return src, tgt


@pytest.mark.parametrize("middle_with", [0, 1])
def test_a_quotation_left_open_decides_where_a_short_sentence_goes(middle_with):
    tgt_state = np.array([1.0, 0.0, 0.0]) if middle_with == 1 else np.array([0.0, 1.0, 0.0])
    src, tgt = _ambiguous(state_src=np.array([1.0, 0.0]), state_tgt=tgt_state)
    beads = align_windows(src, tgt, Params(margin=0.0, len_ratio=1.0, skip=-0.3, token_weight=0, state_weight=0.05)).beads
    expect = [(0, 1, 0, 2), (1, 2, 2, 3)] if middle_with == 0 else [(0, 1, 0, 1), (1, 2, 1, 3)]
    assert beads == expect


@pytest.mark.parametrize("middle_with", [0, 1])
def test_a_shared_number_decides_where_a_short_sentence_goes(middle_with):
    tokens_src = np.eye(2)  # source i holds number i
    tokens_tgt = np.zeros((3, 2))
    tokens_tgt[1, middle_with] = 1  # the middle target holds one of them
    src, tgt = _ambiguous(tokens_src=tokens_src, tokens_tgt=tokens_tgt)
    beads = align_windows(src, tgt, Params(margin=0.0, len_ratio=1.0, skip=-0.3, token_weight=0.05, state_weight=0)).beads
    expect = [(0, 1, 0, 2), (1, 2, 2, 3)] if middle_with == 0 else [(0, 1, 0, 1), (1, 2, 1, 3)]
    assert beads == expect


def test_learned_names_link_a_translated_name_and_leave_common_words():
    from align.evidence import learned_names

    zh = ["小红走进屋里。", "他笑了。", "小红坐下了。", "天黑了。", "小红说：“好。”", "Then, 他走了。"]
    en = ["Crimson came into the room.", "He laughed.", "Crimson sat down.", "It got dark.", "'Good,' said Crimson.",
          "Then he left."]
    beads = [(i, i + 1, i, i + 1) for i in range(6)]
    s, t = learned_names(zh, en, beads)
    assert s.shape[1] == t.shape[1] == 1  # Crimson / 小红 only: He and Then are also written in lower case
    assert s[:, 0].tolist() == t[:, 0].tolist() == [1, 0, 1, 0, 1, 0]
    once = learned_names(zh, en, beads, min_pairs=4)  # three beads together are too few for min_pairs=4
    assert once[0].shape[1] == 0


def test_pass_one_names_join_the_tokens_at_their_own_weight_in_either_direction():
    from align.aligner import _add_names

    zh = ["小红走进屋里。", "他笑了。", "小红坐下了。", "小红说：“好。”"]
    en = ["Crimson came into the room.", "He laughed.", "Crimson sat down.", "'Good,' said Crimson."]
    beads = [(i, i + 1, i, i + 1) for i in range(4)]
    zw, ew = Windows(np.zeros((4, 2), np.float32), np.ones(4)), Windows(np.zeros((4, 2), np.float32), np.ones(4))
    _add_names(zw, ew, zh, en, "zh", "en", beads, scale=0.8)
    assert zw.token_counts(4, np.array([0]))[0] == pytest.approx([2.4])  # three mentions at 0.8
    assert ew.token_counts(4, np.array([0]))[0] == pytest.approx([2.4])
    ew2, zw2 = Windows(np.zeros((4, 2), np.float32), np.ones(4)), Windows(np.zeros((4, 2), np.float32), np.ones(4))
    _add_names(ew2, zw2, en, zh, "en", "zh", beads, scale=1.0)  # English as the source side
    assert ew2.tokens[:, 0].tolist() == zw2.tokens[:, 0].tolist() == [1, 0, 1, 1]
    same = Windows(np.zeros((4, 2), np.float32), np.ones(4))
    _add_names(same, Windows(np.zeros((4, 2), np.float32), np.ones(4)), en, en, "en", "fr", beads, scale=1.0)
    assert same.tokens is None  # two Latin-script sides: no names to learn
