"""Plain records passed between the stages: ingest -> paragraphs -> align -> glossary -> check -> export.

Every stage takes and returns these (or lists of them, or numpy arrays); none holds a file or a CLI object.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# The language tags every interchange file carries (TMX, TBX v2 and v3, the XLSX headers, JSON): one
# Chinese tag everywhere. zh-CN is the code CAT tools list for Simplified Chinese as written in the PRC,
# which is the UN's Chinese (OmegaT, Trados and memoQ offer it; TMX 1.4b and TBX-Basic v2 date from before
# script subtags). See README "Language tags".
ZH_TAG = "zh-CN"
EN_TAG = "en"


@dataclass
class Paragraph:
    """One rebuilt paragraph of a document.

    id:    stable within the document, "p1", "p2", ... in reading order
    kind:  "title" | "heading" | "numbered" | "speaker" | "body" | "list" | "meta"
    text:  the paragraph on one line (no newline; CJK joined without spaces)
    label: the paragraph number or bullet ("1.", "(a)", "•") or the speaker ("主席", "Mr. X (Denmark)")
    lines: (first, last) 0-based line numbers of the source text it came from
    """

    id: str
    kind: str
    text: str
    label: str | None = None
    lines: tuple[int, int] | None = None

    def to_dict(self) -> dict:
        d = asdict(self)
        if self.lines is not None:
            d["lines"] = list(self.lines)
        return d


@dataclass(frozen=True)
class Bead:
    """One alignment link between two segment lists.

    src/tgt: 0-based indexes of consecutive segments on each side; one side may be empty (unmatched)
    score:   confidence in [0, 1]
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float

    @property
    def kind(self) -> str:
        return f"{len(self.src)}-{len(self.tgt)}"


@dataclass
class AlignedPair:
    """One exported translation unit: Chinese text, English text, where they came from, and how sure we are.

    id:        "1", "2", ... at paragraph level; "3.1", "3.2" for sentences inside paragraph group 3
    zh_ids/en_ids: the Paragraph ids (or "p3.s2" sentence ids) the texts came from; empty when unmatched
    confidence: in [0, 1]; 0.0 for unmatched
    status:    the reviewer's decision from a reviewed sheet: "" (none), "approved", "rejected", "edited"
    """

    id: str
    zh: str
    en: str
    zh_ids: list[str] = field(default_factory=list)
    en_ids: list[str] = field(default_factory=list)
    confidence: float = 0.0
    zh_file: str = ""
    en_file: str = ""
    status: str = ""

    @property
    def kind(self) -> str:
        return f"{len(self.zh_ids)}-{len(self.en_ids)}"

    def to_dict(self) -> dict:
        d = asdict(self)
        d["kind"] = self.kind
        if not self.status:  # only reviewed pairs carry a status
            del d["status"]
        return d


@dataclass
class Finding:
    """One QA finding of the `check` command.

    type:     stable check name: "term", "term-variant", "number", "date", "symbol", "untranslated", "empty"
    severity: "info" | "warning" | "error"
    pair:     the AlignedPair id(s) concerned
    zh_span/en_span: (start, end) character offsets of the offending text in zh / en, when known
    """

    type: str
    severity: str
    pair: list[str]
    zh: str
    en: str
    expected: str
    found: str
    message: str
    zh_span: tuple[int, int] | None = None
    en_span: tuple[int, int] | None = None

    def to_dict(self) -> dict:
        return asdict(self)


# --- the glossary stage: extraction, the store, curation, exports and checks ---


STATUSES = ("candidate", "approved", "rejected", "edited")


@dataclass
class Evidence:
    """Where an English equivalent was seen: the aligned pair id, short zh/en contexts (the term and its English
    marked ⟦…⟧) and the method that found it there (abbreviation, composition, dictionary, alignment, association)."""

    pair: str
    zh: str
    en: str
    doc: str = ""
    method: str = ""


MARK_OPEN, MARK_CLOSE = "⟦", "⟧"  # the term marked inside a context sentence


@dataclass
class Context:
    """One place a term occurs: the Chinese sentence with the term marked (⟦…⟧), its document, and the
    English sentence of the aligned pair where pairs exist ('' otherwise)."""

    zh: str
    doc: str = ""
    en: str = ""

    @property
    def plain(self) -> str:
        return self.zh.replace(MARK_OPEN, "").replace(MARK_CLOSE, "").strip("…")


@dataclass
class TermCandidate:
    """A Chinese term proposed by extraction, before it meets the store.

    score:     ranking score (higher is more term-like); frequency: occurrences over all documents;
    documents: the documents it occurs in; contexts: up to three sentences it occurs in (Context).
    frequency counts every occurrence of the exact Chinese string in the rebuilt paragraphs, also inside
    longer terms (核武器 in 无核武器区), so a search of the paragraphs finds the same number.
    """

    zh: str
    score: float
    frequency: int
    documents: list[str] = field(default_factory=list)
    category: str = ""
    abbreviation: str = ""
    contexts: list[Context] = field(default_factory=list)


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
    origin:   the file (and entry id) a term was imported from; '' for extracted terms
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
    origin: str = ""  # where the term came from when imported from a file (file name, entry id)
    contexts: list[Context] = field(default_factory=list)  # up to three sentences, the term marked
    document_names: list[str] = field(default_factory=list)  # the documents it occurs in
    en_confidence: float = 0.0  # how far the proposed English is trusted (glossary.evidence.confidence); 1 for base

    def to_dict(self) -> dict:
        return asdict(self)
