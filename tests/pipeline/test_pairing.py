"""Pairing Chinese with English documents: UN symbol from the text or file name, then file stem."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import InputError
from pipeline.pairing import (
    document_symbol,
    expand_inputs,
    pair_documents,
    strip_language_suffix,
    symbol_from_name,
    symbol_from_text,
)

BATCH = Path(__file__).resolve().parents[1] / "data" / "batch"


def test_symbol_from_page_header_of_a_seed(seed_files):
    # seed 004 carries CD/PV.1261 as a page header on a line of its own, with a GE. job number nearby
    assert document_symbol(seed_files[4]) == "CD/PV.1261"


def test_symbol_cited_inside_a_sentence_does_not_count():
    text = "主席：根据载于 CD/WP.571/Rev.1 号文件的经修订的活动时间表，\n今天的全体会议。\n"
    assert symbol_from_text(text) is None


@pytest.mark.parametrize(
    "text, symbol",
    [
        ("A/75/802\n\n大会\n", "A/75/802"),
        ("  A/RES/73/30  \nResolution adopted\n", "A/RES/73/30"),
        ("NPT/CONF.2020/PC.I/WP.1\nPreparatory Committee\n", "NPT/CONF.2020/PC.I/WP.1"),
        ("GE.12-63627 CD/PV.1261 10\nbody\n", "CD/PV.1261"),
        ("CD/1864\n...\nCD/2119\nbody\nCD/2119\n", "CD/2119"),  # the repeated header beats one masthead line
    ],
)
def test_symbol_from_text(text, symbol):
    assert symbol_from_text(text) == symbol


def test_symbol_from_file_name():
    assert symbol_from_name(Path("A_75_802-E.pdf")) == "A/75/802"
    assert symbol_from_name(Path("CD_PV.1261_zh.txt")) == "CD/PV.1261"
    assert symbol_from_name(Path("report_zh.txt")) is None


@pytest.mark.parametrize(
    "stem, base", [("report_zh", "report"), ("A_75_802-E", "A_75_802"), ("x.ch", "x"), ("x-C", "x"), ("plain", "plain")]
)
def test_strip_language_suffix(stem, base):
    assert strip_language_suffix(stem) == base


def test_pairs_by_symbol_then_stem():
    zh = expand_inputs([BATCH / "zh"])
    en = expand_inputs([BATCH / "en"])
    result = pair_documents(zh, en)
    got = {p.zh.name: (p.en.name, p.by) for p in result.pairs}
    assert got == {
        "space_statement_zh.txt": ("G21-space-E.txt", "symbol"),
        "nsa.ch.txt": ("negative_assurances_en.txt", "symbol"),
        "hlm_followup_zh.txt": ("hlm_followup_en.txt", "stem"),
    }
    assert result.unpaired_en == []
    assert sorted(p.key for p in result.pairs) == ["CD_9991", "CD_9992", "hlm_followup"]


def test_unpaired_files_are_reported(tmp_path):
    (tmp_path / "a_zh.txt").write_text("CD/1\n\n裁军谈判会议。\n", encoding="utf-8")
    (tmp_path / "b_zh.txt").write_text("没有英文本的文件。\n", encoding="utf-8")
    (tmp_path / "a_en.txt").write_text("CD/1\n\nConference on Disarmament.\n", encoding="utf-8")
    (tmp_path / "c_en.txt").write_text("An English document alone.\n", encoding="utf-8")
    zh = [tmp_path / "a_zh.txt", tmp_path / "b_zh.txt"]
    en = [tmp_path / "a_en.txt", tmp_path / "c_en.txt"]
    result = pair_documents(zh, en)
    assert [(p.zh.name, p.en.name if p.en else None) for p in result.pairs] == [
        ("a_zh.txt", "a_en.txt"), ("b_zh.txt", None)
    ]
    assert result.unpaired_en == [tmp_path / "c_en.txt"]
    report = result.report()
    assert "b_zh.txt: no English document" in report and "c_en.txt: English document with no Chinese partner" in report


def test_one_file_each_side_pairs_whatever_the_names(tmp_path):
    zh, en = tmp_path / "x.txt", tmp_path / "y.txt"
    zh.write_text("中文。\n", encoding="utf-8")
    en.write_text("English.\n", encoding="utf-8")
    (pair,) = pair_documents([zh], [en]).pairs
    assert (pair.en, pair.by) == (en, "given")


def test_same_symbol_twice_falls_back_to_names(tmp_path):
    for name, text in [("a_zh.txt", "CD/1\n中文。\n"), ("b_zh.txt", "CD/1\n中文。\n"),
                       ("a_en.txt", "CD/1\nEnglish.\n"), ("b_en.txt", "CD/1\nEnglish.\n")]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = pair_documents([tmp_path / "a_zh.txt", tmp_path / "b_zh.txt"], [tmp_path / "a_en.txt", tmp_path / "b_en.txt"])
    assert [(p.zh.name, p.en.name, p.by) for p in result.pairs] == [
        ("a_zh.txt", "a_en.txt", "stem"), ("b_zh.txt", "b_en.txt", "stem")
    ]
    assert any("share the symbol CD/1" in n for n in result.notes)
    assert len({p.key for p in result.pairs}) == 2


def test_expand_inputs_errors(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        expand_inputs([tmp_path / "missing"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="holds no .txt"):
        expand_inputs([tmp_path / "empty"])
