"""How the site's Markdown makes heading ids, as the symptoms plugin is told it.

Entry urls must point at an id that exists in the rendered page, but ``fixbook index`` has no
rendered page. The ids are computed by the page model (:mod:`fixbook.markdown.headings`) the
way ``toc`` does it, with the ``slugify`` and ``separator`` read here; the plugin then checks
every anchor against the ids the rendered page really has.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from markdown.extensions.toc import slugify as toc_slugify

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
