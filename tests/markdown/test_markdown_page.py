"""A page: its guide, and bad input as one clear problem."""

from __future__ import annotations

from pathlib import Path

from fixbook.markdown import guide_of, parse_page
from markdown_page_reading import Read


def test_guide_is_the_top_folder_under_docs(read: Read) -> None:
    assert read("# T\n", name="pydbapi/deep/page.md").guide == "pydbapi"


def test_page_at_the_docs_root_is_its_own_guide(read: Read) -> None:
    assert read("# T\n", name="contributing.md").guide == "contributing"


def test_guide_of_a_relative_path_needs_no_docs_folder() -> None:
    assert guide_of("revrx/uploads.md") == "revrx"


def test_non_utf8_page_is_one_problem_naming_the_line(tmp_path: Path) -> None:
    page_file = tmp_path / "page.md"
    page_file.write_bytes(b"# Title\n\ncaf\xe9\n")
    page = parse_page(page_file)
    (problem,) = page.problems
    assert (
        str(problem)
        == f"{page_file}:3: cannot read: not UTF-8 (byte 0xe9 at line 3); save the page as UTF-8"
    )
    assert page.fences == [] and page.headings == []


def test_non_utf8_included_file_is_a_problem_at_the_directive(read: Read, tmp_path: Path) -> None:
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "bad.py").write_bytes(b"x = '\xff'\n")
    page = read('```python\n--8<-- "bad.py"\n```\n')
    (problem,) = page.problems
    assert (problem.line, problem.kind) == (2, "include")
    assert "not UTF-8" in problem.message


def test_a_page_read_twice_is_parsed_once(read: Read) -> None:
    assert read("# Same\n") is read("# Same\n")


def test_a_changed_include_is_read_again(read: Read, tmp_path: Path) -> None:
    page = read('```python\n--8<-- "app.py"\n```\n', snippets={"snippets/app.py": "x = 1\n"})
    assert page.fences[0].source == "x = 1\n"
    again = read('```python\n--8<-- "app.py"\n```\n', snippets={"snippets/app.py": "x = 22\n"})
    assert again.fences[0].source == "x = 22\n"
