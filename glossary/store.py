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
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from core.errors import InputError
from core.fsutil import warn
from core.records import STATUSES, Context, Equivalent, Evidence, GlossaryEntry, TermCandidate

SCHEMA_VERSION = 2  # 2: row versions, store revision and id (meta), imports, origin
HUMAN_STATUSES = ("approved", "rejected", "edited")
SOURCES = ("base", "pairs", "human")
_SQLITE_MAGIC = b"SQLite format 3\x00"
MAX_WARNINGS = 20

_TERMS = """
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
    changed_at TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    origin TEXT NOT NULL DEFAULT ''
)"""
_TABLES = """
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
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS imports (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    base_revision INTEGER,
    revision INTEGER NOT NULL,
    summary TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL
)"""
# Where each term occurs (refreshed by every extraction): up to three context sentences, the documents.
_OCCURRENCES = (
    "CREATE TABLE IF NOT EXISTS contexts (term_id INTEGER NOT NULL REFERENCES terms(id) ON DELETE CASCADE,"
    " n INTEGER NOT NULL, zh TEXT NOT NULL, en TEXT NOT NULL DEFAULT '', doc TEXT NOT NULL DEFAULT '',"
    " PRIMARY KEY (term_id, n))",
    "CREATE TABLE IF NOT EXISTS term_documents (term_id INTEGER NOT NULL REFERENCES terms(id) ON DELETE CASCADE,"
    " doc TEXT NOT NULL, PRIMARY KEY (term_id, doc))",
)
# Every change of a curated field bumps the row's version and the store's revision (the base a curation
# sheet records, so that an import can tell what changed in the store since the export).
CURATED_FIELDS = ("en", "status", "variants", "avoid", "abbreviation", "category", "note")
_TRIGGERS = (
    "CREATE TRIGGER IF NOT EXISTS terms_changed AFTER UPDATE OF " + ", ".join(CURATED_FIELDS) + " ON terms WHEN "
    + " OR ".join(f"OLD.{f} IS NOT NEW.{f}" for f in CURATED_FIELDS)
    + " BEGIN UPDATE terms SET version = version + 1 WHERE id = NEW.id;"
    " UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'; END",
    "CREATE TRIGGER IF NOT EXISTS terms_added AFTER INSERT ON terms"
    " BEGIN UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'; END",
)


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
        self.warnings: list[str] = []  # corrupt cells met while reading (named; the rest is read)
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
            if version == SCHEMA_VERSION and {"terms", "equivalents", "history", "meta", "imports"} <= tables:
                if not {"contexts", "term_documents"} <= tables:
                    with self.transaction() as c:
                        for statement in _OCCURRENCES:
                            c.execute(statement)
                self.conn.execute("PRAGMA foreign_keys = ON")
                return
            if (version == 0 and tables) or (version == 1 and not {"terms", "equivalents", "history"} <= tables):
                raise InputError(f"{self.path}: a SQLite file but not a glossary store; give another name")
            with self.transaction() as c:
                if version == 1:  # upgrade in place, in the same transaction: a kill leaves schema 1 intact
                    c.execute("ALTER TABLE terms ADD COLUMN version INTEGER NOT NULL DEFAULT 1")
                    c.execute("ALTER TABLE terms ADD COLUMN origin TEXT NOT NULL DEFAULT ''")
                else:
                    c.execute(_TERMS)
                for statement in _TABLES.split(";"):
                    c.execute(statement)
                for statement in _TRIGGERS + _OCCURRENCES:
                    c.execute(statement)
                c.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('store_id', ?)", (uuid.uuid4().hex,))
                c.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('revision', '1')")
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
        """Every term as a GlossaryEntry (most frequent first), evidence from its preferred equivalent.

        A corrupt cell (a list column that is not a JSON list of strings, a number column holding text, bytes
        in a text column) is read as empty and named in `self.warnings`; the other rows are read as usual."""
        if status is not None and status not in STATUSES:
            raise InputError(f"unknown status {status!r}: use one of {', '.join(STATUSES)}")
        rows = self._query(
            "SELECT * FROM terms" + (" WHERE status = ?" if status else "") + " ORDER BY frequency DESC, score DESC, zh",
            (status,) if status else (),
        )
        eqs = self.equivalents()
        contexts: dict[int, list[Context]] = {}
        for c in self._query("SELECT term_id, zh, en, doc FROM contexts ORDER BY term_id, n"):
            contexts.setdefault(c["term_id"], []).append(Context(zh=c["zh"], en=c["en"], doc=c["doc"]))
        names: dict[int, list[str]] = {}
        for d in self._query("SELECT term_id, doc FROM term_documents ORDER BY term_id, doc"):
            names.setdefault(d["term_id"], []).append(d["doc"])
        out = []
        for r in rows:
            cell = _Cells(r, self.warnings, self.path)
            zh = cell.text("zh")
            if not zh:
                continue
            cands = eqs.get(zh, [])
            en = cell.text("en")
            chosen = next((e for e in cands if e.en == en), None)
            out.append(
                GlossaryEntry(
                    zh=zh, en=en, variants=cell.strings("variants"), avoid=cell.strings("avoid"),
                    abbreviation=cell.text("abbreviation"), category=cell.text("category"),
                    status=r["status"] if r["status"] in STATUSES else "candidate",
                    en_source=cell.text("en_source"), frequency=cell.number("frequency", int),
                    documents=cell.number("documents", int), score=cell.number("score", float),
                    note=cell.text("note"), evidence=list(chosen.evidence) if chosen else [],
                    changed_by=cell.text("changed_by"), changed_at=cell.text("changed_at"),
                    origin=cell.text("origin"), contexts=contexts.get(r["id"], []),
                    document_names=names.get(r["id"], []), en_confidence=chosen.score if chosen else 0.0,
                )
            )
        return out

    def store_id(self) -> str:
        row = self._query("SELECT value FROM meta WHERE key = 'store_id'")
        return row[0]["value"] if row else ""

    def revision(self) -> int:
        row = self._query("SELECT value FROM meta WHERE key = 'revision'")
        try:
            return int(row[0]["value"]) if row else 0
        except (TypeError, ValueError):
            return 0

    def versions(self) -> dict[str, int]:
        """zh → the row's version (bumped by every change of a curated field)."""
        return {r["zh"]: r["version"] for r in self._query("SELECT zh, version FROM terms")}

    def imports(self) -> list[dict]:
        return [dict(r) for r in self._query("SELECT * FROM imports ORDER BY id")]

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

    @staticmethod
    def _write_occurrences(c: sqlite3.Connection, term_id: int, cand: TermCandidate) -> None:
        """Replace the term's contexts and documents with this extraction's; an English sentence found
        by an earlier run with pairs is kept for a context this run found without pairs."""
        old = dict(c.execute("SELECT zh, en FROM contexts WHERE term_id=?", (term_id,)).fetchall())
        c.execute("DELETE FROM contexts WHERE term_id=?", (term_id,))
        for n, ctx in enumerate(cand.contexts[:3]):
            c.execute("INSERT INTO contexts (term_id, n, zh, en, doc) VALUES (?,?,?,?,?)",
                      (term_id, n, ctx.zh, ctx.en or old.get(ctx.zh, ""), ctx.doc))
        c.execute("DELETE FROM term_documents WHERE term_id=?", (term_id,))
        for doc in dict.fromkeys(cand.documents):
            c.execute("INSERT INTO term_documents (term_id, doc) VALUES (?,?)", (term_id, doc))

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
                self._write_occurrences(c, term_id, cand)
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

    def apply_decisions(self, decisions: list[dict], *, changed_by: str | None = None, action: str = "curate",
                        conflicts: list[dict] | None = None, record: dict | None = None) -> None:
        """Apply curated rows (already validated and merged) in one transaction. Each dict: zh, and the new
        values of any of en, status, variants (list), avoid (list), abbreviation, category, note, origin.
        A row is a human decision when its status is approved, rejected or edited; a later extraction keeps
        its English. `conflicts` ({zh, field, store, sheet}) are written to history as "conflict" (the store
        keeps its value); `record` (file, base_revision, summary) is written to the imports table."""
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
                sets = {"en": en, "status": status, "en_source": src, "human": int(status in HUMAN_STATUSES),
                        "changed_by": who, "changed_at": when}
                for key in ("abbreviation", "category", "note", "origin"):
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
                self._log(c, term_id, d["zh"], action, old_status, status, old_en, en, who, when)
            for k in conflicts or []:
                row = c.execute("SELECT id, status, en FROM terms WHERE zh = ?", (k["zh"],)).fetchone()
                if row is None:
                    continue
                sheet_en = k["sheet"] if k["field"] == "en" else row[2]
                sheet_status = k["sheet"] if k["field"] == "status" else row[1]
                self._log(c, row[0], k["zh"], f"conflict {k['field']}", row[1], sheet_status, row[2], sheet_en, who, when)
            if record is not None:
                revision = c.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()
                c.execute(
                    "INSERT INTO imports (file, base_revision, revision, summary, changed_by, changed_at)"
                    " VALUES (?,?,?,?,?,?)",
                    (record["file"], record.get("base_revision"), int(revision[0]) if revision else 0,
                     json.dumps(record.get("summary", {}), ensure_ascii=False), who, when),
                )


