"""Write Paragraph records as JSONL (one object a line), TSV (id, kind, label, text) or plain text.

TSV goes through the `csv` module (standard quoting, no backslash escapes), like the pairs TSV.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from core.errors import UsageError
from core.fsutil import is_stdout
from core.records import Paragraph

FORMATS = ("jsonl", "tsv", "txt")
_EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".tsv": "tsv", ".tab": "tsv", ".txt": "txt"}


def format_for(path: str | os.PathLike, fmt: str | None = None) -> str:
    """The paragraph format for `fmt`, else for the extension of `path`, else jsonl; UsageError on a clash."""
    named = None if is_stdout(path) else _EXTENSIONS.get(Path(path).suffix.lower())
    if fmt and named and fmt != named:
        raise UsageError(f"{path}: the extension says {named} but --format says {fmt}; drop --format or change the extension")
    return fmt or named or "jsonl"


def render_paragraphs(paragraphs: list[Paragraph], fmt: str) -> str:
    """The paragraphs as one string in `fmt` ("jsonl", "tsv" or "txt"), ending with a newline."""
    if fmt == "jsonl":
        lines = []
        for p in paragraphs:
            d = {"id": p.id, "kind": p.kind, "text": p.text}
            if p.label is not None:
                d["label"] = p.label
            if p.lines is not None:
                d["lines"] = list(p.lines)
            lines.append(json.dumps(d, ensure_ascii=False))
    elif fmt == "tsv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(["id", "kind", "label", "text"])
        writer.writerows([p.id, p.kind, p.label or "", p.text] for p in paragraphs)
        return out.getvalue()
    elif fmt == "txt":
        return "\n\n".join(p.text for p in paragraphs) + "\n"
    else:
        raise ValueError(f"unknown paragraph format {fmt!r}; use one of {', '.join(FORMATS)}")
    return "\n".join(lines) + "\n"
