"""MkDocs plugin ``fixbook-reference``: ``<!-- fixbook-reference: NAME -->`` in a page becomes the
generated reference.

A plugin (not a ``hooks:`` file) so that a configuration that ``INHERIT``\\ s the handbook's
``mkdocs.yml`` from another folder still finds it. An unknown NAME, or a renderer that finds
the code and its documentation disagreeing, fails the build naming the page and line.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from fixbook.reference import RENDERERS

MARKER = re.compile(r"^[ \t]*<!--\s*fixbook-reference:\s*(?P<name>[\w-]+)\s*-->[ \t]*$", re.M)


class ReferenceConfig(Config):
    """No options: the markers in the pages say what to generate."""


class ReferencePlugin(BasePlugin[ReferenceConfig]):
    def on_page_markdown(self, markdown: str, page: Any, **_: Any) -> str:
        return render_markers(markdown, page.file.src_uri)


def render_markers(markdown: str, where: str) -> str:
    """``markdown`` with every reference marker replaced by its generated Markdown."""

    def render(match: re.Match[str]) -> str:
        name = match["name"]
        line = markdown.count("\n", 0, match.start()) + 1
        if name not in RENDERERS:
            known = ", ".join(sorted(RENDERERS))
            raise PluginError(
                f"{where}:{line}: unknown fixbook-reference {name!r} (known: {known})"
            )
        try:
            return RENDERERS[name]()
        except ValueError as error:
            raise PluginError(f"{where}:{line}: {error}") from None

    return MARKER.sub(render, markdown)
