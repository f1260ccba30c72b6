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

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from core import __version__
from core.cells import xml_clean, xml_illegal_count
from core.errors import InputError
from core.fsutil import atomic_output, warn
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
        if e.origin:
            note += f"; origin: {e.origin}"
        if e.note:
            note += f"; {e.note}"
        ET.SubElement(concept, "note").text = note
        status = ADMIN_STATUS.get(e.status, ADMITTED)
        zh = ET.SubElement(concept, lang_tag, {XML_LANG: ZH_TAG})
        _term_sec(zh, e.zh, status, tag=sec_tag)
        chinese_short = bool(e.abbreviation) and bool(_CJK.search(e.abbreviation))
        if chinese_short:  # 外空 for 外层空间: the Chinese short form belongs in the Chinese set
            _term_sec(zh, e.abbreviation, ADMITTED, "abbreviation", tag=sec_tag)
        if not (e.en or e.variants or e.avoid or (e.abbreviation and not chinese_short)):
            continue
        en = ET.SubElement(concept, lang_tag, {XML_LANG: EN_TAG})
        if e.en:
            _term_sec(en, e.en, status, "fullForm", tag=sec_tag)
        if e.abbreviation and e.abbreviation != e.en and not chinese_short:
            kind = "acronym" if e.abbreviation.isupper() else "abbreviation"
            _term_sec(en, e.abbreviation, ADMITTED, kind, tag=sec_tag)
        for v in e.variants:
            _term_sec(en, v, ADMITTED, tag=sec_tag)
        for v in e.avoid:
            _term_sec(en, v, DEPRECATED, tag=sec_tag)
    return root


def _scrub(root: ET.Element) -> int:
    """Remove the characters XML cannot hold from every text and attribute; returns how many."""
    n = 0
    for el in root.iter():
        for attr in ("text", "tail"):
            value = getattr(el, attr)
            if value:
                n += xml_illegal_count([value])
                setattr(el, attr, xml_clean(value))
        for k, v in el.attrib.items():
            n += xml_illegal_count([v])
            el.set(k, xml_clean(v))
    return n


def write(entries: list[GlossaryEntry], path: Path, version: int = 3, *, include_rejected: bool = False) -> None:
    root = build(entries, include_rejected=include_rejected, version=version)
    removed = _scrub(root)
    ET.indent(root)
    # the elements are built unqualified and the root carries xmlns as a plain attribute: the written
    # file puts every element in the TBX namespace without registering a global ElementTree prefix
    text = ET.tostring(root, encoding="unicode")
    prolog = f"{MODEL}\n" if version == 3 else f"{DOCTYPE_V2}\n"
    with atomic_output(path) as tmp:
        tmp.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}{text}\n', encoding="utf-8")
    if removed:
        warn(f"{path}: {removed} control character{'s' if removed > 1 else ''} that XML cannot hold left out of the TBX")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) == name]


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SUPERSEDED = "supersededTerm-admn-sts"
_FROM_ADMIN = {PREFERRED: "approved", "preferredTerm": "approved", ADMITTED: "admitted", "admittedTerm": "admitted",
               DEPRECATED: "deprecated", "deprecatedTerm": "deprecated", SUPERSEDED: "deprecated",
               "supersededTerm": "deprecated"}


def read(path: Path) -> list[GlossaryEntry]:
    return list(iter_entries(path))


def iter_entries(path: Path):
    """GlossaryEntry after GlossaryEntry from a TBX v2 (<martif>) or v3 (<tbx>) file, streamed: lxml's
    iterparse, each concept cleared once read, so a 100,000-entry file runs in bounded memory.

    Entity declarations (entity expansion, external entities) are refused before any entry is read: lxml
    parses with resolve_entities=False, no_network=True and never loads a DTD, and the internal DTD subset
    is checked for <!ENTITY>. An entry without a status note comes from another tool: its administrative
    status says what it is (preferredTerm → approved, a human decision; admittedTerm → a variant, or the
    English when there is no preferred one; deprecatedTerm and supersededTerm → renderings to avoid)."""
    from lxml import etree

    path = Path(path)
    try:
        events = etree.iterparse(str(path), events=("start", "end"), resolve_entities=False, no_network=True,
                                 load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True)
        root_seen = False
        for event, el in events:
            if event == "start":
                if not root_seen:
                    root_seen = True
                    _refuse_entities(path, el.getroottree().docinfo)
                    if _local(el.tag) not in ("tbx", "martif"):
                        raise InputError(f"{path}: not a TBX file (root element <{_local(el.tag)}>)")
                continue
            if isinstance(el.tag, str) and _local(el.tag) in ("conceptEntry", "termEntry"):
                entry = _entry(el, path)
                el.clear(keep_tail=False)
                while el.getprevious() is not None:
                    del el.getparent()[0]
                if entry is not None:
                    yield entry
    except etree.XMLSyntaxError as exc:
        text = str(exc)
        if "entity" in text.lower():
            raise InputError(f"{path}: refused: the TBX uses XML entities ({text}); lxml does not expand "
                             "them (resolve_entities=False)") from None
        raise InputError(f"{path}: not a valid TBX file ({text})") from None


