"""`glossalign align` between reading its arguments and printing: align one document pair and write the pairs.

The command and `bench mac-test` both call `align_to_file`, so what the bench scores is what the command wrote.
"""

from __future__ import annotations

from pathlib import Path

from align import DEFAULT_MODEL


def align_to_file(zh, en, target: Path, fmt: str, *, model: str = DEFAULT_MODEL, level: str = "paragraph",
                  layout: str = "auto", force: bool = False, warn=None, embedder=None):
    """Align `zh` with `en` (`align.documents.align_files`) and write the pairs to `target` (a path, or
    `core.fsutil.STDOUT`) in the pairs format `fmt`; returns the Alignment (warnings, layouts, evidence)."""
    from align.documents import align_files
    from formats.pairs import write_pairs

    pairs = align_files(zh, en, model=model, level=level, layout=layout, force=force, warn=warn, embedder=embedder)
    write_pairs(pairs, target, fmt, level=level)
    return pairs
