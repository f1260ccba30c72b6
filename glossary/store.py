"""The glossary store: one SQLite file the user keeps between runs.

    store = GlossaryStore("glossary.sqlite")
    store.merge(candidates, equivalents)      # a new extraction; human decisions are kept
    store.entries()                           # -> list[GlossaryEntry]

Tables: ``terms`` (one row per Chinese term: preferred English, status, counts, who/when changed),
``equivalents`` (every proposed English rendering with its source base|pairs|human, score and evidence) and
``history`` (every decision: merge, curation import, with old and new status / English).

A row a person has decided on (approved, rejected or edited through curation) keeps its English and status
when a later extraction is merged; only its frequency, document count and evidence are refreshed.

Every write runs in one transaction: a failure leaves the file as it was. A file that is not a SQLite
database, is corrupt, locked by another program, or from a newer glossalign is refused with one line.
"""

from __future__ import annotations

import getpass
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from core.errors import InputError
from core.records import STATUSES, Equivalent, Evidence, GlossaryEntry, TermCandidate

SCHEMA_VERSION = 1
HUMAN_STATUSES = ("approved", "rejected", "edited")
SOURCES = ("base", "pairs", "human")
_SQLITE_MAGIC = b"SQLite format 3\x00"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS terms (
    id INTEGER PRIMARY KEY,
    zh TEXT NOT NULL UNIQUE,
    en TEXT NOT NULL DEFAULT '',
    variants TEXT NOT NULL DEFAULT '[]',
    avoid TEXT NOT NULL DEFAULT '[]',
    abbreviation TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'candidate'
        CHECK (status IN ('candidate', 'approved', 'rejected', 'edited')),
    en_source TEXT NOT NULL DEFAULT '',
    frequency INTEGER NOT NULL DEFAULT 0,
    documents INTEGER NOT NULL DEFAULT 0,
    score REAL NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    human INTEGER NOT NULL DEFAULT 0,
    changed_by TEXT NOT NULL DEFAULT '',
    changed_at TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS equivalents (
    term_id INTEGER NOT NULL REFERENCES terms(id) ON DELETE CASCADE,
    en TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('base', 'pairs', 'human')),
    score REAL NOT NULL DEFAULT 0,
    evidence TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (term_id, en, source)
);
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY,
    term_id INTEGER NOT NULL,
    zh TEXT NOT NULL,
    action TEXT NOT NULL,
    old_status TEXT,
    new_status TEXT,
    old_en TEXT,
    new_en TEXT,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
