"""The URLs an HTML document refers to, read with the standard library's HTML parser.

One reader serves both the external links report (``<a href>``) and the offline check (what a
browser fetches: scripts, stylesheets, images, fonts in inline CSS, ...), so both agree on what a
page links to. CSS is read for ``url(...)`` and ``@import``, the only ways it loads other files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Attributes holding one URL, and those holding a srcset-style list of "URL descriptor" items.
URL_ATTRIBUTES = frozenset({"href", "src", "data", "poster", "action", "formaction", "background"})
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})

CSS_URL = re.compile(
    r"""url\(\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^"')\s]*))\s*\)""", re.I
)
CSS_IMPORT = re.compile(r"""@import\s+(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""", re.I)


@dataclass(frozen=True)
class Reference:
    """One URL in a document: where it stands (``tag``/``attribute``, 1-based ``line``)."""

    url: str
    tag: str  # "a", "script", ...; "style" for CSS in a <style> element or style="" attribute
    attribute: str  # "href", "src", ...; "url()" or "@import" for CSS
    line: int
    rel: frozenset[str] = frozenset()  # <link rel="..."> / <a rel="...">, lower-cased


def is_external(url: str, schemes: frozenset[str] = frozenset({"http", "https"})) -> bool:
    """Whether ``url`` points at another host: one of ``schemes`` or protocol-relative."""
    url = url.strip()
    if url.startswith("//"):
        return True
    return urlsplit(url).scheme.lower() in schemes


def css_references(css: str, *, tag: str = "style", first_line: int = 1) -> list[Reference]:
    """The ``url(...)`` and ``@import "..."`` references of a style sheet."""
    found = []
    for attribute, pattern in (("url()", CSS_URL), ("@import", CSS_IMPORT)):
        for match in pattern.finditer(css):
            line = first_line + css.count("\n", 0, match.start())
            url = next(group for group in match.groups() if group is not None)
            found.append(Reference(url.strip(), tag, attribute, line))
    return sorted(found, key=lambda reference: reference.line)


def html_references(html: str) -> list[Reference]:
    """Every URL of an HTML document or fragment, in document order."""
    reader = _ReferenceReader()
    reader.feed(html)
    reader.close()
    return reader.references


class _ReferenceReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[Reference] = []
        self._style_line: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {name: value for name, value in attrs if value is not None}
        rel = frozenset(values.get("rel", "").lower().split())
        for name, value in values.items():
            if name in URL_ATTRIBUTES and value.strip():
                self.references.append(Reference(value.strip(), tag, name, line, rel))
            elif name in SRCSET_ATTRIBUTES:
                for candidate in value.split(","):
                    if url := candidate.strip().split(" ")[0]:
                        self.references.append(Reference(url, tag, name, line, rel))
            elif name == "style":
                self.references.extend(css_references(value, first_line=line))
        if tag == "style":
            self._style_line = line

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._style_line = None

    def handle_data(self, data: str) -> None:
        if self._style_line is not None:
            self.references.extend(css_references(data, first_line=self.getpos()[0]))
