"""`glossalign bench qa`: false alarms and injected-error recall on a small UNPC-shaped folder made here."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from benchmarks import qa_unpc
from cli import app
from core.errors import InputError

ZH = [
    "安全理事会第2140(2014)号决议第11段规定的措施延至2016年2月26日。",
    "2014年霍乱疑似病例为27 753例，比上一年减少53%。",
    "会议于2015年3月27日上午10时举行。",
    "见A/69/767号文件。",
    "拟编列经费10 600美元。",
    "各国应执行第1325号决议。",
]
EN = [
    "The measures imposed by paragraph 11 of Security Council resolution 2140 (2014) are renewed until 26 February 2016.",
    "In 2014 there were 27,753 suspected cholera cases, a 53 per cent decrease from the previous year.",
    "The meeting was held on 27 March 2015 at 10 a.m.",
    "See document A/69/767.",
    "An amount of $10,600 is proposed.",
    "States should implement resolution 1325.",
]


@pytest.fixture
def unpc(tmp_path):
    (tmp_path / "set.zh").write_text("\n".join(ZH) + "\n", encoding="utf-8")
    (tmp_path / "set.en").write_text("\n".join(EN) + "\n", encoding="utf-8")
    return tmp_path


def test_correct_pairs_raise_nothing_and_every_injection_is_caught(unpc):
    b = qa_unpc.run_qa_bench(unpc, seed=13, copies=5)
    assert b.whole.pairs == 6 and b.whole.any == 0
    by_kind = {r.kind: r for r in b.recall}
    assert set(by_kind) == set(qa_unpc.INJECTORS)
    at_error = [r for r in b.recall if r.kind not in qa_unpc.INJECTORS_19]  # issue 13's kinds: at error
    at_warning = [r for r in b.recall if r.kind in qa_unpc.INJECTORS_19]  # issue 19's: at warning or above
    assert all(r.copies > 0 and r.at_error == r.copies for r in at_error), [(r.kind, r.copies, r.at_error) for r in at_error]
    assert all(r.at_warning == r.copies for r in at_warning), [(r.kind, r.copies, r.at_warning) for r in at_warning]


def test_same_seed_same_copies(unpc):
    pairs = qa_unpc.load_unpc(unpc)
    kind = "number digit changed"
    a = [i.pair.en for i in qa_unpc.make_injections(pairs, kind, 5, 13)]
    b = [i.pair.en for i in qa_unpc.make_injections(pairs, kind, 5, 13)]
    assert a == b and all(x not in EN for x in a)


def test_cli_prints_shares_and_recall_and_writes_the_report_shape(unpc, tmp_path):
    out = tmp_path / "qa.json"
    r = CliRunner().invoke(app, ["bench", "qa", str(unpc), "--copies", "3", "--json", str(out)])
    assert r.exit_code == 0, r.output
    assert "all checks" in r.output and "number digit changed" in r.output and "date month swapped" in r.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert "findings" in doc and doc["summary"]["pairs"] == 6


def test_unequal_files_are_one_line_error(tmp_path):
    (tmp_path / "a.zh").write_text("一\n二\n", encoding="utf-8")
    (tmp_path / "a.en").write_text("one\n", encoding="utf-8")
    with pytest.raises(InputError, match="line i of each must be a pair"):
        qa_unpc.load_unpc(tmp_path)
    r = CliRunner().invoke(app, ["bench", "qa", str(tmp_path / "missing")])
    assert r.exit_code != 0 and "no UNPC folder" in r.output


def test_wrong_term_kind_swaps_a_confusable_term_of_the_same_kind_and_is_caught(unpc):
    pairs = qa_unpc.load_unpc(unpc)
    made = qa_unpc.make_injections(pairs, qa_unpc.WRONG_TERM, 5, 13)
    assert made, "the Security Council pair offers a swap"
    for inj in made:
        kind, old = inj.before.split(": ", 1)
        assert old in inj.original.en and inj.after in inj.pair.en and old != inj.after
    b = qa_unpc.run_qa_bench(unpc, seed=13, copies=5, kinds=[qa_unpc.WRONG_TERM])
    (r,) = b.recall
    assert r.copies == len(made) and r.at_error == r.copies and r.originals_flagged == 0
    assert sum(n for n, _ in r.by_subkind().values()) == r.copies


def test_cli_show_prints_the_misses_and_kind_and_checks_narrow_the_run(unpc):
    r = CliRunner().invoke(app, ["bench", "qa", str(unpc), "--copies", "3", "--kind", "style slip",
                                 "--checks", "number", "--show", "5"])
    assert r.exit_code == 0, r.output
    assert "checks number" in r.output and "style slip" in r.output and "number digit changed" not in r.output
    assert "missed: style slip" in r.output and "zh: " in r.output  # the number check alone misses style slips
    bad = CliRunner().invoke(app, ["bench", "qa", str(unpc), "--kind", "no such kind"])
    assert bad.exit_code != 0 and "unknown kind" in bad.output
