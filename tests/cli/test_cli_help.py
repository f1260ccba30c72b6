"""Every command answers --help with exit code 0."""

import pytest
from typer.testing import CliRunner

from cli import app

runner = CliRunner()


def _command_paths(group, prefix=()):
    import typer.main

    click_group = typer.main.get_command(group)
    stack = [(click_group, prefix)]
    while stack:
        cmd, path = stack.pop()
        yield path
        for name, sub in getattr(cmd, "commands", {}).items():
            stack.append((sub, (*path, name)))


@pytest.mark.parametrize("path", list(_command_paths(app)), ids=lambda p: " ".join(p) or "glossalign")
def test_help(path):
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("glossalign ")
