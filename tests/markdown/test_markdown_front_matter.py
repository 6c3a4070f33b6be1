"""Front matter is a mapping; malformed YAML is a problem at its line, never a traceback."""

from __future__ import annotations

from markdown_page_reading import Read


def test_front_matter_is_read_as_a_mapping(read: Read) -> None:
    page = read("---\napplies_to:\n  postgresql: '16'\n---\n# T\n")
    assert page.front_matter == {"applies_to": {"postgresql": "16"}}
    assert page.front_matter_line == 1


def test_page_without_front_matter_has_an_empty_mapping(read: Read) -> None:
    assert read("# T\n").front_matter == {}


def test_malformed_front_matter_is_a_problem_at_the_broken_line(read: Read) -> None:
    page = read("---\ntitle: ok\nbad: [unclosed\n---\n# T\n")
    (problem,) = page.problems
    assert str(problem).startswith(f"{page.path}:4: malformed front matter")


def test_front_matter_that_is_not_a_mapping_is_a_problem(read: Read) -> None:
    (problem,) = read("---\n- a\n---\n").problems
    assert problem.message == "malformed front matter: expected a mapping of keys"
