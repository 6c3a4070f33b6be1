"""Helpers for the snippet layer's tests: write a page, lex it, verify it."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from fixbook.samples.model import Block
from fixbook.samples.pages import read_blocks
from fixbook.samples.settings import DocsSettings

Lex = Callable[..., list[Block]]


@pytest.fixture
def lex(tmp_path: Path) -> Lex:
    """Lex Markdown written inline (dedented); ``snippets`` maps file names to their text."""

    def lex_page(markdown: str, snippets: dict[str, str] | None = None) -> list[Block]:
        docs, bases = tmp_path / "docs", tmp_path / "snippets"
        docs.mkdir(exist_ok=True)
        for name, text in (snippets or {}).items():
            (bases / name).parent.mkdir(parents=True, exist_ok=True)
            (bases / name).write_text(textwrap.dedent(text))
        page = docs / "page.md"
        page.write_text(textwrap.dedent(markdown).lstrip("\n"))
        return read_blocks(page, DocsSettings(docs, (bases,)))

    return lex_page
