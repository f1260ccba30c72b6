"""TBX v3 (ISO 30042:2019), TBX-Basic dialect, DCA style: one conceptEntry per Chinese term.

    <tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
      <tbxHeader><fileDesc><sourceDesc><p>…</p></sourceDesc></fileDesc></tbxHeader>
      <text><body>
        <conceptEntry id="c1">
          <descrip type="subjectField">treaty</descrip>                  (the category, when known)
          <langSec xml:lang="zh"><termSec><term>不扩散核武器条约</term>…</termSec></langSec>
          <langSec xml:lang="en">
            <termSec><term>Treaty on the Non-Proliferation of Nuclear Weapons</term>
              <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termSec>
            <termSec><term>NPT</term><termNote type="termType">acronym</termNote>…</termSec>
            <termSec><term>…variant…</term> … admittedTerm-admn-sts</termSec>
            <termSec><term>…avoid…</term> … deprecatedTerm-admn-sts</termSec>

``version=2`` writes the older TBX-Basic v2 form (ISO 30042:2008) that many CAT tools still import:
``martif/martifHeader``, ``termEntry``, ``langSet``, ``tig`` in place of ``tbx/tbxHeader``, ``conceptEntry``,
``langSec``, ``termSec``, no namespace. `read` takes either.

The administrative status follows the curation status honestly: approved and edited terms are
``preferredTerm-admn-sts``; candidates (nobody has reviewed them) are ``admittedTerm-admn-sts``; rejected
terms are left out unless asked for (``include_rejected``), and then they are ``deprecatedTerm-admn-sts``.
English variants are admitted and renderings to avoid deprecated whatever the entry's status. The curation
status also travels as a ``note`` on the concept (``status: candidate``) and is read back from it.

v3 points its ``xml-model`` processing instructions at the current TBX-Basic dialect schemas
(``DCA/TBX-Basic_DCA.rng`` and ``DCA/TBX-Basic_DCA.sch`` in LTAC-Global/TBX-Basic_dialect); v2 has the
``martif`` DOCTYPE and the XCS declaration the LISA TBX Checker asks for.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from core import __version__
from core.errors import InputError
from core.fsutil import atomic_output
from core.records import EN_TAG, STATUSES, ZH_TAG, GlossaryEntry

EXTENSIONS = (".tbx",)
BINARY = False
TAKES_REJECTED = True
NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED, ADMITTED, DEPRECATED = "preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"
_DIALECT = "https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/"
MODEL = (f'<?xml-model href="{_DIALECT}TBX-Basic_DCA.rng" type="application/xml" '
         'schematypens="http://relaxng.org/ns/structure/1.0"?>\n'
         f'<?xml-model href="{_DIALECT}TBX-Basic_DCA.sch" type="application/xml" '
         'schematypens="http://purl.oclc.org/dsdl/schematron"?>')
DOCTYPE_V2 = '<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">'
XCS_V2 = "TBXBasicXCSV02.xcs"
# curation status -> administrative status of the entry's own terms (Chinese term, English rendering)
ADMIN_STATUS = {"approved": PREFERRED, "edited": PREFERRED, "candidate": ADMITTED, "rejected": DEPRECATED}


# element names by TBX version: root, header, concept, language section, term section
_TAGS = {
    3: ("tbx", "tbxHeader", "conceptEntry", "langSec", "termSec"),
    2: ("martif", "martifHeader", "termEntry", "langSet", "tig"),
}


def _term_sec(parent: ET.Element, text: str, status: str | None = None, term_type: str | None = None,
              tag: str = "termSec") -> None:
    sec = ET.SubElement(parent, tag)
    ET.SubElement(sec, "term").text = text
    if term_type:
        ET.SubElement(sec, "termNote", type="termType").text = term_type
    if status:
        ET.SubElement(sec, "termNote", type="administrativeStatus").text = status


def build(entries: list[GlossaryEntry], *, include_rejected: bool = False, version: int = 3) -> ET.Element:
    root_tag, header_tag, concept_tag, lang_tag, sec_tag = _TAGS[version]
    if version == 3:
        root = ET.Element(root_tag, {"type": "TBX-Basic", "style": "dca", XML_LANG: "en", "xmlns": NS})
    else:
        root = ET.Element(root_tag, {"type": "TBX-Basic", XML_LANG: "en"})
    header = ET.SubElement(root, header_tag)
    desc = ET.SubElement(ET.SubElement(header, "fileDesc"), "sourceDesc")
    ET.SubElement(desc, "p").text = f"Chinese-English glossary exported by glossalign {__version__}"
    if version == 2:
        ET.SubElement(ET.SubElement(header, "encodingDesc"), "p", type="XCSURI").text = XCS_V2
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    n = 0
    for e in entries:
        if e.status == "rejected" and not include_rejected:
            continue
        n += 1
        concept = ET.SubElement(body, concept_tag, id=f"c{n}")
        if e.category:
            ET.SubElement(concept, "descrip", type="subjectField").text = e.category
        note = f"status: {e.status}" + (f"; source: {e.en_source}" if e.en_source else "")
        if e.note:
            note += f"; {e.note}"
        ET.SubElement(concept, "note").text = note
        status = ADMIN_STATUS.get(e.status, ADMITTED)
        zh = ET.SubElement(concept, lang_tag, {XML_LANG: ZH_TAG})
        _term_sec(zh, e.zh, status, tag=sec_tag)
        if not (e.en or e.variants or e.avoid or e.abbreviation):
            continue
        en = ET.SubElement(concept, lang_tag, {XML_LANG: EN_TAG})
        if e.en:
            _term_sec(en, e.en, status, "fullForm", tag=sec_tag)
        if e.abbreviation and e.abbreviation != e.en:
            kind = "acronym" if e.abbreviation.isupper() else "abbreviation"
            _term_sec(en, e.abbreviation, ADMITTED, kind, tag=sec_tag)
        for v in e.variants:
            _term_sec(en, v, ADMITTED, tag=sec_tag)
        for v in e.avoid:
            _term_sec(en, v, DEPRECATED, tag=sec_tag)
    return root


def write(entries: list[GlossaryEntry], path: Path, version: int = 3, *, include_rejected: bool = False) -> None:
    root = build(entries, include_rejected=include_rejected, version=version)
    ET.indent(root)
    # the elements are built unqualified and the root carries xmlns as a plain attribute: the written
    # file puts every element in the TBX namespace without registering a global ElementTree prefix
    text = ET.tostring(root, encoding="unicode")
    prolog = f"{MODEL}\n" if version == 3 else f"{DOCTYPE_V2}\n"
    with atomic_output(path) as tmp:
        tmp.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}{text}\n', encoding="utf-8")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) == name]


def read(path: Path) -> list[GlossaryEntry]:
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: not a valid TBX file ({exc})") from None
    concepts = [el for el in root.iter() if _local(el.tag) in ("conceptEntry", "termEntry")]
    if _local(root.tag) not in ("tbx", "martif"):
        raise InputError(f"{path}: not a TBX file (root element <{_local(root.tag)}>)")
    out = []
    for c in concepts:
        entry = GlossaryEntry(zh="", status="approved")
        for d in c:
            if _local(d.tag) == "descrip" and d.get("type") == "subjectField":
                entry.category = (d.text or "").strip()
            if _local(d.tag) == "note" and d.text:
                for part in d.text.split(";"):
                    key, _, value = part.strip().partition(": ")
                    if key == "status" and value in STATUSES:
                        entry.status = value
                    elif key == "source":
                        entry.en_source = value
                    elif part.strip():
                        entry.note = f"{entry.note}; {part.strip()}" if entry.note else part.strip()
        for lang_sec in c:
            if _local(lang_sec.tag) not in ("langSec", "langSet"):
                continue
            lang = (lang_sec.get(XML_LANG) or lang_sec.get("lang") or "").lower()
            for sec in lang_sec:
                if _local(sec.tag) not in ("termSec", "tig", "ntig"):
                    continue
                term = next((t for t in sec.iter() if _local(t.tag) == "term"), None)
                text = (term.text or "").strip() if term is not None else ""
                notes = {n.get("type"): (n.text or "").strip() for n in sec.iter() if _local(n.tag) == "termNote"}
                status = notes.get("administrativeStatus", "")
                if not text:
                    continue
                if lang.startswith("zh"):
                    entry.zh = entry.zh or text
                elif lang.startswith("en"):
                    term_type = notes.get("termType")
                    if term_type in ("acronym", "abbreviation") and not entry.abbreviation:
                        entry.abbreviation = text
                    elif not entry.en and (term_type == "fullForm" or (term_type is None and status in ("", PREFERRED))):
                        entry.en = text  # the rendering (glossalign marks it fullForm; other tools: preferred)
                    elif status == DEPRECATED and entry.status != "rejected":
                        entry.avoid.append(text)
                    else:
                        entry.variants.append(text)
        if entry.zh:
            out.append(entry)
    return out
