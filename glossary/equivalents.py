"""English equivalents of Chinese terms, found in aligned pairs: the entry point `terms --pairs` calls.

    propose_equivalents(["化学武器生产设施"], pairs)
    # -> {"化学武器生产设施": [Equivalent("chemical weapons production facilities", "pairs", 0.97, [Evidence...])]}

The evidence (bracketed abbreviations, composition from known parts, word alignment, the country table) and
the scorer that weighs it live in `glossary.evidence`; this module keeps what clears the calibrated threshold.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.records import AlignedPair, Equivalent


def propose_equivalents(terms: list[str], pairs: Sequence[AlignedPair], *, threshold: float | None = None,
                        exclude_tables: bool = False) -> dict[str, list[Equivalent]]:
    """English for each term from every kind of evidence in the pairs, weighed by one scorer
    (`glossary.evidence`), keeping only proposals whose confidence reaches `threshold` (default
    evidence.PROPOSE_THRESHOLD, calibrated on half of the UNPC dev pairs: better no English than a wrong one).
    Each Equivalent carries its evidence: the pairs, the method that found it in each, the English marked."""
    from glossary import evidence

    if threshold is None:
        threshold = evidence.PROPOSE_THRESHOLD
    index = evidence.PairIndex(pairs)
    found = evidence.propose(terms, index, exclude_tables=exclude_tables)
    return {t: [evidence.to_equivalent(index, t, p) for p in props if p.confidence >= threshold]
            for t, props in found.items() if props and props[0].confidence >= threshold}
