"""The ``fixbook`` command line as docs/reference/cli.md fixes it: help everywhere, exit 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

SUBCOMMANDS = ("index", "find", "check")


def fixbook(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "fixbook.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


@pytest.mark.parametrize("subcommand", SUBCOMMANDS)
def test_every_subcommand_has_help(subcommand: str) -> None:
    result = fixbook(subcommand, "--help")
    assert result.returncode == 0
    assert f"fixbook {subcommand}" in result.stdout


@pytest.mark.parametrize(
    "args",
    [("index",), ("check",), ("find", "x", "--bogus"), ("find", "x", "--limit", "many"), ("nope",)],
)
def test_bad_arguments_exit_2_with_a_one_line_reason(args: tuple[str, ...]) -> None:
    result = fixbook(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "error" in result.stderr
