"""Zero-configuration `fixbook check` on blocks taken from real projects' docs.

Every block in ``tests/fixtures/foreign/false_failures`` was reported as failed by an earlier
Fixbook although nothing is wrong with it; every block in ``real_defects`` is a real defect
found by reading the failures that remained (``benchmarks/adoption-check.md``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

FOREIGN = Path(__file__).resolve().parents[1] / "fixtures" / "foreign"


def check(folder: Path) -> list[dict[str, Any]]:
    result = subprocess.run(
        [sys.executable, "-m", "fixbook.cli", "check", str(folder), "--json"],
        capture_output=True, text=True, check=False, timeout=600, cwd=FOREIGN,
    )  # fmt: skip
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)["blocks"]


@pytest.fixture(scope="module")
def false_failures() -> list[dict[str, Any]]:
    return check(FOREIGN / "false_failures")


@pytest.fixture(scope="module")
def real_defects() -> list[dict[str, Any]]:
    return check(FOREIGN / "real_defects")


def by_page(blocks: list[dict[str, Any]], page: str) -> list[dict[str, Any]]:
    return [block for block in blocks if Path(block["path"]).name == page]


def reasons(blocks: list[dict[str, Any]], page: str) -> list[str]:
    return [block["message"] for block in by_page(blocks, page)]


def test_no_block_of_a_foreign_page_fails_for_how_docs_are_written(
    false_failures: list[dict[str, Any]],
) -> None:
    failed = [f"{b['path']}:{b['line']}: {b['message']}" for b in false_failures
              if b["status"] == "failed"]  # fmt: skip
    assert failed == []


def test_every_real_defect_fails(real_defects: list[dict[str, Any]]) -> None:
    assert [block["status"] for block in real_defects] == ["failed"] * 5


def test_omissions_placeholders_tags_and_jsonc_pass(false_failures: list[dict[str, Any]]) -> None:
    for page in ("omissions_and_placeholders.md", "jsonc_and_fragments.md"):
        assert {block["status"] for block in by_page(false_failures, page)} == {"passed"}
    assert by_page(false_failures, "yaml_tags.md")[0]["status"] == "passed"


def test_sessions_run_as_doctests_and_network_sessions_are_not_verified(
    false_failures: list[dict[str, Any]],
) -> None:
    blocks = by_page(false_failures, "doctest_sessions.md")
    assert [block["status"] for block in blocks[:2]] == ["passed", "passed"]
    assert "needs network" in blocks[2]["message"]
    assert "earlier block that did not run" in blocks[3]["message"]
    assert "top-level await" in blocks[4]["message"]


def test_python_fragments_are_not_verified_with_the_reason(
    false_failures: list[dict[str, Any]],
) -> None:
    found = reasons(false_failures, "python_fragments.md")
    expected = [
        "fragment: client, url not defined",
        "needs module chardet",
        "needs the reader's file path/to/certs.pem",
        "placeholder: `...`",
        "needs its command-line arguments",
        "needs network",
    ]
    assert len(found) == len(expected)
    for message, wanted in zip(found, expected, strict=True):
        assert wanted in message


def test_transcripts_are_checked_and_trees_are_not_commands(
    false_failures: list[dict[str, Any]],
) -> None:
    blocks = by_page(false_failures, "console_transcripts.md")
    assert [block["status"] for block in blocks[:3]] == ["passed"] * 3
    assert "directory tree" in blocks[3]["message"]


def test_shellcheck_info_findings_are_not_failures(false_failures: list[dict[str, Any]]) -> None:
    assert {b["status"] for b in by_page(false_failures, "shellcheck_notes.md")} == {"passed"}


def test_labels_without_an_evaluator_are_never_checked(
    false_failures: list[dict[str, Any]],
) -> None:
    blocks = by_page(false_failures, "labels.md")
    assert [block["status"] for block in blocks[:4]] == ["not-verified"] * 4
    assert "conf: not nginx" in blocks[3]["message"]
