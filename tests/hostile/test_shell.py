"""Shell blocks marked run: the lint refuses what it can name, the sandbox holds the rest."""

from __future__ import annotations

from pathlib import Path

from .hostile_project import Project


def test_a_computed_rm_is_refused_before_anything_runs(project: Project, marker: Path) -> None:
    marker.write_text("keep me")
    project.page(
        "# Rm\n\n<!-- fixbook: run -->\n```bash\n"
        f"$(echo rm) -rf {marker}\n```\n\n"
        "<!-- fixbook: run -->\n```bash\n"
        f'cmd="rm"; "$cmd" -rf {marker}\n```\n'
    )

    run = project.check()

    assert run.returncode == 1
    assert run.stdout.count("refusing to run destructive command") == 2
    assert marker.read_text() == "keep me"


def test_what_the_lint_misses_the_sandbox_holds(project: Project, marker: Path) -> None:
    marker.write_text("keep me")
    docs = project.root / "docs"
    project.page(
        "# Sneaky\n\n<!-- fixbook: run -->\n```bash\n"
        f"python -c 'import shutil; shutil.rmtree(\"{marker.parent}\", ignore_errors=True)'\n"
        f"python -c 'import shutil; shutil.rmtree(\"{docs}\")'\n```\n"
    )

    run = project.check()

    assert run.returncode == 1
    assert marker.read_text() == "keep me"
    assert (docs / "shop" / "page.md").exists()


def test_without_bubblewrap_execution_stops_with_one_line(project: Project) -> None:
    project.page("# Any\n\n```python\nprint('hello')\n```\n")
    project.env["PATH"] = "/nonexistent"

    run = project.check()

    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "fixbook check: cannot sandbox the samples: `bwrap` (bubblewrap) is not installed "
        "(Debian/Ubuntu: apt-get install bubblewrap); --no-sandbox runs them unprotected"
    ]
    assert run.stdout == ""


def test_no_sandbox_is_announced_loudly(project: Project) -> None:
    project.page("# Any\n\n```python\nprint('hello')\n```\n")

    run = project.check("--no-sandbox")

    assert run.returncode == 0
    assert "WARNING: --no-sandbox: code blocks ran UNSANDBOXED" in run.stderr
