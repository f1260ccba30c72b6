"""Shared fixtures: the real seed documents, a per-test embedding cache, a fast fake embedder."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MAC_TEST = ROOT.parent / "shared" / "benchmarks" / "mac-test"


@pytest.fixture(scope="session")
def _model_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch, _model_cache):
    """Every test gets its own embedding cache, never the user's ~/.cache; the model's quick-loading copy
    is made once a session, in a folder of its own."""
    monkeypatch.setenv("GLOSSALIGN_CACHE", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("GLOSSALIGN_MODEL_CACHE", str(_model_cache))


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def mac_test_dir() -> Path:
    if not MAC_TEST.is_dir():
        pytest.skip("../shared/benchmarks/mac-test is not beside this checkout")
    return MAC_TEST
