"""The docs under pytest: one item per block, failures at the Markdown line, xdist-safe."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

PAGE = """\
# Guide page

<!-- invisible-code-block: python
base = 40
-->

```python title="answer.py"
answer = base + 2
```

!!! note

    ```yaml
    answer: 42
    ```

```py
assert answer == 42
```
"""


@pytest.fixture
def project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A project that opts in with ``fixbook_docs``; its services are a stand-in (no SQL here)."""
    pytester.makeini("[pytest]\nfixbook_docs = docs\naddopts = -p no:randomly\n")
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="session")
        def fixbook_services():
            return "stand-in"
        """
    )
    (pytester.path / "docs" / "guide").mkdir(parents=True)
    return pytester


def write_page(project: pytest.Pytester, text: str, name: str = "guide/page.md") -> None:
    (project.path / "docs" / name).write_text(textwrap.dedent(text))


def test_each_block_is_an_item_named_by_page_line_and_language(project: pytest.Pytester) -> None:
    write_page(project, PAGE)
    result = project.runpytest("--collect-only", "-q")
    result.stdout.fnmatch_lines(
        [
            "docs/guide/page.md::page.md:3:python:hidden",
            "docs/guide/page.md::page.md:7:python",
            "docs/guide/page.md::page.md:13:yaml",
            "docs/guide/page.md::page.md:17:python",
        ]
    )


def test_blocks_of_a_page_run_in_order_in_one_namespace(project: pytest.Pytester) -> None:
    write_page(project, PAGE)
    project.runpytest().assert_outcomes(passed=4)


def test_nothing_is_collected_without_the_opt_in(pytester: pytest.Pytester) -> None:
    (pytester.path / "docs").mkdir()
    (pytester.path / "docs" / "page.md").write_text("```python\nraise SystemExit(1)\n```\n")
    result = pytester.runpytest("docs")
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_failure_is_reported_at_the_markdown_line(project: pytest.Pytester) -> None:
    write_page(project, "# T\n\n```python\nvalue = 1\nassert value == 2\n```\n")
    result = project.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["docs/guide/page.md:3: python: docs/guide/page.md:5: AssertionError*"]
    )


def test_skip_with_reason_is_a_skipped_item_with_that_reason(project: pytest.Pytester) -> None:
    write_page(
        project, '<!-- fixbook: skip reason="needs a GPU" -->\n```python\nimport cuda\n```\n'
    )
    result = project.runpytest("-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*skipped: needs a GPU*"])


def test_exception_raised_inside_except_fails_cleanly_not_internalerror(
    project: pytest.Pytester,
) -> None:
    """Regression for simplistix/sybil#118: Sybil 10.1 indexed tb[1] of a one-entry traceback."""
    write_page(
        project,
        "```python\ntry:\n    {}['key']\nexcept KeyError:\n    raise ValueError('no key')\n```\n",
    )
    result = project.runpytest()
    result.assert_outcomes(failed=1)
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()
    result.stdout.fnmatch_lines(
        ["docs/guide/page.md:1: python: docs/guide/page.md:5: ValueError: no key"]
    )


def test_traceback_filter_survives_a_one_entry_traceback(project: pytest.Pytester) -> None:
    from _pytest._code.code import ExceptionInfo
    from fixbook.samples.sybil_integration import safe_traceback

    try:
        raise ValueError("one frame")
    except ValueError:
        info = ExceptionInfo.from_current()
    assert len(safe_traceback(info)) == 1


def test_pages_stay_whole_on_one_worker_with_xdist(project: pytest.Pytester) -> None:
    blocks = "".join(
        f"```python\nsteps.append({i})\nassert steps == list(range({i + 1}))\n```\n\n"
        for i in range(12)
    )
    write_page(
        project, "<!-- invisible-code-block: python\nsteps = []\n-->\n\n" + blocks, "guide/a.md"
    )
    write_page(
        project, "<!-- invisible-code-block: python\nsteps = []\n-->\n\n" + blocks, "guide/b.md"
    )
    result = project.runpytest_subprocess("-n", "2")
    result.assert_outcomes(passed=26)


def test_coverage_table_is_printed_per_guide_and_language(project: pytest.Pytester) -> None:
    write_page(project, PAGE)
    write_page(
        project,
        '```text\nok\n```\n<!-- fixbook: skip reason="x" -->\n```bash\nrm -rf /\n```\n',
        "other.md",
    )
    result = project.runpytest()
    result.stdout.fnmatch_lines(
        [
            "*fixbook: code blocks verified per guide and language*",
            "guide*language*blocks*run*checked*expected-error*output*skipped*failed*hidden",
            "guide*python*2*2*0*0*0*0*0*1",
            "guide*yaml*1*0*1*0*0*0*0*0",
            "other*bash*1*0*0*0*0*1*0*0",
            "other*output*1*0*0*0*1*0*0*0",
            "total*5*2*1*0*1*1*0*1",
        ]
    )


