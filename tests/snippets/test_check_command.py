"""``fixbook check`` reports each deliberately broken block at its exact path:line."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import pytest
import session_share
from fixbook.cli import main

# One worker runs the check of the broken docs; the others would only wait for it.
pytestmark = pytest.mark.xdist_group(name="check-broken-docs")
ROOT = Path(__file__).resolve().parents[2]
BROKEN = Path("tests/fixtures/broken_docs")

EXPECTED = {
    "python_syntax_error.md:3: python:": "python_syntax_error.md:4: SyntaxError",
    "failing_assertion.md:3: python:": "failing_assertion.md:5: AssertionError: total is 6",
    "bad_yaml.md:3: yaml:": "bad_yaml.md:7: YAML",
    "bad_json.md:3: json:": "bad_json.md:6: JSON",
    "shell_syntax_error.md:3: bash:": "syntax error",
    "sql_missing_column.md:3: sql:": 'column "procpid" does not exist',
    "fence_without_language.md:3: (none):": "fence has no language",
    "skip_without_reason.md:3: python:": "skip needs a reason",
    "unknown_mode.md:3: python:": "unknown fixbook mode 'execute'",
    "expect_error_passes.md:4: python:": "expected an error containing 'ZeroDivisionError'",
}


def _check_broken_docs(folder: Path) -> dict[str, object]:
    command = [sys.executable, "-m", "fixbook.cli", "check", str(BROKEN), "--strict"]
    command += ["--results", ""]
    done = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=300
    )
    return {"args": command, "returncode": done.returncode, "stdout": done.stdout,
            "stderr": done.stderr}  # fmt: skip


@pytest.fixture(scope="module")
def report() -> subprocess.CompletedProcess[str]:
    """One ``fixbook check`` of the broken docs per run, shared by the xdist workers."""
    made = session_share.once("check-broken-docs", _check_broken_docs)
    return subprocess.CompletedProcess(**made)


def test_check_exits_1_on_broken_blocks(report: subprocess.CompletedProcess[str]) -> None:
    assert report.returncode == 1, report.stderr


@pytest.mark.parametrize("where", sorted(EXPECTED))
def test_each_broken_block_is_reported_at_its_line(
    report: subprocess.CompletedProcess[str], where: str
) -> None:
    lines = [line for line in report.stdout.splitlines() if line.startswith(f"{BROKEN}/{where}")]
    assert len(lines) == 1, report.stdout
    assert EXPECTED[where] in lines[0]


def test_every_reported_failure_is_an_expected_one(
    report: subprocess.CompletedProcess[str],
) -> None:
    reported = [line for line in report.stdout.splitlines() if not line.startswith(" ")]
    assert len(reported) == len(EXPECTED), report.stdout


def test_every_failure_ends_with_how_to_settle_it(report: subprocess.CompletedProcess[str]) -> None:
    lines = report.stdout.splitlines()
    starts = [i for i, line in enumerate(lines) if not line.startswith(" ")] + [len(lines)]
    for start, end in itertools.pairwise(starts):
        assert lines[end - 1].startswith("    hint: "), lines[start:end]
        assert "contributing.md" not in "\n".join(lines[start:end])


def test_json_lists_every_block_and_a_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```python\nx = 1\n```\n"
        "```text\nout\n```\n"
        '<!-- fixbook: skip reason="GPU" -->\n```bash\nnvidia-smi\n```\n'
    )
    assert main(["check", str(page), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [(b["line"], b["language"], b["mode"], b["status"]) for b in document["blocks"]] == [
        (1, "python", "run", "passed"),
        (4, "output", "output", "skipped"),
        (8, "bash", "skip", "skipped"),
    ]
    summary = document["summary"]
    assert (summary["blocks"], summary["passed"], summary["skipped"], summary["failed"]) == (
        3,
        1,
        2,
        0,
    )
    assert summary["total"]["run"] == 1
    assert summary["by_guide"]["page"]["output"]["output"] == 1


def test_missing_path_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "no/such/folder"]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_printed_output_of_blocks_stays_out_of_the_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = tmp_path / "page.md"
    page.write_text('```python\nprint("noise")\n```\n')
    main(["check", str(page), "--json"])
    assert json.loads(capsys.readouterr().out)["summary"]["passed"] == 1


def test_check_finds_the_guides_schema_from_any_working_directory(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "docs" / "shop").mkdir(parents=True)
    (project / "snippets" / "shop").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(
        "site_name: Shop\n"
        "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [snippets]\n"
    )
    (project / "snippets" / "shop" / "schema.sql").write_text("CREATE TABLE orders (id int);\n")
    page = project / "docs" / "shop" / "orders.md"
    page.write_text("# Orders\n\n```sql\nSELECT count(*) FROM orders;\n```\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "fixbook.cli", "check", str(page)],
        cwd=elsewhere, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
