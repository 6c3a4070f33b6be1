"""Published entry ids never break silently: a committed list, explicit ids, aliases; and the
stable codes (SQLSTATE, Prisma, errno, HTTP) every entry is indexed by."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fixbook.cli import main
from fixbook.symptoms.codes import entry_codes
from fixbook.symptoms.published import Published
from mkdocs.exceptions import Abort

from .conftest import Site

ENTRY = "## {title}\n\n**Symptoms**\n\n- `Connection refused`\n\n**Fix**\n\n1. Start it.\n"


def page(*titles: str) -> str:
    return "# Troubleshooting\n\n" + "\n".join(ENTRY.format(title=t) for t in titles)


def published(root: Path, *lines: str) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "published-ids.txt").write_text("# ids\n" + "\n".join(lines) + "\n", encoding="utf-8")


def test_a_vanished_id_fails_the_strict_build_naming_it(
    tmp_path: Path, build_site: Callable[..., Site]
) -> None:
    published(tmp_path, "faq/backend-down", "faq/old-title")
    docs = {"faq.md": page("Backend down", "New title")}
    site = build_site(docs)
    assert any(
        w.startswith("symptoms: published-ids.txt:3: published entry id 'faq/old-title' vanished")
        for w in site.warnings
    ), site.warnings
    with pytest.raises(Abort):
        build_site(docs, strict=True)


def test_an_explicit_heading_id_keeps_the_published_id(
    tmp_path: Path, build_site: Callable[..., Site]
) -> None:
    published(tmp_path, "faq/old-title")
    docs = {"faq.md": page("New title {#old-title}")}
    site = build_site(docs, strict=True, markdown_extensions=["attr_list"])
    document = json.loads((site.site / "symptoms.json").read_text(encoding="utf-8"))
    assert [entry["id"] for entry in document["entries"]] == ["faq/old-title"]
    assert 'id="old-title"' in site.html("faq/index.html")


def test_an_alias_on_the_same_page_keeps_the_old_anchor_in_the_page(
    tmp_path: Path, build_site: Callable[..., Site]
) -> None:
    published(tmp_path, "faq/old-title -> faq/new-title")
    site = build_site({"faq.md": page("New title")}, strict=True)
    html = site.html("faq/index.html")
    assert '<h2 id="new-title"><span id="old-title" class="fixbook-alias"></span>' in html
    document = json.loads((site.site / "symptoms.json").read_text(encoding="utf-8"))
    assert document["entries"][0]["aliases"] == ["faq/old-title"]


def test_an_alias_to_another_page_leaves_a_moved_note_on_the_old_page(
    tmp_path: Path, build_site: Callable[..., Site]
) -> None:
    published(tmp_path, "faq/moved -> backend/faq/moved")
    docs = {"faq.md": page("Stays"), "backend/faq.md": page("Moved")}
    site = build_site(docs, strict=True)
    note = site.html("faq/index.html")
    assert '<p id="moved" class="fixbook-moved">This entry moved: ' in note
    assert 'href="../backend/faq/#moved"' in note


def test_an_alias_from_a_removed_page_gets_a_stand_in_page(
    tmp_path: Path, build_site: Callable[..., Site]
) -> None:
    published(tmp_path, "gone/moved -> faq/moved")
    site = build_site({"faq.md": page("Moved")}, strict=True)
    stand_in = site.html("gone/index.html")
    assert '<p id="moved" class="fixbook-moved">' in stand_in
    assert 'href="../faq/#moved"' in stand_in


def test_an_alias_to_no_entry_is_reported(tmp_path: Path, build_site: Callable[..., Site]) -> None:
    published(tmp_path, "faq/old -> faq/nothing")
    site = build_site({"faq.md": page("Something")})
    assert (
        "symptoms: published-ids.txt:2: alias of published id 'faq/old' points to 'faq/nothing', "
        "which is no entry" in site.warnings
    )


def test_fixbook_index_checks_the_list_beside_mkdocs_yml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins: [symptoms]\n", encoding="utf-8")
    published(tmp_path, "faq/old-title")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "faq.md").write_text(page("New title"), encoding="utf-8")
    assert main(["index", str(tmp_path / "docs")]) == 1
    assert "published-ids.txt:2: published entry id 'faq/old-title' vanished" in (
        capsys.readouterr().err
    )


def test_the_published_listing_keeps_old_ids_and_adds_new_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins: [symptoms]\n", encoding="utf-8")
    published(tmp_path, "faq/old -> faq/new-title")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "faq.md").write_text(page("New title"), encoding="utf-8")
    assert main(["index", str(tmp_path / "docs"), "--published"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1:] == ["faq/new-title", "faq/old -> faq/new-title"]


def test_a_malformed_line_of_the_list_is_reported_at_its_line() -> None:
    listing = Published.parse("a/b\nnot an id\nx ->\n", "published-ids.txt")
    assert [str(p) for p in listing.problems] == [
        "published-ids.txt:2: malformed id 'not an id'",
        "published-ids.txt:3: malformed alias line (expected 'old/id -> new/id')",
    ]


def test_written_codes_are_indexed() -> None:
    texts = ["ERROR: 40P01: deadlock", "Prisma P2024 timeout", "connect ECONNREFUSED", "x"]
    assert entry_codes(texts, [], []) == ["SQLSTATE 40P01", "P2024", "ECONNREFUSED"]
    assert entry_codes(["SQLSTATE 53300"], [], [429]) == ["SQLSTATE 53300", "HTTP 429"]


def test_postgresql_messages_imply_their_sqlstate() -> None:
    errors = ["FATAL: sorry, too many clients already", 'relation "users" does not exist']
    assert entry_codes([], errors, []) == ["SQLSTATE 53300", "SQLSTATE 42P01"]


def test_codes_reach_symptoms_json(tmp_path: Path, build_site: Callable[..., Site]) -> None:
    docs = {"faq.md": page("`FATAL: sorry, too many clients already`")}
    site = build_site(docs, strict=True)
    document = json.loads((site.site / "symptoms.json").read_text(encoding="utf-8"))
    assert document["entries"][0]["codes"] == ["SQLSTATE 53300"]


def test_the_by_code_page_lists_entries_under_their_codes(
    build_site: Callable[..., Site],
) -> None:
    docs = {"faq.md": page("`FATAL: sorry, too many clients already`")}
    site = build_site(docs, strict=True)
    listing = site.html("symptoms/by-code/index.html")
    assert 'id="sqlstate-53300"' in listing
    assert 'href="../../faq/#fatal-sorry-too-many-clients-already"' in listing
