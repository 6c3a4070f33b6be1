"""Write a page (and its snippet files) and read it with the page model.

No ``__init__.py`` here: a package named ``markdown`` under ``tests/`` would shadow
Python-Markdown.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from fixbook.markdown import MarkdownOptions, Page, parse_page
from markdown_page_reading import Read


@pytest.fixture
def read(tmp_path: Path) -> Read:
    """Read Markdown written inline (dedented); ``snippets`` maps file names to their text;
    ``extensions`` is ``mkdocs.yml``'s ``markdown_extensions`` (default: the handbook's)."""

    def read_page(
        markdown: str,
        snippets: dict[str, str] | None = None,
        extensions: list[Any] | None = None,
        name: str = "guide/page.md",
    ) -> Page:
        docs = tmp_path / "docs"
        for file, text in (snippets or {}).items():
            (tmp_path / file).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / file).write_text(textwrap.dedent(text))
        page = docs / name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(textwrap.dedent(markdown).lstrip("\n"))
        if extensions is None:
            extensions = [
                "admonition",
                "attr_list",
                {"toc": {"permalink": True}},
                {"pymdownx.snippets": {"base_path": ["snippets"], "check_paths": True}},
            ]
        options = MarkdownOptions.from_markdown_config(extensions, docs_dir=docs, root=tmp_path)
        return parse_page(page, options=options)

    return read_page
