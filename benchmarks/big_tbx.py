"""A TBX of N entries for the termbase import figures in BENCHMARKS.md (made on demand, never committed).

    python -m benchmarks.big_tbx OUT.tbx [N=100000] [--v2]

Each entry: a Chinese term made of common hanzi, an English rendering, a variant and a note, as a CAT tool's
export would carry them.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from core.records import GlossaryEntry
from formats.glossary import tbx_fmt

HANZI = "裁军谈判会议核武器不扩散条约外层空间军备竞赛安全保证国际原子能机构审议大会决议秘书长报告"


def entries(n: int, seed: int = 14) -> list[GlossaryEntry]:
    rng = random.Random(seed)
    out, seen = [], set()
    while len(out) < n:
        zh = "".join(rng.choice(HANZI) for _ in range(rng.randint(4, 9)))
        if zh in seen:
            continue
        seen.add(zh)
        k = len(out)
        out.append(GlossaryEntry(zh=zh, en=f"term {k} rendering", variants=[f"term {k} variant"],
                                 status="approved", note=f"entry {k}"))
    return out


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    n = int(args[1]) if len(args) > 1 else 100_000
    tbx_fmt.write(entries(n), Path(args[0]), version=2 if "--v2" in sys.argv else 3)
