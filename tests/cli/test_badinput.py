"""Every bad input through every command: a one-line error or a flagged result, never a traceback, and the
glossary store never loses what it held.

The corpus is `tests/badinput/` (small files, committed) plus two files built here at test time rather than
committed: `binary.txt` (bytes with NULs) and `big_zh.txt` (10 MB: seed 004 repeated). The 10 MB document
goes through the commands that read it cheaply and must refuse it fast: `paragraphs` (about 2 s), `align` and
`run` (refused by the length check against a short English document). It is not sent through `terms`, where
extracting terms from 10 MB of Chinese is legitimate work that takes minutes, not a bad input.
Alignment uses `--model hash` (no model load); whether a mismatched pair is caught with the real model is
tested in test_workflow.py (slow).
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app

HERE = Path(__file__).resolve().parents[1]
BAD = HERE / "badinput"
GOOD_ZH = HERE / "data" / "batch" / "zh" / "nsa.ch.txt"
GOOD_EN = HERE / "data" / "batch" / "en" / "negative_assurances_en.txt"
SEED_BIG = HERE.parent / "seeds" / "004_9d4e70d145529d28.txt"

FLAG = re.compile(r"flagged|warning|suspicious|[1-9]\d* below confidence", re.IGNORECASE)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("badinput")
    for f in BAD.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    seed = SEED_BIG.read_bytes()
    (folder / "big_zh.txt").write_bytes(seed * (10_000_000 // len(seed) + 1))
    return {f.stem: f for f in folder.glob("*.txt")}


def _commands(x: Path, tmp: Path, db: Path) -> dict[str, list[str]]:
    """How the bad input X enters each command (the other slot, when there is one, gets a good file)."""
    return {
        "paragraphs": ["paragraphs", str(x), "-o", str(tmp / "p.jsonl")],
        "align-zh": ["align", str(x), str(GOOD_EN), "--model", "hash", "-o", str(tmp / "a.tsv")],
        "align-en": ["align", str(GOOD_ZH), str(x), "--model", "hash", "-o", str(tmp / "a.tsv")],
        "terms": ["terms", str(x), "--db", str(db)],
        "glossary-import": ["glossary", "import", str(db), str(x)],
        "check": ["check", str(x), "--glossary", str(db)],
        "run": ["run", str(x), "--en", str(GOOD_EN), "--model", "hash", "-o", str(tmp / "out"), "--db", str(db)],
    }


# (input, command) -> what must happen: "error" (one line, exit != 0), "ok" (exit 0, the input is fine for this
# command), "error-or-flag" (a one-line error, or success whose output says it is suspicious).
E, OK, EF = "error", "ok", "error-or-flag"
CASES = {
    "empty": dict.fromkeys(["paragraphs", "align-zh", "align-en", "terms", "glossary-import", "check", "run"], E),
    "binary": dict.fromkeys(["paragraphs", "align-zh", "align-en", "terms", "glossary-import", "check", "run"], E),
    "latin1": dict.fromkeys(["paragraphs", "align-zh", "align-en", "terms", "glossary-import", "check", "run"], E),
    "shift_jis": dict.fromkeys(["paragraphs", "align-zh", "align-en", "terms", "glossary-import", "check", "run"], E),
    # English is a fine document for `paragraphs`; in a Chinese slot it must be refused
    "english_as_zh": {"paragraphs": OK, "align-zh": E, "terms": E, "glossary-import": E, "check": E, "run": E},
    "one_line_zh": {"paragraphs": OK, "align-zh": EF, "align-en": E, "terms": OK, "glossary-import": E, "check": E,
                    "run": EF},
    "one_line_en": {"paragraphs": OK, "align-en": EF, "glossary-import": E, "check": E},
    "unrelated_en": {"align-en": EF, "check": E},
    "big_zh": {"paragraphs": OK, "align-zh": E, "run": E},
}


def _dump(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    """A glossary store holding terms from a seed, one of them approved by a person."""
    from ingest.paragraphs import load_paragraphs

    db = tmp_path_factory.mktemp("store") / "glossary.sqlite"
    try:
        from glossary.terms import update_glossary
    except ImportError:  # the store is not built yet: any SQLite file shows whether a command touches it
        con = sqlite3.connect(db)
        with con:
            con.execute("CREATE TABLE terms (zh TEXT, en TEXT, status TEXT)")
            con.execute("INSERT INTO terms VALUES ('消极安全保证', 'negative security assurances', 'candidate')")
        con.close()
    else:
        _, pars = load_paragraphs(HERE.parent / "seeds" / "001_c5c1a2b691e313a0.txt")
        update_glossary(db, {"seed001": [p.text for p in pars]}, None, limit=40)
    con = sqlite3.connect(db)
    with con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for t in tables:  # mark one term approved by a person, whatever the table is called
            cols = [r[1] for r in con.execute(f"PRAGMA table_info({t})")]
            if {"zh", "status"} <= set(cols):
                con.execute(f"UPDATE {t} SET status='approved' WHERE rowid=(SELECT min(rowid) FROM {t})")
                break
    con.close()
    return db


def _registered(argv: list[str]) -> bool:
    names = {c.name for c in app.registered_commands}
    groups = {g.name: g for g in app.registered_groups}
    if argv[0] in groups:
        return any(c.name == argv[1] for c in groups[argv[0]].typer_instance.registered_commands)
    return argv[0] in names


PARAMS = [
    pytest.param(name, cmd, expect, id=f"{name}-{cmd}") for name, cmds in CASES.items() for cmd, expect in cmds.items()
]


@pytest.mark.parametrize("name, cmd, expect", PARAMS)
def test_bad_input(name, cmd, expect, corpus, store, tmp_path):
    db = tmp_path / "glossary.sqlite"
    shutil.copy(store, db)
    before = _dump(db)
    argv = _commands(corpus[name], tmp_path, db)[cmd]
    if not _registered(argv):
        pytest.skip(f"command {' '.join(argv[:2] if argv[0] == 'glossary' else argv[:1])} is not registered yet")
    result = CliRunner().invoke(app, argv)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code != 0:
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("glossalign: error: "), result.stderr
        assert expect in (E, EF), f"{name} should work with {cmd}: {lines[0]}"
        assert _dump(db) == before, "a failed command changed the glossary store"
    else:
        assert expect in (OK, EF), f"{name} through {cmd} should fail, but exit 0:\n{output}"
        if expect == EF:
            assert FLAG.search(output), f"{name} through {cmd}: exit 0 and nothing flagged:\n{output}"
        after = _dump(db)
        approved = [line for line in before if "'approved'" in line]
        assert all(line in after for line in approved), "a human decision in the store was lost"
