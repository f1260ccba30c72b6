"""TSV: a header row, then one pair per row, written and read with the `csv` module.

Standard quoting and nothing else: a cell holding a tab, a newline or a double quote is quoted ("..."
with quotes doubled), a backslash is a backslash. pandas (`read_csv(sep="\\t")`), Excel and LibreOffice read
back exactly the text that JSONL holds. Reading takes any TSV with zh and en columns (header names are
matched case-insensitively; the language tags zh-CN and en count too); the other columns are optional.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from core.errors import InputError
from core.records import EN_TAG, ZH_TAG, AlignedPair
from formats.pairs._common import COLUMNS, join_ids, pair_from_row

NAME = "tsv"
EXTENSIONS = (".tsv", ".tab")
BINARY = False
READABLE = True
KEEPS_UNMATCHED = True

DELIMITER = "\t"


def dumps(pairs: list[AlignedPair], *, level: str = "paragraph") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for p in pairs:
        if p.status == "rejected":  # a reviewer's rejected pair is no translation (xlsx and jsonl keep it)
            continue
        writer.writerow([
            p.id, p.zh, p.en, f"{p.confidence:.4f}", p.kind, join_ids(p.zh_ids), join_ids(p.en_ids),
            p.zh_file, p.en_file,
        ])
    return out.getvalue()


def write(pairs: list[AlignedPair], path: Path, *, level: str = "paragraph") -> None:
    Path(path).write_text(dumps(pairs, level=level), encoding="utf-8", newline="")


_ALIASES = {ZH_TAG.lower(): "zh", EN_TAG.lower(): "en", "chinese": "zh", "english": "en"}


def read_table(path: Path, delimiter: str = DELIMITER) -> list[AlignedPair]:
    """Pairs from a delimited table with zh and en columns (id and the rest optional)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save the table as UTF-8") from None
    if not text.strip():
        raise InputError(f"{path}: empty file; expected a header with zh and en columns")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header = [_ALIASES.get(h.strip().lower(), h.strip().lower()) for h in rows[0]]
    missing = [c for c in ("zh", "en") if c not in header]
    if missing and len(rows[0]) < 2:  # one column: a document, not a table of pairs
        raise InputError(f"{path}: a document, not a file of aligned pairs; give both documents "
                         "(check ZH EN) or the pairs that align wrote (.tsv with zh and en columns, .jsonl, .xlsx, .tmx)")
    if missing:
        raise InputError(f"{path}: header lacks the column(s) {', '.join(missing)} "
                         f"(found: {', '.join(h for h in header if h) or 'none'})")
    pairs = []
    for n, row in enumerate(rows[1:], 1):
        if not any(c.strip() for c in row):
            continue
        rec = dict(zip(header, row, strict=False))
        rec["id"] = (rec.get("id") or "").strip() or str(n)
        pairs.append(pair_from_row(rec))
    return pairs


def read(path: Path) -> list[AlignedPair]:
    return read_table(path, DELIMITER)
