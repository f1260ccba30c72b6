"""Reviewed ids (issue 24): a review sheet whose rows were regrouped converts to ids that name each segment
once, in order, where its text went.

Pairs are made as `align` makes them (each side's segments joined, "" between Chinese ones and " " between
English ones, ids p1, p2...), the sheet is written by the project's XLSX writer, edited with openpyxl the way
a reviewer does (cut a segment's text from one cell and paste it into the neighbour, merge two rows, split
one into an inserted row) and converted back, also through `glossalign pairs convert`.
"""

from __future__ import annotations

import json
import random
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app
from core.records import AlignedPair
from formats.pairs import align_fmt, read_pairs, xlsx

runner = CliRunner()

# paragraphs of several sentences each, so that sentence ends are not segment boundaries
ZH = {
    "p1": "关于防止外层空间军备竞赛的声明。",
    "p2": "21国集团认为，空间技术已成为日常生活中不可或缺的组成部分。信息、通信和导航都依赖空间技术。",
    "p3": "本集团重申，外层空间是人类的共同遗产。外层空间应当完全用于和平目的。",
    "p4": "本集团认识到，防止外层空间的军备竞赛可使国际和平与安全免于严重危险。",
    "p5": "本集团强调，必须采取进一步措施。这些措施应有适当和有效的核查规定。",
    "p6": "所有国家都应避免采取违背这一目标的行动。",
}
EN = {
    "p1": "Statement on the prevention of an arms race in outer space.",
    "p2": "The Group of 21 considers that space technology has become indispensable. Daily life depends on it.",
    "p3": "Information, communications and navigation depend on space technology. It develops rapidly. "
          "This is a third sentence.",
    "p4": "The Group reaffirms that outer space is the common heritage of mankind.",
    "p5": "Its exploration shall be for peaceful purposes. It shall benefit all States.",
    "p6": "The Group recognizes that preventing an arms race would avert a grave danger.",
    "p7": "All States should refrain from actions contrary to that objective.",
}
# the alignment the sheet is written from: 1-1, 1-2, 1-2, 2-1, 1-1 (pair ids 1..5)
BEADS = [(["p1"], ["p1"]), (["p2"], ["p2", "p3"]), (["p3"], ["p4", "p5"]), (["p4", "p5"], ["p6"]), (["p6"], ["p7"])]


def make_pairs(beads=BEADS, zh=ZH, en=EN) -> list[AlignedPair]:
    """Pairs as align/documents.py builds them."""
    return [AlignedPair(id=str(n), zh="".join(zh[i] for i in z), en=" ".join(en[i] for i in e), zh_ids=list(z),
                        en_ids=list(e), confidence=0.8, zh_file="zh.txt", en_file="en.txt")
            for n, (z, e) in enumerate(beads, 1)]


def write_sheet(tmp_path: Path, pairs: list[AlignedPair], level: str = "paragraph") -> Path:
    path = tmp_path / "pairs.xlsx"
    xlsx.write(pairs, path, level=level)
    return path


def edit(path: Path, rows: list[tuple[str, str]], *, insert: int = 0) -> Path:
    """Set the zh/en cells of the sheet's pair rows (row 2 on) to `rows`; `insert` rows inserted first,
    below the last pair (as a reviewer inserts rows to split one); rows beyond `rows` are emptied."""
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    zh_col, en_col = header.index("zh-CN") + 1, header.index("en") + 1
    if insert:
        ws.insert_rows(ws.max_row + 1, insert)
    last = max(ws.max_row, len(rows) + 1)
    for r in range(2, last + 1):
        z, e = rows[r - 2] if r - 2 < len(rows) else ("", "")
        ws.cell(r, zh_col).value = z or None
        ws.cell(r, en_col).value = e or None
    out = path.with_name("reviewed.xlsx")
    wb.save(out)
    return out


def texts(ids: list[str], side: str) -> str:
    table = ZH if side == "zh" else EN
    return ("" if side == "zh" else " ").join(table[i] for i in ids)


def sheet_of(groups: list[tuple[list[str], list[str]]]) -> list[tuple[str, str]]:
    return [(texts(z, "zh"), texts(e, "en")) for z, e in groups]


