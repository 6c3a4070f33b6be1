"""Expected output: a shown output block compared with what its run block really prints."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from fixbook.cli import main
from fixbook.samples.expected import Volatile, compare

from tests.snippets.conftest import Lex
from tests.snippets.test_verify import statuses, verify


def test_equal_text_matches() -> None:
    assert compare("a\nb\n", "a\nb\n").matches


def test_trailing_whitespace_and_final_blank_lines_are_ignored() -> None:
    assert compare("a\nb\n", "a   \nb\t\n\n\n").matches


def test_leading_whitespace_counts() -> None:
    assert not compare("a\n", "  a\n").matches


def test_ellipsis_inside_a_line_matches_any_text_of_that_line() -> None:
    assert compare("took ... ms\n", "took 12.5 ms\n").matches
    assert not compare("took ... ms\n", "took 12\nms\n").matches


def test_ellipsis_on_its_own_line_matches_any_lines_or_none() -> None:
    assert compare("start\n...\nend\n", "start\n1\n2\n3\nend\n").matches
    assert compare("start\n...\nend\n", "start\nend\n").matches


def test_volatile_patterns_in_the_expected_text_match_any_value() -> None:
    volatile = Volatile.of([r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d"])
    expected = "saved at 2024-01-01T10:00:00\n"
    assert compare(expected, "saved at 2026-12-01T17:41:03\n", volatile=volatile).matches
    assert not compare(expected, "saved at 2026-12-01T17:41:03\n").matches


def test_a_mismatch_gives_a_unified_diff() -> None:
    found = compare("a\nb\n", "a\nc\n", expected_name="expected", actual_name="actual")
    assert not found.matches
    assert found.diff.splitlines() == [
        "--- expected",
        "+++ actual",
        "@@ -1,2 +1,2 @@",
        " a",
        "-b",
        "+c",
    ]


def test_the_rewrite_keeps_ellipsis_lines_and_lines_that_still_match() -> None:
    expected = "header\n...\nelapsed ... s\nresult: 1\n"
    found = compare(expected, "header\nnoise\nelapsed 3.2 s\nresult: 2\n")
    assert found.updated == "header\n...\nelapsed ... s\nresult: 2\n"
    assert compare(found.updated, "header\nnoise\nelapsed 3.2 s\nresult: 2\n").matches


def test_pycon_sessions_can_compare_with_the_same_rules() -> None:
    import doctest

    from fixbook.samples.expected import OutputChecker

    checker = OutputChecker()
    assert checker.check_output("took ... ms\n", "took 12 ms   \n", 0)
    assert not checker.check_output("2\n", "1\n", 0)
    session = ">>> print('took 12 ms')\ntook ... ms\n>>> print(1)\n2\n"
    test = doctest.DocTestParser().get_doctest(session, {}, "session", "page.md", 0)
    runner = doctest.DocTestRunner(checker=checker)
    runner.run(test, out=lambda text: None)
    assert runner.summarize(verbose=False) == (1, 2)


PAGE = """\
# Sums

```python
print("total:", 1 + 2)
```

<!-- fixbook: expected-output -->
```text
total: 3
```
"""


def test_expected_output_that_matches_passes(lex: Lex) -> None:
    assert statuses(verify(lex(PAGE))) == ["passed", "passed"]


def test_expected_output_that_drifted_fails_at_its_own_line_with_a_diff(lex: Lex) -> None:
    outcomes = verify(lex(PAGE.replace("total: 3", "total: 4")))
    assert statuses(outcomes) == ["passed", "failed"]
    drifted = outcomes[1]
    assert drifted.line == 8
    assert "-total: 4\n+total: 3" in drifted.message
    assert drifted.message.splitlines()[-1].startswith("hint: accept the new output with")


def test_expected_output_after_a_failing_block_is_not_verified(lex: Lex) -> None:
    outcomes = verify(lex(PAGE.replace('print("total:", 1 + 2)', "1 / 0")))
    assert statuses(outcomes) == ["failed", "not-verified"]


def test_expected_output_marker_not_after_a_run_block_is_a_failure(lex: Lex) -> None:
    page = "<!-- fixbook: expected-output -->\n```text\nhello\n```\n"
    (outcome,) = verify(lex(page))
    assert outcome.status == "failed"
    assert "not right after a run block" in outcome.message


def test_an_unmarked_output_block_is_an_illustration(lex: Lex) -> None:
    page = PAGE.replace("<!-- fixbook: expected-output -->\n", "").replace("total: 3", "any")
    assert statuses(verify(lex(page))) == ["passed", "skipped"]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode())
    return path


def test_check_reports_a_drifted_page_then_update_fixes_it_and_touches_nothing_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = textwrap.dedent(
        """\
        # Report\r
        \r
        Intro text   with  odd   spacing.\r
        \r
        ```python\r
        for n in range(3):\r
            print(f"row {n}: ok")\r
        print("done in 0.01 s")\r
        ```\r
        \r
        !!! note\r
        \r
            <!-- fixbook: expected-output -->\r
            ```text\r
            row 0: ok\r
            ...\r
            done in ... s\r
            gone line\r
            ```\r
        \r
        Trailing text, no final newline."""
    )
    page = write(tmp_path / "docs" / "report.md", before)
    assert main(["check", str(page), "--results", ""]) == 1
    reported = capsys.readouterr().out
    assert f"{page}:14: output: output differs" in reported
    assert "-gone line" in reported

    assert main(["check", "--update", str(page), "--results", ""]) == 0
    assert "expected output updated" in capsys.readouterr().err
    after = page.read_bytes().decode()
    expected_after = before.replace("    gone line\r\n", "")
    assert after == expected_after
    assert main(["check", str(page), "--results", ""]) == 0


def test_update_writes_new_lines_at_the_blocks_indentation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = write(
        tmp_path / "page.md",
        "```python\nprint('a')\nprint('b')\n```\n\n- item\n\n"
        "<!-- fixbook: expected-output -->\n```console\na\n```\n",
    )
    assert main(["check", "--update", str(page), "--results", ""]) == 0
    assert page.read_text().endswith("```console\na\nb\n```\n")
