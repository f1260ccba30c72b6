"""Plain records of the glossary stage, shared by extraction, the store, curation, exports and checks."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

STATUSES = ("candidate", "approved", "rejected", "edited")


@dataclass
class Evidence:
    """Where an English equivalent was seen: the aligned pair id and short zh/en contexts."""

    pair: str
    zh: str
    en: str
    doc: str = ""


@dataclass
class TermCandidate:
    """A Chinese term proposed by extraction, before it meets the store.

    score:     ranking score (higher is more term-like); frequency: occurrences over all documents;
    documents: the documents it occurs in; contexts: a few short zh snippets.
    """

    zh: str
    score: float
    frequency: int
    documents: list[str] = field(default_factory=list)
    category: str = ""
    abbreviation: str = ""
    contexts: list[str] = field(default_factory=list)


@dataclass
class Equivalent:
    """A proposed English rendering of a Chinese term; source is "base" (shipped glossary) or "pairs"."""

    en: str
    source: str
    score: float = 0.0
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class GlossaryEntry:
    """One row of the glossary as a person curates it (and as checks read it).

    en:       the preferred English rendering ('' when unknown)
    variants: further accepted English renderings (synonyms a check must not flag)
    avoid:    renderings marked Avoid / Superseded (a check flags them)
    status:   one of STATUSES; en_source: "base" | "pairs" | "human" | ""
    """

    zh: str
    en: str = ""
    variants: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)
    abbreviation: str = ""
    category: str = ""
    status: str = "candidate"
    en_source: str = ""
    frequency: int = 0
    documents: int = 0
    score: float = 0.0
    note: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    changed_by: str = ""
    changed_at: str = ""

    def to_dict(self) -> dict:
        return asdict(self)
