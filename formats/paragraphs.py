"""Write Paragraph records as JSONL (one object a line), TSV (id, kind, label, text) or plain text."""

from __future__ import annotations

import json

from core.records import Paragraph

FORMATS = ("jsonl", "tsv", "txt")


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
        lines = ["id\tkind\tlabel\ttext"]
        lines += [f"{p.id}\t{p.kind}\t{_cell(p.label or '')}\t{_cell(p.text)}" for p in paragraphs]
    elif fmt == "txt":
        return "\n\n".join(p.text for p in paragraphs) + "\n"
    else:
        raise ValueError(f"unknown paragraph format {fmt!r}; use one of {', '.join(FORMATS)}")
    return "\n".join(lines) + "\n"


def _cell(value: str) -> str:
    return value.replace("\t", " ").replace("\n", " ")
