"""Heading ids exactly as Python-Markdown's ``toc`` extension assigns them.

Entry urls must point at an id that exists in the rendered page, but ``fixbook index`` has no
rendered page. So the ids are computed the way ``toc`` does it: the heading's text with tags
stripped, the configured ``slugify`` and ``separator``, explicit ``{#id}`` attributes (attr_list)
reserved first, and duplicates numbered ``_1``, ``_2`` by toc's own ``unique``. The plugin then
checks every anchor against the ids the rendered page really has.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from markdown.extensions.toc import slugify as toc_slugify
from markdown.extensions.toc import unique

# Python-Markdown's attr_list: a trailing `{: #id .class key=value}` on a heading.
_ATTR_LIST = re.compile(r"\s*\{:?([^}\n]*)\}\s*$")
_ATTR_ID = re.compile(r"(?:^|\s)#([^\s}#]+)")

Slugify = Callable[[str, str], str]


@dataclass(frozen=True)
class SlugOptions:
    """How the site's Markdown makes ids (``toc``, attr_list) and which blocks it knows."""

    slugify: Slugify = toc_slugify
    separator: str = "-"
    attr_list: bool = True  # the attr_list extension is on: `{#id}` sets the id
    admonition: bool = True  # the admonition extension is on: `!!! tip "…"` is a block

    @classmethod
    def from_markdown_config(
        cls, extensions: Iterable[Any], extension_configs: dict[str, dict[str, Any]]
    ) -> SlugOptions:
        """Read the options from MkDocs' ``markdown_extensions`` / ``mdx_configs``."""
        names = {ext if isinstance(ext, str) else type(ext).__module__ for ext in extensions}
        toc = extension_configs.get("toc") or extension_configs.get("markdown.extensions.toc") or {}
        return cls(
            slugify=toc.get("slugify") or toc_slugify,
            separator=toc.get("separator", "-"),
            attr_list=bool(names & {"attr_list", "markdown.extensions.attr_list"}),
            admonition=bool(names & {"admonition", "markdown.extensions.admonition"}),
        )


def split_attr_list(text: str, options: SlugOptions) -> tuple[str, str | None]:
    """Split ``Title {#id}`` into the text toc sees and the explicit id (if any)."""
    if not options.attr_list:
        return text, None
    match = _ATTR_LIST.search(text)
    if not match:
        return text, None
    found = _ATTR_ID.search(match.group(1))
    return text[: match.start()], (found.group(1) if found else None)


@dataclass
class PageAnchors:
    """Assigns the ids of one page's headings in document order, as toc does."""

    options: SlugOptions
    used: set[str] = field(default_factory=set)

    def reserve(self, explicit_ids: Iterable[str]) -> None:
        """toc first collects every id already set in the page (attr_list), then slugifies."""
        self.used.update(explicit_ids)

    def heading(self, text: str, explicit_id: str | None) -> str:
        """The id of the next heading whose plain text is ``text``."""
        if explicit_id:
            return explicit_id
        # ``text`` is already plain (entities decoded, tags dropped), what toc gets from
        # strip_tags + html.unescape of the rendered heading.
        name = " ".join(text.split())
        return unique(self.options.slugify(name, self.options.separator), self.used)

    def extra(self, text: str) -> str:
        """An id for an element the plugin marks itself (a table row), unique in the page."""
        slug = self.options.slugify(" ".join(text.split()), self.options.separator)
        return unique(slug, self.used)
