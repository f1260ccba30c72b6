"""Small file helpers shared by every stage: atomic output files and progress on stderr."""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
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
    """Yield a temporary path to write the output into; on success it becomes `path`, on error it is deleted.

    A reader never sees a half-written output file, and a failed command leaves nothing behind. The file
    system is respected: a regular file (or a new name) is replaced atomically (a temp file beside it, then
    rename; an existing file keeps its permissions); a symbolic link is written through (the target is
    replaced, the link stays); a FIFO or a character device (a terminal, /dev/null) is written into once the
    output is complete, never replaced. A block device, a socket or a directory is refused.
    `path` `-` (see `is_stdout`) means standard output: the writer still writes a temporary file, and its
    bytes are copied to stdout only when the writer succeeded, so every writer streams for free.
    """
    if is_stdout(path):
        with _stdout_output() as tmp_path:
            yield tmp_path
        return
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise InputError(f"{path}: cannot write the output ({exc.strerror or exc})") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a directory; give a file name for the output")
    if st is not None and (stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode)):
        with _temp_beside(None) as tmp:
            yield tmp
            _copy_into(tmp, target)
        return
    if st is not None and not stat.S_ISREG(st.st_mode):
        kind = "a block device" if stat.S_ISBLK(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a file"
        raise InputError(f"{path}: is {kind}; give a file name for the output")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"{path}: folder {parent} does not exist; create it first")
    with _temp_beside(target) as tmp:
        yield tmp
        if tmp.exists():  # mkstemp makes the file private (0600); give it the mode the file had, or a new one gets
            os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask())
        os.replace(tmp, target)


@contextlib.contextmanager
def _temp_beside(target: Path | None) -> Iterator[Path]:
    """A temp file in the target's folder (same file system, so rename is atomic), or the system's temp
    folder when there is no regular target; deleted unless it was renamed."""
    if target is None:
        fd, name = tempfile.mkstemp(prefix=".glossalign.", suffix=".tmp")
    else:
        parent = target.parent if str(target.parent) else Path(".")
        fd, name = tempfile.mkstemp(prefix=f".{fit_name(target.name, 200)}.", suffix=".tmp", dir=parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
    finally:
        if tmp.exists():
            tmp.unlink()


def _copy_into(tmp: Path, target: Path) -> None:
    """Stream the finished output into a FIFO or character device (opened for writing, never truncated
    or replaced)."""
    if not tmp.exists():
        return
    with open(tmp, "rb") as src, open(target, "wb", buffering=0) as dst:
        for block in iter(lambda: src.read(1 << 16), b""):
            dst.write(block)


def fit_name(name: str, limit: int = 255) -> str:
    """`name` if it fits in `limit` bytes of UTF-8 (a file name's limit on common file systems), else its
    start cut at a character boundary plus ``-`` and 8 hex digits of its SHA-1, so distinct long names stay
    distinct and the same name always gives the same short one. A suffix (the text after the last dot, up
    to 16 bytes) is kept."""
    data = name.encode("utf-8")
    if len(data) <= limit:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem or len(suffix.encode("utf-8")) > 16:
        stem, suffix = name, ""
    tail = f"-{hashlib.sha1(data).hexdigest()[:8]}" + (f".{suffix}" if suffix else "")
    room = limit - len(tail.encode("utf-8"))
    cut = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore")
    return cut + tail


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


def warn(message: str) -> None:
    """A warning for the user on stderr, one line (shown with --quiet too: it is not progress)."""
    print(f"glossalign: warning: {message}", file=sys.stderr, flush=True)


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
