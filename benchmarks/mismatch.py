"""Calibration of the unrelated-documents check (`align.documents.mismatch_evidence`) on real translations.

Real pairs: the UNPC v1.0 dev documents (sentences grouped by document symbol, in their order) and the 24
MAC-Test texts; unrelated pairs: each Chinese document against the English of another document of the set.
Every document is aligned as `align` does (paragraph level on one segment a line) and the evidence is
computed; the report gives, per set, the distribution of the statistic and how many pairs the check refuses.

    python -m benchmarks.mismatch [--model use-m3] [--shared ../shared/benchmarks] [--gold]

--gold is the quick form: no alignment, the similarity of each gold pair (UNPC's 1-1 sentence links, MAC-Test's
gold beads), its median per document (UNPC documents of 3 sentences or more: fewer are not judged).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import OrderedDict
from pathlib import Path

from align import DEFAULT_MODEL
from core.records import Paragraph

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks"


def _pars(lines: list[str]) -> list[Paragraph]:
    return [Paragraph(id=f"l{i}", kind="body", text=t, lines=(i, i)) for i, t in enumerate(lines, 1) if t.strip()]


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


def evaluate(docs, embedder, *, shift: int = 1) -> dict:
    from align.documents import align_documents, mismatch_evidence

    real, unrelated = [], []
    for i, (_key, zh, en) in enumerate(docs):
        for bucket, other in ((real, en), (unrelated, docs[(i + shift) % len(docs)][2])):
            zp, ep = _pars(zh), _pars(other)
            pairs = align_documents(zp, ep, embedder)
            bucket.append(mismatch_evidence(pairs, zp, ep))
    return {"real": real, "unrelated": unrelated}


def _describe(evs: list) -> str:
    judged = [e for e in evs if e.judged]
    med = [e.median for e in judged]
    refused = sum(e.unrelated for e in evs)
    if not med:
        return f"{len(evs)} pairs, none with enough text to judge"
    q = statistics.quantiles(med, n=20) if len(med) >= 2 else med * 19
    return (f"{len(evs)} pairs ({len(judged)} judged): median similarity min {min(med):.3f}, 5% {q[0]:.3f}, "
            f"median {statistics.median(med):.3f}, 95% {q[-1]:.3f}, max {max(med):.3f}; refused {refused}")


def gold_medians(shared: Path, embedder) -> dict[str, list[tuple[str, float, int]]]:
    """(document, median similarity of its gold pairs, pairs) for UNPC dev and MAC-Test."""
    import json

    import numpy as np

    def medians(beads: list[tuple[str, list[str], list[str]]]):
        out = []
        for key, zs, es in beads:
            sims = np.clip((embedder.encode(zs) * embedder.encode(es)).sum(1), 0, 1)
            out.append((key, float(np.median(sims)), len(zs)))
        return out

    unpc = [(k, z, e) for k, z, e in unpc_documents(shared / "unpc-dev") if len(z) >= 3]
    mac = []
    root = shared / "mac-test"
    for g in sorted((root / "gold").glob("*.align")):
        zh = (root / "zh" / f"{g.stem}.txt").read_text(encoding="utf-8").splitlines()
        en = (root / "en" / f"{g.stem}.txt").read_text(encoding="utf-8").splitlines()
        zs, es = [], []
        for line in g.read_text(encoding="utf-8").splitlines():
            a, b = (json.loads(x) for x in line.split(":"))
            if a and b:
                zs.append("".join(zh[i] for i in a))
                es.append(" ".join(en[j] for j in b))
        mac.append((g.stem, zs, es))
    return {"UNPC dev": medians(unpc), "MAC-Test": medians(mac)}


def main(argv=None) -> None:
    from align.embed import get_embedder

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--shared", type=Path, default=SHARED, help="folder holding unpc-dev/ and mac-test/")
    ap.add_argument("--gold", action="store_true", help="the quick form: gold pairs only, no alignment")
    args = ap.parse_args(argv)
    embedder = get_embedder(args.model)
    if args.gold:
        for name, rows in gold_medians(args.shared, embedder).items():
            meds = sorted(m for _k, m, _n in rows)
            print(f"{name}: {len(rows)} documents, median similarity of gold pairs per document: min {meds[0]:.3f}, "
                  f"5% {statistics.quantiles(meds, n=20)[0]:.3f}, median {statistics.median(meds):.3f}")
        return
    for name, docs in (("UNPC dev", unpc_documents(args.shared / "unpc-dev")),
                       ("MAC-Test", mac_documents(args.shared / "mac-test"))):
        start = time.perf_counter()
        result = evaluate(docs, embedder)
        print(f"{name} real:      {_describe(result['real'])}")
        print(f"{name} unrelated: {_describe(result['unrelated'])}  ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
