"""The glossary store: merge keeps human decisions, one transaction per write, bad files are one line."""

from __future__ import annotations

import sqlite3

import pytest

from core.errors import InputError
from core.records import Equivalent, Evidence, TermCandidate
from glossary.store import SCHEMA_VERSION, GlossaryStore, load_glossary


def cands(freq: int = 5) -> list[TermCandidate]:
    return [
        TermCandidate("不扩散", 3.0, freq, ["d1", "d2"], category="concept"),
        TermCandidate("外层空间", 2.0, freq + 1, ["d1"]),
        TermCandidate("陈清扬", 1.0, freq + 2, ["d2"]),
    ]


EQS = {
    "不扩散": [Equivalent("non-proliferation", "base", 1.0)],
    "陈清扬": [Equivalent("Chen Qingyang", "pairs", 0.9, [Evidence("7", "陈清扬说", "Chen Qingyang said")])],
}


def test_new_store_schema_and_merge(tmp_path):
    db = tmp_path / "g.sqlite"
    with GlossaryStore(db) as store:
        summary = store.merge(cands(), EQS)
        assert summary["new"] == 3 and summary["terms"] == 3 and summary["english_base"] == 1
        entries = {e.zh: e for e in store.entries()}
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert entries["不扩散"].en == "non-proliferation" and entries["不扩散"].en_source == "base"
    assert entries["不扩散"].documents == 2 and entries["不扩散"].category == "concept"
    assert entries["陈清扬"].en_source == "pairs" and entries["陈清扬"].evidence[0].pair == "7"
    assert entries["外层空间"].en == "" and all(e.status == "candidate" for e in entries.values())
    assert all(e.changed_by and e.changed_at for e in entries.values())
    assert [e.zh for e in load_glossary(db)] == [e.zh for e in entries.values()]


def test_merge_never_overwrites_a_decision(tmp_path):
    db = tmp_path / "g.sqlite"
    with GlossaryStore(db) as store:
        store.merge(cands(), EQS)
        store.apply_decisions([{"zh": "不扩散", "status": "rejected"}, {"zh": "陈清扬", "en": "Qingyang Chen"}],
                              changed_by="ann")
        eqs = {"不扩散": [Equivalent("nonproliferation", "pairs", 0.8)], "陈清扬": [Equivalent("Chen", "pairs", 0.5)]}
        summary = store.merge(cands(freq=50), eqs)
        assert summary["kept_decisions"] == 2
        e = {x.zh: x for x in store.entries()}
        assert (e["不扩散"].status, e["不扩散"].en) == ("rejected", "non-proliferation")
        assert (e["陈清扬"].status, e["陈清扬"].en, e["陈清扬"].en_source) == ("edited", "Qingyang Chen", "human")
        assert e["陈清扬"].changed_by == "ann" and e["陈清扬"].frequency == 52  # counts refresh
        actions = [(h["zh"], h["action"], h["new_status"]) for h in store.history()]
        assert ("不扩散", "curate", "rejected") in actions and ("陈清扬", "curate", "edited") in actions


def test_not_sqlite_file_is_one_line_and_untouched(tmp_path):
    bad = tmp_path / "g.sqlite"
    bad.write_text("zh,en\n裁军,disarmament\n", encoding="utf-8")
    before = bad.read_bytes()
    with pytest.raises(InputError, match="not a SQLite file") as exc:
        GlossaryStore(bad)
    assert "\n" not in str(exc.value) and bad.read_bytes() == before


def test_corrupt_sqlite_is_one_line_and_untouched(tmp_path):
    bad = tmp_path / "g.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x07" * 2000)
    before = bad.read_bytes()
    with pytest.raises(InputError, match="corrupt|glossary store") as exc:
        GlossaryStore(bad)
    assert "\n" not in str(exc.value) and bad.read_bytes() == before


def test_other_sqlite_database_is_refused(tmp_path):
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(InputError, match="not a glossary store"):
        GlossaryStore(other)


