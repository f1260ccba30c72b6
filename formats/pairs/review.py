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
came from: a segment moved to another row takes its id there, and regrouped rows name each segment once,
in order (`_map_side`); only a segment whose own text was cut over two rows is named by both. A sheet without a base (hand-made, another tool's) is read as it is, without the check.
"""

from __future__ import annotations

import bisect
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


def _sentence_ends(raw: str, side: str, length: int) -> list[int]:
    """Squeezed offsets inside a pair's `raw` text where a sentence ends (candidate segment boundaries)."""
    from ingest.sentences import split_sentences

    ends, pos = [], 0
    for sentence in split_sentences(raw, side):
        pos += len(_squeeze(sentence)[0])
        ends.append(pos)
    if not ends or ends[-1] != length:  # the splitter did not keep every character: no candidates
        return []
    return ends[:-1]


def _spread(candidates: list[int], need: int) -> list[int]:
    """`need` of the sorted `candidates`, evenly spaced among them."""
    if need >= len(candidates):
        return list(candidates)
    return [candidates[round((i + 1) * (len(candidates) + 1) / (need + 1)) - 1] for i in range(need)]


def _boundaries(length: int, k: int, cuts: set[int], ends: list[int]) -> list[int]:
    """Where the k segments of one base pair's side (squeezed, `length` characters) are thought to meet.

    The sheet does not keep segment boundaries inside a pair's text (the pair holds the segments joined),
    so they are chosen among places that likely are: first where the reviewer cut the pair's text into
    rows at a sentence end, then any other place the reviewer cut it (a reviewer moving whole segments cuts
    exactly at their boundaries), then sentence ends, each time in the segment holding most sentence
    ends (at its middle one), and last, where nothing is left to go by, at the middle of the longest
    segment. With one sentence a segment (sentence level, --layout lines) the boundaries are exact.
    """
    need = k - 1
    chosen: set[int] = set()
    ends_set = set(ends)
    for level in (sorted(c for c in cuts if c in ends_set), sorted(c for c in cuts if c not in ends_set)):
        picked = _spread(level, need - len(chosen))
        chosen.update(picked)
    free = [e for e in ends if e not in chosen]
    while len(chosen) < need and free:
        bounds = [0, *sorted(chosen), length]
        inside = [[e for e in free if a < e < b] for a, b in zip(bounds, bounds[1:], strict=False)]
        best = max(range(len(inside)), key=lambda g: (len(inside[g]), bounds[g + 1] - bounds[g]))
        pick = inside[best][(len(inside[best]) - 1) // 2]
        chosen.add(pick)
        free.remove(pick)
    while len(chosen) < need:
        bounds = [0, *sorted(chosen), length]
        a, b = max(zip(bounds, bounds[1:], strict=False), key=lambda ab: ab[1] - ab[0])
        mid = (a + b) // 2
        if mid in chosen or mid <= 0 or mid >= length:  # fewer characters than segments
            break
        chosen.add(mid)
    return sorted(chosen)


def _map_side(original: _Side, base: Base, side: str, sheet: str, spans):
    """For each row: the base pairs its text came from, whether its text differs from the original, and the
    segment ids it names.

    A row names the segments whose text it holds, in order. Segment boundaries inside a base pair are found
    by `_boundaries`, which takes the places the reviewer cut a pair's text into rows first: so when rows
    are regrouped (whole segments moved to a neighbouring row, rows merged, a row split between segments)
    each segment is named once and its id goes where its text went. Only a segment whose own text the
    reviewer cut over two rows is named by both, as its text is then in both.
    """
    if sheet == original.text:
        to_orig, changed, deleted_at = list(range(len(sheet))), None, set()
    else:
        ops = difflib.SequenceMatcher(None, original.text, sheet, autojunk=False).get_opcodes()
        # each sheet character -> an original position (nearest for inserted text), and whether it was changed
        to_orig, changed = [0] * len(sheet), [False] * len(sheet)
        for tag, i1, i2, j1, j2 in ops:
            for j in range(j1, j2):
                to_orig[j] = i1 + (j - j1) if tag == "equal" else min(i1 + (j - j1), max(i1, i2 - 1))
                changed[j] = tag != "equal"
        deleted_at = {j1 for tag, _i1, _i2, j1, _j2 in ops if tag == "delete"}
    identity = changed is None
    if not identity:
        last = len(original.owner) - 1
        to_orig = [min(o, last) for o in to_orig] if original.owner else []
    # where the reviewer cut the original text into rows
    cuts = set()
    for a, b in spans:
        if a < b and to_orig:
            cuts.update((to_orig[a], to_orig[b - 1] + 1))
    cuts = sorted(cuts)
    # each original character -> its segment (a global index into seg_ids, -1 for a pair without ids); a
    # segment given no character of its own (fewer characters than segments) is anchored where it would
    # start, and named by the row holding that character
    seg_of: list[int] = []
    seg_ids: list[str] = []
    anchors: list[tuple[int, int]] = []  # (segment, original position)
    start = 0
    for p in base.pairs:
        raw = getattr(p, side)
        ids = getattr(p, f"{side}_ids")
        length = len("".join(raw.split()))  # squeezed, as _squeeze (str.split and isspace agree)
        first = len(seg_ids)
        seg_ids.extend(ids)
        if not ids or not length:  # no ids; or ids without text on this side, which no row can hold
            seg_of.extend([-1] * length)
        elif len(ids) == 1:
            seg_of.extend([first] * length)
        else:
            inside = cuts[bisect.bisect_right(cuts, start):bisect.bisect_left(cuts, start + length)]
            if inside:  # the reviewer cut this pair's text: where its segments meet decides which row names which
                bounds = _boundaries(length, len(ids), {c - start for c in inside}, _sentence_ends(raw, side, length))
            else:  # all of it is in one row: any boundaries do
                bounds = [length * n // len(ids) for n in range(1, len(ids))]
            edges = [0, *bounds, *[length] * (len(ids) - 1 - len(bounds)), length]  # padded: fewer characters than ids
            for n in range(len(ids)):
                seg_of.extend([first + n] * (edges[n + 1] - edges[n]))
                if edges[n + 1] == edges[n]:
                    anchors.append((first + n, min(start + edges[n], start + length - 1)))
        start += length
    # each row -> the segments it holds text of, in order
    row_segs: list[set[int]] = []
    first_row: dict[int, int] = {}  # original position -> the first row holding it (for anchors)
    for k, (a, b) in enumerate(spans):
        if not original.owner:  # no original text on this side (only with --accept-edits)
            row_segs.append(set())
            continue
        held = set(seg_of[a:b]) if identity else {seg_of[to_orig[j]] for j in range(a, b)}
        held.discard(-1)
        row_segs.append(held)
        if anchors:
            for j in range(a, b):
                first_row.setdefault(to_orig[j], k)
    for seg, at in anchors:
        if at in first_row:
            row_segs[first_row[at]].add(seg)
    out = []
    for k, (a, b) in enumerate(spans):
        if identity:
            owners = sorted(set(original.owner[a:b]))
        else:
            owners = sorted({original.owner[to_orig[j]] for j in range(a, b)}) if original.owner else []
        edited = not identity and (
            any(changed[a:b]) or any(a < j <= b for j in deleted_at) or (a == b and a in deleted_at))
        out.append((owners, edited, [seg_ids[seg] for seg in sorted(row_segs[k])]))
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
        maps[side] = _map_side(original, base, side, sheet, spans)
    pairs, used = [], set()
    for k, r in enumerate(rows):
        if not (r.zh.strip() or r.en.strip()):
            continue
        (zh_from, zh_edit, zh_ids), (en_from, en_edit, en_ids) = maps["zh"][k], maps["en"][k]
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
            zh_ids=list(zh_ids) if r.zh.strip() else [],
            en_ids=list(en_ids) if r.en.strip() else [],
            confidence=originals[0].confidence if same else min((o.confidence for o in originals), default=0.0),
            zh_file=next((o.zh_file for o in originals if o.zh_file), ""),
            en_file=next((o.en_file for o in originals if o.en_file), ""),
            status=status,
        ))
    return Review(pairs, level=base.level)
