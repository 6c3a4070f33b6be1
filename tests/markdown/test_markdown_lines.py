"""A page's lines are kept as texts plus runs of origins; each line read is the one the include
walk produced, with the same origin and page line."""

from __future__ import annotations

from pathlib import Path

from fixbook.markdown import Origin, SourceLine
from fixbook.markdown.includes import Includes
from fixbook.markdown.lines import Lines
from markdown_page_reading import Read

PAGE = Path("docs/page.md")
SNIPPET = Path("snippets/app.py")


def walked() -> list[SourceLine]:
    """Page lines 1-2, lines 3-4 of a snippet rendered at page line 3, page line 4."""
    return [
        SourceLine("# T", Origin(PAGE, 1), 1),
        SourceLine("```python", Origin(PAGE, 2), 2),
        SourceLine("c = 3", Origin(SNIPPET, 3), 3),
        SourceLine("d = 4", Origin(SNIPPET, 4), 3),
        SourceLine("```", Origin(PAGE, 4), 4),
    ]


def described(lines: object) -> list[tuple[str, str, int]]:
    return [(str(line), str(line.origin), line.page_line) for line in lines]  # type: ignore[attr-defined]


def test_folded_lines_read_back_as_the_walk_produced_them() -> None:
    assert described(Lines.of_source_lines(walked())) == described(walked())


def test_an_included_line_starting_at_its_directive_line_keeps_the_directive_line() -> None:
    lines = [SourceLine("x", Origin(SNIPPET, 3), 3), SourceLine("y", Origin(SNIPPET, 4), 3)]
    assert described(Lines.of_source_lines(lines)) == described(lines)


def test_lines_index_like_a_list() -> None:
    lines, plain = Lines.of_source_lines(walked()), walked()
    assert (lines[-1], lines[2].origin, lines[1:3], len(lines)) == (
        plain[-1], plain[2].origin, plain[1:3], len(plain),
    )  # fmt: skip


def test_a_view_reads_its_part_of_the_page() -> None:
    view = Lines.of_source_lines(walked()).view(2, 4)
    assert described(view) == described(walked()[2:4])


def test_report_lines_are_own_lines_in_the_page_and_directive_lines_for_includes() -> None:
    assert Lines.of_source_lines(walked()).page_lines(PAGE) == [1, 2, 3, 3, 4]


def test_a_page_without_directives_reads_as_the_include_walk_reads_it() -> None:
    text = "# T\n\nplain `8` and <8 but no directive\n"
    includes = Includes({}, ())
    walk, _ = includes.expand(PAGE, text)
    assert includes.renders_as_written(text)
    assert described(Lines.of_page(PAGE, text.splitlines())) == described(walk)


def test_a_fences_lines_name_the_page_lines_they_were_written_at(read: Read) -> None:
    page = read("# T\n\n```python\na = 1\nb = 2\n```\n")
    assert [(line, line.origin.line) for line in page.fences[0].lines] == [
        ("a = 1", 4),
        ("b = 2", 5),
    ]