def test_locked_store_is_one_line_and_unchanged(tmp_path):
    db = tmp_path / "g.sqlite"
    with GlossaryStore(db) as store:
        store.merge(cands(), EQS)
        before = store.dump()
    locker = sqlite3.connect(db, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(InputError, match="locked") as exc:
            with GlossaryStore(db, timeout=0.1) as store:
                store.merge(cands(freq=99), {})
        assert "\n" not in str(exc.value)
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    with GlossaryStore(db) as store:
        assert store.dump() == before


def test_failed_write_rolls_back(tmp_path):
    db = tmp_path / "g.sqlite"
    with GlossaryStore(db) as store:
        store.merge(cands(), EQS)
        before = store.dump()
        with pytest.raises(InputError):
            store.apply_decisions([{"zh": "不扩散", "status": "approved"}, {"zh": "陈清扬", "status": "bogus"}])
        assert store.dump() == before


def test_missing_store_for_reading(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_glossary(tmp_path / "nope.sqlite")
    with pytest.raises(InputError, match="not found"):
        GlossaryStore(tmp_path / "nope.sqlite", create=False)


V1_SCHEMA = """
CREATE TABLE terms (id INTEGER PRIMARY KEY, zh TEXT NOT NULL UNIQUE, en TEXT NOT NULL DEFAULT '',
    variants TEXT NOT NULL DEFAULT '[]', avoid TEXT NOT NULL DEFAULT '[]', abbreviation TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'candidate'
    CHECK (status IN ('candidate', 'approved', 'rejected', 'edited')), en_source TEXT NOT NULL DEFAULT '',
    frequency INTEGER NOT NULL DEFAULT 0, documents INTEGER NOT NULL DEFAULT 0, score REAL NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '', human INTEGER NOT NULL DEFAULT 0, changed_by TEXT NOT NULL DEFAULT '',
    changed_at TEXT NOT NULL DEFAULT '');
CREATE TABLE equivalents (term_id INTEGER NOT NULL REFERENCES terms(id) ON DELETE CASCADE, en TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('base', 'pairs', 'human')), score REAL NOT NULL DEFAULT 0,
    evidence TEXT NOT NULL DEFAULT '[]', PRIMARY KEY (term_id, en, source));
CREATE TABLE history (id INTEGER PRIMARY KEY, term_id INTEGER NOT NULL, zh TEXT NOT NULL, action TEXT NOT NULL,
    old_status TEXT, new_status TEXT, old_en TEXT, new_en TEXT, changed_by TEXT NOT NULL, changed_at TEXT NOT NULL);
INSERT INTO terms (zh, en, status, human) VALUES ('裁军', 'disarmament', 'approved', 1);
PRAGMA user_version = 1;
"""


def test_a_schema_1_store_is_upgraded_in_place_keeping_its_decisions(tmp_path):
    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.executescript(V1_SCHEMA)
    con.close()
    with GlossaryStore(path) as store:
        (e,) = store.entries()
        assert (e.zh, e.en, e.status) == ("裁军", "disarmament", "approved")
        assert store.versions() == {"裁军": 1} and store.store_id()
        rev = store.revision()
        store.apply_decisions([{"zh": "裁军", "en": "disarmament affairs"}])
        assert store.versions() == {"裁军": 2} and store.revision() == rev + 1
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_corrupt_cells_are_named_and_the_other_rows_read(tmp_path):
    path = tmp_path / "g.sqlite"
    with GlossaryStore(path) as store:
        store.merge([TermCandidate("裁军", 1.0, 3, ["d"]), TermCandidate("不扩散", 1.0, 2, ["d"])])
    con = sqlite3.connect(path)
    con.execute("UPDATE terms SET variants = 'not json', frequency = 'many', note = CAST(x'00ff' AS BLOB) "
                "WHERE zh = '裁军'")
    con.commit()
    con.close()
    with GlossaryStore(path) as store:
        entries = {e.zh: e for e in store.entries()}
        warnings = store.warnings
    assert set(entries) == {"裁军", "不扩散"}
    assert entries["裁军"].variants == [] and entries["裁军"].frequency == 0 and entries["裁军"].note == ""
    assert any("(裁军): variants is not a JSON list of strings" in w for w in warnings)
    assert any("frequency is 'many'" in w for w in warnings) and any("note holds bytes" in w for w in warnings)
