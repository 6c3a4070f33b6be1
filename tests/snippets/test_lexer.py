"""The lexer finds every block Material renders, with its language, mode and page line."""

from __future__ import annotations

from fixbook.samples.model import Mode

from tests.snippets.conftest import Lex


def test_backtick_fence_gives_language_source_and_fence_line(lex: Lex) -> None:
    (block,) = lex("# T\n\n```python\nx = 1\n```\n")
    assert (block.language, block.source, block.line, block.end_line) == ("python", "x = 1\n", 3, 5)


def test_tilde_fence_and_long_backtick_fence_are_fences(lex: Lex) -> None:
    blocks = lex("~~~yaml\na: 1\n~~~\n\n`````json\n{}\n`````\n")
    assert [(b.language, b.source) for b in blocks] == [("yaml", "a: 1\n"), ("json", "{}\n")]


def test_shorter_fence_inside_a_longer_one_is_content(lex: Lex) -> None:
    (block,) = lex("````markdown\n```python\nx = 1\n```\n````\n")
    assert block.language == "markdown"
    assert block.source == "```python\nx = 1\n```\n"


def test_material_info_strings_name_the_language(lex: Lex) -> None:
    blocks = lex(
        '```python title="app.py" linenums="1"\npass\n```\n'
        "```{.python .annotate}\npass\n```\n"
        '``` { .py3 hl_lines="1" }\npass\n```\n'
    )
    assert [b.language for b in blocks] == ["python", "python", "python"]
    assert blocks[0].info == 'python title="app.py" linenums="1"'


def test_aliases_are_normalised(lex: Lex) -> None:
    fences = ["py", "sh", "shell", "zsh", "yml", "js", "node", "env", "console", "text", "log"]
    blocks = lex("".join(f"```{name}\nx\n```\n" for name in fences))
    assert [b.language for b in blocks] == [
        "python", "bash", "bash", "bash", "yaml", "javascript", "javascript", "dotenv",
        "console", "output", "output",
    ]  # fmt: skip


def test_default_modes_follow_the_language(lex: Lex) -> None:
    blocks = lex(
        "```python\nx\n```\n```sql\nx\n```\n```bash\nx\n```\n```yaml\nx\n```\n```text\nx\n```\n"
    )
    assert [b.mode for b in blocks] == [Mode.RUN, Mode.RUN, Mode.CHECK, Mode.CHECK, Mode.OUTPUT]


def test_fence_in_a_list_item_is_dedented(lex: Lex) -> None:
    (block,) = lex("1. Run it:\n\n    ```python\n    if True:\n        x = 1\n    ```\n")
    assert (block.line, block.source) == (3, "if True:\n    x = 1\n")


def test_fences_in_admonitions_and_content_tabs_nested(lex: Lex) -> None:
    blocks = lex(
        """
        !!! note "Nested"

            === "Linux"

                ```bash
                echo linux
                ```

            ??? tip

                ~~~python
                print("tip")
                ~~~
        """
    )
    assert [(b.language, b.line, b.source) for b in blocks] == [
        ("bash", 5, "echo linux\n"),
        ("python", 11, 'print("tip")\n'),
    ]


def test_fence_without_language_is_a_problem_at_its_line(lex: Lex) -> None:
    (block,) = lex("text\n\n```\nerror\n```\n")
    assert block.report_line == 3
    assert "no language" in block.problem


def test_unclosed_fence_is_a_problem(lex: Lex) -> None:
    (block,) = lex("```python\nx = 1\n")
    assert "never closed" in block.problem


def test_marker_sets_mode_reason_and_message(lex: Lex) -> None:
    blocks = lex(
        '<!-- fixbook: skip reason="needs a GPU" -->\n```python\nx\n```\n'
        '<!-- fixbook: expect-error message="KeyError" -->\n```python\nx\n```\n'
        "<!-- fixbook: run -->\n```bash\nx\n```\n"
    )
    assert [(b.mode, b.reason, b.expected_message) for b in blocks] == [
        (Mode.SKIP, "needs a GPU", ""),
        (Mode.EXPECT_ERROR, "", "KeyError"),
        (Mode.RUN, "", ""),
    ]


def test_marker_inside_an_admonition_applies_to_the_fence_below(lex: Lex) -> None:
    page = """
        !!! danger

            <!-- fixbook: skip reason="drops data" -->
            ```bash
            rm -rf /srv
            ```
    """
    (block,) = lex(page)
    assert (block.mode, block.reason) == (Mode.SKIP, "drops data")


