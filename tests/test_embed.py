import numpy as np
import pytest

from align.embed import CachedEmbedder, HashEmbedder, get_embedder
from align.errors import InputError


def test_hash_embedder_is_deterministic_and_normalised():
    emb = HashEmbedder(dim=16)
    a = emb.encode(["裁军谈判会议", "Conference on Disarmament", "裁军谈判会议"])
    assert a.shape == (3, 16) and a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0)
    assert np.array_equal(a[0], a[2])


def test_cache_returns_same_vectors_and_skips_known_texts(tmp_path):
    calls = []

    class Counting(HashEmbedder):
        def encode(self, texts):
            calls.append(list(texts))
            return super().encode(texts)

    cached = CachedEmbedder(Counting(dim=8), tmp_path)
    first = cached.encode(["a", "b", "a"])
    second = cached.encode(["b", "c"])
    assert calls == [["a", "b"], ["c"]]
    assert np.array_equal(first[1], second[0])
    assert cached.encode([]).shape == (0, 8)


def test_unknown_model_is_a_user_error():
    with pytest.raises(InputError, match="unknown model"):
        get_embedder("labse-from-nowhere")
