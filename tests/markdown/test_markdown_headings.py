"""Headings carry the ids the ``toc`` extension gives them in the rendered page."""

from __future__ import annotations

from markdown_page_reading import Read


def test_heading_id_is_the_toc_slug_of_its_text(read: Read) -> None:
    page = read("# Connection refused: port 5432!\n")
    assert [(h.level, h.title, h.id, h.line) for h in page.headings] == [
        (1, "Connection refused: port 5432!", "connection-refused-port-5432", 1)
    ]


def test_markup_in_a_heading_is_dropped_from_its_id(read: Read) -> None:
    (heading,) = read("## `psql` says **FATAL**\n").headings
    assert (heading.title, heading.id) == ("psql says FATAL", "psql-says-fatal")


def test_duplicate_titles_are_numbered_like_toc(read: Read) -> None:
    page = read("## Fix\n\n## Fix\n\n## Fix\n")
    assert page.ids() == ["fix", "fix_1", "fix_2"]


def test_explicit_id_wins_and_is_reserved_before_slugs(read: Read) -> None:
    page = read("## Old name\n\n## Renamed {#old-name}\n")
    assert page.ids() == ["old-name_1", "old-name"]
    assert page.headings[1].title == "Renamed"


def test_explicit_id_is_plain_text_without_attr_list(read: Read) -> None:
    page = read("## Renamed {#old}\n", extensions=["toc"])
    assert page.ids() == ["renamed-old"]


def test_the_sites_slugify_and_separator_are_used(read: Read) -> None:
    toc = {"toc": {"slugify": "markdown.extensions.toc.slugify_unicode", "separator": "_"}}
    page = read("## Ça ne démarre pas\n", extensions=[toc])
    assert page.ids() == ["ça_ne_démarre_pas"]


def test_explicit_id_used_twice_is_a_problem(read: Read) -> None:
    page = read("## A {#same}\n\n## B {#same}\n")
    assert [str(p).split(": ", 1)[1] for p in page.problems] == [
        "duplicate anchor '#same' (also used at line 1)"
    ]


def test_heading_inside_a_fence_is_not_a_heading(read: Read) -> None:
    page = read("# Title\n\n```bash\n# a comment\n```\n")
    assert page.ids() == ["title"]


def test_heading_in_an_admonition_is_a_heading(read: Read) -> None:
    page = read("# Title\n\n!!! note\n\n    ## Inside\n")
    assert page.ids() == ["title", "inside"]


def test_heading_from_an_included_file_is_reported_at_the_directive(read: Read) -> None:
    page = read(
        '# Changelog\n\n--8<-- "part.md"\n', snippets={"snippets/part.md": "## Release 2\n"}
    )
    assert [(h.id, h.line) for h in page.headings] == [("changelog", 1), ("release-2", 3)]
