"""TBX v3 against the current TBX-Basic dialect schemas (DCA RNG + schematron, copies in tests/data/tbx-basic).

See tests/data/tbx-basic/README.md for where the copies come from and for the two in-memory adaptations
(the RNG's namespace, the schematron's XPath 2), which the tests below assert are the only changes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from core.records import GlossaryEntry
from formats.glossary import write_glossary
from formats.glossary.tbx_fmt import MODEL

etree = pytest.importorskip("lxml.etree")
isoschematron = pytest.importorskip("lxml.isoschematron")

SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "tbx-basic"
ED2 = "urn:iso:std:iso:30042:ed-2"

ENTRIES = [
    GlossaryEntry(zh="不扩散核武器条约", en="Treaty on the Non-Proliferation of Nuclear Weapons", status="approved",
                  abbreviation="NPT", variants=["Non-Proliferation Treaty"], avoid=["NPT Treaty"], category="treaty",
                  note="checked against A/RES/2373 & CD/1 <annex>"),
    GlossaryEntry(zh="裁军谈判会议", en="Conference on Disarmament", status="edited", abbreviation="CD"),
    GlossaryEntry(zh="外层空间", en="outer space", status="candidate", en_source="base"),
    GlossaryEntry(zh="军备竞赛", en="arms racing", status="rejected"),
    GlossaryEntry(zh="核查", status="candidate"),  # no English yet
]


def relaxng():
    text = (SCHEMAS / "TBX-Basic_DCA.rng").read_text(encoding="utf-8")
    # the grammar's namespace and the two nsName exceptions of its DCT extension point
    assert text.count("urn:iso:std:iso:30042:ed:3.0") == 3 and 'XMLSchema-datatypes" ns="urn:iso:std:iso:30042:ed:3.0"' in text
    return etree.RelaxNG(etree.fromstring(text.replace("urn:iso:std:iso:30042:ed:3.0", ED2).encode()))


def schematron():
    text = (SCHEMAS / "TBX-Basic_DCA.sch").read_text(encoding="utf-8")
    assert f'<ns uri="{ED2}" prefix="tbx" />' in text
    text, n_matches = re.subn(r"matches\(@target,'https\?://\.\+'\)",
                              "(starts-with(@target,'http://') or starts-with(@target,'https://'))", text)
    text, n_groups = re.subn(r"(parent::[\w:*]+(?:\[[^\]]*\])?)/\(([^()]*)\)", r"\1[\2]", text)
    assert (n_matches, n_groups) == (1, 4)  # every XPath 2 form, and nothing else
    root = etree.fromstring(text.encode())
    assert root.get("queryBinding") == "xslt2"
    root.set("queryBinding", "xslt")
    return isoschematron.Schematron(root, store_report=True)


def _errors(validator, doc) -> str:
    if isinstance(validator, isoschematron.Schematron):
        ns = {"svrl": "http://purl.oclc.org/dsdl/svrl"}
        return "; ".join(t.text.strip() for t in validator.validation_report.iterfind(".//svrl:text", ns))
    return str(validator.error_log)


@pytest.mark.parametrize("include_rejected", [False, True])
def test_tbx_v3_is_valid_against_the_dca_rng_and_schematron(tmp_path, include_rejected):
    out = tmp_path / "g.tbx"
    write_glossary(ENTRIES, out, include_rejected=include_rejected)
    doc = etree.parse(str(out))
    for validator in (relaxng(), schematron()):
        assert validator.validate(doc), _errors(validator, doc)


def test_the_validators_are_not_vacuous(tmp_path):
    out = tmp_path / "g.tbx"
    write_glossary(ENTRIES, out)
    text = out.read_text(encoding="utf-8")
    rng, sch = relaxng(), schematron()
    # a status the dialect does not know: the schematron refuses it
    bad_status = etree.fromstring(text.replace("admittedTerm-admn-sts", "candidateTerm-admn-sts", 1).encode())
    assert rng.validate(bad_status) and not sch.validate(bad_status)
    assert "admittedTerm-admn-sts" in _errors(sch, bad_status)
    # a subject field inside a language section: the schematron refuses it
    moved = etree.fromstring(text.encode())
    ns = {"t": ED2}
    descrip = moved.find(".//t:descrip[@type='subjectField']", ns)
    descrip.getparent().find("t:langSec", ns).insert(0, descrip)
    assert not sch.validate(moved)
    # an element the core model does not have: the RNG refuses it
    extra = etree.fromstring(text.replace("<note>", "<remark>x</remark><note>", 1).encode())
    assert not rng.validate(extra)


def test_the_xml_model_points_at_the_current_dialect_files(tmp_path):
    out = tmp_path / "g.tbx"
    write_glossary(ENTRIES, out)
    head = out.read_text(encoding="utf-8").splitlines()[1:3]
    assert head == MODEL.splitlines()
    assert head[0].startswith('<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBX-Basic_DCA.rng"')
    assert 'DCA/TBX-Basic_DCA.sch" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"' in head[1]
    assert "integrated" not in out.read_text(encoding="utf-8")


def test_the_cli_export_of_a_real_store_is_valid(tmp_path):
    seed = Path(__file__).resolve().parents[2] / "seeds" / "000_a2bee98262ccf4b4.txt"
    runner = CliRunner()
    db, out = tmp_path / "g.sqlite", tmp_path / "g.tbx"
    assert runner.invoke(app, ["terms", str(seed), "--db", str(db), "--limit", "40"]).exit_code == 0
    assert runner.invoke(app, ["glossary", "export", str(db), "-o", str(out)]).exit_code == 0
    doc = etree.parse(str(out))
    for validator in (relaxng(), schematron()):
        assert validator.validate(doc), _errors(validator, doc)
