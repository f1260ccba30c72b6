"""A reviewed pairs sheet read back: the hidden base, text conservation, the reviewer's regrouping.

The XLSX that `align` writes keeps, in the very hidden sheet ``glossalign_base`` (the place the glossary
curation sheet keeps its base too), every pair as it was written: id, confidence, segment ids, both texts,
the source files, and a fingerprint of each side's whole text. The visible sheet is the reviewer's to edit
the way people edit a spreadsheet: cut text from one cell and paste it into a neighbour (two rows become one
pair, or one row becomes two), empty a cell (a segment with no counterpart), insert or delete rows, mark a
row ``approved`` or ``rejected``.

Reading it back (`apply_review`), each side's text read down the sheet must be that side's original text
in its original order, whitespace aside; how it is grouped into rows is free. Text that was lost, added,
duplicated or moved out of order is refused with the sheet row, the side and the words that differ.
`accept_edits` takes changed text deliberately: the rows it touches come out with status ``edited``.
A row gets the segment ids of the original text it now holds, so the output still says where each pair
came from. A sheet without a base (hand-made, another tool's) is read as it is, without the check.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field

from core.errors import GlossalignError, InputError
from core.records import AlignedPair

BASE_SHEET = "glossalign_base"  # the very hidden sheet, as in the glossary curation sheet
BASE_MARK = "glossalign pairs base"
BASE_FORMAT = 1
BASE_HEADER = ["pair", "id", "confidence", "zh_ids", "en_ids", "zh", "en", "zh_file", "en_file", "status"]
REVIEW_STATUSES = ("approved", "rejected")  # what the reviewer picks; "edited" comes from accept_edits
SIDES = ("zh", "en")


class TextChanged(GlossalignError):
    """The reviewed sheet lost, added, duplicated or reordered text (exit 1: the review is refused)."""


@dataclass
class SheetRow:
    """One visible row as the reviewer left it (row: the sheet's row number, 1 = header)."""

    row: int
    id: str
    zh: str
    en: str
    status: str = ""


@dataclass
class Review:
    """The pairs a sheet gives, and how they were read."""

    pairs: list[AlignedPair]
    level: str = "paragraph"
    checked: bool = True  # the text was checked against the base
    notes: list[str] = field(default_factory=list)


def _squeeze(text: str) -> tuple[str, list[int]]:
    """`text` without whitespace, and for each kept character its index in `text`."""
    kept = [(i, c) for i, c in enumerate(text) if not c.isspace()]
    return "".join(c for _, c in kept), [i for i, _ in kept]


def fingerprint(texts: list[str]) -> str:
    """A short hash of one side's whole text, whitespace aside."""
    return hashlib.sha256("".join(_squeeze(t)[0] for t in texts).encode("utf-8")).hexdigest()[:16]


def base_rows(pairs: list[AlignedPair], level: str) -> list[list]:
    """The rows of the hidden base sheet for `pairs` (written by the xlsx writer)."""
    rows: list[list] = [
        [BASE_MARK, BASE_FORMAT, level, fingerprint([p.zh for p in pairs]), fingerprint([p.en for p in pairs])],
        list(BASE_HEADER),
    ]
    for n, p in enumerate(pairs):
        rows.append([n, p.id, round(float(p.confidence), 4), ",".join(p.zh_ids), ",".join(p.en_ids), p.zh, p.en,
                     p.zh_file, p.en_file, p.status])
    return rows


@dataclass
class Base:
    level: str
    pairs: list[AlignedPair]


def parse_base(rows: list[tuple], where: str) -> Base | None:
    """The base from the hidden sheet's rows; None when the sheet is not a pairs base; InputError if broken."""
    if not rows or not rows[0] or rows[0][0] != BASE_MARK:
        return None
    head = list(rows[0]) + [None] * 5
    if head[1] != BASE_FORMAT:
        raise InputError(f"{where}: the hidden base is format {head[1]!r}; this glossalign reads format {BASE_FORMAT}")
    if len(rows) < 2 or list(rows[1][: len(BASE_HEADER)]) != BASE_HEADER:
        raise InputError(f"{where}: the hidden base sheet {BASE_SHEET} is damaged (its header row is wrong); "
                         "convert a copy of the sheet as align wrote it, or delete that sheet to convert unchecked")
    pairs = []
    for r in rows[2:]:
        r = ["" if v is None else v for v in list(r) + [None] * len(BASE_HEADER)]
        pairs.append(AlignedPair(
            id=str(r[1]), confidence=float(r[2] or 0), zh_ids=[i for i in str(r[3]).split(",") if i],
            en_ids=[i for i in str(r[4]).split(",") if i], zh=str(r[5]), en=str(r[6]), zh_file=str(r[7]),
            en_file=str(r[8]), status=str(r[9]),
        ))
    for side, fp in zip(SIDES, head[3:5], strict=True):
        if fp != fingerprint([getattr(p, side) for p in pairs]):
            raise InputError(f"{where}: the hidden base sheet {BASE_SHEET} does not match its fingerprint ({side}); "
                             "it was changed by hand: delete that sheet to convert without the text check")
    return Base(level=str(head[2] or "paragraph"), pairs=pairs)


# ------------------------------------------------------------------ applying the review


@dataclass
class _Side:
    """One side's original text as one squeezed string, and which base pair each character came from."""

    text: str
    owner: list[int]  # base pair index of each character


def _original(base: Base, side: str) -> _Side:
    text, owner = [], []
    for n, p in enumerate(base.pairs):
        squeezed, _ = _squeeze(getattr(p, side))
        text.append(squeezed)
        owner.extend([n] * len(squeezed))
    return _Side("".join(text), owner)


def _snippet(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _raw_words(rows: list[SheetRow], side: str, spans: list[tuple[int, int]], j1: int, j2: int) -> tuple[int, str]:
    """The sheet row holding squeezed position j1, and the raw text of [j1, j2) (or around j1 when empty)."""
    for row, (a, b) in zip(rows, spans, strict=True):
        if a <= j1 < b or (j1 == b and j1 == j2 and a < b):
            raw = getattr(row, side)
            _, index = _squeeze(raw)
            lo, hi = j1 - a, max(j1 - a, min(j2, b) - a)
            start = index[lo] if lo < len(index) else len(raw)
            end = index[hi - 1] + 1 if hi > lo else start
            return row.row, raw[start:end]
    last = next((r for r in reversed(rows) if getattr(r, side).strip()), rows[-1] if rows else None)
    return (last.row if last else 1), ""


def _difference(original: _Side, base: Base, side: str, rows, spans, sheet: str) -> str:
    """A one-line description of the first place the sheet's `side` differs from the original."""
    ops = difflib.SequenceMatcher(None, original.text, sheet, autojunk=False).get_opcodes()
    tag, i1, i2, j1, j2 = next(op for op in ops if op[0] != "equal")
    lost = _original_words(base, side, original, i1, i2)
    row, added = _raw_words(rows, side, spans, j1, j2)
    if tag == "delete":
        return f"row {row}, {side}: the original text {_snippet(lost)!r} is missing"
    if tag == "insert":
        return f"row {row}, {side}: {_snippet(added)!r} is not in the original text here (added, duplicated or out of order)"
    return f"row {row}, {side}: {_snippet(added)!r} differs from the original {_snippet(lost)!r}"


def _original_words(base: Base, side: str, original: _Side, i1: int, i2: int) -> str:
    """The raw original text of squeezed positions [i1, i2) (the pair texts, whitespace kept)."""
    if i2 <= i1:
        return ""
    out, pos = [], 0
    for p in base.pairs:
        raw = getattr(p, side)
        squeezed, index = _squeeze(raw)
        a, b = max(i1, pos), min(i2, pos + len(squeezed))
        if a < b:
            out.append(raw[index[a - pos]: index[b - 1 - pos] + 1])
        pos += len(squeezed)
    return " ".join(out)


def _map_side(original: _Side, sheet: str, spans, accept_edits: bool):
    """For each row: the base pairs its text came from, and whether its text differs from the original."""
    if sheet == original.text:
        return [(sorted({original.owner[k] for k in range(a, b)}), False) for a, b in spans]
    ops = difflib.SequenceMatcher(None, original.text, sheet, autojunk=False).get_opcodes()
    # each sheet character -> an original position (nearest for inserted text), and whether it was changed
    to_orig, changed = [0] * len(sheet), [False] * len(sheet)
    for tag, i1, i2, j1, j2 in ops:
        for j in range(j1, j2):
            to_orig[j] = i1 + (j - j1) if tag == "equal" else min(i1 + (j - j1), max(i1, i2 - 1))
            changed[j] = tag != "equal"
    deleted_at = {j1 for tag, _i1, _i2, j1, _j2 in ops if tag == "delete"}
    out = []
    for a, b in spans:
        owners = {original.owner[min(to_orig[k], len(original.owner) - 1)] for k in range(a, b) if original.owner}
        edited = any(changed[a:b]) or any(a < j <= b for j in deleted_at) or (a == b and a in deleted_at)
        out.append((sorted(owners), edited))
    return out


def apply_review(rows: list[SheetRow], base: Base | None, where: str, *, accept_edits: bool = False) -> Review:
    """The pairs the reviewed `rows` give (see the module doc); InputError naming the row for lost text."""
    for r in rows:
        status = r.status.strip().lower()
        if status and status not in REVIEW_STATUSES + ("edited",):
            raise InputError(f"{where}: row {r.row}: status {r.status!r}; use approved, rejected or leave it empty")
        r.status = status
    if base is None:
        pairs = [AlignedPair(id=r.id or str(r.row - 1), zh=r.zh, en=r.en, status=r.status)
                 for r in rows if r.zh.strip() or r.en.strip()]
        return Review(pairs, checked=False, notes=[
            f"{where}: no glossalign base in the workbook (a hand-made sheet or another tool's): "
            "converted as it is, without the text check"])
    maps = {}
    for side in SIDES:
        original = _original(base, side)
        squeezed = [_squeeze(getattr(r, side))[0] for r in rows]
        spans, pos = [], 0
        for s in squeezed:
            spans.append((pos, pos + len(s)))
            pos += len(s)
        sheet = "".join(squeezed)
        if sheet != original.text and not accept_edits:
            raise TextChanged(f"{where}: {_difference(original, base, side, rows, spans, sheet)}; keep each side's "
                              "text and its order (moving text between rows is fine), or give --accept-edits")
        maps[side] = _map_side(original, sheet, spans, accept_edits)
    pairs, used = [], set()
    for k, r in enumerate(rows):
        if not (r.zh.strip() or r.en.strip()):
            continue
        (zh_from, zh_edit), (en_from, en_edit) = maps["zh"][k], maps["en"][k]
        zh_from = zh_from if r.zh.strip() else []
        en_from = en_from if r.en.strip() else []
        sources = sorted(set(zh_from) | set(en_from))
        originals = [base.pairs[n] for n in sources]
        same = len(sources) == 1 and zh_from == ([sources[0]] if originals[0].zh else []) and \
            en_from == ([sources[0]] if originals[0].en else [])
        pid = originals[0].id if same else (r.id if r.id and r.id not in used else f"r{r.row}")
        if pid in used:
            pid = f"r{r.row}"
        used.add(pid)
        status = r.status
        if (zh_edit and r.zh.strip()) or (en_edit and r.en.strip()):
            status = "rejected" if status == "rejected" else "edited"
        pairs.append(AlignedPair(
            id=pid, zh=r.zh.strip(), en=r.en.strip(),
            zh_ids=[i for n in zh_from for i in base.pairs[n].zh_ids],
            en_ids=[i for n in en_from for i in base.pairs[n].en_ids],
            confidence=originals[0].confidence if same else min((o.confidence for o in originals), default=0.0),
            zh_file=next((o.zh_file for o in originals if o.zh_file), ""),
            en_file=next((o.en_file for o in originals if o.en_file), ""),
            status=status,
        ))
    return Review(pairs, level=base.level)
