"""The alignment DP on hand-made vectors: merges, deletions, insertions, empty sides, linear work."""

import numpy as np
import pytest

from align.aligner import align_segments
from align.dp import Params, Windows, align_windows, band_around, banded_dp, bead_types, full_band
from align.embed import HashEmbedder


def _basis(k: int, dim: int = 64, seed: int = 0) -> np.ndarray:
    """k nearly orthogonal unit vectors: float32 (k, dim)."""
    rng = np.random.default_rng(seed)
    v = rng.standard_normal((k, dim)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _win(vecs: np.ndarray, lens=None) -> Windows:
    lens = np.ones(len(vecs)) if lens is None else np.asarray(lens, dtype=float)
    return Windows(np.asarray(vecs, dtype=np.float32), lens)


def _align(src, tgt, src_lens=None, tgt_lens=None, **kw):
    params = Params(margin=0.0, len_ratio=1.0, **kw)
    return align_windows(_win(src, src_lens), _win(tgt, tgt_lens), params).beads


def _unit(v):
    return v / np.linalg.norm(v)


def test_bead_types():
    assert bead_types(2) == [(1, 0), (0, 1), (1, 1)]
    assert set(bead_types(3)) == {(1, 0), (0, 1), (1, 1), (1, 2), (2, 1)}


def test_one_to_one():
    b = _basis(4)
    assert _align(b, b) == [(0, 1, 0, 1), (1, 2, 1, 2), (2, 3, 2, 3), (3, 4, 3, 4)]


def test_two_target_sentences_merge_into_one_source():
    b = _basis(4)
    src = np.stack([b[0], _unit(b[1] + b[2]), b[3]])  # source 1 says what targets 1 and 2 say
    beads = _align(src, b, src_lens=[1, 2, 1])
    assert beads == [(0, 1, 0, 1), (1, 2, 1, 3), (2, 3, 3, 4)]


def test_two_source_sentences_merge_into_one_target():
    b = _basis(4)
    tgt = np.stack([b[0], _unit(b[1] + b[2]), b[3]])
    beads = _align(b, tgt, tgt_lens=[1, 2, 1])
    assert beads == [(0, 1, 0, 1), (1, 3, 1, 2), (3, 4, 2, 3)]


def test_deletion_and_insertion():
    b = _basis(6)
    src = b[[0, 1, 5, 2, 3]]  # source 2 has no translation
    beads = _align(src, b[:4])
    assert (2, 3, 2, 2) in beads
    tgt = b[[0, 1, 5, 2, 3]]  # target 2 translates nothing
    beads = _align(b[:4], tgt)
    assert (2, 2, 2, 3) in beads


def test_empty_sides():
    b = _basis(3)
    empty = np.zeros((0, 64), dtype=np.float32)
    assert _align(empty, b) == [(0, 0, 0, 1), (0, 0, 1, 2), (0, 0, 2, 3)]
    assert _align(b[:2], empty) == [(0, 1, 0, 0), (1, 2, 0, 0)]
    assert _align(empty, empty) == []


def test_banded_dp_on_a_hand_made_matrix():
    sim = np.array([[0.9, 0.1, 0.0, 0.0, 0.0],
                    [0.1, 0.8, 0.7, 0.0, 0.0],
                    [0.0, 0.0, 0.1, 0.9, 0.1],
                    [0.0, 0.0, 0.0, 0.1, 0.9]])

    def score(a, b, i, js):  # only 1-1 and 1-2 beads, the 1-2 scoring the mean of its cells
        return np.array([sim[i - 1, j - b : j].mean() * b for j in js])

    lo, hi = full_band(4, 5)
    res = banded_dp(4, 5, lo, hi, [(1, 0), (0, 1), (1, 1), (1, 2)], score, skip=-0.5)
    assert res.beads == [(0, 1, 0, 1), (1, 2, 1, 3), (2, 3, 3, 4), (3, 4, 4, 5)]
    assert res.cells > 0


def test_band_covers_the_path():
    beads = [(0, 1, 0, 2), (1, 3, 2, 3), (3, 4, 3, 4)]
    lo, hi = band_around(beads, 4, 4, 1)
    assert lo[0] == 0 and hi[-1] == 4
    for _i0, i1, _j0, j1 in beads:
        assert lo[i1] <= j1 <= hi[i1]
    assert np.all(np.diff(lo) >= 0) and np.all(np.diff(hi) >= 0)


@pytest.mark.parametrize("n", [1, 2])
def test_tiny_inputs_through_the_aligner(n):
    emb = HashEmbedder()
    beads = align_segments(["甲"] * n, ["a"], emb)
    assert sorted(i for b in beads for i in b.src) == list(range(n))
    assert [j for b in beads for j in b.tgt] == [0]
    assert all(0.0 <= b.score <= 1.0 for b in beads)
    assert align_segments([], [], emb) == []
    assert [b.tgt for b in align_segments([], ["a", "b"], emb)] == [(0,), (1,)]


def test_aligner_covers_every_segment_once_in_order():
    emb = HashEmbedder()
    src = [f"句子{i}" for i in range(37)]
    tgt = [f"sentence {i}" for i in range(41)]
    beads = align_segments(src, tgt, emb)
    assert [i for b in beads for i in b.src] == list(range(37))
    assert [j for b in beads for j in b.tgt] == list(range(41))


def test_work_grows_linearly_with_length():
    """Cells scored by the DP, not wall time: doubling the length about doubles the work."""
    rng = np.random.default_rng(1)

    def cells(n):
        base = _basis(n, dim=32, seed=2)
        tgt = base + 0.05 * rng.standard_normal(base.shape).astype(np.float32)
        params = Params(margin=0.0, len_ratio=1.0, full_cells=1024, max_align=4)
        res = align_windows(_win(base), _win(tgt / np.linalg.norm(tgt, axis=1, keepdims=True)), params)
        assert res.beads == [(i, i + 1, i, i + 1) for i in range(n)]
        return res.cells

    c1, c2, c4 = cells(400), cells(800), cells(1600)
    assert c2 / c1 < 2.3 and c4 / c2 < 2.3
    assert c4 < 1600 * 1600  # far below the full matrix times the bead types


def test_marks_decide_where_an_ambiguous_sentence_goes():
    """A target sentence about as similar to both neighbours joins the one whose ? and quotes it completes."""
    b = _basis(2)
    x = _unit(1.1 * b[0] + b[1])  # leans a little towards source 0
    src_marks = np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 2.0]])  # source 1 holds a quoted question
    tgt_marks = np.array([[0.0, 0.0, 0.0], [1.0, 0.0, 2.0], [0.0, 0.0, 0.0]])  # ... which target 1 carries

    def beads(weight):
        src = Windows(b.astype(np.float32), np.array([2.0, 2.0]), marks=src_marks)
        tgt = Windows(np.stack([b[0], x, b[1]]).astype(np.float32), np.ones(3), marks=tgt_marks)
        return align_windows(src, tgt, Params(margin=0.0, len_ratio=1.0, mark_weight=weight)).beads

    assert beads(0.0) == [(0, 1, 0, 2), (1, 2, 2, 3)]
    assert beads(0.05) == [(0, 1, 0, 1), (1, 2, 1, 3)]