def _refuse_entities(path: Path, docinfo) -> None:
    dtd = docinfo.internalDTD
    if dtd is not None and list(dtd.iterentities()):
        names = ", ".join(e.name for e in dtd.iterentities())
        raise InputError(f"{path}: refused: the TBX declares XML entities ({names}): entity expansion and external "
                         "entities are not read (lxml, resolve_entities=False, no DTD loaded)")


def _entry(c, path: Path) -> GlossaryEntry | None:
    entry = GlossaryEntry(zh="", status="")
    cid = c.get("id") or ""
    entry.origin = f"{path.name}#{cid}" if cid else path.name
    for d in c:
        if not isinstance(d.tag, str):
            continue
        if _local(d.tag) == "descrip" and d.get("type") == "subjectField":
            entry.category = (d.text or "").strip()
        elif _local(d.tag) == "descrip" and d.get("type") == "definition":
            entry.note = _join_note(entry.note, f"definition: {(d.text or '').strip()}")
        elif _local(d.tag) == "note" and d.text:
            for part in d.text.split(";"):
                key, _, value = part.strip().partition(": ")
                if key == "status" and value in STATUSES:
                    entry.status = value
                elif key == "source":
                    entry.en_source = value
                elif key == "origin":
                    entry.origin = value
                elif part.strip():
                    entry.note = _join_note(entry.note, part.strip())
    english: list[tuple[str, str, str | None]] = []  # (text, admin status, term type)
    for lang_sec in c:
        if not isinstance(lang_sec.tag, str) or _local(lang_sec.tag) not in ("langSec", "langSet"):
            continue
        lang = (lang_sec.get(XML_LANG) or lang_sec.get("lang") or "").lower()
        for sec in lang_sec:
            if not isinstance(sec.tag, str) or _local(sec.tag) not in ("termSec", "tig", "ntig"):
                continue
            term = next((t for t in sec.iter() if isinstance(t.tag, str) and _local(t.tag) == "term"), None)
            text = "".join(term.itertext()).strip() if term is not None else ""
            notes = {n.get("type"): (n.text or "").strip() for n in sec.iter()
                     if isinstance(n.tag, str) and _local(n.tag) == "termNote"}
            if not text:
                continue
            term_type = notes.get("termType")
            if lang.startswith("zh"):
                if term_type in ("acronym", "abbreviation", "shortForm") and entry.zh:
                    entry.abbreviation = entry.abbreviation or text
                else:
                    entry.zh = entry.zh or text
            elif lang.startswith("en"):
                english.append((text, notes.get("administrativeStatus", ""), term_type))
    if not entry.zh:
        return None
    ours = bool(entry.status)  # glossalign's own TBX carries the curation status in a note
    kinds = [(t, _FROM_ADMIN.get(st, ""), tt) for t, st, tt in english]
    full = next((t for t, _k, tt in kinds if tt == "fullForm"), None) if ours else None
    preferred = next((t for t, k, tt in kinds if k == "approved" and tt not in ("acronym", "abbreviation")), None)
    admitted = [t for t, k, tt in kinds if k in ("admitted", "") and tt not in ("acronym", "abbreviation")]
    entry.en = full or preferred or (admitted[0] if admitted else "")
    for t, k, tt in kinds:
        if t == entry.en:
            continue
        if tt in ("acronym", "abbreviation") and not entry.abbreviation:
            entry.abbreviation = t
        elif k == "deprecated":
            entry.avoid.append(t)
        else:
            entry.variants.append(t)
    if not ours:
        entry.status = "approved" if preferred else "candidate"
    return entry


def _join_note(note: str, part: str) -> str:
    return f"{note}; {part}" if note else part
