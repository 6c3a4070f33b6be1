"""Problems in the docs are reported as ``path:line: message``, never as a crash."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from fixbook.cli import main
from fixbook.symptoms.index import build_index, default_config, validate

from .conftest import extract_md


def write(docs: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return docs


def test_entry_without_a_fix_is_reported_at_its_heading() -> None:
    page = extract_md(
        """
        # Area

        ## `Gateway latency spikes`

        **Symptoms**

        - Calls take seconds.

        **Diagnosis**

        Check the slots.
        """
    )
    [problem] = validate(page.entries, [])
    assert str(problem).startswith("guide/area.md:3: entry 'Gateway latency spikes' has no fix")


def test_two_headings_with_the_same_custom_id_are_a_duplicate_anchor() -> None:
    page = extract_md(
        """
        ## `Timeout` {#timeout}
        Retry.

        ## `Timed out` {#timeout}
        Retry later.
        """
    )
    [problem] = validate(page.entries, [])
    assert str(problem) == "guide/area.md:4: duplicate anchor '#timeout' (also used at line 1)"


def test_component_outside_the_vocabulary_is_reported_once_per_page() -> None:
    page = extract_md(
        """
        ---
        components: [database, dtabase]
        ---
        ## `no such table`
        Run the migrations.

        ## `relation does not exist`
        Run the migrations.
        """
    )
    problems = validate(page.entries, ["database", "workers"])
    assert [str(p) for p in problems] == [
        "guide/area.md:4: component 'dtabase' is not in the configured vocabulary "
        "(database, workers)"
    ]


def test_empty_vocabulary_allows_any_component() -> None:
    page = extract_md("---\ncomponents: [anything]\n---\n## `Timeout`\nRetry.\n")
    assert validate(page.entries, []) == []


def test_malformed_front_matter_names_its_line() -> None:
    page = extract_md("---\ncomponents: [a, b\ntitle: x\n---\n## `Timeout`\nRetry.\n")
    [problem] = page.problems
    assert problem.path == "guide/area.md"
    assert problem.line == 3
    assert "malformed front matter" in problem.message
    assert [e.title for e in page.entries] == ["Timeout"]


def test_components_that_are_not_strings_are_reported() -> None:
    page = extract_md("---\ncomponents: {a: 1}\n---\n## `Timeout`\nRetry.\n")
    assert [str(p) for p in page.problems] == [
        "guide/area.md:1: front matter `components` must be a list of strings"
    ]


def test_index_command_prints_the_symptoms_json_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = write(
        tmp_path / "docs",
        {"pydbapi/gateway.md": "# Gateway\n\n## 429 Too Many Requests\n\n**Cause:** x\n**Fix:** y"},
    )
    assert main(["index", str(docs), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document == {
        "version": 1,
        "entries": [
            {
                "id": "pydbapi/gateway/429-too-many-requests",
                "guide": "pydbapi",
                "title": "429 Too Many Requests",
                "url": "pydbapi/gateway.html#429-too-many-requests",
                "source": {"path": "pydbapi/gateway.md", "line": 3},
                "symptoms": ["429 Too Many Requests"],
                "errors": ["429 Too Many Requests"],
                "http_status": [429],
                "components": ["gateway"],
                "related": [],
                "codes": ["HTTP 429"],
                "applies_to": {},
                "fix": "y",
                "aliases": [],
            }
        ],
    }


def test_index_command_exits_1_with_path_line_messages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = write(
        tmp_path / "docs", {"faq.md": "---\n: [\n---\n## `Timeout`\n**Symptoms**\n\n- hangs\n"}
    )
    assert main(["index", str(docs)]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert "faq.md:2: malformed front matter" in "\n".join(errors)
    assert "faq.md:4: entry 'Timeout' has no fix: add a **Fix** label with the steps" in errors


def test_index_command_rejects_a_missing_folder_with_exit_2(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["index", str(tmp_path / "missing")])
    assert exit_info.value.code == 2


def test_no_markdown_crashes_the_index(tmp_path: Path) -> None:
    docs = write(
        tmp_path / "docs",
        {
            "empty.md": "",
            "binaryish.md": "\x00\x01 ## \ufeff",
            "only-front-matter.md": "---\n---\n",
            "deep.md": "> " * 200 + "# x\n" + "- " * 200 + "`y`\n",
            "table.md": "| Error | Fix |\n|---|---|\n| | |\n| `a` |\n",
        },
    )
    index = build_index(docs, default_config())
    assert len({e.id for e in index.entries}) == len(index.entries)
