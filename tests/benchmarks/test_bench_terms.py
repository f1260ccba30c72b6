"""`glossalign bench terms`: English from the pairs alone, scored against the base glossary; fragments refused."""

from __future__ import annotations

from typer.testing import CliRunner

from benchmarks.terms_pairs import normalise
from cli import app
from core.records import AlignedPair
from glossary.equivalents import propose_equivalents


def test_scoring_key_ignores_article_case_plural_and_spelling():
    assert normalise("the Programmes of Work") == normalise("program of work")
    assert normalise("Conference on Disarmament") != normalise("Disarmament Commission")


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
    found = propose_equivalents(["信息和通信技术", "核武器国家"], _pairs(), threshold=0.0)
    assert all(e.en.lower() != "information and communications" for e in found.get("信息和通信技术", []))
    assert all(e.en.lower() != "nuclear-weapon" for e in found.get("核武器国家", []))


def test_cli_prints_coverage_beside_precision_for_each_half(tmp_path):
    f = tmp_path / "pairs.tsv"
    f.write_text("zh\ten\n" + "".join(f"{p.zh}\t{p.en}\n" for p in _pairs()), encoding="utf-8")
    r = CliRunner().invoke(app, ["bench", "terms", str(f), "--show"])
    assert r.exit_code == 0, r.output
    for half in ("all:", "even lines:", "odd lines:"):
        line = next(x for x in r.output.splitlines() if x.startswith(half))
        assert "terms extracted; English for" in line and "seen in 2 or more pairs" in line
        assert "scored against the base glossary" in line and "precision" in line


def test_score_counts_what_it_says():
    from benchmarks.terms_pairs import TermRow, TermScore

    r = TermScore(10, [TermRow("甲", 3, "a", 0.9, "alignment", True, "a"), TermRow("乙", 1, "", 0.0, "", None, "b"),
                       TermRow("丙", 2, "c", 0.8, "composition", False, "x"), TermRow("丁", 2, "", 0.0, "", None, "")])
    assert r.coverage() == (2, 4) and r.coverage(2) == (2, 3)
    assert (r.scored, r.right, r.precision) == (2, 1, 0.5) and r.beyond_base() == (0, 1)
    from benchmarks.terms_pairs import show_lines

    shown = show_lines(r)
    assert any(x.strip().startswith("WRONG") and "丙" in x for x in shown)
    assert any(x.strip().startswith("MISSING") and "丁" in x for x in shown)
    assert not any("乙" in x for x in shown)  # seen in one pair only: not listed as missing
