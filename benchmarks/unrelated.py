"""Calibration of the unrelated-documents test against the documents' own chance level (`align.unrelated`).

Real pairs: the UNPC v1.0 dev documents (sentences grouped by document symbol), the 24 MAC-Test texts and
the three G-21 statements of tests/data/batch. Unrelated pairs: each UNPC document's Chinese against the
English of the document half the set away ("UNPC far") and of its neighbour in symbol order ("UNPC next",
often the same body and subject); each MAC-Test text's Chinese against the next text's English; and the
harder same-subject sets: the NPT/CD documents of the UNPC dev set against each other ("arms UNPC"), the
G-21 statements of tests/data/batch against each other ("arms batch"), and the Chinese seeds
(../shared/seeds, G-21 statements and CD documents) against the batch statements' English ("arms seeds")
and against NPT/CD and MAC-Test English ("seeds other"). Each pair is written one unit a line and aligned
by `align_files`, as `glossalign align --layout lines` does (use-m3), weighed by `align.unrelated.judge` (Chinese characters as
weights) and, for comparison, by the old gate (median matched similarity below 0.30).

Each set is split by the index of its Chinese document: even = tuning half (the threshold it suggests
is the lowest judged real document of that half less 0.02, rounded down to 0.01), odd = held out.

    python -m benchmarks.unrelated [--model use-m3] [--shared ../shared]
"""

from __future__ import annotations

import argparse
import math
import time
from collections import OrderedDict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BATCH = ROOT / "tests" / "data" / "batch"
OLD_MEDIAN = 0.30  # the gate of align.documents before this test (median similarity of the matched pairs)
STATEMENTS = (("space", "space_statement_zh.txt", "G21-space-E.txt"),
              ("nsa", "nsa.ch.txt", "negative_assurances_en.txt"),
              ("hlm", "hlm_followup_zh.txt", "hlm_followup_en.txt"))



