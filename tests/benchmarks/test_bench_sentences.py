"""`bench sentences`: boundary scoring on a tiny hand-made corpus (the real figures are in BENCHMARKS.md)."""

from __future__ import annotations

from typer.testing import CliRunner

from benchmarks.sentences import paragraphs, score
from cli import app


def test_scoring_counts_found_and_missed_boundaries():
    runs = paragraphs([["The Conference met.", "Mr. Smith spoke.", "It ended at 1 p.m. today.", "Thanks."]], group=4)
    assert runs == [["The Conference met.", "Mr. Smith spoke.", "It ended at 1 p.m. today.", "Thanks."]]
    perfect = score("x", "oracle", runs, lambda t: ["The Conference met.", "Mr. Smith spoke.",
                                                   "It ended at 1 p.m. today.", "Thanks."])
    assert (perfect.boundaries, perfect.correct, perfect.f1) == (3, 3, 1.0)
    naive = score("x", "every period", runs, lambda t: [s + "." for s in t.rstrip(".").split(". ")])
    assert naive.boundaries == 3 and naive.found > 3 and naive.precision < 1.0 and naive.recall == 1.0


def test_titles_without_a_period_are_left_out():
    runs = paragraphs([["Other matters", "The Committee agreed.", "It adjourned.", "Annex"]], group=4)
    assert runs == [["The Committee agreed.", "It adjourned."]]


def test_cli_reads_the_folder(tmp_path):
    (tmp_path / "mac-test" / "en").mkdir(parents=True)
    (tmp_path / "mac-test" / "en" / "001.txt").write_text("One day she came.\nI did not know her.\n")
    (tmp_path / "unpc-dev").mkdir()
    (tmp_path / "unpc-dev" / "UNv1.0.devset.en").write_text("The Council met.\nIt adopted resolution 1.\n")
    (tmp_path / "unpc-dev" / "UNv1.0.devset.ids").write_text("2015/s/1 en:1:1\n2015/s/1 en:2:1\n")
    result = CliRunner().invoke(app, ["bench", "sentences", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "glossalign rules" in result.stdout and "MAC-Test en" in result.stdout
    missing = CliRunner().invoke(app, ["bench", "sentences", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "needs mac-test/en" in missing.stderr
