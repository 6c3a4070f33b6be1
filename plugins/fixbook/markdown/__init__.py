"""The page model: one reading of a Markdown page, shared by every part of Fixbook.

``parse_page(path, text=None, options=None) -> Page`` gives the front matter, the headings with
the ids ``toc`` will give them, the fences (canonical language, attributes, indentation, the
admonitions/tabs/lists around them, the ``<!-- fixbook: … -->`` comment above them) with
``--8<--`` includes resolved by ``pymdownx.snippets``' own code, the guide of the page, and the
problems found, each ``path:line: message``. See ``docs/reference/`` for the contract.
"""

from __future__ import annotations

from .fences import Container, Fence, FenceMarker, fence_language, parse_info
from .guide import guide_of
from .headings import Anchors, Heading
from .includes import Origin, SourceLine, display_path
from .languages import OUTPUT_LANGUAGES, normalise
from .options import MarkdownOptions
from .page import Page, parse_page
from .problems import Problem

__all__ = [
    "OUTPUT_LANGUAGES",
    "Anchors",
    "Container",
    "Fence",
    "FenceMarker",
    "Heading",
    "MarkdownOptions",
    "Origin",
    "Page",
    "Problem",
    "SourceLine",
    "display_path",
    "fence_language",
    "guide_of",
    "normalise",
    "parse_info",
    "parse_page",
]
