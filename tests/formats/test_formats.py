"""Exports: every registered format writes the hard cases; TMX, XLSX, TSV and JSONL are read back and checked."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from core.errors import InputError, UsageError
from core.records import AlignedPair
from formats.pairs import FORMATS, align_fmt, format_for, read_pairs, write_pairs

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def hard_pairs() -> list[AlignedPair]:
    return [
        AlignedPair(
            "1",
            "《不扩散核武器条约》缔约国",
            "States parties to the Treaty on the Non-Proliferation of Nuclear Weapons",
            ["p1"],
            ["p1"],
            0.91,
            "A_zh.txt",
            "A_en.txt",
        ),
        AlignedPair(
            "2",
            "研究与开发 & 生产<武器>",
            "Research & development < \"production\" of 'weapons' >",
            ["p2", "p3"],
            ["p2"],
            0.42,
            "A_zh.txt",
            "A_en.txt",
        ),
        AlignedPair(
            "3",
            "第一行\n第二行\t制表",
            "first line\nsecond line\ttab \\n literal backslash-n",
            ["p4"],
            ["p3", "p4"],
            0.77,
            "A_zh.txt",
            "A_en.txt",
        ),
        AlignedPair("4", "未经翻译的段落。", "", ["p5"], [], 0.0, "A_zh.txt", "A_en.txt"),
        AlignedPair(
            "5",
            "",
            "An English paragraph with no Chinese counterpart.",
            [],
            ["p5"],
            0.0,
            "A_zh.txt",
            "A_en.txt",
        ),
        AlignedPair(
            "6", "=SUM(A1:A2)", '=HYPERLINK("http://x")', ["p6"], ["p6"], 0.66, "A_zh.txt", "A_en.txt"
        ),
    ]


def many_pairs(n: int = 5000) -> list[AlignedPair]:
    return [
        AlignedPair(
            str(i),
            f"第{i}段：裁军谈判会议 & <议程>",
            f'Paragraph {i}: Conference on Disarmament & <agenda> "{i}"',
            [f"p{i}"],
            [f"p{i}"],
            (i % 100) / 100,
            "big_zh.txt",
            "big_en.txt",
        )
        for i in range(1, n + 1)
    ]


def _same(a: AlignedPair, b: AlignedPair) -> bool:
    return (a.id, a.zh, a.en, a.zh_ids, a.en_ids, a.zh_file, a.en_file) == (
        b.id,
        b.zh,
        b.en,
        b.zh_ids,
        b.en_ids,
        b.zh_file,
        b.en_file,
    ) and abs(a.confidence - b.confidence) < 1e-4


def _expected(module, pairs):
    return pairs if module.KEEPS_UNMATCHED else [p for p in pairs if p.zh_ids and p.en_ids and p.zh and p.en]


@pytest.mark.parametrize("name", sorted(FORMATS))
@pytest.mark.parametrize("cases", ["hard", "5000 rows"])
def test_every_format_writes_and_reads_back_the_hard_cases(tmp_path, name, cases):
    module = FORMATS[name]
    pairs = hard_pairs() if cases == "hard" else many_pairs()
    out = tmp_path / f"pairs{module.EXTENSIONS[0]}"
    assert write_pairs(pairs, out) is module  # format inferred from the extension
    assert out.is_file() and out.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left behind
    if module.READABLE:
        back = read_pairs(out)
        expected = _expected(module, pairs)
        assert len(back) == len(expected)
        for want, got in zip(expected, back, strict=True):
            assert _same(want, got), (want, got)
    elif name == "align":  # one line per pair, ids only
        beads = align_fmt.parse(out.read_text(encoding="utf-8"))
        assert len(beads) == len(pairs)
    else:  # the side-by-side page: one table row per pair
        assert out.read_text(encoding="utf-8").count('<tr class="pair') == len(pairs)
    if not module.BINARY:

        def undated(text):
            return re.sub(r'creationdate="[^"]*"', "", text)

        assert undated(module.dumps(pairs)) == undated(out.read_text(encoding="utf-8"))


def test_format_names_and_extensions():
    assert set(FORMATS) == {"xlsx", "tmx", "tsv", "jsonl", "align", "html"}
    assert format_for("x.TSV").NAME == "tsv"
    assert format_for("out.txt", "tmx").NAME == "tmx"  # an explicit format for an extension nobody claims
    with pytest.raises(UsageError, match="extension says xlsx but --format says tmx"):
        format_for("out.xlsx", "tmx")  # one that contradicts the extension is a usage error
    with pytest.raises(UsageError, match="standard output"):
        format_for("-", "xlsx")
    with pytest.raises(UsageError, match="needs --format"):
        format_for("-")
    assert format_for("-", "tmx").NAME == "tmx"
    with pytest.raises(InputError, match="extension"):
        format_for("pairs.csv")
    with pytest.raises(InputError, match="unknown format"):
        format_for("pairs.tsv", "docx")


def test_tmx_structure_parsed_back_with_an_xml_parser(tmp_path):
    out = tmp_path / "tm.tmx"
    write_pairs(hard_pairs(), out, level="sentence")
    raw = out.read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert b'<!DOCTYPE tmx SYSTEM "tmx14.dtd">' in raw
    assert "《不扩散核武器条约》".encode() in raw  # CJK as UTF-8, not character references
    root = ET.parse(out).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    for key, value in {
        "creationtool": "glossalign",
        "segtype": "sentence",
        "o-tmf": "glossalign",
        "adminlang": "en",
        "srclang": "zh-CN",
        "datatype": "plaintext",
    }.items():
        assert header.get(key) == value
    assert header.get("creationtoolversion")
    tus = root.findall("body/tu")
    # the two unmatched pairs (4, 5) are skipped: a TM unit needs both sides
    assert [tu.get("tuid") for tu in tus] == ["1", "2", "3", "6"]
    by_id = {tu.get("tuid"): tu for tu in tus}
    tu = by_id["2"]
    children = [c.tag for c in tu]
    assert children[: children.index("tuv")] == ["prop"] * children.index(
        "tuv"
    )  # props before tuvs (TMX DTD)
    props = {p.get("type"): p.text for p in tu.findall("prop")}
    assert props["x-confidence"] == "0.4200" and props["x-zh-ids"] == "p2,p3" and props["x-en-ids"] == "p2"
    tuvs = tu.findall("tuv")
    assert [t.get(XML_LANG) for t in tuvs] == ["zh-CN", "en"]
    assert tuvs[0].find("seg").text == "研究与开发 & 生产<武器>"
    assert tuvs[1].find("seg").text == "Research & development < \"production\" of 'weapons' >"
    assert (
        by_id["3"].findall("tuv")[1].find("seg").text
        == "first line\nsecond line\ttab \\n literal backslash-n"
    )


def test_tmx_drops_characters_xml_cannot_hold(tmp_path):
    out = tmp_path / "ctl.tmx"
    write_pairs([AlignedPair("1", "控制\x0b字符", "control\x00 char\x1f", ["p1"], ["p1"], 0.9)], out)
    seg = [s.text for s in ET.parse(out).getroot().iter("seg")]
    assert seg == ["控制字符", "control char"]


def test_xlsx_read_back_with_openpyxl(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "review.xlsx"
    pairs = hard_pairs()
    write_pairs(pairs, out)
    wb = load_workbook(out)
    ws = wb.active
    assert ws.freeze_panes == "B2"
    header = [c.value for c in ws[1]]
    assert header == ["id", "zh-CN", "en", "status", "confidence", "review"]
    assert all(c.font.bold for c in ws[1])
    assert ws.max_row == len(pairs) + 1
    rows = {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1)}
    assert ws.cell(rows["1"], 2).value == "《不扩散核武器条约》缔约国"
    assert ws.cell(rows["3"], 2).value == "第一行\n第二行\t制表"
    assert ws.cell(rows["1"], 5).value == pytest.approx(0.91)
    assert ws.cell(rows["4"], 6).value == "unmatched" and ws.cell(rows["2"], 6).value == "low confidence"
    # segment ids and source files live in the very hidden base sheet
    base = wb["glossalign_base"]
    assert base.sheet_state == "veryHidden"
    base_rows = {r[1]: r for r in base.iter_rows(min_row=3, values_only=True)}
    assert base_rows["2"][3] == "p2,p3" and base_rows["1"][7] == "A_zh.txt"
    # a text that looks like a formula stays text
    assert ws.cell(rows["6"], 2).value == "=SUM(A1:A2)" and ws.cell(rows["6"], 2).data_type == "s"
    assert ws.cell(rows["1"], 2).alignment.wrap_text and ws.cell(rows["1"], 3).alignment.wrap_text
    assert ws.column_dimensions["B"].width >= 40 and ws.column_dimensions["C"].width >= 40

    def filled(r):
        return {
            ws.cell(r, c).fill.fgColor.rgb[-6:]
            for c in range(1, 7)
            if ws.cell(r, c).fill.fill_type == "solid"
        }

    assert filled(rows["1"]) == set() and filled(rows["3"]) == set() and filled(rows["6"]) == set()
    assert len(filled(rows["2"])) == 1  # confidence 0.42 < 0.5: every cell of the row highlighted
    assert len(filled(rows["4"])) == 1 and len(filled(rows["5"])) == 1  # unmatched
    assert filled(rows["4"]) != filled(rows["2"])  # unmatched stands out from merely low confidence


def test_tsv_is_standard_csv_quoting_without_escapes(tmp_path):
    import csv

    out = tmp_path / "pairs.tsv"
    write_pairs(hard_pairs(), out)
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    assert rows[0] == ["id", "zh", "en", "confidence", "kind", "zh_ids", "en_ids", "zh_file", "en_file"]
    assert len(rows) == len(hard_pairs()) + 1 and all(len(r) == 9 for r in rows)
    assert [r[1] for r in rows[1:]] == [p.zh for p in hard_pairs()]  # the text itself, not an escaped form
    assert [r[2] for r in rows[1:]] == [p.en for p in hard_pairs()]
    assert rows[3][4] == "1-2"
    assert "\\\\" not in out.read_text(encoding="utf-8")  # no doubled backslashes


def test_jsonl_is_one_object_per_line(tmp_path):
    out = tmp_path / "pairs.jsonl"
    write_pairs(hard_pairs(), out)
    lines = out.read_text(encoding="utf-8").splitlines()
    objs = [json.loads(line) for line in lines]
    assert len(objs) == len(hard_pairs())
    assert objs[1]["kind"] == "2-1" and objs[3]["kind"] == "1-0" and objs[0]["zh"].startswith("《不扩散")


def test_align_format_matches_the_mac_test_gold_layout(tmp_path):
    out = tmp_path / "doc.align"
    write_pairs(hard_pairs(), out)
    assert out.read_text().splitlines() == [
        "[0]:[0]",
        "[1,2]:[1]",
        "[3]:[2,3]",
        "[4]:[]",
        "[]:[4]",
        "[5]:[5]",
    ]
    # sentence ids count their unit (paragraph or line): two sentences of p1 are unit 0, named once;
    # l-ids (segmented input) are 1-based
    sent = [
        AlignedPair("1.1", "a", "b", ["p1.s1"], ["p1.s1", "p1.s2"]),
        AlignedPair("2.1", "c", "", ["p2.s1"], []),
    ]
    assert align_fmt.dumps(sent).splitlines() == ["[0]:[0]", "[1]:[]"]
    # sentence pairs that share a unit are one line: each unit named once, in order
    split = [
        AlignedPair("1.1", "a", "b", ["p1.s1"], ["p1.s1"]),
        AlignedPair("1.2", "a2", "b2", ["p1.s2"], ["p2.s1"]),
        AlignedPair("2.1", "c", "d", ["p2.s1"], ["p3.s1"]),
    ]
    assert align_fmt.dumps(split).splitlines() == ["[0]:[0,1]", "[1]:[2]"]
    lines = [AlignedPair("1", "a", "b", ["l1", "l2"], ["l1"]), AlignedPair("2", "", "c", [], ["l2"])]
    assert align_fmt.dumps(lines).splitlines() == ["[0,1]:[0]", "[]:[1]"]
    assert align_fmt.parse("[8,9]:[8]\n[]:[217]\n") == [([8, 9], [8]), ([], [217])]


def test_read_pairs_errors_are_user_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_pairs(tmp_path / "missing.tsv")
    (tmp_path / "x.align").write_text("[0]:[0]\n")
    with pytest.raises(InputError, match="cannot be read back"):
        read_pairs(tmp_path / "x.align")
    (tmp_path / "bad.jsonl").write_text('{"id": "1", "zh": "a"}\nnot json\n')
    with pytest.raises(InputError, match="bad.jsonl"):
        read_pairs(tmp_path / "bad.jsonl")
    (tmp_path / "bad.tsv").write_text("a\tb\n1\t2\n")
    with pytest.raises(InputError, match="header"):
        read_pairs(tmp_path / "bad.tsv")
    (tmp_path / "bad.tmx").write_text("<tmx><body><tu>")
    with pytest.raises(InputError, match="bad.tmx"):
        read_pairs(tmp_path / "bad.tmx")


def test_failed_write_leaves_nothing(tmp_path):
    class Boom(AlignedPair):
        @property
        def kind(self):
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_pairs([Boom("1", "a", "b", ["p1"], ["p1"], 0.9)], tmp_path / "x.tsv")
    assert list(tmp_path.iterdir()) == []


# The element and attribute declarations of the TMX 1.4b DTD that our files use (LISA OSCAR standard).
TMX14_CORE_DTD = (Path(__file__).resolve().parents[1] / "data" / "tmx14-core.dtd").read_text(encoding="utf-8")


def test_tmx_is_valid_against_the_tmx14_structure(tmp_path):
    etree = pytest.importorskip("lxml.etree")
    out = tmp_path / "tm.tmx"
    write_pairs(hard_pairs(), out, level="paragraph")
    dtd = etree.DTD(io.StringIO(TMX14_CORE_DTD))
    doc = etree.parse(str(out), etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False))
    assert doc.docinfo.doctype == '<!DOCTYPE tmx SYSTEM "tmx14.dtd">'
    assert dtd.validate(doc), dtd.error_log.filter_from_errors()
