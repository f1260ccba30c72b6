import numpy as np
import pytest

from align.embed import CachedEmbedder, HashEmbedder, get_embedder
from core.errors import InputError


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


def _open_cache_and_encode(directory, barrier, results):
    barrier.wait()  # every process opens the new cache at the same moment
    try:
        CachedEmbedder(HashEmbedder(), directory).encode([f"text {i}" for i in range(20)])
        results.put(None)
    except Exception as exc:  # reported to the test, which fails on it
        results.put(repr(exc))


def test_worker_processes_can_open_a_new_cache_at_the_same_moment(tmp_path):
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    for trial in range(3):  # without the retry about one trial in eight failed with "database is locked"
        directory = tmp_path / f"cache{trial}"
        barrier, results = ctx.Barrier(4), ctx.Queue()
        procs = [ctx.Process(target=_open_cache_and_encode, args=(directory, barrier, results)) for _ in range(4)]
        for p in procs:
            p.start()
        errors = [results.get(timeout=120) for _ in procs]
        for p in procs:
            p.join()
        assert errors == [None] * 4
