"""The house-style lint: the handbook is clean, and each rule fires where it should, as
``path:line: message [rule]``, and stays quiet where the house style is kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixbook.lint import RULES, lint_page, lint_paths
from fixbook.lint.__main__ import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
GUIDES = ("pluginmind", "revrx", "pydbapi", "bimbot", "meetings")


def findings_of(name: str) -> list[str]:
    return [str(f) for f in lint_page(FIXTURES / name)]


def test_the_handbook_has_no_house_style_findings() -> None:
    findings = lint_paths([ROOT / "docs" / guide for guide in GUIDES])
    assert [str(f) for f in findings] == []


def test_every_rule_has_a_fixture_test() -> None:
    assert set(RULES) == {
        "destructive-outside-danger", "restart-after-env", "unset-variable", "literal-secret",
        "task-title",
    }  # fmt: skip


def test_destructive_commands_outside_or_before_a_danger_box_are_named() -> None:
    path = FIXTURES / "destructive.md"
    assert findings_of("destructive.md") == [
        f"{path}:10: destructive command `docker volume rm app_data` outside a danger box "
        "(removing Docker volumes deletes their data); the danger box at line 13 comes after "
        "it: put the code inside it [destructive-outside-danger]",
        f"{path}:35: destructive command `DROP TABLE jobs` outside a danger box (DROP deletes a "
        "database object and its data); put it inside a `!!! danger` box that says what is lost "
        "[destructive-outside-danger]",
    ]


def test_restart_after_a_dotenv_edit_is_named_only_in_that_entry() -> None:
    path = FIXTURES / "restart.md"
    assert findings_of("restart.md") == [
        f"{path}:13: restart after a .env edit keeps the old environment: `docker compose up -d "
        "<service>` re-creates the container with the new values [restart-after-env]"
    ]


def test_unset_variable_is_named_unless_set_introduced_or_a_placeholder() -> None:
    path = FIXTURES / "variables.md"
    assert findings_of("variables.md") == [
        f"{path}:8: `$TOKEN` is used but nothing on the page sets it before: set it, name it in "
        "the text first, or write `${TOKEN:?set TOKEN}` [unset-variable]"
    ]


def test_realistic_literal_secret_is_named_and_placeholders_are_not() -> None:
    path = FIXTURES / "secrets.md"
    assert findings_of("secrets.md") == [
        f"{path}:6: `SECRET_KEY` has a literal, realistic value: use a placeholder "
        "(`${SECRET_KEY:?…}` in commands, `<…>` in files) [literal-secret]"
    ]


def test_task_title_is_named_unless_it_quotes_what_the_reader_sees_or_opts_out() -> None:
    path = FIXTURES / "titles.md"
    assert findings_of("titles.md") == [
        f"{path}:3: title 'Rolling back a failed migration' names a task, not what the reader "
        "sees: use the error message or symptom (keep the old anchor with "
        "{#rolling-back-a-failed-migration}) [task-title]"
    ]


def test_front_matter_opts_a_page_out_of_a_rule() -> None:
    assert findings_of("page_opt_out.md") == []


@pytest.mark.parametrize(("fixture", "status"), [("titles.md", 1), ("page_opt_out.md", 0)])
def test_command_line_exits_1_on_findings(fixture: str, status: int, capsys) -> None:
    assert main([str(FIXTURES / fixture)]) == status
    out = capsys.readouterr().out
    assert ("[task-title]" in out) is bool(status)


def test_command_line_names_a_missing_path_in_one_line(capsys) -> None:
    assert main([str(FIXTURES / "nowhere.md")]) == 2
    assert capsys.readouterr().err.strip().endswith("nowhere.md: no such file or folder")
