"""Are two aligned documents translations of each other? Judged against the documents' own chance level.

Any two texts on one subject align into pairs that look somewhat alike: the alignment picks, for each
Chinese unit, the English unit within reach that resembles it most, and documents on one subject share
their vocabulary (two different arms-control statements: median similarity 0.33-0.47; real translations
from 0.41), so no fixed similarity tells them apart. What does is the same texts paired otherwise: in a
translation a Chinese unit is far more like its own English than like the other English units of the
document, and its English far more like it than like the other Chinese units; in two unrelated texts
the matched pairs are only a little more alike than any other pairing.

For each matched bead (both sides non-empty), its *excess* is its similarity minus its chance level, the
mean similarity of its Chinese side with the English sides of other beads and of its English side with
their Chinese sides (every other bead for documents of up to ROUNDS + 1 beads; for longer ones, ROUNDS to
2 * ROUNDS others, drawn with `seed`). A Chinese unit left unmatched counts with excess 0 (no better than chance).
The statistic is the median excess over the Chinese text, weighted by each unit's weight (its characters
when `zh_weights` is given, else 1 a unit): half of the Chinese text is in pairs at least that far above
chance. Real translations (UNPC dev documents, MAC-Test) sit at 0.24 or more, unrelated pairs, also on
one subject, mostly under 0.2: see BENCHMARKS.md "Unrelated documents against their chance level" and
`python -m benchmarks.unrelated`, which chose MIN_EXCESS.

A bead's side vector is the normalised sum of its units' vectors. Below MIN_PAIRS matched beads there is
too little to judge: `judged` is False and nothing is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from core.records import Bead

MIN_PAIRS = 3  # fewer matched beads: not judged
ROUNDS = 50  # other beads each bead is compared with (all of them when there are fewer)
MIN_EXCESS = 0.22  # benchmarks.unrelated: the lowest real document of the tuning half (even index), less 0.02


@dataclass(frozen=True)
class UnrelatedEvidence:
    """What says whether two aligned documents are translations of each other.

    pairs:     matched beads (both sides non-empty)
    unmatched: Chinese units in no matched bead
    excess:    weighted median over the Chinese text of (similarity - chance level); unmatched units count 0
    similarity, chance: weighted medians of the matched beads' similarity and of their chance level
    """

    pairs: int
    unmatched: int
    excess: float
    similarity: float
    chance: float
    threshold: float = MIN_EXCESS

    @property
    def judged(self) -> bool:
        return self.pairs >= MIN_PAIRS

    @property
    def unrelated(self) -> bool:
        return self.judged and self.excess < self.threshold

    def message(self) -> str:
        if not self.judged:
            return (f"too little text to judge whether the documents are translations of each other: "
                    f"{self.pairs} matched pairs (at least {MIN_PAIRS} are needed)")
        if not self.unrelated:
            return (f"the documents look like translations of each other: half of the Chinese text is in pairs "
                    f"at least {self.excess:.2f} more alike than the same texts paired at random (translations: "
                    f"{self.threshold:.2f} or more; {self.pairs} matched pairs)")
        return (f"the matched pairs are barely more alike than the same texts paired at random: half of the "
                f"Chinese text is in pairs at most {self.excess:.2f} above that chance level (translations: "
                f"{self.threshold:.2f} or more; {self.pairs} matched pairs"
                + (f", {self.unmatched} Chinese units unmatched)" if self.unmatched else ")"))


def _sides(vecs: np.ndarray, groups: Sequence[tuple[int, ...]]) -> np.ndarray:
    """(k, d) float32: the normalised sum of each (non-empty) group's rows of `vecs` (n, d)."""
    out = vecs[[g[0] for g in groups]].astype(np.float32)  # most beads hold one unit a side
    for j, g in enumerate(groups):
        if len(g) > 1:
            out[j] = vecs[list(g)].sum(0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.where(norms > 0, norms, 1.0)


def chance_levels(a: np.ndarray, b: np.ndarray, *, seed: int = 0, rounds: int = ROUNDS) -> np.ndarray:
    """(k,) float: for each i, the mean similarity of a[i] with other rows of b and of b[i] with other rows of a.

    a, b: (k, d) unit rows, row i of a matched with row i of b. Every other row when k - 1 <= rounds; else
    the rows, in an order drawn with `seed`, are cut into blocks of rounds + 1 to 2 * rounds + 1 rows and
    each is compared with the others of its block.
    """
    k = len(a)
    if k < 2:
        return np.zeros(k)
    order = np.random.default_rng(seed).permutation(k) if k - 1 > rounds else np.arange(k)
    out = np.empty(k)
    for block in np.array_split(order, max(1, k // (rounds + 1))):
        sims = np.einsum("id,jd->ij", a[block], b[block])  # no BLAS: small blocks, no thread start-up
        diag = np.diag(sims)
        out[block] = ((sims.sum(1) - diag) + (sims.sum(0) - diag)) / (2 * (len(block) - 1))
    return out


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    if not len(values):
        return 0.0
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    if cum[-1] <= 0:
        return float(np.median(values))
    return float(values[order][np.searchsorted(cum, cum[-1] / 2)])


def judge(zh_vecs: np.ndarray, en_vecs: np.ndarray, beads: Sequence[Bead], *, seed: int = 0,
          zh_weights: Sequence[float] | None = None, threshold: float = MIN_EXCESS) -> UnrelatedEvidence:
    """Weigh whether an alignment joins translations or unrelated texts; see the module doc.

    zh_vecs: (n, d) float32 unit rows of the Chinese units; en_vecs: (m, d) the English units'.
    beads: the alignment (indexes into those rows). zh_weights: (n,) how much each Chinese unit counts
    (its characters; None: 1 each). seed: which other beads a long document's beads are compared with.
    """
    zh_vecs, en_vecs = np.asarray(zh_vecs, dtype=np.float32), np.asarray(en_vecs, dtype=np.float32)
    weights = np.ones(len(zh_vecs)) if zh_weights is None else np.asarray(zh_weights, dtype=float)
    if weights.shape != (len(zh_vecs),):
        raise ValueError(f"zh_weights: {weights.shape[0]} weights for {len(zh_vecs)} Chinese units")
    matched = [b for b in beads if b.src and b.tgt]
    in_pairs = {i for b in matched for i in b.src}
    unmatched = [i for i in range(len(zh_vecs)) if i not in in_pairs]
    if not matched:
        return UnrelatedEvidence(0, len(unmatched), 0.0, 0.0, 0.0, threshold)
    a, b = _sides(zh_vecs, [m.src for m in matched]), _sides(en_vecs, [m.tgt for m in matched])
    sims = np.einsum("ij,ij->i", a, b).astype(float)
    chance = chance_levels(a, b, seed=seed)
    w = np.array([sum(weights[i] for i in m.src) for m in matched])
    excess = np.concatenate([sims - chance, np.zeros(len(unmatched))])
    all_w = np.concatenate([w, weights[unmatched]])
    return UnrelatedEvidence(len(matched), len(unmatched), _weighted_median(excess, all_w),
                             _weighted_median(sims, w), _weighted_median(chance, w), threshold)