def test_mkdocs_value_collects_the_docs_dir_of_mkdocs_yml(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nfixbook_docs = mkdocs\n")
    pytester.makeconftest(
        "import pytest\n\n@pytest.fixture(scope='session')\ndef fixbook_services(): ...\n"
    )
    (pytester.path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: pages\n")
    (pytester.path / "pages").mkdir()
    (pytester.path / "pages" / "a.md").write_text("```json\n{}\n```\n")
    (pytester.path / "elsewhere").mkdir()
    (pytester.path / "elsewhere" / "b.md").write_text("```json\n{broken\n```\n")
    pytester.runpytest().assert_outcomes(passed=1)


def test_handbook_fixtures_of_broken_docs_are_not_collected() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "tests/fixtures"],
        cwd=Path(__file__).resolve().parents[2], capture_output=True, text=True, check=False,
    )  # fmt: skip
    # Exit 5 is "collected nothing": any other code (a crash, an import error) is a failure of
    # its own, whose empty output would otherwise pass the check below.
    assert result.returncode == pytest.ExitCode.NO_TESTS_COLLECTED, result.stdout + result.stderr
    assert "no tests collected" in result.stdout
    assert "broken_docs" not in result.stdout


def test_pages_see_the_session_services_as_services(project: pytest.Pytester) -> None:
    write_page(project, "```python\nassert services == 'stand-in'\n```\n")
    project.runpytest().assert_outcomes(passed=1)


def test_pytest_and_fixbook_check_count_the_same_blocks(
    project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    from fixbook.samples.command import check

    write_page(project, PAGE)
    write_page(
        project, '```text\nok\n```\n<!-- fixbook: skip reason="x" -->\n```bash\nls\n```\n', "b.md"
    )
    monkeypatch.chdir(project.path)
    _, tally = check([project.path / "docs"])
    lines = project.runpytest().stdout.lines
    start = lines.index(tally.table()[0])
    assert lines[start : start + len(tally.table())] == tally.table()


def test_error_raised_inside_except_before_a_block_runs_is_reported_not_internalerror(
    pytester: pytest.Pytester,
) -> None:
    """simplistix/sybil#118 outside the block: pytest filters this traceback through the item."""
    pytester.makeini("[pytest]\nfixbook_docs = docs\n")
    pytester.makeconftest(
        """
        import pytest

        @pytest.fixture(scope="session")
        def fixbook_services():
            try:
                {}["dsn"]
            except KeyError:
                raise RuntimeError("services could not start")
        """
    )
    (pytester.path / "docs").mkdir()
    (pytester.path / "docs" / "page.md").write_text("```python\nx = 1\n```\n")
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()
    result.stdout.fnmatch_lines(["*RuntimeError: services could not start*"])


def test_a_block_that_cannot_be_verified_is_a_skip_saying_why_not_a_failure(
    project: pytest.Pytester,
) -> None:
    write_page(project, "```ruby\nputs 1\n```\n\n```\nno language\n```\n")
    result = project.runpytest("-rs")
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(
        ["*not verified: no evaluator for 'ruby'*", "*not verified: fence has no language*"]
    )


def test_not_verified_blocks_are_counted_in_their_own_column(project: pytest.Pytester) -> None:
    write_page(project, "```ruby\nputs 1\n```\n")
    result = project.runpytest()
    result.stdout.fnmatch_lines(["*not-verified*", "guide*ruby*1*0*0*0*0*0*0*1*0*0"])


def test_strict_in_pyproject_makes_not_verified_blocks_fail(project: pytest.Pytester) -> None:
    (project.path / "pyproject.toml").write_text("[tool.fixbook]\nstrict = true\n")
    (project.path / "mkdocs.yml").write_text("site_name: t\n")
    write_page(project, "```ruby\nputs 1\n```\n")
    result = project.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*not verified (strict): no evaluator for 'ruby'*", "*hint: *"])


def read_results(project: pytest.Pytester) -> dict[str, Any]:
    return json.loads((project.path / ".fixbook" / "results.json").read_text())


def test_the_session_writes_every_blocks_result_to_the_results_file(
    project: pytest.Pytester,
) -> None:
    write_page(project, "```json\n{}\n```\n\n```yaml\na: [\n```\n\n```ruby\nputs 1\n```\n")
    result = project.runpytest()
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    document = read_results(project)
    assert [(r["path"], r["line"], r["outcome"]) for r in document["results"]] == [
        ("docs/guide/page.md", 1, "passed"),
        ("docs/guide/page.md", 5, "failed"),
        ("docs/guide/page.md", 9, "not-verified"),
    ]
    assert document["runs"][-1]["tool"] == "pytest"


def test_xdist_workers_results_are_merged_by_the_controller(project: pytest.Pytester) -> None:
    for name in ("a", "b", "c"):
        write_page(project, "```json\n{}\n```\n", f"guide/{name}.md")
    result = project.runpytest_subprocess("-n", "2")
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    paths = sorted(r["path"] for r in read_results(project)["results"])
    assert paths == ["docs/guide/a.md", "docs/guide/b.md", "docs/guide/c.md"]


def test_junit_xml_names_each_block_by_page_and_line(project: pytest.Pytester) -> None:
    write_page(project, "# T\n\n```json\n{]\n```\n")
    project.runpytest("--junitxml=report.xml")
    report = (project.path / "report.xml").read_text()
    assert 'name="page.md:3:json"' in report
    assert "docs/guide/page.md:3: json:" in report


def test_a_bad_configuration_stops_pytest_with_one_line(project: pytest.Pytester) -> None:
    (project.path / "pyproject.toml").write_text('[tool.fixbook]\nstrict = "yes"\n')
    (project.path / "mkdocs.yml").write_text("site_name: t\n")
    write_page(project, "```json\n{}\n```\n")
    result = project.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["ERROR: fixbook: *pyproject.toml: [[]tool.fixbook[]] strict*"])
    assert "Traceback" not in result.stderr.str()