def ids_of(pairs) -> list[tuple[list[str], list[str]]]:
    return [(p.zh_ids, p.en_ids) for p in pairs]


def assert_named_once(pairs, zh=ZH, en=EN):
    assert [i for p in pairs for i in p.zh_ids] == list(zh)
    assert [i for p in pairs for i in p.en_ids] == list(en)


def test_an_unedited_sheet_round_trips_to_identical_ids(tmp_path):
    pairs = make_pairs()
    back = read_pairs(write_sheet(tmp_path, pairs))
    assert ids_of(back) == ids_of(pairs) and [p.id for p in back] == [p.id for p in pairs]
    assert [(p.zh, p.en) for p in back] == [(p.zh, p.en) for p in pairs]


# each case: the rows the reviewer leaves (zh ids, en ids per row, as text); the ids must be exactly these
REGROUPINGS = {
    # the issue's case: English p3 moved one row down, into the row of p4 and p5
    "en segment down": [(["p1"], ["p1"]), (["p2"], ["p2"]), (["p3"], ["p3", "p4", "p5"]), (["p4", "p5"], ["p6"]),
                        (["p6"], ["p7"])],
    "en segment up": [(["p1"], ["p1"]), (["p2"], ["p2", "p3", "p4"]), (["p3"], ["p5"]), (["p4", "p5"], ["p6"]),
                      (["p6"], ["p7"])],
    "zh segment down": [(["p1"], ["p1"]), (["p2"], ["p2", "p3"]), (["p3"], ["p4", "p5"]), (["p4"], ["p6"]),
                        (["p5", "p6"], ["p7"])],
    "zh segment up": [(["p1"], ["p1"]), (["p2"], ["p2", "p3"]), (["p3", "p4"], ["p4", "p5"]), (["p5"], ["p6"]),
                      (["p6"], ["p7"])],
    "both sides, both ways": [(["p1"], ["p1"]), (["p2", "p3"], ["p2"]), ([], ["p3", "p4"]), (["p4"], ["p5", "p6"]),
                              (["p5", "p6"], ["p7"])],
    "two rows merged into one": [(["p1"], ["p1"]), (["p2", "p3"], ["p2", "p3", "p4", "p5"]), (["p4", "p5"], ["p6"]),
                                 (["p6"], ["p7"])],
    "all merged": [(list(ZH), list(EN))],
}


@pytest.mark.parametrize("case", list(REGROUPINGS))
def test_regrouped_rows_name_each_segment_once_where_its_text_went(tmp_path, case):
    groups = REGROUPINGS[case]
    reviewed = edit(write_sheet(tmp_path, make_pairs()), sheet_of(groups))
    back = read_pairs(reviewed)
    assert [(p.zh, p.en) for p in back] == sheet_of(groups)  # the text is the reviewer's
    assert ids_of(back) == groups
    assert_named_once(back)


@pytest.mark.parametrize("at", [1, 2])  # the 1-2 pair split at its English boundary; the 2-1 at its Chinese one
def test_a_row_split_between_its_segments_names_each_in_its_own_row(tmp_path, at):
    if at == 1:
        groups = [(["p1"], ["p1"]), (["p2"], ["p2"]), ([], ["p3"]), (["p3"], ["p4", "p5"]), (["p4", "p5"], ["p6"]),
                  (["p6"], ["p7"])]
    else:
        groups = [(["p1"], ["p1"]), (["p2"], ["p2", "p3"]), (["p3"], ["p4"]), ([], ["p5"]), (["p4"], ["p6"]),
                  (["p5"], []), (["p6"], ["p7"])]
    reviewed = edit(write_sheet(tmp_path, make_pairs()), sheet_of(groups), insert=len(groups) - len(BEADS))
    back = read_pairs(reviewed)
    assert ids_of(back) == groups
    assert_named_once(back)


def test_a_segment_cut_inside_is_named_by_both_rows_that_hold_it(tmp_path):
    """The one case where an id is named twice: the reviewer cut one segment's own text over two rows (the
    last pair, p6 | p7, split into an inserted row); the other ids stay once."""
    pairs = make_pairs()
    rows = [(p.zh, p.en) for p in pairs[:-1]] + [(ZH["p6"][:9], EN["p7"][:30]), (ZH["p6"][9:], EN["p7"][30:])]
    back = read_pairs(edit(write_sheet(tmp_path, pairs), rows, insert=1))
    assert ids_of(back) == [b for b in BEADS[:-1]] + [(["p6"], ["p7"])] * 2


