"""The same hostile pages under pytest: the exit code is the runner's, not the sample's."""

from __future__ import annotations

import os
import subprocess
import sys

from .hostile_project import SECRET, Project


def pytest_run(project: Project, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FIXBOOK_HOSTILE_SECRET": SECRET, **project.env}
    env.pop("FIXBOOK_NO_SANDBOX", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider",
         "--fixbook-docs", "docs", "--fixbook-results", "", "-q", *args, "docs"],
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )  # fmt: skip


def test_os_exit_zero_makes_pytest_fail(project: Project) -> None:
    project.page(
        "# Exit\n\n```python\nimport os\nos._exit(0)\n```\n\n```python\nassert True\n```\n"
    )

    done = pytest_run(project)

    assert done.returncode == 1, done.stdout
    assert "the worker exited with status 0" in done.stdout
    assert "not run: the page's worker died at line 3" in done.stdout
    assert SECRET not in done.stdout + done.stderr


def test_without_bubblewrap_pytest_stops_with_one_line(project: Project) -> None:
    project.page("# Any\n\n```python\nprint('hello')\n```\n")
    project.env["PATH"] = "/nonexistent"

    done = pytest_run(project)

    assert done.returncode == 4
    assert done.stderr.strip() == (
        "ERROR: cannot sandbox the samples: `bwrap` (bubblewrap) is not installed "
        "(Debian/Ubuntu: apt-get install bubblewrap); --no-sandbox runs them unprotected"
    )


def test_fixbook_no_sandbox_is_announced_loudly(project: Project) -> None:
    project.page("# Any\n\n```python\nprint('hello')\n```\n")

    done = pytest_run(project, "--fixbook-no-sandbox")

    assert done.returncode == 0, done.stdout
    # in the summary (and, without -q, in the header too)
    assert "WARNING: --no-sandbox: the docs' code blocks ran UNSANDBOXED" in done.stdout
