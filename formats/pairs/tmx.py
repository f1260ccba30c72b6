"""TMX 1.4b translation memory for CAT tools (OmegaT, memoQ, Trados), built with xml.etree.

One `tu` per pair with text on both sides; pairs with an empty side (unmatched) are SKIPPED, since a
translation unit without a target is useless in a TM. Each `tu` has tuid = pair id and props
x-confidence, x-zh-ids, x-en-ids, x-zh-file, x-en-file and, for reviewed pairs, x-status (approved,
edited); rejected pairs are left out too; then `tuv xml:lang="zh-CN"` and `tuv
xml:lang="en"`, each with a `seg`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

from core import __version__
from core.records import EN_TAG, ZH_TAG, AlignedPair
from formats.pairs._common import join_ids, pair_from_row, xml_safe

NAME = "tmx"
EXTENSIONS = (".tmx",)
BINARY = False
READABLE = True
KEEPS_UNMATCHED = False

SRC_LANG = ZH_TAG
TGT_LANG = EN_TAG
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PROPS = [
    ("x-confidence", "confidence"),
    ("x-zh-ids", "zh_ids"),
    ("x-en-ids", "en_ids"),
    ("x-zh-file", "zh_file"),
    ("x-en-file", "en_file"),
    ("x-status", "status"),  # approved or edited, from a reviewed sheet
]


def build(pairs: list[AlignedPair], *, level: str = "paragraph") -> ET.ElementTree:
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "glossalign",
            "creationtoolversion": __version__,
            "segtype": "sentence" if level == "sentence" else "paragraph",
            "o-tmf": "glossalign",
            "adminlang": "en",
            "srclang": SRC_LANG,
            "datatype": "plaintext",
            "creationdate": datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ"),
        },
    )
    body = ET.SubElement(root, "body")
    for p in pairs:
        if not p.zh_ids or not p.en_ids or not p.zh.strip() or not p.en.strip() or p.status == "rejected":
            continue
        tu = ET.SubElement(body, "tu", tuid=str(p.id))
        values = {
            "confidence": f"{p.confidence:.4f}",
            "zh_ids": join_ids(p.zh_ids),
            "en_ids": join_ids(p.en_ids),
            "zh_file": p.zh_file,
            "en_file": p.en_file,
            "status": p.status,
        }
        for prop_type, key in _PROPS:
            if values[key]:
                ET.SubElement(tu, "prop", type=prop_type).text = xml_safe(values[key])
        for lang, text in ((SRC_LANG, p.zh), (TGT_LANG, p.en)):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
            ET.SubElement(tuv, "seg").text = xml_safe(text)
    ET.indent(root, space=" ")
    return ET.ElementTree(root)


_PROLOGUE = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'


def dumps(pairs: list[AlignedPair], *, level: str = "paragraph") -> str:
    return _PROLOGUE + ET.tostring(build(pairs, level=level).getroot(), encoding="unicode") + "\n"


def write(pairs: list[AlignedPair], path: Path, *, level: str = "paragraph") -> None:
    Path(path).write_text(dumps(pairs, level=level), encoding="utf-8", newline="\n")


def _seg_text(seg: ET.Element | None) -> str:
    # seg may hold inline markup (<ph>, <bpt>...) in TMX files from other tools: keep its text only
    return "".join(seg.itertext()) if seg is not None else ""


def read(path: Path) -> list[AlignedPair]:
    root = ET.parse(path).getroot()
    if root.tag != "tmx":
        raise ValueError("root element is not <tmx>")
    pairs = []
    for n, tu in enumerate(root.iter("tu"), 1):
        row: dict = {"id": tu.get("tuid") or str(n)}
        props = {prop.get("type"): prop.text or "" for prop in tu.findall("prop")}
        for prop_type, key in _PROPS:
            if prop_type in props:
                row[key] = props[prop_type]
        for tuv in tu.findall("tuv"):
            lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower()
            side = "zh" if lang.startswith("zh") else "en" if lang.startswith("en") else None
            if side:
                row[side] = _seg_text(tuv.find("seg"))
        pairs.append(pair_from_row(row))
    return pairs
