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
