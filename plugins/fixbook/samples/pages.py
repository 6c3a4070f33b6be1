"""Reading a page into blocks and a fresh context: the entry point every consumer shares."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from .includes import IncludeResolver
from .lexer import PageLexer
from .model import Block, PageContext
from .settings import DocsSettings, guide_of


def page_module(path: Path) -> ModuleType:
    """A real module per page, so dataclasses, pydantic and pickle find the page's classes."""
    name = "fixbook_page_" + "".join(c if c.isalnum() else "_" for c in str(path))
    module = ModuleType(name)
    module.__file__ = str(path)
    sys.modules[name] = module
    return module


def lexer_for(settings: DocsSettings) -> PageLexer:
    return PageLexer(IncludeResolver(settings.snippet_bases))


def read_blocks(path: Path, settings: DocsSettings, text: str | None = None) -> list[Block]:
    if text is None:
        text = path.read_text(encoding="utf-8")
    return lexer_for(settings).lex(path, text)


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
