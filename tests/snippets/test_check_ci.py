"""``fixbook check`` in CI: annotation and JUnit formats, results file, --changed, --shard."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from fixbook.cli import main
from fixbook.samples import results
from fixbook.samples.scope import shard_of

BROKEN = "# Broken\n\n```json\n{]\n```\n"
GOOD = "# Good\n\n```json\n{}\n```\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A MkDocs project (mkdocs.yml, docs/) as the working directory."""
    write(tmp_path / "mkdocs.yml", "site_name: t\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run_check(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fixbook.cli", "check", *args],
        cwd=cwd, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip


def read_results(project: Path) -> dict[str, Any]:
    return json.loads((project / ".fixbook" / "results.json").read_text())


def test_github_format_prints_an_error_annotation_per_failure(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project / "docs" / "a.md", BROKEN)
    assert main(["check", "docs", "--format", "github"]) == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("::error file=docs/a.md,line=3,title=fixbook json failed::docs/a.md:4")
    assert "%0Ahint: " in line  # the message's lines, escaped as workflow commands want


def test_github_format_gives_a_notice_for_a_block_not_verified(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project / "docs" / "a.md", "```ruby\nputs 1\n```\n")
    assert main(["check", "docs", "--format", "github", "--no-strict"]) == 0
    assert capsys.readouterr().out.startswith("::notice file=docs/a.md,line=1,")


def test_junit_format_has_a_test_case_per_block_named_path_line_language(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project / "docs" / "a.md", BROKEN + GOOD)
    assert main(["check", "docs", "--format", "junit"]) == 1
    suites = ElementTree.fromstring(capsys.readouterr().out)
    cases = suites.findall("testsuite/testcase")
    assert [case.get("name") for case in cases] == ["docs/a.md:3:json", "docs/a.md:8:json"]
    assert cases[0].find("failure") is not None and cases[1].find("failure") is None


def test_check_writes_the_results_file_at_the_project_root(project: Path) -> None:
    write(project / "docs" / "a.md", BROKEN + GOOD + "```ruby\nputs 1\n```\n")
    assert main(["check", "docs"]) == 1
    document = read_results(project)
    assert document["version"] == 1
    rows = [(r["path"], r["line"], r["language"], r["outcome"]) for r in document["results"]]
    assert rows == [
        ("docs/a.md", 3, "json", "failed"),
        ("docs/a.md", 8, "json", "passed"),
        ("docs/a.md", 11, "ruby", "not-verified"),
    ]
    first = document["results"][0]
    assert set(first) >= {"hash", "mode", "message", "duration", "versions", "time", "commit"}
    assert first["versions"]["python"] == sys.version.split()[0]
    assert document["results"][2]["reason"] == "no evaluator for 'ruby'"


def test_what_samples_print_stays_out_of_the_report_and_in_the_result(project: Path) -> None:
    write(project / "docs" / "a.md", '```python\nprint("NOISE-FROM-SAMPLE")\n```\n' + BROKEN)
    done = run_check("docs", cwd=project)
    assert done.returncode == 1
    assert "NOISE-FROM-SAMPLE" not in done.stdout + done.stderr
    (printed, _) = read_results(project)["results"]
    assert printed["output"] == "NOISE-FROM-SAMPLE\n"


def test_shards_split_pages_deterministically_and_their_results_merge(project: Path) -> None:
    names = [f"page{i}.md" for i in range(8)]
    for name in names:
        write(project / "docs" / name, GOOD)
    for shard in ("1/3", "2/3", "3/3"):
        assert main(["check", "docs", "--shard", shard]) == 0
    paths = [r["path"] for r in read_results(project)["results"]]
    assert sorted(paths) == [f"docs/{name}" for name in names]
    assert len(read_results(project)["runs"]) == 3
    assert {shard_of(f"docs/{name}", 3) for name in names} == {1, 2, 3}


def test_results_files_of_separate_shards_merge_with_the_later_run_winning(
    tmp_path: Path,
) -> None:
    def document(time: str, outcome: str, path: str) -> dict[str, Any]:
        record = {"path": path, "line": 1, "outcome": outcome}
        return {"version": 1, "runs": [{"time": time}], "results": [record]}

    older, newer = tmp_path / "1.json", tmp_path / "2.json"
    older.write_text(json.dumps(document("2026-01-01T00:00:00Z", "failed", "docs/a.md")))
    newer.write_text(json.dumps(document("2026-01-02T00:00:00Z", "passed", "docs/a.md")))
    merged = results.merge_files([newer, older])
    assert [r["outcome"] for r in merged["results"]] == ["passed"]


def test_a_bad_shard_exits_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / "docs" / "a.md", GOOD)
    assert main(["check", "docs", "--shard", "4/3"]) == 2
    assert "--shard wants I/N" in capsys.readouterr().err


def test_a_folder_without_markdown_exits_2(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "docs").mkdir()
    assert main(["check", "docs"]) == 2
    assert "no Markdown files" in capsys.readouterr().err


def git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
        cwd=project, check=True, capture_output=True,
    )  # fmt: skip


def test_changed_checks_changed_pages_and_pages_including_a_changed_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project / "mkdocs.yml", "site_name: t\nmarkdown_extensions:\n  - pymdownx.snippets\n")
    write(project / "snippets" / "conf.json", "{}\n")
    write(project / "docs" / "includes.md", '```json\n--8<-- "snippets/conf.json"\n```\n')
    write(project / "docs" / "edited.md", GOOD)
    write(project / "docs" / "untouched.md", GOOD)
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "docs")
    write(project / "snippets" / "conf.json", "{]\n")
    write(project / "docs" / "edited.md", GOOD.replace("{}", '{"a": 1}'))
    assert main(["check", "docs", "--changed", "HEAD", "--json"]) == 1
    blocks = json.loads(capsys.readouterr().out)["blocks"]
    assert sorted(b["path"] for b in blocks) == ["docs/edited.md", "docs/includes.md"]


def test_changed_with_an_unknown_ref_exits_2(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project / "docs" / "a.md", GOOD)
    git(project, "init", "-q")
    assert main(["check", "docs", "--changed", "no-such-ref"]) == 2
    assert "--changed no-such-ref" in capsys.readouterr().err


def test_strict_in_pyproject_fails_blocks_not_verified_and_no_strict_overrides_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project / "pyproject.toml", "[tool.fixbook]\nstrict = true\n")
    write(project / "docs" / "a.md", "```\nplain text\n```\n")
    assert main(["check", "docs"]) == 1
    assert "not verified (strict): fence has no language" in capsys.readouterr().out
    assert main(["check", "docs", "--no-strict"]) == 0


def test_a_bad_configuration_is_one_line_and_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project / "pyproject.toml", '[tool.fixbook]\nstrict = "yes"\n')
    write(project / "docs" / "a.md", GOOD)
    assert main(["check", "docs"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("fixbook check: ") and "strict" in line
