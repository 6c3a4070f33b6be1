"""Heading ids exactly as Python-Markdown's ``toc`` extension assigns them.

Entry urls and cross-references must point at an id that exists in the rendered page, but
``fixbook index`` and pytest have no rendered page. So the ids are computed the way ``toc`` does:
the heading's text with markup dropped, the site's configured ``slugify`` and ``separator``,
explicit ``{#id}`` attributes (attr_list) reserved first, and duplicates numbered ``_1``, ``_2``
by toc's own ``unique``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from markdown.extensions.toc import unique
from markdown_it.token import Token

from .options import MarkdownOptions
from .tokens import inline_children, plain_text

# Python-Markdown's attr_list: a trailing `{: #id .class key=value}` on a heading.
_ATTR_LIST = re.compile(r"\s*\{:?([^}\n]*)\}\s*$")
_ATTR_ID = re.compile(r"(?:^|\s)#([^\s}#]+)")


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 to 6, its plain ``title`` (attr_list removed), its toc ``id``, its page
    ``line``, whether the id was written (``{#id}``), and its index in the token stream."""

    level: int
    title: str
    id: str
    line: int
    explicit: bool = False
    token: int = -1


def split_attr_list(text: str, attr_list: bool = True) -> tuple[str, str | None]:
    """Split ``Title {#id}`` into the text toc sees and the explicit id (if any)."""
    if not attr_list:
        return text, None
    match = _ATTR_LIST.search(text)
    if not match:
        return text, None
    found = _ATTR_ID.search(match.group(1))
    return text[: match.start()], (found.group(1) if found else None)


@dataclass
class Anchors:
    """The ids of one page, handed out in document order as toc does."""

    options: MarkdownOptions
    used: set[str] = field(default_factory=set)

    def reserve(self, explicit_ids: Iterable[str]) -> None:
        """toc first collects every id already set in the page (attr_list), then slugifies."""
        self.used.update(explicit_ids)

    def heading(self, text: str, explicit_id: str | None) -> str:
        """The id of the next heading whose plain text is ``text``."""
        if explicit_id:
            return explicit_id
        return self.extra(text)

    def extra(self, text: str) -> str:
        """An id for another element of the page (a table row a plugin marks), unique in it."""
        slug = self.options.slugify(" ".join(text.split()), self.options.separator)
        return unique(slug, self.used)


def read_headings(tokens: list[Token], options: MarkdownOptions) -> tuple[list[Heading], Anchors]:
    """Every heading of the page (inside admonitions too), with its toc id."""
    found: list[tuple[int, int, str, str | None, int]] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            text, explicit = split_attr_list(
                plain_text(inline_children(tokens[index + 1])), options.attr_list
            )
            line = (token.map or [0])[0] + 1
            found.append((index, int(token.tag[1]), text, explicit, line))
    anchors = Anchors(options)
    anchors.reserve(explicit for *_, explicit, _ in found if explicit)
    headings = [
        Heading(level, text.strip(), anchors.heading(text, explicit), line, bool(explicit), index)
        for index, level, text, explicit, line in found
    ]
    return headings, anchors


def duplicate_ids(headings: list[Heading]) -> list[tuple[int, str, int]]:
    """``(line, id, line of first use)`` for every explicit id written twice."""
    first_use: dict[str, int] = {}
    duplicates: list[tuple[int, str, int]] = []
    for heading in headings:
        if heading.explicit and heading.id in first_use:
            duplicates.append((heading.line, heading.id, first_use[heading.id]))
        elif heading.explicit:
            first_use[heading.id] = heading.line
    return duplicates
