"""Precision of English equivalents derived from aligned pairs alone, scored against the base glossary.

    glossalign bench terms PAIRS [--limit 300]

PAIRS is a TSV (zh and en columns) or JSONL of aligned pairs, or a UNPC folder (one .zh and one .en file,
line i a pair). Terms are extracted from the Chinese side (`glossary.extract.extract_terms`), English is
proposed from the pairs alone (`glossary.equivalents.propose_equivalents`: the base glossary is not
consulted for English), and each proposal for a term that the base glossary also holds is scored against
the base glossary's English, its variants, short forms and abbreviation. A proposal counts as right when
it is one of those renderings (case, plural, British/American spelling and hyphenation aside).

The pairs are also split into halves (even and odd lines) so the threshold calibrated on one half can be
judged on the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from core.records import AlignedPair


def load_pairs_any(path: Path) -> list[AlignedPair]:
    """A UNPC folder, or a TSV/JSONL/XLSX/TMX pairs file (through the check command's reader)."""
    path = Path(path)
    if path.is_dir():
        from benchmarks.qa_unpc import load_unpc

        return load_unpc(path)
    from check.checks import load_pairs

    return load_pairs(path)


_SPELL = [(re.compile(r"isation"), "ization"), (re.compile(r"ise(s|d)?$"), r"ize\1"), (re.compile(r"our$"), "or"),
          (re.compile(r"tre$"), "ter"), (re.compile(r"ence$"), "ense"), (re.compile(r"^programme"), "program")]


def normalise(rendering: str) -> str:
    """Comparison key: lower case, hyphens and spaces alike, a leading article off, each word singular
    and in one spelling."""
    words = re.findall(r"[a-z0-9]+", rendering.lower().replace("’", "'"))
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    out = []
    for w in words:
        for pat, rep in _SPELL:
            w = pat.sub(rep, w)
        if len(w) > 3 and w.endswith("ies"):
            w = w[:-3] + "y"
        elif len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.append(w)
    return " ".join(out)


def accepted(entry) -> set[str]:
    return {normalise(r) for r in [entry.en, *entry.variants, entry.abbreviation] if r}


@dataclass
class TermScore:
    pairs: int
    terms: int
    with_english: int
    scored: int
    right: int
    rows: list[tuple[str, str, float, bool | None]] = field(default_factory=list)  # zh, en, confidence, right?

    @property
    def precision(self) -> float:
        return self.right / self.scored if self.scored else 0.0


def score_terms(pairs: list[AlignedPair], *, limit: int = 300, threshold: float | None = None,
                embedder=None) -> TermScore:
    from glossary.base import base_lookup
    from glossary.equivalents import propose_equivalents
    from glossary.extract import extract_terms

    documents = {"pairs": [p.zh for p in pairs if p.zh.strip()]}
    candidates = extract_terms(documents, limit=limit)
    terms = [c.zh for c in candidates]
    proposals = propose_equivalents(terms, pairs, threshold=threshold, embedder=embedder)
    base = base_lookup()
    rows = []
    scored = right = 0
    for zh in terms:
        eqs = proposals.get(zh)
        if not eqs:
            continue
        best = eqs[0]
        verdict = None
        if zh in base:
            verdict = normalise(best.en) in accepted(base[zh])
            scored += 1
            right += verdict
        rows.append((zh, best.en, best.score, verdict))
    return TermScore(len(pairs), len(terms), len(rows), scored, right, rows)
