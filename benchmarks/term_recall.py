"""Recall and precision@N of Chinese term extraction on the seed documents against a gold term list.

    python benchmarks/term_recall.py [--gold tests/data/seed_terms.txt] [--limit 300] [--at 50,100,200,300]
                                     [--no-base | --base-without-gold] [--docs 000,001,002] [--split 000,001,002]

Recall: share of gold terms among the extracted candidates (exact match after normalisation).
precision@N: share of the top N candidates that are gold terms — a floor, since the gold list holds only
the terms of the seeds a person listed, not every acceptable glossary entry.

The gold list is grouped per seed document (`# --- 000 …` headers; a seed's number is the start of its file
name). --docs extracts from those seeds only and scores against their groups only (to tune on some seeds and
hold the others out); --split also prints the recall, within the same run, of the gold terms listed under
those groups and of those listed under the others.

The base glossary covers the gold list, so with it recall is circular. --base-without-gold keeps the base
glossary but drops every gold term (full or short form) from it, for segmentation and bonus alike: how the
default extraction does on terms the base glossary does not know.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.extract import extract_terms  # noqa: E402
from glossary.segment import normalize  # noqa: E402

_FURNITURE = re.compile(r"^(?:[A-Z]{1,4}/[A-Z0-9./]+|\d+\s+GE\.\d\d-\d+|GE\.\d\d-\d+(?:\s+\d+)?|\d{1,3})$")
_STARTS_BLOCK = re.compile(r"^(?:\d+\.\s|\([a-z]\)\s|•|[\u4e00-\u9fff·－]{2,12}(?:先生|女士|主席)[(（：])")


def seed_paragraphs(path: Path) -> list[str]:
    """Paragraphs of a seed: helper A's reader when present, else lines joined and split at sentence ends."""
    try:
        from ingest.paragraphs import load_paragraphs  # type: ignore[import-not-found]

        _lang, paragraphs = load_paragraphs(path)
        return [p.text for p in paragraphs]
    except ImportError:
        pass
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8-sig").splitlines()]
    lines = [ln for ln in lines if ln and not _FURNITURE.match(ln)]
    blocks: list[list[str]] = [[]]
    for line in lines:
        # A numbered paragraph or a speaker turn starts a block; a short unpunctuated line (a title,
        # a submitter line) is a block of its own.
        if _STARTS_BLOCK.match(line) and blocks[-1]:
            blocks.append([])
        blocks[-1].append(line)
        if len(line) < 30 and not line.endswith(("。", "；", "：", "，")):
            blocks.append([])
    out = []
    for block in blocks:
        text = normalize("".join(block))
        out.extend(s for s in re.split(r"(?<=[。；])", text) if s.strip())
    return out


def seed_documents(seeds: Path, docs: set[str] | None = None) -> dict[str, list[str]]:
    """Paragraphs per seed file; with `docs`, only the seeds whose name starts with one of those numbers."""
    paths = sorted(seeds.glob("*.txt"))
    if docs is not None:
        paths = [p for p in paths if p.name.split("_", 1)[0] in docs]
    return {p.name: seed_paragraphs(p) for p in paths}


_GROUP = re.compile(r"^#\s*---\s*(\d+)")


def load_gold_groups(path: Path) -> dict[str, list[str]]:
    """Gold terms per document group (the number in a `# --- 000 …` header; "" before any header)."""
    groups: dict[str, list[str]] = {}
    group = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        header = _GROUP.match(line.strip())
        if header:
            group = header.group(1)
            continue
        line = line.split("#", 1)[0].strip()
        if line:
            groups.setdefault(group, []).append(normalize(line))
    return {g: list(dict.fromkeys(terms)) for g, terms in groups.items()}


def load_gold(path: Path, docs: set[str] | None = None) -> list[str]:
    """The gold terms, deduplicated; with `docs`, only those listed under these documents' groups."""
    groups = load_gold_groups(path)
    terms = [t for g, ts in groups.items() if docs is None or g in docs for t in ts]
    return list(dict.fromkeys(terms))


