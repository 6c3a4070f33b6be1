"""Applies to: the versions an entry was written and verified against.

Advice is only as good as the versions it was tested on, so each entry carries ``applies_to``
(a mapping name -> version) built from three places, later ones overriding keys of earlier:

1. the guide's ``index.md`` front matter ``applies_to:`` (every page of the guide);
2. the page's own front matter ``applies_to:`` (adds or overrides keys);
3. the entry's own line, which narrows it for that entry only::

       ## Too many connections

       **Applies to:** postgresql: 16; pgbouncer: 1.22

   ``name: version`` pairs separated by ``;`` on a paragraph starting with "Applies to"
   (bold or not). Readers see that line as written; the page's box shows 1 and 2.

Names are compared lower-case (``PostgreSQL`` and ``postgresql`` are one key); versions are
text (``16`` in YAML becomes ``"16"``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import Any

from .model import PageEntries, Problem

KEY = "applies_to"
# Raw Markdown of a paragraph that may be an "Applies to" line (checked before any parsing).
MAY_BE_LINE = re.compile(r"^\s*(?:\*\*|__)?\s*applies to\b", re.IGNORECASE)
_LINE = re.compile(r"^\s*applies to\s*:?\s*(?P<pairs>.*)$", re.IGNORECASE | re.DOTALL)


def _mapping(value: Mapping[Any, Any]) -> dict[str, str]:
    return {str(name).strip().lower(): str(version).strip() for name, version in value.items()}


def from_front_matter(
    meta: Mapping[str, Any], path: str, line: int
) -> tuple[dict[str, str], list[Problem]]:
    """A page's ``applies_to`` front matter; anything but a mapping is a problem."""
    value = meta.get(KEY)
    if value is None:
        return {}, []
    if not isinstance(value, Mapping) or any(isinstance(v, (dict, list)) for v in value.values()):
        message = f"front matter `{KEY}` must be a mapping of name: version"
        return {}, [Problem(path, line, message)]
    return _mapping(value), []


def parse_line(text: str) -> dict[str, str] | None:
    """``Applies to: postgresql: 16; pgbouncer: 1.22`` (plain text) as a mapping; None when
    a pair has no ``name: version`` shape."""
    match = _LINE.match(" ".join(text.split()))
    if match is None:
        return None
    found: dict[str, str] = {}
    for pair in filter(None, (part.strip() for part in match.group("pairs").split(";"))):
        name, colon, version = pair.partition(":")
        if not colon or not name.strip() or not version.strip():
            return None
        found[name.strip().lower()] = version.strip()
    return found or None


def guide_index(entry_or_page_path: str) -> str | None:
    """The ``index.md`` of the guide a page belongs to (None for a page at the docs root)."""
    parts = PurePosixPath(entry_or_page_path).parts
    return f"{parts[0]}/index.md" if len(parts) > 1 else None


def merge(pages: Iterable[PageEntries]) -> None:
    """Give each entry its final ``applies_to``: guide, then page, then its own line."""
    pages = list(pages)
    declared = {page.path: page.applies_to for page in pages}
    for page in pages:
        page.applies_to_all = page_applies_to(page.path, declared)
        for entry in page.entries:
            entry.applies_to = {**page.applies_to_all, **entry.own_applies_to}


def page_applies_to(path: str, declared: Mapping[str, dict[str, str]]) -> dict[str, str]:
    """A page's versions: its guide's ``index.md`` ones, overridden by its own."""
    index = guide_index(path)
    guide = declared.get(index, {}) if index else {}
    return {**guide, **declared.get(path, {})}
