"""MkDocs hook: ``<!-- fixbook-reference: NAME -->`` in a page becomes the generated reference.

Listed under ``hooks:`` in ``mkdocs.yml``. An unknown NAME, or a renderer that finds the code
and its documentation disagreeing, fails the build naming the page and line.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.exceptions import PluginError

from fixbook.reference import RENDERERS

MARKER = re.compile(r"^[ \t]*<!--\s*fixbook-reference:\s*(?P<name>[\w-]+)\s*-->[ \t]*$", re.M)


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    def render(match: re.Match[str]) -> str:
        name = match["name"]
        line = markdown.count("\n", 0, match.start()) + 1
        where = f"{page.file.src_uri}:{line}"
        if name not in RENDERERS:
            known = ", ".join(sorted(RENDERERS))
            raise PluginError(f"{where}: unknown fixbook-reference {name!r} (known: {known})")
        try:
            return RENDERERS[name]()
        except ValueError as error:
            raise PluginError(f"{where}: {error}") from None

    return MARKER.sub(render, markdown)