"""


def current_user() -> str:
    """Who is changing the store: the login name, or "import" when there is none (a service, a container)."""
    try:
        return getpass.getuser() or "import"
    except Exception:  # noqa: BLE001 - getuser raises OSError/KeyError when no name is known
        return "import"


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _evidence_json(evidence: Iterable[Evidence]) -> str:
    return json.dumps([e.__dict__ for e in evidence], ensure_ascii=False)


def _evidence_from(text: str) -> list[Evidence]:
    try:
        return [Evidence(**e) for e in json.loads(text or "[]")]
    except (ValueError, TypeError):
        return []


def _check_file(path: Path) -> None:
    if path.exists():
        if not path.is_file():
            raise InputError(f"{path}: is not a file; give a glossary store (.sqlite)")
        try:
            with open(path, "rb") as fh:
                head = fh.read(len(_SQLITE_MAGIC))
        except OSError as exc:
            raise InputError(f"{path}: cannot read the glossary store ({exc.strerror or exc})") from None
        if head and head != _SQLITE_MAGIC:
            raise InputError(f"{path}: not a glossary store (not a SQLite file); give a .sqlite store or a new name")
    elif not path.parent.is_dir() and str(path.parent):
        raise InputError(f"{path}: folder {path.parent} does not exist; create it first")


class GlossaryStore:
    """A glossary store on disk; open, use, and `close()` (or use as a context manager)."""

    def __init__(self, path: str | os.PathLike, *, create: bool = True, timeout: float = 2.0):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise InputError(f"{self.path}: glossary store not found; create it with 'glossalign terms FILES --db STORE' or give the right one with --db")
        _check_file(self.path)
        try:
            self.conn = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
        except sqlite3.Error as exc:
            raise InputError(f"{self.path}: cannot open the glossary store ({exc})") from None
        try:
            self._init_schema()
        except InputError:
            self.conn.close()
            raise

    # -- life cycle ------------------------------------------------------------------------------

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> GlossaryStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _error(self, exc: sqlite3.Error) -> InputError:
        text = str(exc)
        if "locked" in text or "busy" in text:
            return InputError(f"{self.path}: the glossary store is locked by another program; close it and retry")
        if isinstance(exc, sqlite3.DatabaseError) and ("not a database" in text or "malformed" in text):
            return InputError(f"{self.path}: the glossary store is corrupt ({text}); restore it from a copy")
        return InputError(f"{self.path}: glossary store error ({text})")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; any error rolls everything back (and becomes one InputError line)."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self.conn.execute("ROLLBACK")
            raise self._error(exc) from None
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def _init_schema(self) -> None:
        try:
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise InputError(
                    f"{self.path}: glossary store schema {version} is newer than this glossalign ({SCHEMA_VERSION}); "
                    "upgrade glossalign"
                )
            tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if version == SCHEMA_VERSION and {"terms", "equivalents", "history"} <= tables:
                self.conn.execute("PRAGMA foreign_keys = ON")
                return
            if version == 0 and tables:
                raise InputError(f"{self.path}: a SQLite file but not a glossary store; give another name")
            with self.transaction() as c:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        c.execute(statement)
                c.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    # -- reading ---------------------------------------------------------------------------------

    def _query(self, sql: str, args: tuple = ()) -> list[sqlite3.Row]:
        self.conn.row_factory = sqlite3.Row
        try:
            return self.conn.execute(sql, args).fetchall()
        except sqlite3.Error as exc:
            raise self._error(exc) from None
        finally:
            self.conn.row_factory = None

    def equivalents(self, zh: str | None = None) -> dict[str, list[Equivalent]]:
        """zh → proposed equivalents, best first (human, base, then pairs by score)."""
        order = {"human": 0, "base": 1, "pairs": 2}
        rows = self._query(
            "SELECT t.zh, e.en, e.source, e.score, e.evidence FROM equivalents e JOIN terms t ON t.id = e.term_id"
            + (" WHERE t.zh = ?" if zh is not None else ""),
            (zh,) if zh is not None else (),
        )
        out: dict[str, list[Equivalent]] = {}
        for r in rows:
            out.setdefault(r["zh"], []).append(Equivalent(r["en"], r["source"], r["score"], _evidence_from(r["evidence"])))
        for eqs in out.values():
            eqs.sort(key=lambda e: (order.get(e.source, 3), -e.score, e.en))
        return out

    def entries(self, status: str | None = None) -> list[GlossaryEntry]:
        """Every term as a GlossaryEntry (most frequent first), evidence from its preferred equivalent."""
        if status is not None and status not in STATUSES:
            raise InputError(f"unknown status {status!r}: use one of {', '.join(STATUSES)}")
        rows = self._query(
            "SELECT * FROM terms" + (" WHERE status = ?" if status else "") + " ORDER BY frequency DESC, score DESC, zh",
            (status,) if status else (),
        )
        eqs = self.equivalents()
        out = []
        for r in rows:
            cands = eqs.get(r["zh"], [])
            chosen = next((e for e in cands if e.en == r["en"]), None)
            out.append(
                GlossaryEntry(
                    zh=r["zh"], en=r["en"], variants=json.loads(r["variants"]), avoid=json.loads(r["avoid"]),
                    abbreviation=r["abbreviation"], category=r["category"], status=r["status"],
                    en_source=r["en_source"], frequency=r["frequency"], documents=r["documents"], score=r["score"],
                    note=r["note"], evidence=list(chosen.evidence) if chosen else [],
                    changed_by=r["changed_by"], changed_at=r["changed_at"],
                )
            )
        return out

    def history(self) -> list[dict]:
        return [dict(r) for r in self._query("SELECT * FROM history ORDER BY id")]

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATUSES}
        for r in self._query("SELECT status, COUNT(*) AS n FROM terms GROUP BY status"):
            out[r["status"]] = r["n"]
        return out

    def dump(self) -> list[str]:
        """Every row of every table as text (for comparing a store before and after)."""
        try:
            return list(self.conn.iterdump())
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    # -- writing ---------------------------------------------------------------------------------

    def _log(self, c, term_id: int, zh: str, action: str, old_status, new_status, old_en, new_en, who, when):
        c.execute(
            "INSERT INTO history (term_id, zh, action, old_status, new_status, old_en, new_en, changed_by, changed_at)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (term_id, zh, action, old_status, new_status, old_en, new_en, who, when),
        )

    def merge(
        self,
        candidates: list[TermCandidate],
        equivalents: dict[str, list[Equivalent]] | None = None,
        base: dict[str, GlossaryEntry] | None = None,
        *,
        changed_by: str | None = None,
    ) -> dict[str, int]:
        """Merge a new extraction. New terms come in as candidates with the best equivalent as English
        (a base-glossary rendering before one found in pairs). Existing undecided rows take the new counts
        and, when they had no English or only a machine one, the new best English. Decided rows (a person
        approved, rejected or edited them) keep English and status; counts and evidence are refreshed."""
        equivalents = equivalents or {}
        base = base or {}
        who, when = changed_by or current_user(), now()
        summary = {"new": 0, "updated": 0, "kept_decisions": 0, "with_english": 0, "english_base": 0,
                   "english_pairs": 0}
        order = {"human": 0, "base": 1, "pairs": 2}
        with self.transaction() as c:
            for cand in candidates:
                eqs = sorted(equivalents.get(cand.zh, []), key=lambda e: (order.get(e.source, 3), -e.score))
                b = base.get(cand.zh)
                best = eqs[0] if eqs else None
                row = c.execute("SELECT id, en, status, en_source, human FROM terms WHERE zh = ?", (cand.zh,)).fetchone()
                ndocs = len(cand.documents)
                if row is None:
                    en, src = (best.en, best.source) if best else ("", "")
                    cur = c.execute(
                        "INSERT INTO terms (zh, en, variants, avoid, abbreviation, category, status, en_source, "
                        "frequency, documents, score, note, changed_by, changed_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (cand.zh, en, json.dumps(b.variants if b else [], ensure_ascii=False),
                         json.dumps(b.avoid if b else [], ensure_ascii=False),
                         cand.abbreviation or (b.abbreviation if b else ""), cand.category or (b.category if b else ""),
                         "candidate", src, cand.frequency, ndocs, cand.score, b.note if b else "", who, when),
                    )
                    term_id = cur.lastrowid
                    self._log(c, term_id, cand.zh, "extract", None, "candidate", None, en, who, when)
                    summary["new"] += 1
                else:
                    term_id, old_en, status, old_src, human = row
                    if human:
                        c.execute("UPDATE terms SET frequency=?, documents=?, score=? WHERE id=?",
                                  (cand.frequency, ndocs, cand.score, term_id))
                        summary["kept_decisions"] += 1
                    else:
                        en, src = (best.en, best.source) if best else (old_en, old_src)
                        c.execute(
                            "UPDATE terms SET frequency=?, documents=?, score=?, en=?, en_source=?,"
                            " abbreviation=CASE WHEN abbreviation='' THEN ? ELSE abbreviation END,"
                            " category=CASE WHEN category='' THEN ? ELSE category END WHERE id=?",
                            (cand.frequency, ndocs, cand.score, en, src, cand.abbreviation, cand.category, term_id),
                        )
                        if en != old_en:
                            c.execute("UPDATE terms SET changed_by=?, changed_at=? WHERE id=?", (who, when, term_id))
                            self._log(c, term_id, cand.zh, "extract", status, status, old_en, en, who, when)
                        summary["updated"] += 1
                # base equivalents are recomputed every run; pair ones are replaced when this run found some
                # (a Chinese-only run keeps the evidence an earlier run with English found); human ones stay
                drop = {"base"} | {e.source for e in eqs if e.source == "pairs"}
                c.execute(f"DELETE FROM equivalents WHERE term_id=? AND source IN ({','.join('?' * len(drop))})",
                          (term_id, *sorted(drop)))
                for e in eqs:
                    c.execute(
                        "INSERT OR REPLACE INTO equivalents (term_id, en, source, score, evidence) VALUES (?,?,?,?,?)",
                        (term_id, e.en, e.source, float(e.score), _evidence_json(e.evidence[:5])),
                    )
            for r in c.execute("SELECT en_source, COUNT(*) FROM terms WHERE en != '' GROUP BY en_source").fetchall():
                summary["with_english"] += r[1]
                if r[0] in ("base", "pairs"):
                    summary[f"english_{r[0]}"] = r[1]
        summary["terms"] = sum(self.counts().values())
        return summary

    def apply_decisions(self, decisions: list[dict], *, changed_by: str | None = None) -> None:
        """Apply curated rows (already validated) in one transaction. Each dict: zh, and the new values of
        any of en, status, variants (list), avoid (list), abbreviation, category, note."""
        who, when = changed_by or current_user(), now()
        with self.transaction() as c:
            for d in decisions:
                row = c.execute("SELECT id, en, status, en_source FROM terms WHERE zh = ?", (d["zh"],)).fetchone()
                if row is None:
                    cur = c.execute("INSERT INTO terms (zh) VALUES (?)", (d["zh"],))
                    row = (cur.lastrowid, "", "candidate", "")
                term_id, old_en, old_status, old_src = row
                en = d.get("en", old_en)
                status = d.get("status", "edited" if en != old_en else old_status)
                src = "human" if en != old_en else old_src
                sets = {"en": en, "status": status, "en_source": src, "human": 1, "changed_by": who, "changed_at": when}
                for key in ("abbreviation", "category", "note"):
                    if key in d:
                        sets[key] = d[key]
                for key in ("variants", "avoid"):
                    if key in d:
                        sets[key] = json.dumps(d[key], ensure_ascii=False)
                c.execute(f"UPDATE terms SET {', '.join(f'{k}=?' for k in sets)} WHERE id=?", (*sets.values(), term_id))
                if en and en != old_en:
                    c.execute(
                        "INSERT OR REPLACE INTO equivalents (term_id, en, source, score, evidence) VALUES (?,?,?,?,?)",
                        (term_id, en, "human", 1.0, "[]"),
                    )
                self._log(c, term_id, d["zh"], "curate", old_status, status, old_en, en, who, when)


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return False


def load_glossary(path: str | os.PathLike) -> list[GlossaryEntry]:
    """Glossary entries from a store (.sqlite/.db, or any SQLite file) or an export (.xlsx, .csv, .tbx)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: glossary not found" if not path.exists() else f"{path}: glossary is not a file")
    suffix = path.suffix.lower()
    if suffix in (".sqlite", ".sqlite3", ".db") or _is_sqlite(path):
        with GlossaryStore(path, create=False) as store:
            return store.entries()
    from formats.glossary import read_glossary

    return read_glossary(path)
