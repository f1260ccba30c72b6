"""The opt-in similarity check (issue 19 item 3): an English somewhat short for its Chinese and somewhat far
from it in meaning (use-m3 embeddings) at once is an omission the length check alone does not show."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from check.checks import parse_checks, run_checks
from cli import app
from core.errors import InputError
from core.records import AlignedPair

ZH = "委员会促请该缔约国与妇女组织代表合作，为执行安全理事会第1325(2000)号决议制订和通过国家行动计划，确定明确的时限。"
EN = ("The Committee urges the State party to establish a clear time frame to develop and adopt a national action plan "
      "to implement Security Council resolution 1325 (2000), in cooperation with representatives of women's organizations.")
# 61 % of the expected length: just inside the length check's band, and the resolution left out
CUT = "The Committee urges the State party to establish a clear time frame, in cooperation with representatives of women's organizations."
SHORT = "The Committee urges the State party to establish a clear time frame to develop and adopt a national action plan."


def types(en: str) -> list[str]:
    return [f.type for f in run_checks([AlignedPair(id="1", zh=ZH, en=en)], [], ["similarity", "length"])]


def test_the_un_translation_raises_nothing_and_the_omission_is_flagged():
    assert types(EN) == []
    assert types(CUT) == ["similarity"]
    assert types(SHORT) == ["length"]  # much shorter: the length check's, not said twice


def test_similarity_is_opt_in(tmp_path):
    assert "similarity" not in parse_checks(None) and "similarity" in parse_checks("similarity")
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(json.dumps({"id": "1", "zh": ZH, "en": CUT}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "r.json"
    CliRunner().invoke(app, ["check", str(pairs), "-o", str(out)])
    assert not any(f["type"] == "similarity" for f in json.loads(out.read_text(encoding="utf-8"))["findings"])
    prof = tmp_path / "qa.toml"
    prof.write_text("[checks]\nsimilarity = true\n", encoding="utf-8")
    CliRunner().invoke(app, ["check", str(pairs), "--profile", str(prof), "-o", str(out)])
    assert "similarity" in [f["type"] for f in json.loads(out.read_text(encoding="utf-8"))["findings"]]


def test_another_embedder_needs_pairs_to_calibrate_on():
    with pytest.raises(InputError, match="calibrated for use-m3"):
        run_checks([AlignedPair(id="1", zh=ZH, en=EN)], [], ["similarity"], model="hash")
