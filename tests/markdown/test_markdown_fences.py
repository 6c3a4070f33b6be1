"""Fences: canonical language, attributes, indentation, containers, marker, closed."""

from __future__ import annotations

from fixbook.markdown import MarkdownOptions, parse_page
from markdown_page_reading import Read


def test_alias_is_normalised_and_the_spelling_kept(read: Read) -> None:
    (fence,) = read("```py3\nx = 1\n```\n").fences
    assert (fence.language, fence.written, fence.source) == ("python", "py3", "x = 1\n")


def test_output_spellings_share_one_language(read: Read) -> None:
    page = read("".join(f"```{name}\nx\n```\n" for name in ["log", "pytb", "stderr", "text"]))
    assert {fence.language for fence in page.fences} == {"output"}


def test_info_string_attributes_are_read(read: Read) -> None:
    (fence,) = read('```python title="app.py" linenums="1"\npass\n```\n').fences
    assert fence.attrs == {"title": "app.py", "linenums": "1"}


def test_braced_info_string_gives_classes_and_language(read: Read) -> None:
    (fence,) = read('``` { .py .annotate hl_lines="2" }\npass\n```\n').fences
    assert (fence.language, fence.classes, fence.attrs) == (
        "python",
        ("py", "annotate"),
        {"hl_lines": "2"},
    )


def test_fence_in_a_list_item_keeps_its_indentation_out_of_the_source(read: Read) -> None:
    (fence,) = read("1. Run:\n\n    ```python\n    if x:\n        y()\n    ```\n").fences
    assert (fence.indent, fence.source) == ("    ", "if x:\n    y()\n")
    assert [(c.kind, c.type, c.line) for c in fence.containers] == [("list", "ordered", 1)]


def test_fence_in_an_admonition_knows_its_type_and_title(read: Read) -> None:
    (fence,) = read('!!! danger "Drops data"\n\n    ```bash\n    rm -rf x\n    ```\n').fences
    (container,) = fence.containers
    assert (container.kind, container.type, container.title) == (
        "admonition",
        "danger",
        "Drops data",
    )


def test_nested_tab_inside_collapsible_block(read: Read) -> None:
    (fence,) = read(
        '??? tip\n\n    === "Linux"\n\n        ```bash\n        ls\n        ```\n'
    ).fences
    assert [(c.kind, c.type, c.title, c.line) for c in fence.containers] == [
        ("details", "tip", "", 1),
        ("tab", "", "Linux", 3),
    ]


def test_fence_after_an_admonition_is_outside_it(read: Read) -> None:
    page = read("!!! note\n\n    text\n\n```bash\nls\n```\n")
    assert page.fences[0].containers == ()


def test_marker_directly_above_is_the_fences(read: Read) -> None:
    (fence,) = read('<!-- fixbook: skip reason="GPU" -->\n```python\nx\n```\n').fences
    assert fence.marker is not None
    assert (fence.marker.line, fence.marker.text) == (1, '<!-- fixbook: skip reason="GPU" -->')


def test_marker_with_a_blank_line_below_is_stray(read: Read) -> None:
    page = read("<!-- fixbook: run -->\n\n```python\nx\n```\n")
    assert page.fences[0].marker is None
    assert [marker.line for marker in page.stray_markers] == [1]


def test_unclosed_fence_is_not_closed_and_a_problem_at_its_line(read: Read) -> None:
    page = read("# T\n\n```python\nx = 1\n")
    assert page.fences[0].closed is False
    assert [str(p) for p in page.problems] == [f"{page.path}:3: fence opened here is never closed"]


def test_fence_inside_an_html_comment_does_not_exist(read: Read) -> None:
    assert read("<!--\n```python\nbroken(\n```\n-->\n").fences == []


def test_terminal_transcripts_are_console_not_plain_output(read: Read) -> None:
    page = read("```shell-session\n$ ls\n```\n```console\n$ ls\n```\n")
    assert [fence.language for fence in page.fences] == ["console", "console"]


def test_a_projects_alias_wins_over_the_builtin_one(read: Read) -> None:
    page = read("```conf\nx\n```\n")
    options = MarkdownOptions(aliases={"conf": "ini"}, snippets_enabled=False)
    assert parse_page(page.path, page.text, options).fences[0].language == "ini"