def test_segments_without_end_punctuation_follow_their_text(tmp_path):
    """A title and a date (no full stop) joined with the next segment: moving a segment at such a boundary
    still names it once, where it went (the reviewer's cut is taken for the boundary)."""
    zh = {"p1": "关于防止外层空间军备竞赛的声明", "p2": "2012年11月15日", "p3": ZH["p2"], "p4": ZH["p3"]}
    en = {"p1": "Statement on the prevention of an arms race in outer space", "p2": "15 November 2012",
          "p3": EN["p2"], "p4": EN["p3"]}
    pairs = make_pairs([(["p1", "p2"], ["p1", "p2"]), (["p3", "p4"], ["p3", "p4"])], zh, en)
    after = [(["p1"], ["p1"]), (["p2", "p3"], ["p2", "p3"]), (["p4"], ["p4"])]
    rows = [("".join(zh[i] for i in z), " ".join(en[i] for i in e)) for z, e in after]
    back = read_pairs(edit(write_sheet(tmp_path, pairs), rows))
    assert ids_of(back) == after


def _convert(reviewed: Path, out: Path):
    result = runner.invoke(app, ["pairs", "convert", str(reviewed), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_issue_case_through_the_cli(tmp_path):
    """English p3 moved one row down: JSONL, .align and TMX all name it once, in the row its text went to
    (before the fix: `[1]:[1,2]` and `[2]:[1,2,3,4]` in the .align)."""
    groups = REGROUPINGS["en segment down"]
    reviewed = edit(write_sheet(tmp_path, make_pairs()), sheet_of(groups))
    rows = [json.loads(line) for line in _convert(reviewed, tmp_path / "out.jsonl").read_text().splitlines()]
    assert [(r["zh_ids"], r["en_ids"]) for r in rows] == groups
    assert [r["en"] for r in rows] == [texts(e, "en") for _, e in groups]
    beads = align_fmt.parse(_convert(reviewed, tmp_path / "out.align").read_text())
    assert beads == [([0], [0]), ([1], [1]), ([2], [2, 3, 4]), ([3, 4], [5]), ([5], [6])]
    tus = ET.parse(_convert(reviewed, tmp_path / "out.tmx")).getroot().iter("tu")
    props = [{p.get("type"): p.text for p in tu.findall("prop")} for tu in tus]
    assert [(p["x-zh-ids"], p["x-en-ids"]) for p in props] == [(",".join(z), ",".join(e)) for z, e in groups]


def _sentences(n: int, side: str, rng: random.Random) -> dict[str, str]:
    words_zh = ["本集团", "重申", "外层空间", "和平", "裁军", "会议", "核查", "条约", "国家", "安全"]
    words_en = ["the", "Group", "reaffirms", "outer", "space", "peace", "Conference", "treaty", "States", "security"]
    out = {}
    for i in range(1, n + 1):
        pick = rng.choices(words_zh if side == "zh" else words_en, k=rng.randint(2, 9))
        out[f"p{i}.s1"] = ("".join(pick) + "。") if side == "zh" else (" ".join(pick).capitalize() + ".")
    return out


def _random_groups(n_zh: int, n_en: int, rng: random.Random) -> list[tuple[list[int], list[int]]]:
    """Random rows over both sides' segments in order (0-3 a side, never both empty)."""
    groups, z, e = [], 0, 0
    while z < n_zh or e < n_en:
        a, b = rng.randint(0, 3), rng.randint(0, 3)
        a, b = min(a, n_zh - z), min(b, n_en - e)
        if a == b == 0:
            continue
        groups.append((list(range(z, z + a)), list(range(e, e + b))))
        z, e = z + a, e + b
    return groups


@pytest.mark.parametrize("seed", range(12))
def test_random_regroupings_of_one_sentence_segments_give_exact_ids(tmp_path, seed):
    """Sentence level, one sentence a segment (the case --level sentence and --layout lines give): any
    regrouping of whole segments, on either side, in any direction, gives exactly the segments each row holds."""
    rng = random.Random(seed)
    zh, en = _sentences(rng.randint(4, 14), "zh", rng), _sentences(rng.randint(4, 14), "en", rng)
    zk, ek = list(zh), list(en)
    before = [([zk[i] for i in z], [ek[i] for i in e]) for z, e in _random_groups(len(zk), len(ek), rng)]
    pairs = make_pairs(before, zh, en)
    after = [([zk[i] for i in z], [ek[i] for i in e]) for z, e in _random_groups(len(zk), len(ek), rng)]
    rows = [("".join(zh[i] for i in z), " ".join(en[i] for i in e)) for z, e in after]
    path = write_sheet(tmp_path, pairs, level="sentence")
    reviewed = edit(path, rows, insert=max(0, len(after) - len(before)))
    back = read_pairs(reviewed)
    assert ids_of(back) == after
    assert_named_once(back, zh, en)


def test_a_regrouping_with_a_corrected_word_keeps_the_ids_with_the_text(tmp_path):
    """--accept-edits: English p3 moved down and a word in it corrected; the ids still follow the text and
    name each segment once, and the rows with changed text are marked edited."""
    groups = REGROUPINGS["en segment down"]
    rows = sheet_of(groups)
    rows[2] = (rows[2][0], rows[2][1].replace("rapidly", "quickly"))
    reviewed = edit(write_sheet(tmp_path, make_pairs()), rows)
    back = read_pairs(reviewed, accept_edits=True)
    assert ids_of(back) == groups
    assert [p.status for p in back] == ["", "", "edited", "", ""]


def test_a_sheet_from_align_regrouped_at_sentence_level(tmp_path, hash_layout_before_evidence):
    """The sheet `glossalign align --level sentence` writes for the mini G-21 statement (test embedder): the
    last Chinese sentence of the first row holding several is moved down a row, the first English sentence
    of the first row holding several is moved up a row; JSONL and .align name each sentence once, the moved
    ones in their new rows."""
    from ingest.sentences import split_sentences

    data = Path(__file__).resolve().parents[1] / "data"
    sheet = tmp_path / "pairs.xlsx"
    result = runner.invoke(app, ["align", str(data / "mini_zh.txt"), str(data / "mini_en.txt"), "--level",
                                 "sentence", "--model", "hash", "-o", str(sheet)])
    assert result.exit_code == 0, result.output
    pairs = read_pairs(sheet)
    want = [(list(p.zh_ids), list(p.en_ids)) for p in pairs]
    rows = [[p.zh, p.en] for p in pairs]
    z = next(n for n, p in enumerate(pairs) if len(p.zh_ids) >= 2 and n + 1 < len(pairs))
    parts = split_sentences(pairs[z].zh, "zh")
    assert len(parts) == len(pairs[z].zh_ids)
    rows[z][0], rows[z + 1][0] = "".join(parts[:-1]), parts[-1] + rows[z + 1][0]
    want[z + 1][0].insert(0, want[z][0].pop())
    e = next(n for n, p in enumerate(pairs) if len(p.en_ids) >= 2 and n > 0 and n not in (z, z + 1))
    parts = split_sentences(pairs[e].en, "en")
    assert len(parts) == len(pairs[e].en_ids)
    rows[e - 1][1], rows[e][1] = (rows[e - 1][1] + " " + parts[0]).strip(), " ".join(parts[1:])
    want[e - 1][1].append(want[e][1].pop(0))
    reviewed = edit(sheet, [tuple(r) for r in rows])
    got = [json.loads(line) for line in _convert(reviewed, tmp_path / "out.jsonl").read_text().splitlines()]
    assert [(r["zh_ids"], r["en_ids"]) for r in got] == [w for w in want if w[0] or w[1]]
    beads = align_fmt.parse(_convert(reviewed, tmp_path / "out.align").read_text())
    for side in (0, 1):
        flat = [i for b in beads for i in b[side]]
        units = {i.rsplit(".s", 1)[0] for w in want for i in w[side]}  # .align counts paragraphs, each once
        assert flat == list(range(len(flat))) and len(flat) == len(units)
