"""Small file helpers shared by every stage: atomic output files and progress on stderr."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from core.errors import InputError, UsageError

T = TypeVar("T")

# Set by the CLI (--quiet); progress is also off when stderr is not a terminal.
QUIET = False

# The output name that means standard output (`-o -`), as in most Unix tools.
STDOUT = "-"


def is_stdout(path: str | os.PathLike | None) -> bool:
    """True when `path` is `-`: the output goes to standard output."""
    return path is not None and os.fspath(path) == STDOUT


def refuse_binary_stdout(path: str | os.PathLike | None, fmt: str, binary: bool) -> None:
    """UsageError when a binary format (xlsx) is sent to standard output."""
    if binary and is_stdout(path):
        raise UsageError(f"the {fmt} format is binary and cannot go to standard output; give -o FILE.{fmt}")


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success rename it over `path`, on error delete it.

    A reader never sees a half-written output file, and a failed command leaves nothing behind.
    `path` `-` (see `is_stdout`) means standard output: the writer still writes a temporary file, and its
    bytes are copied to stdout only when the writer succeeded, so every writer streams for free.
    """
    if is_stdout(path):
        with _stdout_output() as tmp_path:
            yield tmp_path
        return
    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a directory; give a file name for the output")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"{path}: folder {parent} does not exist; create it first")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        if tmp_path.exists():  # mkstemp makes the file private (0600); give it the mode a new file gets
            os.chmod(tmp_path, 0o666 & ~_umask())
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


@contextlib.contextmanager
def _stdout_output() -> Iterator[Path]:
    fd, tmp = tempfile.mkstemp(prefix=".glossalign-stdout.", suffix=".tmp")
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        sys.stdout.flush()
        out = getattr(sys.stdout, "buffer", None)
        with open(tmp_path, "rb") as fh:
            data = fh.read()
        if out is not None:
            out.write(data)
            out.flush()
        else:  # a text-only stream (a test runner's capture): text formats are UTF-8
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def progress(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    """Iterate `items`, showing a rich progress bar on stderr when a person is watching."""
    if QUIET or not sys.stderr.isatty():
        yield from items
        return
    from rich.console import Console
    from rich.progress import track

    yield from track(items, description=description, total=total, console=Console(stderr=True), transient=True)


@contextlib.contextmanager
def status(message: str) -> Iterator[None]:
    """A spinner with `message` on stderr while a step without countable items runs (terminal only)."""
    if QUIET or not sys.stderr.isatty():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message):
        yield
