"""Precision and recall of the QA checks on labelled zh-en pairs (JSONL: id, zh, en, expect, note).

    python benchmarks/qa_precision.py [FILE ...]   (default: tests/data/qa_pairs.jsonl and qa_pairs_heldout.jsonl)

`expect` lists the check types a pair must raise (empty for a clean pair). A finding counts once per
(pair, type). Checks run with the shipped base glossary, as `glossalign check` does without --glossary.
The sets are independent test pairs, many sharing a Chinese text with a clean twin, not one translated
document, so `segment-variant` (the same text translated differently across a document) is left out;
its own tests are in tests/test_checks.py.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from check.checks import run_checks  # noqa: E402
from core.records import AlignedPair  # noqa: E402

# the checks the sets are labelled for; the form, name, style and length checks of issue 19 came later
CHECKS = ["empty", "untranslated", "term", "number", "date", "symbol", "term-variant"]
DEFAULT = [ROOT / "tests/data/qa_pairs.jsonl", ROOT / "tests/data/qa_pairs_heldout.jsonl"]


def score(path: Path) -> dict:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pairs = [AlignedPair(id=r["id"], zh=r["zh"], en=r["en"]) for r in rows]
    findings = run_checks(pairs, checks=CHECKS)
    got = {(pid, f.type) for f in findings for pid in f.pair}
    expected = {(r["id"], t) for r in rows for t in r["expect"]}
    tp = got & expected
    clean = {r["id"] for r in rows if not r["expect"]}
    return {
        "file": path.name,
        "pairs": len(rows),
        "clean_pairs": len(clean),
        "labels": len(expected),
        "findings": len(got),
        "precision": len(tp) / len(got) if got else 1.0,
        "recall": len(tp) / len(expected) if expected else 1.0,
        "false_alarms": sorted(got - expected),
        "missed": sorted(expected - got),
        "clean_pairs_flagged": sorted({pid for pid, _ in got} & clean),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="*", type=Path, default=DEFAULT)
    args = ap.parse_args()
    for path in args.files:
        r = score(path)
        print(f"{r['file']}: {r['pairs']} pairs ({r['clean_pairs']} clean), {r['labels']} labels, "
              f"{r['findings']} findings: precision {r['precision']:.3f}, recall {r['recall']:.3f}")
        for key in ("false_alarms", "missed", "clean_pairs_flagged"):
            if r[key]:
                print(f"  {key.replace('_', ' ')}: {r[key]}")


if __name__ == "__main__":
    main()
