"""zh→en mechanics, UN country names, the UN style list, the length model, collapsed terms, and silencing
(QA profile, decision column, --suppress): the correct UN rendering raises nothing, the slip raises a finding."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from check.checks import run_checks
from cli import app
from core.errors import InputError
from core.records import AlignedPair, GlossaryEntry


def types(zh: str, en: str, check: str) -> list[str]:
    return [f.type for f in run_checks([AlignedPair(id="1", zh=zh, en=en)], [], [check])]


MECHANICS = [
    ("full-width comma", "各国重申，裁军至关重要。", "States reaffirmed that disarmament was vital.",
     "States reaffirmed，that disarmament was vital."),
    ("bracket left open", "会议(第1次会议)通过了议程。", "The meeting (1st meeting) adopted the agenda.",
     "The meeting (1st meeting adopted the agenda."),
    ("straight quote left open", '他说"我们同意"。', 'He said "we agree".', 'He said "we agree.'),
    ("end punctuation", "委员会通过了报告。", "The Committee adopted the report.", "The Committee adopted the report;"),
    ("doubled punctuation", "委员会通过了报告。", "The Committee adopted the report.", "The Committee adopted,, the report."),
    ("double space", "委员会通过了报告。", "The Committee adopted the report.", "The Committee  adopted the report."),
    ("space before punctuation", "委员会通过了报告，并闭会。", "The Committee adopted the report, and closed.",
     "The Committee adopted the report , and closed."),
    ("repeated word", "委员会通过了报告。", "The Committee adopted the report.", "The Committee adopted the the report."),
]


@pytest.mark.parametrize("what, zh, good, bad", MECHANICS, ids=[m[0] for m in MECHANICS])
def test_mechanics(what, zh, good, bad):
    assert types(zh, good, "mechanics") == [], what
    assert "mechanics" in types(zh, bad, "mechanics"), what


def test_a_bracket_the_chinese_leaves_open_too_is_no_finding():
    assert types("会议(第1次会议", "The meeting (1st meeting", "mechanics") == []


def test_country_names():
    zh = "阿拉伯叙利亚共和国政府重申其立场。"
    assert types(zh, "The Government of the Syrian Arab Republic reaffirms its position.", "country-name") == []
    assert types(zh, "The Government of Syria reaffirms its position.", "country-name") == ["country-name"]
    zh = "伊朗伊斯兰共和国代表发了言。"
    assert types(zh, "The representative of the Islamic Republic of Iran spoke.", "country-name") == []
    assert types(zh, "The representative of Iran (Islamic Republic of) spoke.", "country-name") == []
    assert types(zh, "The representative of Iran spoke.", "country-name") == ["country-name"]
    # the short Chinese form is no evidence: a report may quote "Iran"
    assert types("伊朗已申报其设施。", "Iran has declared its facilities.", "country-name") == []


def test_country_list_covers_the_member_states():
    from glossary.countries import find_countries, load_countries

    countries = load_countries()
    assert len(countries) >= 195 and len({c.zh for c in countries}) == len(countries)
    assert [c.zh for c, _ in find_countries("南苏丹和苏丹")] == ["南苏丹", "苏丹"]


def test_style_list_and_user_extension(tmp_path):
    assert types("增长5%", "a growth of 5 per cent", "style") == []
    assert types("增长5%", "a growth of 5 percent", "style") == ["style"]
    assert types("该方案", "the programme", "style") == [] and types("该方案", "the program", "style") == ["style"]
    assert types("组织", "the organization", "style") == [] and types("组织", "the organisation", "style") == ["style"]
    assert types("他说", 'he called it "a program of action"', "style") == []  # quoted as written
    user = tmp_path / "house.tsv"
    user.write_text("pattern\tpreferred\tnote\n\\bin order to\\b\tto\thouse style\n", encoding="utf-8")
    fs = run_checks([AlignedPair(id="1", zh="为了", en="in order to act")], [], ["style"], style_list=str(user))
    assert [f.expected for f in fs] == ["to"]
    user.write_text("pattern\tpreferred\tnote\n(unclosed\tx\ty\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a valid regular expression"):
        run_checks([AlignedPair(id="1", zh="利用", en="x")], [], ["style"], style_list=str(user))


def test_length_model():
    zh = "委员会促请该缔约国与妇女组织代表合作，为执行安全理事会第1325(2000)号决议制订和通过国家行动计划，确定明确的时限。"
    en = ("The Committee urges the State party to establish a clear time frame to develop and adopt a national "
          "action plan to implement Security Council resolution 1325 (2000), in cooperation with representatives "
          "of women's organizations.")
    assert types(zh, en, "length") == []
    assert types(zh, "The Committee urges the State party.", "length") == ["length"]
    assert types("主席", "The Chair", "length") == []  # too short to say
    # a transliterated name spends a character a syllable; an initialism stands for a spelt-out name
    assert types("西蒙娜·米雷拉·米库列斯库(罗马尼亚)，常驻代表", "Simona Mirela Miculescu (Romania), Permanent Representative",
                 "length") == []
    zh = "马拉维收到了世界海关组织、世界动物卫生组织及毒品和犯罪问题办公室关于愿意在上述领域提供援助的回复。"
    assert types(zh, "Malawi received offers for assistance in those areas from WCO, the World Organization for "
                 "Animal Health and UNODC.", "length") == []
    assert types(zh, "Malawi received offers from WCO and UNODC.", "length") == ["length"]


def test_one_english_for_two_chinese_terms():
    entries = [GlossaryEntry(zh="核安全", en="nuclear security", status="approved"),
               GlossaryEntry(zh="核安保", en="nuclear safety", variants=["nuclear security"], status="approved")]
    pairs = [AlignedPair(id="1", zh="核安全很重要", en="nuclear security matters"),
             AlignedPair(id="2", zh="核安保很重要", en="nuclear security matters too")]
    (f,) = run_checks(pairs, entries, ["term-collapse"])
    assert f.severity == "info" and sorted(f.pair) == ["1", "2"]
    assert run_checks(pairs[:1], entries, ["term-collapse"]) == []


PAIRS = [
    {"id": "1", "zh": "阿拉伯叙利亚共和国政府重申其立场。", "en": "The Government of Syria reaffirms its position."},
    {"id": "2", "zh": "增长百分之五。", "en": "A growth of 5 percent."},
    {"id": "3", "zh": "委员会通过了报告。", "en": "The Committee adopted the report"},
]


def _pairs_file(tmp_path, rows=PAIRS):
    f = tmp_path / "pairs.jsonl"
    f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return f


def test_profile_turns_one_check_off_and_another_to_error(tmp_path):
    prof = tmp_path / "qa.toml"
    prof.write_text('[checks]\nstyle = false\n[severity]\ncountry-name = "error"\n[ignore]\npatterns = ["Committee adopted"]\n',
                    encoding="utf-8")
    out = tmp_path / "r.json"
    r = CliRunner().invoke(app, ["check", str(_pairs_file(tmp_path)), "--profile", str(prof), "-o", str(out)])
    doc = json.loads(out.read_text(encoding="utf-8"))
    got = {(f["type"], f["severity"]) for f in doc["findings"]}
    assert ("country-name", "error") in got and not any(t == "style" for t, _ in got)
    assert not any(t == "mechanics" for t, _ in got)  # the pair-3 finding matched an ignore pattern
    assert doc["summary"]["hidden"]["checks_off"] == ["style"] and doc["summary"]["hidden"]["ignored"] >= 1
    assert r.exit_code == 1  # an error now


def test_bad_profile_is_one_line_error(tmp_path):
    prof = tmp_path / "qa.toml"
    prof.write_text('[severity]\nstyle = "fatal"\n', encoding="utf-8")
    r = CliRunner().invoke(app, ["check", str(_pairs_file(tmp_path)), "--profile", str(prof)])
    assert r.exit_code != 0 and "use info, warning, error" in r.output and "Traceback" not in r.output


def test_suppression_round_trip_through_the_xlsx_report(tmp_path):
    from openpyxl import load_workbook

    pairs = _pairs_file(tmp_path)
    first = tmp_path / "first.xlsx"
    CliRunner().invoke(app, ["check", str(pairs), "-o", str(first)])
    wb = load_workbook(first)
    ws = wb["style"]
    header = [c.value for c in ws[1]]
    assert header[-2:] == ["decision", "key"]
    ws.cell(row=2, column=header.index("decision") + 1, value="not an error")
    wb.save(first)
    # a re-alignment gives other ids and adds a pair: the dismissed finding stays hidden, a new one shows
    moved = [{**r, "id": str(10 + int(r["id"]))} for r in PAIRS] + [
        {"id": "20", "zh": "增长百分之六。", "en": "A growth of 6 percent."}]
    second = tmp_path / "second.json"
    r = CliRunner().invoke(app, ["check", str(_pairs_file(tmp_path, moved)), "--suppress", str(first), "-o", str(second)])
    doc = json.loads(second.read_text(encoding="utf-8"))
    style = [f for f in doc["findings"] if f["type"] == "style"]
    assert [f["pair"] for f in style] == [["20"]]
    assert doc["summary"]["hidden"]["suppressed"] == 1 and "1 dismissed earlier" in r.output


def test_suppress_needs_a_report_with_a_decision_column(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["a", "b"])
    wb.save(tmp_path / "x.xlsx")
    r = CliRunner().invoke(app, ["check", str(_pairs_file(tmp_path)), "--suppress", str(tmp_path / "x.xlsx")])
    assert r.exit_code != 0 and "no decision column" in r.output