def _numbers(text: str | None) -> set[str] | None:
    return None if not text else {part.strip() for part in text.split(",") if part.strip()}


def evaluate(candidates: list[str], gold: list[str], at: list[int]) -> dict:
    gold_set = set(gold)
    found = [g for g in gold if g in set(candidates)]
    result = {
        "recall": len(found) / len(gold),
        "found": len(found),
        "gold": len(gold),
        "size": len(candidates),
    }
    for n in at:
        top = candidates[:n]
        result[f"p@{n}"] = sum(1 for c in top if c in gold_set) / max(1, len(top))
    result["missed"] = [g for g in gold if g not in set(candidates)]
    return result


def _extract_base_without(docs: dict[str, list[str]], hidden: set[str], limit: int):
    """extract_terms with the base glossary less the `hidden` terms (as segmenter terms and as bonus)."""
    from glossary.base import base_lookup, base_terms
    from glossary.extract import TermExtractor
    from glossary.segment import Segmenter

    base = {zh: entry for zh, entry in base_lookup().items() if normalize(zh) not in hidden}
    segmenter = Segmenter([zh for zh in base_terms() if normalize(zh) not in hidden])
    return TermExtractor(segmenter, base=base).extract(docs, limit) if limit > 0 else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "data" / "seed_terms.txt")
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--at", default="50,100,200,300")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--no-base", action="store_true", help="ignore the base glossary (ablation)")
    mode.add_argument(
        "--base-without-gold", action="store_true", help="use the base glossary less the gold terms"
    )
    parser.add_argument("--show", type=int, default=0, help="print the top N candidates")
    parser.add_argument("--docs", help="comma-separated seed numbers (000,001): extract and score only these")
    parser.add_argument("--split", help="comma-separated seed numbers: also print recall on their gold vs the rest")
    args = parser.parse_args(argv)
    selected = _numbers(args.docs)
    docs = seed_documents(args.seeds, selected)
    if not docs:
        parser.error(f"no seed file in {args.seeds} matches --docs {args.docs}")
    gold = load_gold(args.gold, selected)
    start = time.perf_counter()
    if args.base_without_gold:
        terms = _extract_base_without(docs, set(load_gold(args.gold)), args.limit)
    else:
        terms = extract_terms(docs, limit=args.limit, use_base=not args.no_base)
    seconds = time.perf_counter() - start
    candidates = [t.zh for t in terms]
    result = evaluate(candidates, gold, [int(n) for n in args.at.split(",")])
    print(
        f"documents={len(docs)} paragraphs={sum(map(len, docs.values()))} gold={result['gold']} "
        f"base={'no' if args.no_base else 'without-gold' if args.base_without_gold else 'yes'} limit={args.limit} size={result['size']} seconds={seconds:.2f}"
    )
    print(
        f"recall={result['recall']:.3f} ({result['found']}/{result['gold']})  "
        + "  ".join(f"{k}={v:.3f}" for k, v in result.items() if k.startswith("p@"))
    )
    split = _numbers(args.split)
    if split is not None:
        groups = load_gold_groups(args.gold)
        names = set(candidates)
        inside = load_gold(args.gold, split & set(groups))
        rest = load_gold(args.gold, set(groups) - split)
        for label, part in ((",".join(sorted(split)), inside), ("others", rest)):
            found = sum(1 for g in part if g in names)
            print(f"recall[{label}]={found / max(1, len(part)):.3f} ({found}/{len(part)})", end="  ")
        print()
    if result["missed"]:
        print("missed: " + " ".join(result["missed"]))
    gold_set = set(gold)
    for i, t in enumerate(terms[: args.show], 1):
        mark = "*" if t.zh in gold_set else " "
        print(
            f"{i:4d} {mark} {t.score:7.3f} {t.frequency:4d} {len(t.documents)} {t.category:9s} {t.zh} {t.abbreviation}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