def unpc_documents(root: Path) -> list[tuple[str, list[str], list[str]]]:
    ids = (root / "UNv1.0.devset.ids").read_text(encoding="utf-8").splitlines()
    zh = (root / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()
    en = (root / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    docs: OrderedDict[str, tuple[list[str], list[str]]] = OrderedDict()
    for i, z, e in zip(ids, zh, en, strict=True):
        d = docs.setdefault(i.split()[0], ([], []))
        d[0].append(z)
        d[1].append(e)
    return [(k, z, e) for k, (z, e) in docs.items()]


def mac_documents(root: Path) -> list[tuple[str, list[str], list[str]]]:
    out = []
    for z in sorted((root / "zh").glob("*.txt")):
        e = root / "en" / z.name
        out.append((z.stem, z.read_text(encoding="utf-8").splitlines(), e.read_text(encoding="utf-8").splitlines()))
    return out

def _paragraphs(path: Path, lang: str) -> list[str]:
    from ingest.paragraphs import paragraphs_from_text

    return [p.text for p in paragraphs_from_text(path.read_text(encoding="utf-8"), lang)]


def pair_sets(shared: Path) -> dict[str, tuple[str, list[tuple[str, list[str], list[str]]]]]:
    """{set name: ("real" | "unrelated", [(key, zh units, en units)])}."""
    unpc = unpc_documents(shared / "benchmarks" / "unpc-dev")
    mac = mac_documents(shared / "benchmarks" / "mac-test")
    batch = [(k, _paragraphs(BATCH / "zh" / z, "zh"), _paragraphs(BATCH / "en" / e, "en")) for k, z, e in STATEMENTS]
    seeds = [(p.stem, _paragraphs(p, "zh")) for p in sorted((shared / "seeds").glob("*.txt"))]
    arms = [d for d in unpc if "/npt/" in d[0] or "/cd/" in d[0]]
    n = len(unpc)
    by_id = sorted(range(n), key=lambda i: unpc[i][0])
    nxt = {a: b for a, b in zip(by_id, by_id[1:] + by_id[:1], strict=True)}
    seeds_other = []
    for i, (key, zh) in enumerate(seeds):
        seeds_other += [(f"{key}|{a[0]}", zh, a[2]) for a in arms[i :: len(seeds)][:2]]
        seeds_other.append((f"{key}|mac{mac[i][0]}", zh, mac[i][2]))
    return {
        "UNPC dev": ("real", unpc),
        "MAC-Test": ("real", mac),
        "G-21 batch": ("real", batch),
        "UNPC far": ("unrelated", [(k, z, unpc[(i + n // 2) % n][2]) for i, (k, z, _e) in enumerate(unpc)]),
        "UNPC next": ("unrelated", [(f"{k}|{unpc[nxt[i]][0]}", z, unpc[nxt[i]][2]) for i, (k, z, _e) in enumerate(unpc)]),
        "MAC-Test next": ("unrelated", [(k, z, mac[(i + 1) % len(mac)][2]) for i, (k, z, _e) in enumerate(mac)]),
        "arms UNPC": ("unrelated", [(k, z, arms[(i + 1) % len(arms)][2]) for i, (k, z, _e) in enumerate(arms)]),
        "arms batch": ("unrelated", [(f"{k}|{k2}", z, e2) for k, z, _e in batch for k2, _z, e2 in batch if k2 != k]),
        "arms seeds": ("unrelated", [(f"{sk}|{k2}", sz, e2) for si, (sk, sz) in enumerate(seeds)
                                     for j, (k2, _z, e2) in enumerate(batch) if j != si]),
        "seeds other": ("unrelated", seeds_other),
    }


def weigh(zh: list[str], en: list[str], embedder):
    """(evidence, old gate refuses) for one pair, aligned by what `glossalign align ZH EN --layout lines`
    does (`align_files` on the two texts written one unit a line; --force, so that the evidence is returned
    rather than raised). A pair `align` refuses for its lengths alone (a length ratio no translation has) is
    not judged here: the evidence of no pairs."""
    import tempfile

    from align.documents import align_files
    from align.unrelated import UnrelatedEvidence
    from core.errors import InputError

    with tempfile.TemporaryDirectory(prefix="glossalign-unrelated-") as tmp:
        zh_file, en_file = Path(tmp) / "zh.txt", Path(tmp) / "en.txt"
        zh_file.write_text("\n".join(zh) + "\n", encoding="utf-8")
        en_file.write_text("\n".join(en) + "\n", encoding="utf-8")
        try:
            result = align_files(zh_file, en_file, layout="lines", embedder=embedder, warn=None, force=True)
        except InputError:
            return UnrelatedEvidence(0, len(zh), 0.0, 0.0, 0.0), True
    scores = [p.confidence for p in result if p.zh_ids and p.en_ids]
    old = len(scores) >= 3 and float(np.median(scores)) < OLD_MEDIAN
    return result.evidence, old


def _line(name: str, rows: list, threshold: float) -> str:
    judged = [ev for ev, _old in rows if ev.judged]
    if not judged:
        return f"  {name}: {len(rows)} pairs, none judged"
    ex = sorted(ev.excess for ev in judged)
    refused = sum(ev.excess < threshold for ev in judged)
    old = sum(o for _ev, o in rows)
    return (f"  {name}: {len(rows)} pairs, {len(judged)} judged, refused {refused} ({refused / len(judged):.0%}); "
            f"excess min {ex[0]:.3f} median {ex[len(ex) // 2]:.3f} max {ex[-1]:.3f}; old 0.30 gate refused {old}")


def main(argv=None) -> None:
    from align.embed import get_embedder
    from align.unrelated import MIN_EXCESS, MIN_PAIRS

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="use-m3")
    ap.add_argument("--shared", type=Path, default=SHARED, help="folder holding benchmarks/ and seeds/")
    args = ap.parse_args(argv)
    embedder = get_embedder(args.model)
    start = time.perf_counter()
    results, keys = {}, {}
    for name, (kind, pairs) in pair_sets(args.shared).items():
        results[name] = (kind, [weigh(z, e, embedder) for _k, z, e in pairs])
        keys[name] = [k for k, _z, _e in pairs]
    lowest_even = min(ev.excess for kind, rows in results.values() if kind == "real"
                      for ev, _o in rows[0::2] if ev.judged)
    suggested = math.floor((lowest_even - 0.02) * 100) / 100
    print(f"judged: at least {MIN_PAIRS} matched pairs; threshold used: excess < {MIN_EXCESS:.2f} "
          f"(the tuning half suggests {suggested:.2f}: its lowest real document {lowest_even:.3f} less 0.02)")
    for half, sl in (("even (tuning)", slice(0, None, 2)), ("odd (held out)", slice(1, None, 2))):
        print(f"{half}:")
        for name, (kind, rows) in results.items():
            print(_line(f"{kind} {name}", rows[sl], MIN_EXCESS))
        passed = [f"{name} {key} {ev.excess:.3f}" for name, (kind, rows) in results.items() if kind == "unrelated"
                  for key, (ev, _o) in zip(keys[name][sl], rows[sl], strict=True) if ev.judged and not ev.unrelated]
        print("  unrelated pairs let through: " + ("; ".join(passed) or "none"))
        low = min(ev.excess for kind, rows in results.values() if kind == "real" for ev, _o in rows[sl] if ev.judged)
        print(f"  lowest real document: {low:.3f}, {low - MIN_EXCESS:+.3f} from the threshold")
    print(f"({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