class _Cells:
    """Typed reads of one store row; a corrupt cell is read as empty and named in `warnings`."""

    def __init__(self, row: sqlite3.Row, warnings: list[str], path: Path):
        self.row, self.warnings, self.path = row, warnings, path

    def _bad(self, name: str, what: str) -> None:
        zh = self.row["zh"] if isinstance(self.row["zh"], str) else "?"
        self.warnings.append(f"{self.path}: term row {self.row['id']} ({zh}): {name} {what}; read as empty")
        if len(self.warnings) <= MAX_WARNINGS:
            warn(self.warnings[-1])
        elif len(self.warnings) == MAX_WARNINGS + 1:
            warn(f"{self.path}: more corrupt cells; only the first {MAX_WARNINGS} are named")

    def text(self, name: str) -> str:
        value = self.row[name] if name in self.row.keys() else ""
        if value is None:
            return ""
        if isinstance(value, bytes):
            self._bad(name, "holds bytes, not text")
            return ""
        return str(value)

    def strings(self, name: str) -> list[str]:
        raw = self.row[name]
        try:
            value = json.loads(raw or "[]") if isinstance(raw, str) else None
        except ValueError:
            value = None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self._bad(name, "is not a JSON list of strings")
            return []
        return value

    def number(self, name: str, kind):
        value = self.row[name]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return kind(value)
        if value in (None, ""):
            return kind(0)
        self._bad(name, f"is {value!r}, not a number")
        return kind(0)


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return False


def load_glossary(path: str | os.PathLike) -> list[GlossaryEntry]:
    """Glossary entries from a store (.sqlite/.db, or any SQLite file), a curation sheet, a TBX (v2 or v3), or a
    CSV/TSV/XLSX with Chinese and English columns (headers zh/en, Chinese/English, 中文/英文)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: glossary not found" if not path.exists() else f"{path}: glossary is not a file")
    suffix = path.suffix.lower()
    if suffix in (".sqlite", ".sqlite3", ".db") or _is_sqlite(path):
        with GlossaryStore(path, create=False) as store:
            return store.entries()
    from glossary.curation import read_termbase, sniff

    kind = sniff(path)  # by content: a curation sheet, TBX v2/v3, CSV/TSV or XLSX with zh/en columns
    if kind == "sheet":
        from formats.glossary import read_glossary

        return read_glossary(path, "xlsx")
    return read_termbase(path, kind)
