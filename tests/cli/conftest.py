"""Shared fixtures of the command-line tests."""

import numpy as np
import pytest


@pytest.fixture
def hash_layout_before_evidence(monkeypatch):
    """The aligner without the evidence of issue 27 (quotation state, shared tokens, learned names).

    Some tests edit the rows of the test embedder's alignment of the mini G-21 pair: with "hash" vectors
    (no meaning across languages) the rows are decided by whatever else the scorer weighs, and those tests'
    scenarios were written for the rows the scorer gave before that evidence. What they test (review
    sheets, HTML pages) does not depend on it; the evidence itself is tested in tests/align/test_evidence.py."""
    import align.aligner as aligner

    monkeypatch.setattr(aligner, "token_counts", lambda s, t: (np.zeros((len(s), 0)), np.zeros((len(t), 0))))
    monkeypatch.setattr(aligner, "quote_state", lambda segs: np.zeros(len(segs)))
    monkeypatch.setattr(aligner, "learned_names", lambda zh, en, beads: (np.zeros((len(zh), 0)), np.zeros((len(en), 0))))
