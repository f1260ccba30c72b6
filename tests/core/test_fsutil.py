"""Outputs that respect the file system: symlinks written through, FIFOs and character devices written into,
atomic replace only for regular files, long names shortened. Special files are made in a temp folder."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from core.errors import InputError
from core.fsutil import atomic_output, fit_name

DATA = Path(__file__).resolve().parents[1] / "data" / "batch"


def write(path, text="new"):
    with atomic_output(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def test_a_symlink_is_written_through_and_stays_a_link(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    write(link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real.txt"]  # no temp file left


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "later.txt")
    write(link)
    assert link.is_symlink() and (tmp_path / "later.txt").read_text() == "new"


def _reader(fifo: Path, out: list) -> threading.Thread:
    def read():
        with open(fifo, "rb") as fh:
            out.append(fh.read())

    t = threading.Thread(target=read, daemon=True)
    t.start()
    return t


def test_a_fifo_is_written_into_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list = []
    t = _reader(fifo, got)
    write(fifo, "through the pipe")
    t.join(10)
    assert got == [b"through the pipe"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_failed_output_writes_nothing_into_the_fifo(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(RuntimeError), atomic_output(fifo) as tmp:
        tmp.write_text("half")
        raise RuntimeError("the command failed")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # never opened: a reader would block, nothing to read


def test_a_character_device_is_written_into(tmp_path):
    dev = tmp_path / "null"
    try:
        os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the null device, made in the temp folder
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a character device here ({exc.strerror}); needs root")
    write(dev, "discarded")
    assert stat.S_ISCHR(os.lstat(dev).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_cli_output_onto_a_fifo_and_a_symlink(tmp_path):
    doc = DATA / "zh" / "nsa.ch.txt"
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list = []
    t = _reader(fifo, got)
    result = CliRunner().invoke(app, ["paragraphs", str(doc), "-o", str(fifo)])
    t.join(10)
    assert result.exit_code == 0, result.output
    assert got and got[0].startswith(b'{"id"') and stat.S_ISFIFO(os.lstat(fifo).st_mode)
    target = tmp_path / "p.jsonl"
    target.write_text("")
    link = tmp_path / "link.jsonl"
    link.symlink_to(target)
    result = CliRunner().invoke(app, ["paragraphs", str(doc), "-o", str(link)])
    assert result.exit_code == 0 and link.is_symlink() and target.read_bytes() == got[0]


def test_a_socket_or_directory_is_refused(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        write(tmp_path)


def test_fit_name_keeps_short_names_and_shortens_long_ones():
    assert fit_name("report.xlsx") == "report.xlsx"
    long = "裁" * 120 + ".aligned.jsonl"  # 360 + 14 bytes
    short = fit_name(long)
    assert len(short.encode()) <= 255 and short.endswith(".jsonl") and short.startswith("裁")
    assert fit_name(long) == short and fit_name("x" + long) != short
    assert len(fit_name("a" * 300, 200).encode()) == 200