def test_mark_counts():
    from align.aligner import mark_counts

    counts = mark_counts(["他问：“走吗？”", "'Shall we go?' he asked. Don't!", "It's fine."])
    assert counts.tolist() == [[1, 0, 2], [1, 1, 2], [0, 0, 0]]


def test_unrelated_member_is_not_swallowed_by_a_merge():
    """An encoder that lets a merged run look like its related member alone: the member check keeps the
    unrelated target sentence out of the bead (a 0-1) instead of merging it for a better length fit."""
    b = _basis(14)
    u = _unit(-0.5 * b[0] + b[2])  # unrelated to everything in the source, opposed to source 0
    src_vecs = np.concatenate([b[:2], b[3:]]).astype(np.float32)
    tgt_vecs = np.concatenate([b[:1], u[None], b[1:2], b[3:]]).astype(np.float32)
    pairs = np.stack([_unit(tgt_vecs[j] + tgt_vecs[j + 1]) for j in range(len(tgt_vecs) - 1)])
    pairs[0] = b[0]  # the joined text of target 0 and the unrelated one reads like target 0 alone

    def beads(weight):
        src = Windows(src_vecs, np.array([1.5] + [1.0] * 12))
        tgt = Windows(tgt_vecs, np.ones(14), exact={2: pairs.astype(np.float32)})
        return align_windows(src, tgt, Params(margin=0.0, len_ratio=1.0, member_weight=weight)).beads[:3]

    assert beads(0.0)[:2] == [(0, 1, 0, 2), (1, 2, 2, 3)]
    assert beads(0.5) == [(0, 1, 0, 1), (1, 1, 1, 2), (1, 2, 2, 3)]


