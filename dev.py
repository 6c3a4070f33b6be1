#!/usr/bin/env python3
"""Fixbook's developer commands, each doing its own set-up from nothing but Python 3.11+.

    python3 dev.py serve     build the handbook and serve it with live reload
    python3 dev.py test      run the whole test suite (docs snippets, plugins, browser; -n auto)
    python3 dev.py build     strict build into site/
    python3 dev.py archive   build the offline site and pack it into one archive
    python3 dev.py bench     run the benchmarks (writes benchmarks/RESULTS.md)

Set-up means: a virtualenv in .venv with the dependencies of pyproject.toml installed at the
versions of constraints.txt (re-installed when either file changes), and for ``test`` a
Chromium and the Node packages of package-lock.json (axe-core, ``npm ci``) for the browser tests.
Services the tests need (PostgreSQL, Redis) are started by the test session itself.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".fixbook-installed"
#: Every package of the test environment at the version CI verified (``pip freeze``), so a
#: newcomer's install is the same as CI's; pyproject.toml holds the ranges the plugins support.
CONSTRAINTS = ROOT / "constraints.txt"
CHROMIUM = Path("/usr/bin/chromium")


def say(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_venv() -> Path:
    """Create .venv and install the project with its test extras when pyproject changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older python3
        sys.exit("dev.py: Fixbook needs Python 3.11 or newer")
    wanted = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + CONSTRAINTS.read_bytes()
    ).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted and venv_python().exists():
        return venv_python()
    if not venv_python().exists():
        say(f"creating virtualenv {VENV}")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    say("installing Fixbook and its pinned dependencies")
    subprocess.run(
        [
            venv_python(),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-c",
            CONSTRAINTS,
            "-e",
            f"{ROOT}[test]",
        ],
        check=True,
    )
    STAMP.write_text(wanted)
    return venv_python()


def ensure_debian_package(present: bool, package: str, why: str) -> None:
    """Install a Debian package the tests need when we may (root with apt-get), else stop with
    one line saying what to run."""
    if present:
        return
    apt = shutil.which("apt-get")
    if apt and hasattr(os, "geteuid") and os.geteuid() == 0:
        say(f"installing Debian's {package}: {why}")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([apt, "update", "-qq"], check=True, env=env)
        subprocess.run([apt, "install", "-y", "-qq", package], check=True, env=env)
        return
    sys.exit(f"dev.py: {why}: run `sudo apt-get install {package}` (Debian/Ubuntu) and try again")


def ensure_chromium() -> None:
    """The browser tests drive Debian's Chromium (Playwright cannot download browsers here)."""
    ensure_debian_package(
        CHROMIUM.exists(), "chromium", f"the browser tests need Chromium at {CHROMIUM}"
    )


def ensure_bubblewrap() -> None:
    """The docs' code blocks run in a bubblewrap sandbox."""
    ensure_debian_package(
        shutil.which("bwrap") is not None,
        "bubblewrap",
        "the docs' code blocks run in a sandbox that needs bubblewrap (bwrap)",
    )


def ensure_node_packages() -> None:
    """The browser tests inject axe-core (package.json, pinned by package-lock.json)."""
    if (ROOT / "node_modules" / "axe-core").is_dir():
        return
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("dev.py: the accessibility tests need npm (Node.js) to install axe-core")
    say("installing the browser tests' Node packages (npm ci)")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT, check=True)


def tool_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["PATH"] = f"{venv_python().parent}{os.pathsep}{env.get('PATH', '')}"
    env.pop("PYTHONPATH", None)
    return env


def run(*command: str | Path) -> int:
    return subprocess.run([str(part) for part in command], cwd=ROOT, env=tool_env()).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command not in {"serve", "test", "build", "archive", "bench"}:
        print(f"dev.py: unknown command {command!r} (serve, test, build, archive, bench)")
        return 2
    python = ensure_venv()
    if command == "serve":
        return run(python, "-m", "mkdocs", "serve", "--livereload", *rest)
    if command == "build":
        return run(python, "-m", "mkdocs", "build", "--strict", *rest)
    if command == "archive":
        return run(python, "-m", "fixbook.offline_archive", *rest)
    if command == "bench":
        return run(python, "benchmarks/run.py", *rest)
    ensure_chromium()
    ensure_bubblewrap()
    ensure_node_packages()
    return run(python, "-m", "pytest", *xdist_default(rest))


def xdist_default(args: list[str]) -> list[str]:
    """``-n auto`` unless the command line chooses: with one site build and one Chromium per
    run shared by the workers (tests/session_share.py), two workers beat one on two cores
    (benchmarks/notes.md has the pairs). ``-n 0`` or ``-p no:xdist`` runs serially."""
    chosen = any(
        arg in ("--numprocesses", "no:xdist", "-pno:xdist")
        or arg.startswith(("-n", "--numprocesses="))  # -n 2, -n2, -nauto
        for arg in args
    )
    return args if chosen else ["-n", "auto", *args]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
