"""Two-level document alignment: structure with fake embedders, input sanity checks, real pairing with use-m3."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from align.documents import Alignment, align_documents, align_files, summary
from align.embed import HashEmbedder
from core.errors import InputError
from core.records import Paragraph

DATA = Path(__file__).resolve().parents[1] / "data"


class MeaningEmbedder:
    """Texts with the same meaning key get the same vector: a perfect bilingual embedder for known texts."""

    name = "meaning"

    def __init__(self, meaning: dict[str, str], dim: int = 64):
        self.meaning, self.dim = meaning, dim

    def encode(self, texts):
        rows = []
        for t in texts:
            key = self.meaning.get(t, t)
            seed = int.from_bytes(hashlib.sha1(key.encode()).digest()[:8], "little")
            rows.append(np.random.default_rng(seed).standard_normal(self.dim))
        if not rows:
            return np.zeros((0, self.dim), dtype=np.float32)
        v = np.stack(rows).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def pars(texts: list[str]) -> list[Paragraph]:
    return [Paragraph(id=f"p{i}", kind="body", text=t) for i, t in enumerate(texts, 1)]


ZH = [
    "裁军谈判会议第1261次全体会议。",
    "主席宣布开会。",
    "本集团重申其立场。本集团呼吁各国克制。",
    "会议于下午1时散会。",
]
EN = [
    "Conference on Disarmament, 1261st plenary meeting.",
    "The President declared the meeting open.",
    "The Group reaffirms its position. The Group calls on all States to exercise restraint.",
    "The meeting rose at 1 p.m.",
]
MEANING = {
    **{z: str(i) for i, z in enumerate(ZH)},
    **{e: str(i) for i, e in enumerate(EN)},
    "本集团重申其立场。": "s1",
    "The Group reaffirms its position.": "s1",
    "本集团呼吁各国克制。": "s2",
    "The Group calls on all States to exercise restraint.": "s2",
}


def _covers_in_order(pairs, side: str, ids: list[str]) -> None:
    seen = [i for p in pairs for i in getattr(p, f"{side}_ids")]
    assert seen == ids


def test_paragraph_level_structure_with_hash_embedder():
    zh, en = pars(ZH + ["附件。"]), pars(EN)
    pairs = align_documents(zh, en, HashEmbedder(), zh_file="a_zh.txt", en_file="a_en.txt")
    assert [p.id for p in pairs] == [str(i) for i in range(1, len(pairs) + 1)]
    _covers_in_order(pairs, "zh", [p.id for p in zh])  # every paragraph exactly once, in order
    _covers_in_order(pairs, "en", [p.id for p in en])
    for p in pairs:
        assert 0.0 <= p.confidence <= 1.0
        assert p.zh_file == "a_zh.txt" and p.en_file == "a_en.txt"
        if not p.zh_ids or not p.en_ids:
            assert p.confidence == 0.0
        assert p.zh == "".join(t.text for t in zh if t.id in p.zh_ids)  # Chinese joined without a space
        assert p.en == " ".join(t.text for t in en if t.id in p.en_ids)  # English joined with one space


def test_sentence_level_ids_and_pairing():
    pairs = align_documents(pars(ZH), pars(EN), MeaningEmbedder(MEANING), level="sentence")
    assert [p.id for p in pairs] == ["1.1", "2.1", "3.1", "3.2", "4.1"]
    third = {p.id: p for p in pairs}
    assert third["3.1"].zh_ids == ["p3.s1"] and third["3.1"].en_ids == ["p3.s1"]
    assert third["3.2"].zh == "本集团呼吁各国克制。"
    assert third["3.2"].en == "The Group calls on all States to exercise restraint."
    assert all(p.confidence > 0.9 for p in pairs)


def test_unmatched_paragraph_gives_unmatched_sentences():
    zh = pars(ZH[:2] + ["这一段没有英文译文。另有一句。"] + ZH[2:])
    pairs = align_documents(zh, pars(EN), MeaningEmbedder(MEANING), level="sentence")
    lonely = [p for p in pairs if not p.en_ids]
    assert [p.zh_ids for p in lonely] == [["p3.s1"], ["p3.s2"]]
    assert all(p.confidence == 0.0 and p.en == "" for p in lonely)
    counts = summary(pairs)
    assert counts["unmatched"] == 2 and counts["pairs"] == len(pairs)


def test_unknown_level():
    with pytest.raises(InputError, match="level"):
        align_documents(pars(ZH), pars(EN), HashEmbedder(), level="word")


# ---------------------------------------------------------------- align_files and the sanity checks


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_align_files_on_the_mini_documents_with_hash_embedder():
    pairs = align_files(DATA / "mini_zh.txt", DATA / "mini_en.txt", embedder=HashEmbedder(), warn=None)
    assert isinstance(pairs, Alignment) and not pairs.flagged
    assert pairs[0].zh_file == "mini_zh.txt" and pairs[0].en_file == "mini_en.txt"
    assert {i for p in pairs for i in p.zh_ids} == {f"p{i}" for i in range(1, 9)}


def test_segmented_input_keeps_lines_as_segments(tmp_path):
    zh = write(tmp_path, "zh.txt", "第一句。\n\n第二句，很长很长。\n第三句。\n")
    en = write(tmp_path, "en.txt", "First sentence.\nSecond sentence, very very long.\n\nThird sentence.\n")
    pairs = align_files(zh, en, embedder=HashEmbedder(), segmented=True, warn=None)
    # ids name the k-th non-empty line, as the `align` export's 0-based indexes do
    assert [i for p in pairs for i in p.zh_ids] == ["p1", "p2", "p3"]
    assert [i for p in pairs for i in p.en_ids] == ["p1", "p2", "p3"]
    assert [p.id for p in pairs] == [str(i) for i in range(1, len(pairs) + 1)]
    same = align_files(zh, en, embedder=HashEmbedder(), layout="lines", warn=None)
    assert [(p.zh_ids, p.en_ids) for p in same] == [(p.zh_ids, p.en_ids) for p in pairs]
    assert pairs.layouts["zh"]["layout"] == pairs.layouts["en"]["layout"] == "lines"


def test_sentence_level_with_lines_splits_each_line(tmp_path):
    zh = write(tmp_path, "zh.txt", "第一句。第二句很长很长。\n第三句。\n")
    en = write(tmp_path, "en.txt", "First sentence. Second sentence, very very long.\nThird sentence.\n")
    pairs = align_files(zh, en, embedder=HashEmbedder(), layout="lines", level="sentence", warn=None)
    assert [i for p in pairs for i in p.zh_ids] == ["p1.s1", "p1.s2", "p2.s1"]
    assert [i for p in pairs for i in p.en_ids] == ["p1.s1", "p1.s2", "p2.s1"]
    assert pairs[-1].en == "Third sentence." and pairs.level == "sentence"


@pytest.mark.parametrize(
    "zh_text, en_text, message",
    [
        ("   \n\n", "The meeting rose at 1 p.m.", "empty|no text"),
        (
            "The meeting rose at 1 p.m. and nobody spoke.",
            "The President declared the meeting open.",
            "ZH file .*looks like English",
        ),
        ("主席宣布开会。会议于下午1时散会。", "主席宣布开会。", "EN file .*looks like Chinese"),
        ("The President declared the meeting open.", "主席宣布开会。", "swap the arguments"),
        ("12345 67 89", "The meeting rose.", "cannot tell the language"),
    ],
    ids=["empty-zh", "english-as-zh", "both-chinese", "swapped", "no-letters"],
)
def test_bad_inputs_are_one_line_errors(tmp_path, zh_text, en_text, message):
    zh, en = write(tmp_path, "zh.txt", zh_text), write(tmp_path, "en.txt", en_text)
    with pytest.raises(InputError, match=message) as info:
        align_files(zh, en, embedder=HashEmbedder(), warn=None)
    assert "\n" not in str(info.value)


def test_length_ratio_far_off_warns_and_flags(tmp_path):
    zh = write(tmp_path, "zh.txt", "主席宣布开会。" * 30)  # 210 characters
    en = write(tmp_path, "en.txt", "The President declared the meeting open. " * 3)  # ~105 letters: ratio 0.5
    said = []
    pairs = align_files(zh, en, embedder=HashEmbedder(), warn=said.append)
    assert pairs.flagged and said == pairs.warnings and "much longer" in said[0] and "ZH file" in said[0]


def test_absurd_length_ratio_is_an_error(tmp_path):
    zh = write(tmp_path, "zh.txt", "主席。")
    en = write(tmp_path, "en.txt", "The President declared the meeting open. " * 100)
    with pytest.raises(InputError, match="cannot be translations"):
        align_files(zh, en, embedder=HashEmbedder(), warn=None)


def test_unknown_model_fails_before_reading(tmp_path):
    with pytest.raises(InputError, match="unknown model"):
        align_files(tmp_path / "missing_zh.txt", tmp_path / "missing_en.txt", model="nope")


# ---------------------------------------------------------------- the real default embedder


def blocks(path: Path) -> list[Paragraph]:
    """Paragraphs = blocks separated by blank lines (the mini files are written that way)."""
    parts = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    return pars(parts)


@pytest.mark.slow
def test_use_m3_pairs_the_mini_documents_with_a_merge_and_an_unmatched_paragraph():
    from align.embed import get_embedder

    zh, en = blocks(DATA / "mini_zh.txt"), blocks(DATA / "mini_en.txt")
    # zh: title, submitter, 1.-6.; en: the same, but 3. is split in two (en p5 + p6) and an extra
    # paragraph thanking the secretariat (en p8) has no Chinese counterpart
    assert len(zh) == 8 and len(en) == 10
    emb = get_embedder("use-m3")
    pairs = align_documents(zh, en, emb)
    links = [(p.zh_ids, p.en_ids) for p in pairs]
    for i in (1, 2, 3, 4):
        assert ([f"p{i}"], [f"p{i}"]) in links
    assert (["p5"], ["p5", "p6"]) in links  # the 1-2 merge
    assert (["p7"], ["p9"]) in links and (["p8"], ["p10"]) in links
    extra = [p for p in pairs if "p8" in p.en_ids][0]
    assert extra.zh_ids == [] and extra.confidence == 0.0  # unmatched, not merged into a neighbour
    sentence_pairs = align_documents(zh, en, emb, level="sentence")
    lonely = [p for p in sentence_pairs if not p.zh_ids]
    assert [p.en_ids for p in lonely] == [["p8.s1"]]  # at sentence level it is unmatched
    assert all(p.confidence > 0.5 for p in sentence_pairs if p.zh_ids and p.en_ids)
