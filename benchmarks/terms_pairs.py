"""Coverage and precision of English equivalents derived from aligned pairs alone, scored against the base glossary.

    glossalign bench terms PAIRS [--limit 300] [--show]

PAIRS is a TSV (zh and en columns) or JSONL of aligned pairs, or a UNPC folder (one .zh and one .en file,
line i a pair). Terms are extracted from the Chinese side (`glossary.extract.extract_terms`), English is
proposed from the pairs alone (`glossary.evidence.propose`, the code `terms --pairs` runs, with the base
glossary's row of the term itself left out), and each proposal for a term that the base glossary also holds is scored against
the base glossary's English, its variants, short forms and abbreviation. A proposal counts as right when
it is one of those renderings (case, plural, British/American spelling and hyphenation aside).

Coverage is the share of extracted terms that get an English at all, and of those seen in two or more
pairs. The pairs are also split into halves (even and odd lines) so the threshold calibrated on one half
can be judged on the other.
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
class TermRow:
    zh: str
    pairs: int  # pairs whose Chinese holds the term
    en: str  # the best proposal above the threshold, '' for none
    confidence: float
    methods: str
    right: bool | None  # None: the base glossary does not know the term
    expected: str  # the base glossary's English, '' when it does not know the term


@dataclass
class TermScore:
    pairs: int
    rows: list[TermRow] = field(default_factory=list)

    @property
    def terms(self) -> int:
        return len(self.rows)

    @property
    def with_english(self) -> int:
        return sum(1 for r in self.rows if r.en)

    def coverage(self, min_pairs: int = 0) -> tuple[int, int]:
        """(terms with English, terms) among the terms seen in at least `min_pairs` pairs."""
        seen = [r for r in self.rows if r.pairs >= min_pairs]
        return sum(1 for r in seen if r.en), len(seen)

    @property
    def scored(self) -> int:
        return sum(1 for r in self.rows if r.right is not None)

    @property
    def right(self) -> int:
        return sum(1 for r in self.rows if r.right)

    @property
    def precision(self) -> float:
        return self.right / self.scored if self.scored else 0.0

    def beyond_base(self) -> tuple[int, int]:
        """(with English, all) among the terms the base glossary does not know."""
        rows = [r for r in self.rows if not r.expected]
        return sum(1 for r in rows if r.en), len(rows)


def score_terms(pairs: list[AlignedPair], *, limit: int = 300, threshold: float | None = None) -> TermScore:
    """Extract terms from the Chinese side and propose English exactly as `terms --pairs` does, except that the
    base glossary gives no English and its own row is left out of composition (it is the answer key)."""
    from glossary import evidence
    from glossary.base import base_lookup
    from glossary.extract import extract_terms

    documents = {"pairs": [p.zh for p in pairs if p.zh.strip()]}
    terms = [c.zh for c in extract_terms(documents, limit=limit)]
    if threshold is None:
        threshold = evidence.PROPOSE_THRESHOLD
    index = evidence.PairIndex(pairs)
    proposals = evidence.propose(terms, index, exclude_tables=True)
    base = base_lookup()
    out = TermScore(len(pairs))
    for zh in terms:
        best = next(iter(proposals.get(zh, [])), None)
        if best is not None and best.confidence < threshold:
            best = None
        entry = base.get(zh)
        right = None if entry is None or best is None else normalise(best.en) in accepted(entry)
        out.rows.append(TermRow(zh, len(index.occurrences(zh)), best.en if best else "",
                                best.confidence if best else 0.0, "+".join(best.methods) if best else "",
                                right, entry.en if entry else ""))
    return out


def report_lines(name: str, r: TermScore) -> list[str]:
    """The figures of one run: coverage beside precision, never one without the other."""
    w, n = r.coverage()
    w2, n2 = r.coverage(2)
    b, nb = r.beyond_base()
    return [f"{name}: {r.pairs} pairs, {n} terms extracted; English for {w} ({w / max(1, n):.3f}); "
            f"among the {n2} seen in 2 or more pairs: {w2} ({w2 / max(1, n2):.3f}); "
            f"{r.scored} scored against the base glossary, {r.right} right, precision {r.precision:.3f}; "
            f"beyond the base glossary: English for {b} of {nb}"]


def show_lines(r: TermScore) -> list[str]:
    """Wrong proposals, and terms seen in 2 or more pairs left without English (what the base glossary says)."""
    lines = [f"  WRONG    {x.confidence:.3f}  {x.zh}  {x.en}  [{x.methods}]  base: {x.expected}"
             for x in r.rows if x.right is False]
    lines += [f"  MISSING  {x.pairs} pairs  {x.zh}" + (f"  base: {x.expected}" if x.expected else "")
              for x in r.rows if not x.en and x.pairs >= 2]
    return lines
