"""Two-level alignment of a Chinese document with its English translation.

`align_documents` aligns the paragraphs of the two documents, then (level="sentence") the sentences inside
each aligned paragraph group. `align_files` reads the two files, checks that they are a plausible zh/en
pair (not empty, not the same language, not swapped, lengths in the usual zh:en proportion) and aligns them.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from align.aligner import align_segments
from align.embed import DEFAULT_MODEL, get_embedder
from core import fsutil
from core.errors import GlossalignError, InputError
from core.records import AlignedPair, Bead, Paragraph
from ingest.paragraphs import Rebuilt, ends_clause

LEVELS = ("paragraph", "sentence")

# English characters per Chinese character (spaces ignored) in UN documents: about 2.5-4 (a Chinese
# character carries about a short English word). Outside WARN_RATIO the files probably do not match
# (an extract, a summary, a different document): warn and flag. Outside ERROR_RATIO they certainly do not.
WARN_RATIO = (1.2, 8.0)
ERROR_RATIO = (0.3, 40.0)


class Alignment(list):
    """A list of AlignedPair with what the run noticed: `warnings` (the files may not match), `level`."""

    def __init__(
        self,
        pairs: Sequence[AlignedPair] = (),
        *,
        level: str = "paragraph",
        warnings: list[str] | None = None,
    ):
        super().__init__(pairs)
        self.level = level
        self.warnings = list(warnings or [])
        self.layouts: dict[str, dict] = {}  # {"zh": {"layout", "reason", "paragraphs"}, "en": {...}}

    @property
    def flagged(self) -> bool:
        return bool(self.warnings)


def _split_sentences(text: str, lang: str) -> list[str]:
    from ingest.sentences import split_sentences

    return [s for s in split_sentences(text, lang) if s.strip()] or [text]


def _join(texts: Sequence[str], lang: str) -> str:
    return ("" if lang == "zh" else " ").join(t.strip() for t in texts if t.strip())


def _pair(
    pid: str, bead: Bead, zh: Sequence[str], en: Sequence[str], zh_ids, en_ids, zh_file, en_file
) -> AlignedPair:
    return AlignedPair(
        id=pid,
        zh=_join([zh[i] for i in bead.src], "zh"),
        en=_join([en[i] for i in bead.tgt], "en"),
        zh_ids=[zh_ids[i] for i in bead.src],
        en_ids=[en_ids[i] for i in bead.tgt],
        confidence=float(bead.score) if bead.src and bead.tgt else 0.0,
        zh_file=zh_file,
        en_file=en_file,
    )


def align_documents(
    zh_pars: list[Paragraph],
    en_pars: list[Paragraph],
    embedder,
    *,
    level: str = "paragraph",
    zh_file: str = "",
    en_file: str = "",
) -> list[AlignedPair]:
    """Align two documents' paragraphs; with level="sentence", also the sentences inside each paragraph group.

    Paragraph level: pair ids "1", "2", ... with the Paragraph ids. Sentence level: pair ids "3.1", "3.2"
    for the sentence beads inside paragraph group 3, with sentence ids "p3.s2" (paragraph p3, sentence 2).
    Unmatched paragraphs give unmatched pairs (one side empty, confidence 0.0).
    """
    if level not in LEVELS:
        raise InputError(f"unknown level {level!r}: use paragraph or sentence")
    zh_text = [p.text for p in zh_pars]
    en_text = [p.text for p in en_pars]
    beads = align_segments(zh_text, en_text, embedder, src_lang="zh", tgt_lang="en")
    zh_pids = [p.id for p in zh_pars]
    en_pids = [p.id for p in en_pars]
    if level == "paragraph":
        return [
            _pair(str(k), b, zh_text, en_text, zh_pids, en_pids, zh_file, en_file)
            for k, b in enumerate(beads, 1)
        ]

    def sentences(pars: list[Paragraph], idx: tuple[int, ...], lang: str) -> tuple[list[str], list[str]]:
        texts, ids = [], []
        for i in idx:
            for j, s in enumerate(_split_sentences(pars[i].text, lang), 1):
                texts.append(s)
                ids.append(f"{pars[i].id}.s{j}")
        return texts, ids

    groups = [
        (k, b, sentences(zh_pars, b.src, "zh"), sentences(en_pars, b.tgt, "en"))
        for k, b in enumerate(beads, 1)
    ]
    prime = getattr(embedder, "prime", None)
    if prime is not None:  # every sentence encoded in large batches, then each group's ask is a cache read
        prime([s for _, _, (zs, _), (es, _) in groups for s in zs + es])
    pairs: list[AlignedPair] = []
    for k, bead, (zs, zids), (es, eids) in fsutil.progress(groups, "aligning sentences", total=len(groups)):
        if len(zs) == len(bead.src) and len(es) == len(bead.tgt):
            # every paragraph of the group is one sentence (one-sentence lines): the paragraph pair is the
            # sentence pair, as at paragraph level
            sub = [Bead(tuple(range(len(zs))), tuple(range(len(es))), bead.score)]
        elif zs and es:
            sub = align_segments(zs, es, embedder, src_lang="zh", tgt_lang="en")
        else:  # an unmatched paragraph: each of its sentences is unmatched
            sub = [Bead((i,), (), 0.0) for i in range(len(zs))] + [
                Bead((), (i,), 0.0) for i in range(len(es))
            ]
        pairs.extend(_pair(f"{k}.{n}", b, zs, es, zids, eids, zh_file, en_file) for n, b in enumerate(sub, 1))
    return pairs


# ---------------------------------------------------------------- files and sanity checks

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _chars(texts: Sequence[str]) -> int:
    return sum(len(re.sub(r"\s+", "", t)) for t in texts)


def _stderr(message: str) -> None:
    print(f"glossalign: warning: {message}", file=sys.stderr)


def check_languages(zh_path: Path, zh_lang: str, en_path: Path, en_lang: str) -> None:
    """InputError when the ZH file is not Chinese or the EN file not English (swapped or same language)."""
    if zh_lang == "en" and en_lang == "zh":
        raise InputError(
            f"ZH file {zh_path} looks like English and EN file {en_path} like Chinese; swap the arguments?"
        )
    if zh_lang == en_lang:
        which = "English" if zh_lang == "en" else "Chinese"
        if zh_lang == "en":
            raise InputError(
                f"ZH file {zh_path} looks like English (both files are {which}); give the Chinese document first"
            )
        raise InputError(
            f"EN file {en_path} looks like Chinese (both files are {which}); give the English translation second"
        )
    if zh_lang != "zh":
        raise InputError(f"ZH file {zh_path} looks like {zh_lang}, not Chinese")
    if en_lang != "en":
        raise InputError(f"EN file {en_path} looks like {en_lang}, not English")


def check_lengths(
    zh_path: Path, zh_texts: Sequence[str], en_path: Path, en_texts: Sequence[str]
) -> list[str]:
    """Warnings (or an InputError when absurd) for sides whose lengths are far from the zh:en norm."""
    zh_n, en_n = _chars(zh_texts), _chars(en_texts)
    if zh_n == 0:
        raise InputError(f"ZH file {zh_path}: no text to align")
    if en_n == 0:
        raise InputError(f"EN file {en_path}: no text to align")
    ratio = en_n / zh_n
    detail = f"{zh_n} Chinese characters vs {en_n} English characters (ratio {ratio:.2f}; usual {WARN_RATIO[0]}-{WARN_RATIO[1]})"
    if not ERROR_RATIO[0] <= ratio <= ERROR_RATIO[1]:
        longer = "ZH" if ratio < 1 else "EN"
        raise InputError(
            f"the files cannot be translations of each other: {detail}; the {longer} file is far longer"
        )
    if not WARN_RATIO[0] <= ratio <= WARN_RATIO[1]:
        longer = f"ZH file {zh_path}" if ratio < WARN_RATIO[0] else f"EN file {en_path}"
        return [
            f"{longer} is much longer than the other: {detail}; the files may not be the same document, many pairs will be unmatched"
        ]
    return []


# The alignment itself says when a side was rebuilt wrongly (paragraphs merged or cut where the other side's
# are not): much of a side's text left unmatched, or many matched pairs whose lengths are far from the
# document's own English:Chinese proportion. Unit counts alone do not: a one-sentence-a-line translation has
# many 1-2 pairs and counts far apart, and is right. Shares are of characters, so a short heading left
# unmatched weighs little. Measured on MAC-Test (24 one-sentence-a-line literary texts) and the UN test
# documents: the largest unmatched share of a correct text was SHAPE_UNMATCHED / 3 (BENCHMARKS.md).
SHAPE_UNMATCHED = 0.25  # share of a side's characters in unmatched units
SHAPE_RATIO = 2.0  # a matched pair "far from the proportion": its length ratio off the median by 2x or more
SHAPE_OFF = 0.3  # share of the matched Chinese characters in such pairs
SHAPE_MIN_CHARS = 200  # Chinese characters below which a document's shape is not judged
SHAPE_CUT = 0.3  # share of a side's characters in units cut in mid-sentence and paired with the next unit


def _cut_share(pairs: Sequence[AlignedPair], length: dict[str, int], side: str, text: dict[str, str]) -> float:
    """Share of a side's characters in units that stop in mid-sentence (no sentence or clause mark at the end)
    and sit in one pair with the unit after them: the pieces of a paragraph that was read line by line."""
    total = sum(length.values()) or 1
    cut = 0
    for p in pairs:
        ids = getattr(p, side)
        for i in ids[:-1]:
            if not ends_clause(text[i]):
                cut += length[i]
    return cut / total


def check_alignment_shape(pairs: Sequence[AlignedPair], zh_pars: Sequence[Paragraph], en_pars: Sequence[Paragraph],
                          zh_layout: str, en_layout: str, asked: str) -> list[str]:
    """A warning when the aligned pairs show a side's paragraphs were probably rebuilt wrongly: much of a side
    unmatched, or many pairs far from the document's length proportion. Names the layouts read and the
    `--layout` option to try."""
    zh_len = {p.id: _chars([p.text]) for p in zh_pars}
    en_len = {p.id: _chars([p.text]) for p in en_pars}
    zh_total, en_total = sum(zh_len.values()), sum(en_len.values())
    if zh_total < SHAPE_MIN_CHARS or not en_total:
        return []
    zh_unmatched = sum(zh_len[i] for p in pairs if not p.en_ids for i in p.zh_ids) / zh_total
    en_unmatched = sum(en_len[i] for p in pairs if not p.zh_ids for i in p.en_ids) / en_total
    matched = [(sum(zh_len[i] for i in p.zh_ids), sum(en_len[i] for i in p.en_ids))
               for p in pairs if p.zh_ids and p.en_ids]
    off = 0.0
    if matched:
        logs = np.log([max(1, e) / max(1, z) for z, e in matched])
        far = np.abs(logs - np.median(logs)) >= np.log(SHAPE_RATIO)
        weights = np.array([z for z, _ in matched], dtype=float)
        off = float(weights[far].sum() / weights.sum())
    cut = max(_cut_share(pairs, zh_len, "zh_ids", {p.id: p.text for p in zh_pars}),
              _cut_share(pairs, en_len, "en_ids", {p.id: p.text for p in en_pars}))
    found = []
    if cut > SHAPE_CUT:
        found.append(f"{cut:.0%} of a side's text is in paragraphs that stop in mid-sentence and are paired "
                     "together with the next one (lines of wrapped text?)")
    if zh_unmatched > SHAPE_UNMATCHED:
        found.append(f"{zh_unmatched:.0%} of the Chinese text is unmatched")
    if en_unmatched > SHAPE_UNMATCHED:
        found.append(f"{en_unmatched:.0%} of the English text is unmatched")
    if off > SHAPE_OFF:
        found.append(f"{off:.0%} of the matched text is in pairs whose lengths are {SHAPE_RATIO:g}x off the "
                     "document's proportion")
    if not found:
        return []
    if asked == "auto":
        other = {"lines": "wrapped", "wrapped": "lines"}
        tried = f"read as zh {zh_layout}, en {en_layout}"
        hint = " or ".join(dict.fromkeys(f"--layout {other[x]}" for x in (zh_layout, en_layout) if x in other))
        advice = f"try {hint} (--layout lines: one paragraph a line)" if hint else "check the files"
    else:
        tried = f"read with --layout {asked}"
        advice = "try --layout auto" + (" or --layout wrapped" if asked == "lines" else " or --layout lines")
    return [f"{'; '.join(found)} ({len(zh_pars)} Chinese and {len(en_pars)} English paragraphs, {tried}): a side's "
            f"paragraphs are probably rebuilt wrongly, or the files are not the same document; {advice}"]


Document = Rebuilt  # a document read once (ingest.paragraphs.load_document): paragraphs, layout, lang, path


def read_pair(zh: str | Path | Document, en: str | Path | Document, layout: str = "auto") -> tuple[Document, Document]:
    """The two documents, each read once with `load_document` (a Document given is taken as it is), checked
    to be Chinese and English."""
    from ingest.paragraphs import LAYOUTS, load_document

    if layout not in LAYOUTS:
        raise InputError(f"unknown layout {layout!r}: use auto, wrapped or lines")
    docs = []
    for given in (zh, en):
        if isinstance(given, Rebuilt):
            docs.append(given)
        else:
            docs.append(load_document(Path(given), lang="auto", layout=layout)[1])
    zh_doc, en_doc = docs
    check_languages(Path(zh_doc.path), zh_doc.lang, Path(en_doc.path), en_doc.lang)
    return zh_doc, en_doc


def align_files(
    zh_path: str | Path | Document,
    en_path: str | Path | Document,
    *,
    model: str = DEFAULT_MODEL,
    level: str = "paragraph",
    layout: str = "auto",
    segmented: bool = False,
    embedder=None,
    warn: Callable[[str], None] | None = _stderr,
    force: bool = False,
) -> Alignment:
    """Read, check and align a Chinese document and its English translation: the one path of `align`, `run`,
    `check ZH EN` and the alignment benches.

    zh_path, en_path: files (.txt/.docx/.pdf, read with `ingest.paragraphs.load_document`, the reading of the
    `paragraphs` command), or Documents already read that way (`run` reads each document once and hands it
    over, so the pairs name the ids of its paragraph files).
    layout: "auto" recognises each document's layout; "wrapped" rebuilds paragraphs from wrapped lines;
    "lines" takes every non-empty line as one paragraph (ids "p<k>", the k-th non-empty line, which the `align`
    export turns into 0-based indexes). segmented=True is layout="lines". With level="sentence", each
    paragraph (or line) is split into sentences.
    embedder: default `get_embedder(model)`, the process's one embedder for that model.
    Returns an Alignment (a list of AlignedPair) whose `warnings` say when the files look mismatched and
    whose `layouts` name the layout read on each side and the lines dropped as page furniture; each warning
    is also passed to `warn` (default: printed on stderr). Raises InputError for bad input, and MismatchError
    (exit 1) when the aligned pairs show the documents are not translations of each other; with `force` that
    is a warning instead.
    """
    if level not in LEVELS:
        raise InputError(f"unknown level {level!r}: use paragraph or sentence")
    if segmented:
        layout = "lines"
    if embedder is None:
        embedder = get_embedder(model)  # an unknown model name fails here, before any file is read
    zh_doc, en_doc = read_pair(zh_path, en_path, layout)
    zh_path, en_path = Path(zh_doc.path), Path(en_doc.path)
    zh_pars = [p for p in zh_doc.paragraphs if p.text.strip()]
    en_pars = [p for p in en_doc.paragraphs if p.text.strip()]
    if not zh_pars:
        raise InputError(f"ZH file {zh_path}: no text to align")
    if not en_pars:
        raise InputError(f"EN file {en_path}: no text to align")
    warnings = check_lengths(zh_path, [p.text for p in zh_pars], en_path, [p.text for p in en_pars])
    pairs = align_documents(
        zh_pars, en_pars, embedder, level=level, zh_file=zh_path.name, en_file=en_path.name
    )
    by_paragraph = pairs if level == "paragraph" else _paragraph_pairs(pairs)
    if getattr(embedder, "meaningful", True):
        warnings += check_alignment_shape(by_paragraph, zh_pars, en_pars, zh_doc.layout, en_doc.layout, layout)
    evidence = mismatch_evidence(by_paragraph, zh_pars, en_pars, embedder)
    if evidence.unrelated:
        if not force:
            raise MismatchError(evidence, zh_path, en_path)
        warnings.append("the documents do not look like translations of each other: " + evidence.message()
                        + " (aligned anyway: --force)")
    if warn is not None:
        for message in warnings:
            warn(message)
    result = Alignment(pairs, level=level, warnings=warnings)
    result.evidence = evidence
    result.layouts = {
        side: {"layout": doc.layout, "reason": doc.reason, "paragraphs": len(pars), "dropped": list(doc.dropped)}
        for side, doc, pars in (("zh", zh_doc, zh_pars), ("en", en_doc, en_pars))
    }
    return result


def _paragraph_pairs(pairs: Sequence[AlignedPair]) -> list[AlignedPair]:
    """Sentence pairs ("3.1", "3.2" with ids "p3.s1") folded back into their paragraph groups (pair "3")."""
    groups: dict[str, AlignedPair] = {}
    for p in pairs:
        key = p.id.split(".")[0]
        g = groups.setdefault(key, AlignedPair(id=key, zh="", en="", zh_ids=[], en_ids=[], confidence=0.0))
        for side, ids in (("zh_ids", p.zh_ids), ("en_ids", p.en_ids)):
            for i in ids:
                par = i.rsplit(".s", 1)[0]
                if par not in getattr(g, side):
                    getattr(g, side).append(par)
    return list(groups.values())


def summary(pairs: Sequence[AlignedPair], threshold: float = 0.5) -> dict:
    """Counts for the user: pairs, 1-1, 1-n, n-1, n-m, unmatched, below the confidence threshold."""
    counts = {"pairs": len(pairs), "1-1": 0, "1-n": 0, "n-1": 0, "n-m": 0, "unmatched": 0, "low": 0}
    for p in pairs:
        a, b = len(p.zh_ids), len(p.en_ids)
        if a == 0 or b == 0:
            counts["unmatched"] += 1
        elif a == 1 and b == 1:
            counts["1-1"] += 1
        elif a == 1:
            counts["1-n"] += 1
        elif b == 1:
            counts["n-1"] += 1
        else:
            counts["n-m"] += 1
        if a and b and p.confidence < threshold:
            counts["low"] += 1
    return counts


# ------------------------------------------------------------------ unrelated documents


class MismatchError(GlossalignError):
    """Two documents that are not translations of each other (exit 1; `force` aligns them anyway)."""

    def __init__(self, evidence, zh_path, en_path):
        self.evidence = evidence
        super().__init__(f"{zh_path} and {en_path} do not look like translations of each other: "
                         f"{evidence.message()}; nothing written (give --force to align them anyway)")


def mismatch_evidence(by_paragraph: Sequence[AlignedPair], zh_pars: Sequence[Paragraph],
                      en_pars: Sequence[Paragraph], embedder):
    """`align.unrelated.judge` on the paragraph pairs of an alignment (sentence pairs folded back into their
    paragraph groups): the matched pairs against the same texts paired at random. Its `judged` is False for
    an embedder whose similarities mean nothing (the hash test embedder)."""
    from align.unrelated import UnrelatedEvidence, judge

    if not getattr(embedder, "meaningful", True):
        return UnrelatedEvidence(0, 0, 0.0, 0.0, 0.0)
    zh_at = {p.id: k for k, p in enumerate(zh_pars)}
    en_at = {p.id: k for k, p in enumerate(en_pars)}
    beads = [Bead(tuple(zh_at[i] for i in p.zh_ids), tuple(en_at[i] for i in p.en_ids), p.confidence)
             for p in by_paragraph]
    zh_vecs = embedder.encode([p.text for p in zh_pars])
    en_vecs = embedder.encode([p.text for p in en_pars])
    return judge(zh_vecs, en_vecs, beads, zh_weights=[_chars([p.text]) for p in zh_pars])