def test_background_similarity_is_that_of_unrelated_segments():
    from align.dp import background_similarity

    b = _basis(41, dim=512, seed=3)
    shared = np.stack([_unit(v + 0.5 * b[40]) for v in b[:40]])  # every segment shares a bit of one topic
    bg = background_similarity(_win(shared), _win(shared), [(i, i + 1, i, i + 1) for i in range(40)])
    assert 0.1 < bg < 0.35  # about 0.25 / 1.25 = 0.2: the shared topic, not a translation


@pytest.mark.parametrize("seed", range(4))
def test_block_dp_finds_the_path_of_the_row_by_row_dp(seed):
    """The vectorised DP and the plain row-by-row statement of the model (banded_dp + make_scorer) pick the
    same beads with every evidence term on: margins, lengths, marks, members, shared tokens, quotation state,
    exact runs (all or some)."""
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 30)), int(rng.integers(1, 30))
    base = _basis(max(n, m), dim=32, seed=seed)

    def side(k, partial):
        vecs = base[:k] + 0.6 * _basis(k, dim=32, seed=seed + 100 + k)
        win = Windows((vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32),
                      rng.integers(5, 50, k).astype(float), marks=rng.integers(0, 2, (k, 3)).astype(float),
                      tokens=(rng.random((k, 4)) < 0.2).astype(float), state=(rng.random(k) < 0.3).astype(float))
        for size in (2, 3):
            if k >= size:
                runs = _basis(k - size + 1, dim=32, seed=seed + 7 * size)
                if partial:  # every other run has its own embedding, the rest use the sum of members
                    index = np.where(np.arange(k - size + 1) % 2 == 0, np.arange(k - size + 1) // 2, -1)
                    win.partial[size] = (index, runs[::2])
                else:
                    win.exact[size] = runs
        return win

    for partial in (False, True):
        src, tgt = side(n, partial), side(m, partial)
        params = Params(full_cells=int(rng.choice([64, 250_000])), width=int(rng.integers(2, 9)), token_weight=0.1,
                        state_weight=0.1)
        fast = align_windows(src, tgt, params)
        slow = align_windows(src, tgt, params, reference=True)
        assert fast.beads == slow.beads
        assert fast.total == pytest.approx(slow.total, abs=1e-4)


def test_windows_are_embedded_only_around_unsettled_beads():
    """Pass-1 path: confident 1-1 beads need no joined text; around a 1-2 bead (and a weak 1-1) the runs as
    long as that side plus one, within one bead either side, are embedded."""
    from align.aligner import windows_needed

    b = _basis(12)
    src = _win(b[:10])
    tgt_vecs = np.concatenate([b[:5], b[4:5], b[5:10]])  # target 4 and 5 both say source 4
    tgt_vecs[9] = _unit(b[8] + 2 * b[11])  # target 9 is a weak match of source 8
    tgt = _win(tgt_vecs)
    beads = [(i, i + 1, i, i + 1) for i in range(4)] + [(4, 5, 4, 6)] + [(i, i + 1, i + 1, i + 2) for i in range(5, 10)]
    src_runs, tgt_runs = windows_needed(beads, src, tgt, (3, 6), settle=0.6, reach=1, grow=1)
    assert sorted(tgt_runs) == [2, 3]
    assert tgt_runs[3].tolist() == [3, 4]  # runs of 3 inside targets 3..6 (beads 3 to 5)
    assert 0 not in tgt_runs[2] and 9 in tgt_runs[2]  # nothing at the settled start; the weak 1-1 near the end
    assert sorted(src_runs) == [2] and src_runs[2].tolist() == [3, 4, 7, 8]
    none = windows_needed([(i, i + 1, i, i + 1) for i in range(10)], src, _win(b[:10]), (3, 6))
    assert none == ({}, {})
