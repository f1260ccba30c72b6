"""Find the documents of a batch and pair each Chinese document with its English version.

Pairing key, in order of trust:
1. the UN document symbol (`CD/PV.1261`, `A/75/802`, `A/RES/73/30`, `NPT/CONF.2020/PC.I/WP.1`) read from the
   text: a line that holds nothing but the symbol (the page header of a UN PDF) wins over a symbol alone
   on one of the first lines; the file name is read when the text names none (`A_75_802-E.pdf`);
2. the file stem once a language suffix is removed (`report_zh.txt` ~ `report_en.txt`, `X-C` ~ `X-E`,
   `x.ch.txt` ~ `x.en.txt`);
3. one Chinese and one English file given explicitly pair with each other whatever their names.

Everything that stays unpaired is reported, never dropped silently. Plain data in and out; no file is written.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from core.errors import InputError
from core.fsutil import fit_name

DOCUMENT_SUFFIXES = (".txt", ".docx", ".pdf")

# Series symbols of the UN bodies that publish arms-control documents. A symbol is a series followed by
# one or more "/part" components: CD/PV.1261, A/C.1/75/L.2, A/RES/73/30, NPT/CONF.2020/PC.I/WP.1, S/2021/5.
_SERIES = r"(?:A|S|E|CD|NPT|CCW|BWC|APLC|DC|ST|UNODA|UNIDIR|ATT|TPNW)"
SYMBOL_RE = re.compile(rf"(?<![\w/.])({_SERIES}(?:/[A-Z0-9][A-Za-z0-9.\-()]*)+)")
# What may share a line with the symbol in a page header: page numbers, GE./job numbers, dates.
_HEADER_NOISE = re.compile(r"(?:\bGE\.\d{2}-\d+\b|\(\w\)|\d+|[\s.,\-–—/])*")
_LANG_SUFFIX = re.compile(
    r"(?:[_.\- ](?:zh|zho|chi|ch|cn|chinese|en|eng|english)|[_\-](?:c|e|ch|zh|en))$", re.IGNORECASE
)
_HEAD_LINES = 15


@dataclass
class DocPair:
    """One unit of batch work: a Chinese document and its English version (None when there is none).

    key: a file-name-safe name for the outputs (from the symbol or the stem); by: how they were paired
    ("symbol", "stem", "given", or "zh-only").
    """

    key: str
    zh: Path
    en: Path | None = None
    symbol: str | None = None
    by: str = "zh-only"


@dataclass
class Pairing:
    pairs: list[DocPair] = field(default_factory=list)
    unpaired_en: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def report(self) -> str:
        """Several lines for a person: what was paired how, and what was left over."""
        lines = []
        for p in self.pairs:
            if p.en is None:
                lines.append(f"  {p.zh.name}: no English document (Chinese-only)")
            else:
                lines.append(f"  {p.zh.name} <-> {p.en.name} (by {p.by}{': ' + p.symbol if p.by == 'symbol' else ''})")
        for e in self.unpaired_en:
            lines.append(f"  {e.name}: English document with no Chinese partner (ignored)")
        lines.extend(f"  note: {n}" for n in self.notes)
        return "\n".join(lines)


def expand_inputs(items: list[Path]) -> list[Path]:
    """Files as given; folders -> every .txt/.docx/.pdf inside (recursively, hidden files skipped), sorted."""
    found: list[Path] = []
    for item in items:
        item = Path(item)
        if item.is_dir():
            docs = sorted(
                p for p in item.rglob("*")
                if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(item).parts)
            )
            if not docs:
                raise InputError(f"{item}: folder holds no .txt, .docx or .pdf document")
            found.extend(docs)
        elif item.is_file():
            found.append(item)
        else:
            raise InputError(f"{item}: no such file or folder")
    unique = list(dict.fromkeys(p.resolve() for p in found))
    return unique


def strip_language_suffix(stem: str) -> str:
    """`report_zh` -> `report`, `A_75_802-E` -> `A_75_802`, `x.ch` -> `x`; other stems unchanged."""
    return _LANG_SUFFIX.sub("", stem) or stem


def _clean(symbol: str) -> str:
    symbol = symbol.rstrip(".,;:-")
    while symbol.endswith(")") and symbol.count(")") > symbol.count("("):
        symbol = symbol[:-1]
    return symbol.upper()


def symbol_from_text(text: str) -> str | None:
    """The UN symbol of a document from its text, or None.

    Page headers repeat the symbol on a line of its own: the most frequent such line wins. Otherwise a
    symbol that is alone on one of the first lines (the masthead). A symbol cited inside a sentence
    ("载于 CD/WP.571/Rev.1 号文件") is a reference to another document and never counts.
    """
    alone: Counter[str] = Counter()
    head: list[str] = []
    for n, line in enumerate(text.splitlines()):
        line = line.strip()
        if not line or len(line) > 60:
            continue
        m = SYMBOL_RE.search(line)
        if not m:
            continue
        rest = line[: m.start()] + line[m.end() :]
        if _HEADER_NOISE.fullmatch(rest):
            sym = _clean(m.group(1))
            alone[sym] += 1
            if n < _HEAD_LINES:
                head.append(sym)
    if alone:
        best, count = alone.most_common(1)[0]
        if count > 1 or not head:
            return best
        return head[0]
    return None


def symbol_from_name(path: Path) -> str | None:
    """`A_75_802-E.pdf` -> `A/75/802`; `CD_PV.1261_zh.txt` -> `CD/PV.1261`; None when the name holds none."""
    stem = strip_language_suffix(path.stem)
    m = SYMBOL_RE.fullmatch(stem.replace("_", "/").upper())
    return _clean(m.group(1)) if m else None


def document_symbol(path: Path, text: str | None = None) -> str | None:
    """The UN symbol of the document at `path` (text read when not given), from its text, else its name."""
    if text is None:
        text = _read(path)
    return (symbol_from_text(text) if text else None) or symbol_from_name(path)


def _read(path: Path) -> str:
    try:
        from ingest.read import read_text
    except ImportError:  # pragma: no cover - ingest not built yet
        read_text = None
    try:
        if read_text is not None:
            return read_text(path)
        return path.read_text(encoding="utf-8-sig")
    except (InputError, UnicodeDecodeError, OSError):
        return ""  # unreadable here: the stage that reads it for real says why


# The longest name derived from a key is "<key>.zh.paragraphs.jsonl" and its temp file adds ~15 bytes: a key
# of at most KEY_BYTES keeps every output name within the 255 bytes file systems allow.
KEY_BYTES = 200


def _safe_key(text: str) -> str:
    return fit_name(re.sub(r"[^\w.\-]+", "_", text).strip("_") or "document", KEY_BYTES)


def pair_documents(
    zh_files: list[Path], en_files: list[Path], *, texts: dict[Path, str] | None = None
) -> Pairing:
    """Pair Chinese and English documents by symbol, then by stem; one file on each side always pairs.

    `texts` may hold already-read texts (path -> text) to avoid reading files twice.
    """
    texts = texts or {}

    def sym(p: Path) -> str | None:
        t = texts.get(p)
        t = _read(p) if t is None else t
        return symbol_from_text(t) or symbol_from_name(p)

    result = Pairing()
    zh_sym = {p: sym(p) for p in zh_files}
    en_sym = {p: sym(p) for p in en_files}
    partner: dict[Path, tuple[Path, str]] = {}

    if len(zh_files) == 1 and len(en_files) == 1:
        partner[zh_files[0]] = (en_files[0], "given")
    else:
        for side, syms in (("Chinese", zh_sym), ("English", en_sym)):
            dup = [s for s, c in Counter(v for v in syms.values() if v).items() if c > 1]
            for s in dup:
                names = ", ".join(p.name for p, v in syms.items() if v == s)
                result.notes.append(f"{side} documents {names} share the symbol {s}; paired by file name instead")
        zh_unique = {s: p for p, s in zh_sym.items() if s and list(zh_sym.values()).count(s) == 1}
        en_unique = {s: p for p, s in en_sym.items() if s and list(en_sym.values()).count(s) == 1}
        for s, z in zh_unique.items():
            if s in en_unique:
                partner[z] = (en_unique[s], "symbol")
        taken = {e for e, _ in partner.values()}
        en_by_stem: dict[str, list[Path]] = {}
        for e in en_files:
            if e not in taken:
                en_by_stem.setdefault(strip_language_suffix(e.stem).lower(), []).append(e)
        for z in zh_files:
            if z in partner:
                continue
            cands = en_by_stem.get(strip_language_suffix(z.stem).lower(), [])
            if len(cands) == 1:
                partner[z] = (cands.pop(), "stem")

    used_keys: Counter[str] = Counter()
    for z in zh_files:
        en, by = partner.get(z, (None, "zh-only"))
        s = zh_sym[z] or (en_sym[en] if en else None)
        # paired by stem means the symbol was missing or shared: the stem names the outputs
        key = _safe_key(s.replace("/", "_") if s and by != "stem" else strip_language_suffix(z.stem))
        used_keys[key] += 1
        if used_keys[key] > 1:
            key = f"{key}-{used_keys[key]}"
        result.pairs.append(DocPair(key=key, zh=z, en=en, symbol=s, by=by))
    paired_en = {p.en for p in result.pairs if p.en is not None}
    result.unpaired_en = [e for e in en_files if e not in paired_en]
    return result
