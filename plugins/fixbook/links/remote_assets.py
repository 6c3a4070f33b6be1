"""Find what a built site would fetch from another host, which an offline reader cannot load.

A reference counts when the browser loads it by itself: scripts, style sheets, fonts and images
in CSS, images, frames, media, and ``<link>`` relations that fetch (``stylesheet``, ``icon``,
``preload``, ``preconnect``, ...). Plain links (``<a href>``, ``rel="canonical"``) do not: the
reader follows them or not. For JavaScript only literal remote ``importScripts``/``import`` are
read: bundles hold URL strings on code paths a page may never take (Material's bundle names a
mermaid CDN used only for diagrams), so the browser tests, which intercept every request, are the
proof for scripts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fixbook.links.references import Reference, css_references, html_references, is_external

REMOTE_SCHEMES = frozenset({"http", "https", "ftp", "ws", "wss"})
FETCHING_LINK_RELS = frozenset(
    {
        "stylesheet",
        "icon",
        "shortcut",
        "apple-touch-icon",
        "mask-icon",
        "manifest",
        "preload",
        "prefetch",
        "modulepreload",
        "preconnect",
        "dns-prefetch",
        "prerender",
    }
)
NAVIGATION_ATTRIBUTES = frozenset({"action", "formaction"})
JS_REMOTE_LOAD = re.compile(
    r"""(?:importScripts\s*\(|import\s*\(|\bfrom\s*|\bimport\s+)\s*["'`](?P<url>(?:https?:)?//[^"'`]+)"""
)


@dataclass(frozen=True)
class RemoteAsset:
    """A reference in a built file that makes the browser contact another host."""

    path: Path  # relative to the site directory
    line: int
    url: str
    how: str  # "script src", "url()", "importScripts", ...

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.how} {self.url}"


def is_fetched(reference: Reference) -> bool:
    """Whether the browser loads ``reference`` without the reader clicking anything."""
    if reference.tag in {"a", "area", "base"} or reference.attribute in NAVIGATION_ATTRIBUTES:
        return False
    if reference.tag == "link":
        return bool(reference.rel & FETCHING_LINK_RELS)
    return True


def remote_in_html(html: str) -> Iterator[tuple[int, str, str]]:
    """``(line, url, how)`` for each remote reference the browser would fetch."""
    for reference in html_references(html):
        if is_fetched(reference) and is_external(reference.url, REMOTE_SCHEMES):
            yield reference.line, reference.url, f"{reference.tag} {reference.attribute}"


def remote_in_css(css: str) -> Iterator[tuple[int, str, str]]:
    for reference in css_references(css):
        if is_external(reference.url, REMOTE_SCHEMES):
            yield reference.line, reference.url, reference.attribute


def remote_in_javascript(script: str) -> Iterator[tuple[int, str, str]]:
    for match in JS_REMOTE_LOAD.finditer(script):
        line = 1 + script.count("\n", 0, match.start())
        yield line, match["url"], "script import"


SCANNERS = {
    ".html": remote_in_html,
    ".htm": remote_in_html,
    ".css": remote_in_css,
    ".js": remote_in_javascript,
    ".mjs": remote_in_javascript,
}


def scan_site(site_dir: Path) -> list[RemoteAsset]:
    """Every remote asset reference of the HTML, CSS and JavaScript files under ``site_dir``."""
    found = []
    for path in sorted(site_dir.rglob("*")):
        scanner = SCANNERS.get(path.suffix.lower())
        if scanner is None or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found.extend(
            RemoteAsset(path.relative_to(site_dir), line, url, how)
            for line, url, how in scanner(text)
        )
    return found
