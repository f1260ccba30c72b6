"""Build or update the glossary store from documents (and aligned pairs when there is English).

    update_glossary("glossary.sqlite", {"A_CONF.1": [paragraph, ...]}, pairs)   # -> summary counts

1. extract Chinese term candidates (`glossary.extract.extract_terms`);
2. English from the shipped base glossary (source "base") for every term it knows, by full or short form,
   and from the shipped country names table;
3. English from the aligned pairs (source "pairs", `glossary.equivalents.propose_equivalents`: brackets,
   composition, word alignment, each with its evidence and a confidence), and the country table for terms
   the pairs never show;
4. merge into the store: new terms are candidates; what a person decided before is kept.

Without pairs (Chinese-only input) the English comes from the base glossary alone and says so.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from core.errors import InputError
from core.records import AlignedPair, Equivalent


def read_chinese_documents(
    files: Iterable[str | os.PathLike], *, layout: str = "auto", on_layout=None
) -> dict[str, list[str]]:
    """{document key: paragraph texts} for `update_glossary`; InputError for a document that is not Chinese.

    The key is the file's stem, or its whole path when two files share a stem. `layout` as in
    `ingest.paragraphs.rebuild`; `on_layout(file, layout, reason)` is told the layout each file was read with.
    """
    documents: dict[str, list[str]] = {}
    from ingest.paragraphs import load_document

    for f in map(Path, files):
        lang, rebuilt = load_document(f, "auto", layout)
        if on_layout is not None:
            on_layout(str(f), rebuilt.layout, rebuilt.reason)
        paragraphs = rebuilt.paragraphs
        if lang != "zh":
            raise InputError(f"{f}: the text is {lang}, not Chinese; terms extracts from the Chinese documents")
        documents[f.stem if f.stem not in documents else str(f)] = [p.text for p in paragraphs]
    return documents


def update_glossary(
    db_path: str | os.PathLike,
    documents: dict[str, list[str]],
    pairs: list[AlignedPair] | None = None,
    *,
    limit: int = 300,
) -> dict:
    """Extract, find English, merge into the store at `db_path`; returns counts (see GlossaryStore.merge)
    plus ``candidates`` (extracted now), ``base_hits`` (terms with English from the base glossary),
    ``pair_hits`` (terms the base glossary does not know that got English from the pairs or a table) and
    ``confirmed`` (base terms whose English the pairs show)."""
    from glossary.base import base_lookup
    from glossary.extract import extract_terms
    from glossary.store import GlossaryStore

    store = GlossaryStore(db_path)  # opened first: a bad store fails before the slow extraction
    try:
        candidates = extract_terms(documents, limit=limit)
        base = base_lookup()
        equivalents: dict[str, list[Equivalent]] = {}
        countries = _country_names()
        for cand in candidates:
            b = base.get(cand.zh)
            if b is not None and b.en:
                equivalents[cand.zh] = [Equivalent(en=b.en, source="base", score=1.0)]
            elif cand.zh in countries:  # the shipped country table is a base table too (联合王国: United Kingdom)
                equivalents[cand.zh] = [Equivalent(en=countries[cand.zh], source="base", score=1.0)]
        pair_hits = confirmed = 0
        if pairs:
            from glossary.equivalents import propose_equivalents

            # better no English than a wrong one: only proposals above the calibrated confidence
            found = propose_equivalents([c.zh for c in candidates], pairs)
            for zh, eqs in found.items():
                known = {e.en.lower() for e in equivalents.get(zh, [])}
                if not known:
                    pair_hits += 1
                elif known & {e.en.lower() for e in eqs}:
                    confirmed += 1
                for e in eqs:
                    if e.en.lower() in known:  # the pairs confirm the base rendering: keep its evidence
                        for b_eq in equivalents[zh]:
                            if b_eq.en.lower() == e.en.lower():
                                b_eq.evidence = e.evidence
                    else:
                        equivalents.setdefault(zh, []).append(e)
        if pairs:
            _english_contexts(candidates, pairs, equivalents)
        summary = store.merge(candidates, equivalents, base)
    finally:
        store.close()
    summary.update({
        "candidates": len(candidates),
        "base_hits": sum(1 for eqs in equivalents.values() if any(e.source == "base" for e in eqs)),
        "pair_hits": pair_hits,
        "confirmed": confirmed,
    })
    return summary


def _country_names() -> dict[str, str]:
    """Chinese short and formal State names → their English (glossary/data/un_countries.tsv)."""
    from glossary.countries import load_countries

    out = {}
    for c in load_countries():
        out.setdefault(c.zh, min(c.en, key=len))  # the short name in English too: 英国, "United Kingdom"
        out.setdefault(c.zh_formal, c.en_formal or c.en[0])
    return out


def _english_contexts(candidates, pairs: list[AlignedPair], equivalents: dict[str, list[Equivalent]]) -> None:
    """Give each context sentence the English sentence of the aligned pair it is in (in place).

    The pair whose Chinese holds the sentence is found; its English sentence is the one at the same place
    when both sides have as many sentences, else the one holding the term's English, else the pair's English.
    """
    from ingest.sentences import split_sentences

    for cand in candidates:
        renderings = [e.en.lower() for e in equivalents.get(cand.zh, []) if e.en]
        for ctx in cand.contexts:
            sentence = ctx.plain
            pair = next((p for p in pairs if p.en and sentence and sentence in p.zh), None)
            if pair is None:
                continue
            zh_sents = split_sentences(pair.zh, "zh")
            en_sents = split_sentences(pair.en, "en") or [pair.en]
            at = next((i for i, s in enumerate(zh_sents) if sentence in s), None)
            if at is not None and len(zh_sents) == len(en_sents):
                ctx.en = en_sents[at].strip()
            else:
                ctx.en = next((s.strip() for s in en_sents if any(r in s.lower() for r in renderings)),
                              pair.en.strip())
            ctx.en = _mark_english(ctx.en, renderings)


def _mark_english(sentence: str, renderings: list[str]) -> str:
    """The sentence with the first rendering found in it marked ⟦…⟧, as the term is in the Chinese."""
    import re

    from core.records import MARK_CLOSE, MARK_OPEN

    for r in sorted(renderings, key=len, reverse=True):
        m = re.search(r"(?<![A-Za-z0-9])" + re.escape(r).replace(r"\ ", r"\s+") + r"(?:s|es)?(?![A-Za-z0-9])",
                      sentence, re.IGNORECASE)
        if m:
            return sentence[:m.start()] + MARK_OPEN + m.group() + MARK_CLOSE + sentence[m.end():]
    return sentence
