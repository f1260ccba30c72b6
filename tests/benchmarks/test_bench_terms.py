"""`glossalign bench terms`: English from the pairs alone, scored against the base glossary; fragments refused."""

from __future__ import annotations

from typer.testing import CliRunner

from benchmarks.terms_pairs import normalise
from cli import app
from core.records import AlignedPair
from glossary.equivalents import confidence, find_equivalents, propose_equivalents


def test_scoring_key_ignores_article_case_plural_and_spelling():
    assert normalise("the Programmes of Work") == normalise("program of work")
    assert normalise("Conference on Disarmament") != normalise("Disarmament Commission")


def test_confidence_grows_with_the_pairs_seen_together():
    assert confidence(1.0, 1) == 0.5 and confidence(1.0, 5) > 0.8 and confidence(0.9, 9) < 0.9


def _pairs():
    rows = [
        ("信息和通信技术的发展很快。", "Information and communications technologies develop fast."),
        ("各国应利用信息和通信技术。", "States should use information and communications technologies."),
        ("信息和通信技术很重要。", "Information and communications technology is important."),
        ("信息和通信技术促进发展。", "Information and communications technologies promote development."),
        ("核武器国家应裁军。", "Nuclear-weapon States should disarm."),
        ("核武器国家重申承诺。", "The nuclear-weapon States reaffirmed their commitment."),
        ("核武器国家作出保证。", "The nuclear-weapon States gave assurances."),
        ("会议在日内瓦举行。", "The meeting was held in Geneva."),
    ]
    return [AlignedPair(id=str(i), zh=z, en=e) for i, (z, e) in enumerate(rows, 1)]


def test_no_fragment_that_ends_inside_a_noun_phrase():
    found = find_equivalents(["信息和通信技术", "核武器国家"], _pairs())
    assert found["信息和通信技术"][0].en.lower().startswith("information and communications technolog")
    assert all(e.en.lower() != "information and communications" for e in found["信息和通信技术"])
    assert found["核武器国家"][0].en.lower() == "nuclear-weapon states"


def test_below_the_threshold_no_english():
    one = [AlignedPair(id="1", zh="陈清扬来了。", en="Chen Qingyang came.")]
    assert find_equivalents(["陈清扬"], one)  # a proposal exists, with one pair as its only evidence
    assert propose_equivalents(["陈清扬"], one) == {}  # ... but not above the calibrated confidence


def test_cli_prints_precision_line(tmp_path):
    f = tmp_path / "pairs.tsv"
    f.write_text("zh\ten\n" + "".join(f"{p.zh}\t{p.en}\n" for p in _pairs()), encoding="utf-8")
    r = CliRunner().invoke(app, ["bench", "terms", str(f)])
    assert r.exit_code == 0, r.output
    assert "scored against the base glossary, precision" in r.output and "with no English" in r.output
