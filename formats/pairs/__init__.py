"""Writers (and readers) for aligned pairs: one module per format, registered by name.

Every format module has the same small surface:

    NAME: str                 the --format name
    EXTENSIONS: tuple[str]    file suffixes that select it ("" never)
    BINARY: bool              True when the output cannot go to a terminal (xlsx)
    KEEPS_UNMATCHED: bool     whether pairs with an empty side are written
    write(pairs, path, *, level="paragraph") -> None     write to `path` (a temporary file; see write_pairs)
    dumps(pairs, *, level="paragraph") -> str            the same as text, for stdout (not where BINARY)
    read(path) -> list[AlignedPair]                      only where READABLE is True

`write_pairs` picks the format (explicit name, else the file extension) and writes atomically through
`core.fsutil.atomic_output`; `read_pairs` reads tsv, jsonl, xlsx and tmx back into AlignedPair records.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

from core.errors import InputError, UsageError
from core.fsutil import atomic_output, is_stdout, refuse_binary_stdout
from core.records import AlignedPair
from formats.pairs import align_fmt, html, jsonl, tmx, tsv, xlsx

FORMATS: dict[str, ModuleType] = {m.NAME: m for m in (xlsx, tmx, tsv, jsonl, align_fmt, html)}


def _by_extension(path: str | os.PathLike) -> ModuleType | None:
    suffix = Path(path).suffix.lower()
    for module in FORMATS.values():
        if suffix in module.EXTENSIONS:
            return module
    return None


def format_for(path: str | os.PathLike | None, fmt: str | None = None) -> ModuleType:
    """The format module for an explicit name, else for the extension of `path`; InputError if neither.

    `path` `-` is standard output: it needs `fmt`, and a binary format there is a UsageError; so is an `fmt`
    that contradicts the extension of `path` (`-o x.xlsx -f tmx`).
    """
    if fmt:
        try:
            module = FORMATS[fmt.lower()]
        except KeyError:
            raise InputError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}") from None
        named = _by_extension(path) if path is not None and not is_stdout(path) else None
        if named is not None and named is not module:
            raise UsageError(
                f"{path}: the extension says {named.NAME} but --format says {module.NAME}; "
                "drop --format or change the extension"
            )
        refuse_binary_stdout(path, module.NAME, module.BINARY)
        return module
    if is_stdout(path):
        raise UsageError(f"-o - (standard output) needs --format: one of {', '.join(_text_formats())}")
    module = _by_extension(path) if path is not None else None
    if module is None:
        raise InputError(
            f"{path}: cannot tell the output format from the extension; use one of "
            f"{', '.join(e for m in FORMATS.values() for e in m.EXTENSIONS)} or give --format"
        )
    return module


def _text_formats() -> list[str]:
    return [name for name, m in FORMATS.items() if not m.BINARY]


def read_review(path: str | os.PathLike, fmt: str | None = None, *, accept_edits: bool = False):
    """A `formats.pairs.review.Review` of `path`: the pairs, their level, and whether the text was checked.

    For an XLSX pairs sheet the reviewer's changes are applied (see `formats.pairs.review`); every other
    format is read as it is.
    """
    from formats.pairs.review import Review

    path = Path(path)
    if path.suffix.lower() in xlsx.EXTENSIONS and not fmt or fmt == "xlsx":
        _exists(path)
        return xlsx.read_review(path, accept_edits=accept_edits)
    pairs = read_pairs(path, fmt)
    level = "sentence" if any("." in i for p in pairs for i in p.zh_ids + p.en_ids) else "paragraph"
    if path.suffix.lower() in tmx.EXTENSIONS:
        import xml.etree.ElementTree as ET

        header = ET.parse(path).getroot().find("header")
        level = header.get("segtype", level) if header is not None else level
    return Review(pairs, level=level)


def convert(src: str | os.PathLike, dst: str | os.PathLike, fmt: str | None = None, *,
            accept_edits: bool = False):
    """`pairs convert`: read `src` (its review applied), write `dst` in `fmt`; returns the Review.

    The output format is checked before reading, and nothing is written when the review is refused.
    """
    module = format_for(dst, fmt)
    review = read_review(src, accept_edits=accept_edits)
    write_pairs(review.pairs, dst, module.NAME, level=review.level if review.level in ("paragraph", "sentence") else "paragraph")
    return review


def _exists(path: Path) -> None:
    if not path.is_file():
        raise InputError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")


def write_pairs(
    pairs: list[AlignedPair], path: str | os.PathLike, fmt: str | None = None, *, level: str = "paragraph"
) -> ModuleType:
    """Write `pairs` to `path` in `fmt` (default: from the extension), atomically. Returns the format module."""
    module = format_for(path, fmt)
    with atomic_output(path) as tmp:
        module.write(pairs, tmp, level=level)
    return module


# tables of pairs that other tools write: read with the tsv reader (a .csv with commas)
_TABLES = {".csv": ",", ".txt": "\t"}


def read_pairs(path: str | os.PathLike, fmt: str | None = None, *, allow_empty: bool = False,
               accept_edits: bool = False) -> list[AlignedPair]:
    """Read aligned pairs: what `write_pairs` writes (tsv, jsonl, xlsx, tmx), or any zh/en table (.csv, .txt).

    Every command that reads pairs (check, terms --pairs, run) comes here, so they all take the same files:
    a TSV needs zh and en columns only. InputError (one line) for a missing, empty or broken file, and for
    a file without any pair (unless `allow_empty`: the per-document outputs of `run`).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file" if not path.exists() else f"{path}: not a file")
    suffix = path.suffix.lower()
    table = _TABLES.get(suffix) if not fmt else None
    module = None if table else format_for(path, fmt)
    if module is not None and not getattr(module, "READABLE", False):
        raise InputError(f"{path}: the {module.NAME} format cannot be read back; use tsv, jsonl, xlsx or tmx")
    if path.stat().st_size == 0 and not allow_empty:
        raise InputError(f"{path}: empty file; expected aligned pairs")
    if path.stat().st_size == 0:
        return []
    try:
        if module is xlsx:
            pairs = xlsx.read(path, accept_edits=accept_edits)
        else:
            pairs = tsv.read_table(path, table) if table else module.read(path)
    except InputError:
        raise
    except OSError:
        raise
    except Exception as exc:  # ParseError, BadZipFile, ValueError...: whatever the parser says, one line
        name = module.NAME if module else suffix.lstrip(".")
        raise InputError(
            f"{path}: not a valid {name} file of aligned pairs ({type(exc).__name__}: {exc})"
        ) from None
    if not pairs and not allow_empty:
        raise InputError(f"{path}: no aligned pairs in the file")
    return pairs


__all__ = ["FORMATS", "convert", "format_for", "read_pairs", "read_review", "write_pairs"]
