"""Glossary exports: CSV with BOM, TBX v3 TBX-Basic structure, XLSX; each read back by load_glossary."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET

import pytest

from core.errors import InputError
from core.records import GlossaryEntry
from formats.glossary import read_glossary, write_glossary
from glossary.store import load_glossary

NS = {"t": "urn:iso:std:iso:30042:ed-2"}
LANG = "{http://www.w3.org/XML/1998/namespace}lang"

ENTRIES = [
    GlossaryEntry("不扩散核武器条约", "Treaty on the Non-Proliferation of Nuclear Weapons",
                  variants=["Non-Proliferation Treaty"], avoid=["NPT Treaty"], abbreviation="NPT", category="treaty",
                  status="approved", en_source="base", frequency=12, documents=3),
    GlossaryEntry("外层空间", "outer space", status="edited", en_source="human", frequency=5, documents=1,
                  note='quotes " & <tags>'),
    GlossaryEntry("陈清扬", "", status="candidate", frequency=2, documents=1),
    GlossaryEntry("裁军", "disarmament", status="rejected", en_source="pairs", frequency=1, documents=1),
]


def test_csv_has_bom_header_and_reads_back(tmp_path):
    out = write_glossary(ENTRIES, tmp_path / "g.csv")
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert {"zh", "en", "status", "frequency", "documents", "category", "en_source"} <= set(rows[0])
    assert rows[0]["variants"] == "Non-Proliferation Treaty" and rows[1]["note"] == 'quotes " & <tags>'
    back = load_glossary(out)
    assert [(e.zh, e.en, e.status, e.variants, e.avoid, e.frequency) for e in back] == [
        (e.zh, e.en, e.status, e.variants, e.avoid, e.frequency) for e in ENTRIES
    ]


def test_csv_without_status_counts_as_approved(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("EN,ZH\ndisarmament,裁军\n", encoding="utf-8")
    assert [(e.zh, e.en, e.status) for e in read_glossary(path)] == [("裁军", "disarmament", "approved")]
    path.write_text("term,translation\n裁军,disarmament\n", encoding="utf-8")
    with pytest.raises(InputError, match="lacks zh/en"):
        read_glossary(path)


def test_tbx_v3_basic_structure(tmp_path):
    out = write_glossary(ENTRIES, tmp_path / "g.tbx")
    root = ET.parse(out).getroot()
    assert root.tag == "{urn:iso:std:iso:30042:ed-2}tbx"
    assert (root.get("type"), root.get("style"), root.get(LANG)) == ("TBX-Basic", "dca", "en")
    assert root.find("t:tbxHeader/t:fileDesc/t:sourceDesc/t:p", NS) is not None
    concepts = root.findall("t:text/t:body/t:conceptEntry", NS)
    assert len(concepts) == 3  # the rejected term is left out
    assert len({c.get("id") for c in concepts}) == 3
    npt = concepts[0]
    langs = [ls.get(LANG) for ls in npt.findall("t:langSec", NS)]
    assert langs == ["zh-CN", "en"]
    en_terms = {
        sec.find("t:term", NS).text: sec.find("t:termNote[@type='administrativeStatus']", NS).text
        for sec in npt.findall("t:langSec[2]/t:termSec", NS)
    }
    assert en_terms == {
        "Treaty on the Non-Proliferation of Nuclear Weapons": "preferredTerm-admn-sts",
        "NPT": "admittedTerm-admn-sts",
        "Non-Proliferation Treaty": "admittedTerm-admn-sts",
        "NPT Treaty": "deprecatedTerm-admn-sts",
    }
    assert npt.find("t:descrip[@type='subjectField']", NS).text == "treaty"
    assert [ls.get(LANG) for ls in concepts[2].findall("t:langSec", NS)] == ["zh-CN"]  # no English yet
    back = {e.zh: e for e in load_glossary(out)}
    assert back["不扩散核武器条约"].avoid == ["NPT Treaty"] and back["不扩散核武器条约"].abbreviation == "NPT"
    assert back["外层空间"].status == "edited" and back["外层空间"].note == 'quotes " & <tags>'


def test_tbx_v2_martif_structure_reads_back_like_v3(tmp_path):
    out = write_glossary(ENTRIES, tmp_path / "g.tbx", "tbx2")
    root = ET.parse(out).getroot()
    assert root.tag == "martif" and (root.get("type"), root.get(LANG)) == ("TBX-Basic", "en")
    assert root.find("martifHeader/fileDesc/sourceDesc/p") is not None
    entries = root.findall("text/body/termEntry")
    assert len(entries) == 3
    npt = entries[0]
    assert [ls.get(LANG) for ls in npt.findall("langSet")] == ["zh-CN", "en"]
    assert npt.find("langSet[1]/tig/term").text == "不扩散核武器条约"
    assert [t.text for t in npt.findall("langSet[2]/tig/term")] == [
        "Treaty on the Non-Proliferation of Nuclear Weapons", "NPT", "Non-Proliferation Treaty", "NPT Treaty"]
    v3 = load_glossary(write_glossary(ENTRIES, tmp_path / "g3.tbx"))
    assert load_glossary(out) == v3
    with pytest.raises(InputError, match="unknown glossary format 'tbx9'"):
        write_glossary(ENTRIES, tmp_path / "g.tbx", "tbx9")


def test_xlsx_export_reads_back(tmp_path):
    out = write_glossary(ENTRIES, tmp_path / "g.xlsx")
    back = load_glossary(out)
    assert [(e.zh, e.en, e.status) for e in back] == [(e.zh, e.en, e.status) for e in ENTRIES]


@pytest.mark.parametrize("name,content,match", [
    ("g.pdf", b"%PDF", "unknown glossary format"),
    ("g.tbx", b"<tbx><unclosed>", "not a valid TBX"),
    ("g.xlsx", b"PK\x03\x04 broken", "not an XLSX|cannot read"),
    ("g.csv", "裁军".encode("gb18030"), "not UTF-8"),
])
def test_broken_files_are_one_line(tmp_path, name, content, match):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=match) as exc:
        load_glossary(path)
    assert "\n" not in str(exc.value)


def test_unwritable_output_leaves_nothing(tmp_path):
    with pytest.raises(InputError):
        write_glossary(ENTRIES, tmp_path / "missing" / "g.csv")
    assert list(tmp_path.iterdir()) == []


HARD = [
    GlossaryEntry("《禁止化学武器公约》", 'Convention on "Chemical" Weapons & <Others>', variants=["CWC & co"],
                  status="approved", note="line one\nline two"),
    GlossaryEntry("空的", "", status="candidate"),
    GlossaryEntry("21国集团", "Group of 21", abbreviation="G-21", category="group", status="edited"),
]


@pytest.mark.parametrize("ext", ["csv", "tbx", "xlsx"])
def test_contract_hard_cases_and_5000_rows(tmp_path, ext):
    many = HARD + [GlossaryEntry(f"术语{i}", f"term {i}", status="candidate", frequency=i) for i in range(5000)]
    out = write_glossary(many, tmp_path / f"g.{ext}")
    back = load_glossary(out)
    assert len(back) == len(many)
    for a, b in zip(back[:3], HARD, strict=True):
        assert (a.zh, a.en, a.status, a.variants, a.abbreviation) == (b.zh, b.en, b.status, b.variants, b.abbreviation)
        assert a.note == b.note
    assert (back[-1].zh, back[-1].en) == ("术语4999", "term 4999")
