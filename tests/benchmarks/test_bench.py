"""The strict / lax scorer on hand-made beads, and reproduction of a published MAC-Test baseline."""

import pytest
from typer.testing import CliRunner

from benchmarks.alignment import find_mac_test, load_mac_test, read_align_file, score_alignments
from core.errors import InputError


def test_perfect_alignment_scores_one():
    gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), ())]
    s = score_alignments([gold], [gold])
    assert s.f1_strict == pytest.approx(1.0) and s.f1_lax == pytest.approx(1.0)


def test_strict_and_lax_credit():
    gold = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]
    test = [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]
    s = score_alignments([gold], [test])
    # precision over 4 test beads: 2 exact; (1)-(1) overlaps gold, (2)-() overlaps nothing on the target side
    assert s.precision_strict == pytest.approx(2 / 4)
    assert s.precision_lax == pytest.approx(3 / 4)
    # recall over the 3 gold beads with both sides, against test beads with both sides
    assert s.recall_strict == pytest.approx(2 / 3)
    assert s.recall_lax == pytest.approx(3 / 3)
    assert s.f1_strict == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))


def test_wrong_alignment_gets_no_lax_credit():
    gold = [((0,), (0,)), ((1,), (1,))]
    test = [((0,), (1,)), ((1,), (0,))]
    s = score_alignments([gold], [test])
    assert s.f1_strict == 0.0 and s.f1_lax == 0.0


def test_read_align_file(tmp_path):
    f = tmp_path / "x.align"
    f.write_text("[0]:[0]\n[1, 2]:[1]\n[]:[2]\n", encoding="utf-8")
    assert read_align_file(f) == [((0,), (0,)), ((1, 2), (1,)), ((), (2,))]


@pytest.mark.parametrize("system, strict, lax", [("mbert", 0.915, 0.997), ("vecalign", 0.886, 0.995),
                                                  ("galechurch", 0.491, 0.731)])
def test_scorer_reproduces_published_baselines(mac_test_dir, system, strict, lax):
    texts = load_mac_test(mac_test_dir)
    folder = mac_test_dir / "baselines" / system
    s = score_alignments([t.gold for t in texts], [read_align_file(folder / f"{t.name}.align") for t in texts])
    assert round(s.f1_strict, 3) == strict
    assert round(s.f1_lax, 3) == lax


def test_missing_mac_test_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="MAC-Test not found"):
        find_mac_test(tmp_path / "nowhere")


def test_cli_mac_test_missing_folder(tmp_path):
    from cli import app

    res = CliRunner().invoke(app, ["bench", "mac-test", str(tmp_path / "nowhere")])
    assert res.exit_code == 2
    assert "MAC-Test not found" in res.output


def _tiny_mac_test(root):
    for sub in ("zh", "en", "gold"):
        (root / sub).mkdir(parents=True)
    (root / "zh" / "001.txt").write_text("我二十一岁。\n她二十六岁。\n", encoding="utf-8")
    (root / "en" / "001.txt").write_text("I was twenty-one.\nShe was twenty-six.\n", encoding="utf-8")
    (root / "gold" / "001.align").write_text("[0]:[0]\n[1]:[1]\n", encoding="utf-8")
    return root


def test_cli_mac_test_and_scale_on_a_tiny_folder(tmp_path):
    import json

    from cli import app

    root = _tiny_mac_test(tmp_path / "mac")
    out = tmp_path / "r.json"
    res = CliRunner().invoke(app, ["bench", "mac-test", str(root), "--model", "hash", "--json", str(out)])
    assert res.exit_code == 0, res.output
    assert "strict  F1" in res.output and "lax     F1" in res.output and "embed" in res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["texts"] == 1 and 0.0 <= data["scores"]["f1_strict"] <= 1.0
    res = CliRunner().invoke(app, ["bench", "scale", str(root), "--model", "hash", "--factors", "1,2"])
    assert res.exit_code == 0, res.output
    assert len(res.output.strip().splitlines()) == 3
    for bad in ("0", "1,-2", "two"):  # a length multiple must be a whole number of copies, at least one
        res = CliRunner().invoke(app, ["bench", "speed", str(root), "--model", "hash", "--factors", bad])
        assert res.exit_code == 2 and "1 or more" in res.output, res.output
