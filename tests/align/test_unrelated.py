"""The unrelated-documents test: an alignment's matched similarities against the same texts paired at random."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from align.unrelated import MIN_EXCESS, MIN_PAIRS, ROUNDS, chance_levels, judge
from core.records import Bead

DIM = 64


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def _translation(n: int, seed: int = 1, noise: float = 0.5, topic: float = 1.0):
    """n Chinese unit vectors on one subject and English vectors near each one's own."""
    rng = np.random.default_rng(seed)
    common = rng.normal(size=DIM)
    own = rng.normal(size=(n, DIM))
    zh = _unit(topic * common + own + noise * rng.normal(size=(n, DIM)))
    en = _unit(topic * common + own + noise * rng.normal(size=(n, DIM)))
    return zh, en


def _one_to_one(n: int, score: float = 0.5) -> list[Bead]:
    return [Bead((i,), (i,), score) for i in range(n)]


def test_a_translation_passes():
    zh, en = _translation(8)
    ev = judge(zh, en, _one_to_one(8))
    assert ev.judged and not ev.unrelated
    assert ev.excess > MIN_EXCESS + 0.2 and ev.similarity > ev.chance
    assert "look like translations" in ev.message()


def test_the_same_texts_paired_wrongly_are_refused():
    """The matched vectors are each other's translation's neighbours only by chance: a cyclic shift."""
    zh, en = _translation(8)
    ev = judge(zh, np.roll(en, 3, axis=0), _one_to_one(8))
    assert ev.judged and ev.unrelated
    assert "barely more alike" in ev.message() and f"{MIN_EXCESS:.2f}" in ev.message()


def test_one_subject_without_translation_is_refused_however_alike():
    """Two texts on one subject: every pair is alike (high similarity) and none more than the others."""
    rng = np.random.default_rng(3)
    common = rng.normal(size=DIM)
    zh = _unit(3 * common + rng.normal(size=(6, DIM)))
    en = _unit(3 * common + rng.normal(size=(6, DIM)))
    ev = judge(zh, en, _one_to_one(6))
    assert ev.similarity > 0.6  # a fixed similarity gate would let this through
    assert ev.unrelated and abs(ev.excess) < 0.1


def test_too_little_material_is_not_judged():
    zh, en = _translation(MIN_PAIRS - 1)
    for vecs in (en, en[::-1].copy()):
        ev = judge(zh, vecs, _one_to_one(MIN_PAIRS - 1))
        assert not ev.judged and not ev.unrelated
        assert "too little text" in ev.message()
    ev = judge(zh[:0], en[:0], [])
    assert not ev.judged and ev.pairs == 0


def test_unmatched_chinese_text_counts_as_no_evidence():
    """Only the boilerplate matched, the rest of the Chinese left unmatched: not a translation."""
    zh, en = _translation(10)
    beads = _one_to_one(3) + [Bead((i,), (), 0.0) for i in range(3, 10)] + [Bead((), (j,), 0.0) for j in range(3, 10)]
    ev = judge(zh, en, beads)
    assert ev.judged and ev.unmatched == 7 and ev.unrelated and ev.excess == 0.0
    assert "7 Chinese units unmatched" in ev.message()


def test_short_boilerplate_lines_weigh_less_than_the_text():
    """Four short lines that translate each other (title, symbol, "submitted by", a date) and three long
    paragraphs that do not: counted by units the boilerplate carries the median; by characters the
    paragraphs do."""
    zh, en = _translation(7)
    en = np.concatenate([en[:4], np.roll(en[4:], 1, axis=0)])  # the paragraphs paired with another's English
    beads = _one_to_one(7)
    by_units = judge(zh, en, beads)
    by_chars = judge(zh, en, beads, zh_weights=[10, 8, 12, 6, 300, 280, 320])
    assert not by_units.unrelated
    assert by_chars.unrelated and by_chars.excess < by_units.excess
    with pytest.raises(ValueError, match="6 weights for 7"):
        judge(zh, en, beads, zh_weights=[10] * 6)


def test_many_to_one_beads_use_the_normalised_sum_of_their_units():
    zh, en = _translation(9)
    en2 = _unit(np.concatenate([en[:4], en[4:5] + en[5:6], en[6:]]))  # one English unit for Chinese 4 and 5
    beads = [Bead((i,), (i,), 0.5) for i in range(4)] + [Bead((4, 5), (4,), 0.5)] + [
        Bead((i,), (i - 1,), 0.5) for i in range(6, 9)]
    ev = judge(zh, en2, beads)
    assert ev.pairs == 8 and ev.judged and not ev.unrelated


def test_chance_levels_are_exact_for_short_documents_and_sampled_with_the_seed_for_long_ones():
    zh, en = _translation(7)
    s = zh @ en.T
    exact = ((s.sum(1) - np.diag(s)) + (s.sum(0) - np.diag(s))) / (2 * 6)
    assert np.allclose(chance_levels(zh, en, seed=5), exact, atol=1e-5)
    zh, en = _translation(ROUNDS * 4, seed=2)
    s = zh @ en.T
    exact = ((s.sum(1) - np.diag(s)) + (s.sum(0) - np.diag(s))) / (2 * (len(zh) - 1))
    one, again, other = (chance_levels(zh, en, seed=k) for k in (0, 0, 1))
    assert np.array_equal(one, again) and not np.array_equal(one, other)
    assert abs(one.mean() - exact.mean()) < 0.02 and np.abs(one - exact).max() < 0.2
    assert judge(zh, en, _one_to_one(len(zh)), seed=0) == judge(zh, en, _one_to_one(len(zh)), seed=0)


BATCH = Path(__file__).resolve().parents[1] / "data" / "batch"


@pytest.mark.slow
def test_real_statements_with_use_m3():
    """The G-21 outer-space statement: its Chinese with its English passes; with the English of the statement
    on negative security assurances (same group, same subject, shared title and "submitted by" lines) it does
    not, nor the other way round."""
    from align.aligner import align_segments
    from align.embed import get_embedder
    from ingest.paragraphs import paragraphs_from_text

    emb = get_embedder("use-m3")

    def units(name: str, lang: str) -> list[str]:
        return [p.text for p in paragraphs_from_text((BATCH / lang / name).read_text(encoding="utf-8"), lang)]

    def weigh(zh: list[str], en: list[str]):
        beads = align_segments(zh, en, emb)
        return judge(emb.encode(zh), emb.encode(en), beads, zh_weights=[len(z) for z in zh])

    space_zh, space_en = units("space_statement_zh.txt", "zh"), units("G21-space-E.txt", "en")
    nsa_zh, nsa_en = units("nsa.ch.txt", "zh"), units("negative_assurances_en.txt", "en")
    for zh, en in ((space_zh, space_en), (nsa_zh, nsa_en)):
        ev = weigh(zh, en)
        assert ev.judged and not ev.unrelated, ev.message()
    for zh, en in ((space_zh, nsa_en), (nsa_zh, space_en)):
        ev = weigh(zh, en)
        assert ev.judged and ev.unrelated, ev.message()
