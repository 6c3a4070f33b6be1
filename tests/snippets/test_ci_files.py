"""The shipped CI files (pre-commit hook, GitHub workflow) call the command line that exists."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from fixbook.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "docs.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"


def workflow() -> dict[str, Any]:
    # PyYAML reads the key `on` as True (YAML 1.1); the jobs are what matter here.
    return yaml.safe_load(WORKFLOW.read_text())


def fixbook_commands() -> list[str]:
    runs = [step.get("run", "") for job in workflow()["jobs"].values() for step in job["steps"]]
    return [
        line.strip()
        for run in runs
        for line in run.splitlines()
        if line.strip().startswith("fixbook ")
    ]


def parses(command: str) -> None:
    words = shlex.split(re.sub(r'"\$\{?\w+\}?"|\$\{\{[^}]*\}\}', "REF", command))[1:]
    build_parser(words[0]).parse_args(words)


def test_the_pre_commit_hook_runs_fixbook_check_on_markdown() -> None:
    (hook,) = yaml.safe_load(HOOKS.read_text())
    assert hook["id"] == "fixbook-check"
    assert hook["types"] == ["markdown"]
    parses(f"{hook['entry']} docs/page.md")


@pytest.mark.parametrize("command", fixbook_commands())
def test_every_fixbook_command_of_the_workflow_parses(command: str) -> None:
    parses(command)


def test_the_workflow_annotates_pull_requests_and_publishes_only_main() -> None:
    jobs = workflow()["jobs"]
    assert any("--format github" in command for command in fixbook_commands())
    assert jobs["build"]["needs"] == "test"
    assert jobs["deploy"]["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_the_build_gets_the_results_the_tests_wrote() -> None:
    jobs = workflow()["jobs"]
    uploaded = next(s for s in jobs["test"]["steps"] if "upload-artifact" in s.get("uses", ""))
    downloaded = next(s for s in jobs["build"]["steps"] if "download-artifact" in s.get("uses", ""))
    assert ".fixbook/results.json" in uploaded["with"]["path"]
    assert uploaded["with"]["name"] == downloaded["with"]["name"]