def test_skip_without_reason_is_a_problem_at_the_marker_line(lex: Lex) -> None:
    (block,) = lex("intro\n\n<!-- fixbook: skip -->\n```python\nx\n```\n")
    assert (block.report_line, block.line) == (3, 4)
    assert "needs a reason" in block.problem


def test_unknown_mode_is_a_problem_at_the_marker_line(lex: Lex) -> None:
    (block,) = lex("<!-- fixbook: execute -->\n```python\nx\n```\n")
    assert block.report_line == 1
    assert "unknown fixbook mode 'execute'" in block.problem


def test_marker_not_directly_above_a_fence_is_a_problem(lex: Lex) -> None:
    (block,) = lex("<!-- fixbook: run -->\n\nSome prose.\n")
    assert (block.report_line, block.problem) == (1, "fixbook marker is not directly above a fence")


def test_invisible_code_block_is_hidden_python(lex: Lex) -> None:
    (block,) = lex("<!-- invisible-code-block: python\nimport os\nx = 1\n-->\n")
    assert (block.invisible, block.language, block.mode) == (True, "python", Mode.RUN)
    assert (block.line, block.source) == (1, "import os\nx = 1\n")


def test_commented_out_markdown_holds_no_blocks(lex: Lex) -> None:
    assert lex("<!--\n```python\nbroken(\n```\n-->\n") == []


def test_include_inside_a_fence_is_resolved_and_mapped_to_the_snippet_file(lex: Lex) -> None:
    (block,) = lex(
        '```python\nimport os\n--8<-- "g/app.py"\nprint(x)\n```\n',
        snippets={"g/app.py": "x = 1\ny = 2\n"},
    )
    # pymdownx renders a file's final newline as an empty line, as the site shows it.
    assert block.source == "import os\nx = 1\ny = 2\n\nprint(x)\n"
    assert str(block.location_of(1)).endswith("page.md:2")
    assert str(block.location_of(3)).endswith("g/app.py:2")
    assert str(block.location_of(5)).endswith("page.md:4")


def test_include_keeps_the_directive_indentation(lex: Lex) -> None:
    (block,) = lex(
        '- step\n\n    ```python\n    --8<-- "app.py"\n    ```\n',
        snippets={"app.py": "if True:\n    x = 1\n"},
    )
    assert block.source == "if True:\n    x = 1\n"


def test_block_level_include_brings_fences_reported_at_the_directive(lex: Lex) -> None:
    blocks = lex('# Page\n\n--8<-- "part.md"\n', snippets={"part.md": "```yaml\na: 1\n```\n"})
    (block,) = blocks
    assert (block.language, block.line, block.source) == ("yaml", 3, "a: 1\n")
    assert str(block.location_of(1)).endswith("part.md:2")


def test_include_line_range_selects_lines(lex: Lex) -> None:
    (block,) = lex(
        '```python\n--8<-- "app.py:2:3"\n```\n', snippets={"app.py": "a = 1\nb = 2\nc = 3\nd = 4\n"}
    )
    assert block.source == "b = 2\nc = 3\n"
    assert str(block.location_of(1)).endswith("app.py:2")


def test_missing_include_is_a_problem_at_the_directive(lex: Lex) -> None:
    fence, include = lex('text\n\n```python\n--8<-- "nowhere.py"\n```\n')
    assert (fence.line, fence.source, fence.problem) == (3, "", "")
    assert include.report_line == 4
    assert "'nowhere.py' not found" in include.problem


def test_escaped_include_is_shown_not_resolved(lex: Lex) -> None:
    (block,) = lex('```text\n;--8<-- "app.py"\n```\n')
    assert block.source == '--8<-- "app.py"\n'


def test_tabs_inside_code_are_kept(lex: Lex) -> None:
    (block,) = lex("- item\n\n    ```text\n    a\tb\n    ```\n")
    assert block.source == "a\tb\n"


def test_missing_include_leaves_the_other_blocks_of_the_page_verified(lex: Lex) -> None:
    blocks = lex('--8<-- "nowhere.md"\n\n```json\n{}\n```\n')
    assert [(b.report_line, b.language, bool(b.problem)) for b in blocks] == [
        (1, "", True),
        (3, "json", False),
    ]
