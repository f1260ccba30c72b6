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
from core.errors import InputError
from core.records import AlignedPair, Bead, Paragraph

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


class _Memo:
    """Remember vectors within one run, so that every text is encoded once, in large batches."""

    BATCH = 256

    def __init__(self, inner):
        self.inner = inner
        self.name = getattr(inner, "name", "embedder")
        self._vecs: dict[str, np.ndarray] = {}

    def prime(self, texts: Sequence[str]) -> None:
        todo = list(dict.fromkeys(t for t in texts if t not in self._vecs))
        if len(todo) <= self.BATCH:
            chunks = [todo] if todo else []
        else:  # a long document: encode in batches behind a progress bar
            starts = range(0, len(todo), self.BATCH)
            chunks = fsutil.progress(
                (todo[i : i + self.BATCH] for i in starts), "embedding", total=len(starts)
            )
        for chunk in chunks:
            for text, vec in zip(chunk, self.inner.encode(chunk), strict=True):
                self._vecs[text] = vec

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.prime(texts)
        if not texts:
            return self.inner.encode([])
        return np.stack([self._vecs[t] for t in texts])


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
    emb = _Memo(embedder)
    zh_text = [p.text for p in zh_pars]
    en_text = [p.text for p in en_pars]
    emb.prime(zh_text + en_text)
    beads = align_segments(zh_text, en_text, emb, src_lang="zh", tgt_lang="en")
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
    emb.prime([s for _, _, (zs, _), (es, _) in groups for s in zs + es])
    pairs: list[AlignedPair] = []
    for k, _bead, (zs, zids), (es, eids) in fsutil.progress(groups, "aligning sentences", total=len(groups)):
        if zs and es:
            sub = align_segments(zs, es, emb, src_lang="zh", tgt_lang="en")
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


def _detect(text: str, path: Path) -> str:
    from ingest.read import detect_language

    try:
        return detect_language(text)
    except InputError:
        raise InputError(
            f"{path}: cannot tell the language: the text has no Chinese or Latin letters"
        ) from None


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


# A translation keeps the paragraphs of its original: the two sides' counts differ by a few splits or merges.
# Counts further apart than this (and by at least COUNT_GAP paragraphs) say a side was rebuilt wrongly.
COUNT_RATIO = 1.35
COUNT_GAP = 4


def check_paragraph_counts(
    zh_pars: Sequence[Paragraph], en_pars: Sequence[Paragraph], zh_layout: str, en_layout: str, asked: str
) -> list[str]:
    """A warning when the paragraph counts are far apart for two documents of these lengths, naming the
    layout each side was read with and the `--layout` option to try."""
    n_zh, n_en = len(zh_pars), len(en_pars)
    if max(n_zh, n_en) - min(n_zh, n_en) < COUNT_GAP or max(n_zh, n_en) < COUNT_RATIO * min(n_zh, n_en):
        return []
    if asked == "auto":
        other = {"lines": "wrapped", "wrapped": "lines"}
        tried = f"read as zh {zh_layout}, en {en_layout}"
        hint = "; ".join(
            dict.fromkeys(f"--layout {other[x]}" for x in (zh_layout, en_layout))
        )
        advice = f"try {hint.replace('; ', ' or ')} (--layout lines: one paragraph a line)"
    else:
        tried = f"read with --layout {asked}"
        advice = "try --layout auto" + (" or --layout wrapped" if asked == "lines" else " or --layout lines")
    return [
        f"the Chinese has {n_zh} paragraphs and the English {n_en} ({tried}): far apart for documents of "
        f"these lengths, so a side's paragraphs are probably rebuilt wrongly; {advice}"
    ]


def align_files(
    zh_path: str | Path,
    en_path: str | Path,
    *,
    model: str = DEFAULT_MODEL,
    level: str = "paragraph",
    layout: str = "auto",
    segmented: bool = False,
    embedder=None,
    warn: Callable[[str], None] | None = _stderr,
) -> Alignment:
    """Read, check and align a Chinese file and its English translation.

    layout: "auto" recognises each document's layout (`ingest.paragraphs.detect_layout`); "wrapped"
    rebuilds paragraphs from wrapped lines; "lines" takes each non-empty line as one paragraph (ids "p<k>",
    the k-th non-empty line, which the `align` export turns into 0-based indexes). segmented=True is
    layout="lines". With level="sentence", each paragraph (or line) is split into sentences.
    Returns an Alignment (a list of AlignedPair) whose `warnings` say when the files look mismatched and
    whose `layouts` name the layout read on each side; each warning is also passed to `warn` (default:
    printed on stderr). Raises InputError for bad input.
    """
    from ingest.paragraphs import LAYOUTS, rebuild
    from ingest.read import read_text

    if level not in LEVELS:
        raise InputError(f"unknown level {level!r}: use paragraph or sentence")
    if segmented:
        layout = "lines"
    if layout not in LAYOUTS:
        raise InputError(f"unknown layout {layout!r}: use auto, wrapped or lines")
    if embedder is None:
        embedder = get_embedder(model)  # an unknown model name fails here, before any file is read
    zh_path, en_path = Path(zh_path), Path(en_path)
    zh_raw, en_raw = read_text(zh_path), read_text(en_path)
    check_languages(zh_path, _detect(zh_raw, zh_path), en_path, _detect(en_raw, en_path))
    zh_doc, en_doc = rebuild(zh_raw, "zh", layout), rebuild(en_raw, "en", layout)
    zh_pars = [p for p in zh_doc.paragraphs if p.text.strip()]
    en_pars = [p for p in en_doc.paragraphs if p.text.strip()]
    if not zh_pars:
        raise InputError(f"ZH file {zh_path}: no text to align")
    if not en_pars:
        raise InputError(f"EN file {en_path}: no text to align")
    warnings = check_lengths(zh_path, [p.text for p in zh_pars], en_path, [p.text for p in en_pars])
    warnings += check_paragraph_counts(zh_pars, en_pars, zh_doc.layout, en_doc.layout, layout)
    for message in warnings:
        if warn is not None:
            warn(message)
    pairs = align_documents(
        zh_pars, en_pars, embedder, level=level, zh_file=zh_path.name, en_file=en_path.name
    )
    result = Alignment(pairs, level=level, warnings=warnings)
    result.layouts = {
        "zh": {"layout": zh_doc.layout, "reason": zh_doc.reason, "paragraphs": len(zh_pars)},
        "en": {"layout": en_doc.layout, "reason": en_doc.reason, "paragraphs": len(en_pars)},
    }
    return result


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
