"""Includes resolve exactly as pymdownx.snippets resolves them, each line keeping its origin."""

from __future__ import annotations

import textwrap
from pathlib import Path

import markdown
import pytest
from markdown_page_reading import Read

APP = "a = 1\nb = 2\nc = 3\nd = 4\n"


def pymdownx_lines(root: Path, page: str, options: dict[str, object]) -> list[str]:
    """What pymdownx.snippets itself renders (its preprocessor, run from ``root``)."""
    md = markdown.Markdown(
        extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": options}
    )
    cwd = Path.cwd()
    try:
        import os

        os.chdir(root)
        return md.preprocessors["snippet"].run(textwrap.dedent(page).splitlines())
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize(
    "page",
    [
        '```python\n--8<-- "app.py"\n```\n',
        '```python\n--8<-- "app.py:2:3"\n```\n',
        '```python\n--8<-- "app.py:3"\n```\n',
        '```python\n--8<-- "app.py:1:1,4:4"\n```\n',
        '```python\n--8<-- "parts.py:two"\n```\n',
        "```python\n--8<--\napp.py\nparts.py\n--8<--\n```\n",
        '- item\n\n    ```python\n    --8<-- "app.py"\n    ```\n',
        '```text\n;--8<-- "app.py"\n```\n',
    ],
)
def test_rendered_lines_equal_pymdownx(read: Read, tmp_path: Path, page: str) -> None:
    snippets = {
        "snippets/app.py": APP,
        "snippets/parts.py": "x\n# --8<-- [start:two]\ny = 2\n# --8<-- [end:two]\nz\n",
    }
    ours = read(page, snippets=snippets)
    options = {"base_path": [str(tmp_path / "snippets")]}
    assert list(ours.lines) == pymdownx_lines(tmp_path, page, options)


def test_default_base_path_is_the_project_folder(read: Read) -> None:
    page = read(
        '```python\n--8<-- "code/app.py"\n```\n',
        snippets={"code/app.py": "x = 1\n"},
        extensions=["pymdownx.snippets"],
    )
    assert page.fences[0].source == "x = 1\n"


def test_each_base_of_a_list_is_searched_in_order(read: Read) -> None:
    snippets = {"one/a.py": "one\n", "two/a.py": "two\n", "two/b.py": "bee\n"}
    config = {"pymdownx.snippets": {"base_path": ["one", "two"]}}
    page = read(
        '```text\n--8<-- "a.py"\n--8<-- "b.py"\n```\n', snippets=snippets, extensions=[config]
    )
    assert page.fences[0].source == "one\n\nbee\n"


def test_included_lines_name_their_file_and_line(read: Read) -> None:
    page = read('```python\n--8<-- "app.py:2:3"\n```\n', snippets={"snippets/app.py": APP})
    origins = [str(line.origin) for line in page.fences[0].lines]
    assert [origin.rsplit("/", 1)[-1] for origin in origins] == ["app.py:2", "app.py:3"]


def test_missing_file_is_a_problem_at_the_directive(read: Read) -> None:
    page = read('# T\n\n```python\n--8<-- "nowhere.py"\n```\n')
    (problem,) = page.problems
    assert (problem.line, problem.kind) == (4, "include")
    assert "'nowhere.py' not found" in problem.message


def test_missing_section_is_a_problem_with_check_paths(read: Read) -> None:
    page = read('```python\n--8<-- "app.py:nope"\n```\n', snippets={"snippets/app.py": APP})
    (problem,) = page.problems
    assert "Snippet section 'nope' could not be located" in problem.message


def test_path_escaping_the_base_is_not_found(read: Read) -> None:
    page = read('```text\n--8<-- "../secret.txt"\n```\n', snippets={"secret.txt": "s\n"})
    assert "not found" in page.problems[0].message


def test_without_the_extension_a_directive_is_text(read: Read) -> None:
    page = read('```text\n--8<-- "app.py"\n```\n', extensions=["admonition"])
    assert page.fences[0].source == '--8<-- "app.py"\n'


def test_auto_append_files_render_after_the_page(read: Read, tmp_path: Path) -> None:
    options = {"base_path": ["snippets"], "auto_append": ["abbr.md"]}
    page = read(
        "# T\n",
        snippets={"snippets/abbr.md": "*[HTML]: Hyper Text\n"},
        extensions=[{"pymdownx.snippets": options}],
    )
    assert "*[HTML]: Hyper Text" in page.lines
    theirs = {**options, "base_path": [str(tmp_path / "snippets")]}
    assert list(page.lines) == pymdownx_lines(tmp_path, "# T\n", theirs)


def test_missing_nested_include_is_reported_at_the_page_line_naming_its_file(read: Read) -> None:
    page = read(
        '# T\n\n--8<-- "part.md"\n', snippets={"snippets/part.md": 'text\n--8<-- "gone.py"\n'}
    )
    (problem,) = page.problems
    assert (problem.path, problem.line) == (page.path, 3)
    assert "part.md:2: included file 'gone.py' not found" in problem.message


def test_a_snippet_folder_made_after_a_page_was_read_serves_the_next_page(
    read: Read, tmp_path: Path
) -> None:
    first = read('```python\n--8<-- "app.py"\n```\n', name="guide/one.md")
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "app.py").write_text(APP)
    second = read('```python\n--8<-- "app.py"\n```\n', name="guide/two.md")
    assert ([p.kind for p in first.problems], second.fences[0].source) == (["include"], APP)
