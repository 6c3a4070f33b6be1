"""Reading a page into blocks and a fresh context: the entry point every consumer shares."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from fixbook.markdown import MarkdownOptions, Page, guide_of, parse_page

from .lexer import blocks_of
from .model import Block, PageContext
from .settings import DocsSettings


def page_module(path: Path) -> ModuleType:
    """A real module per page, so dataclasses, pydantic and pickle find the page's classes."""
    name = "fixbook_page_" + "".join(c if c.isalnum() else "_" for c in str(path))
    module = ModuleType(name)
    module.__file__ = str(path)
    sys.modules[name] = module
    return module


def markdown_options(settings: DocsSettings) -> MarkdownOptions:
    """The page model's options: the site's Markdown extensions, the project's aliases."""
    return MarkdownOptions.from_settings(settings)


def read_page(path: Path, settings: DocsSettings, text: str | None = None) -> Page:
    """The page model of one page (read from ``path`` when ``text`` is None)."""
    return parse_page(path, text, markdown_options(settings))


def read_blocks(path: Path, settings: DocsSettings, text: str | None = None) -> list[Block]:
    return blocks_of(read_page(path, settings, text), getattr(settings, "modes", None))


def new_context(
    path: Path,
    settings: DocsSettings,
    services: Any = None,
    namespace: dict[str, Any] | None = None,
) -> PageContext:
    """A page's context; its namespace is a module's and holds ``services``."""
    namespace = page_module(path).__dict__ if namespace is None else namespace
    if services is not None:
        namespace["services"] = services
    return PageContext(path, guide_of(path, settings.docs_dir), namespace, services)
