"""One parsed page: what every reader of the handbook (index, verification, badges, CLI) uses.

``parse_page`` reads a page once: includes resolved as ``pymdownx.snippets`` resolves them, one
markdown-it parse for front matter and headings (with the ids ``toc`` gives them), one scan for
fences and the containers they sit in. Bad input never raises: a file that is not UTF-8, a fence
never closed, an include that renders nothing, malformed front matter are each a
:class:`Problem` naming file and line.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from .fences import Fence, FenceMarker, scan
from .front_matter import read_front_matter
from .guide import guide_of
from .headings import Anchors, Heading, duplicate_ids, read_headings
from .includes import Includes, SourceLine, display_path
from .lines import Lines
from .options import MarkdownOptions
from .problems import Problem
from .tokens import parse as parse_tokens


@dataclass
class Page:
    """A page as the site renders it.

    ``lines`` are the rendered lines (includes resolved), each with its origin (kept as texts
    plus runs of origins, a ``SourceLine`` made when a line is read); ``tokens`` the
    one markdown-it parse of them (``map`` in page lines); ``anchors`` the ids handed out so
    far, for a reader that marks more elements (table rows) with ids of their own.
    """

    path: Path
    text: str
    guide: str
    front_matter: dict[str, Any] = field(default_factory=dict)
    front_matter_line: int = 0
    front_matter_text: str | None = None
    headings: list[Heading] = field(default_factory=list)
    fences: list[Fence] = field(default_factory=list)
    stray_markers: list[FenceMarker] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    lines: Sequence[SourceLine] = field(default_factory=list, repr=False)
    tokens: list[Token] = field(default_factory=list, repr=False)
    anchors: Anchors | None = field(default=None, repr=False)
    included: dict[str, int] = field(default_factory=dict, repr=False)  # file -> mtime_ns

    def ids(self) -> list[str]:
        """The headings' ids in page order (what toc will emit)."""
        return [heading.id for heading in self.headings]


def read_text(path: Path) -> tuple[str, Problem | None]:
    """A page's text; bytes that are not UTF-8 are a problem at their line, not a traceback."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return "", Problem(display_path(path), 1, f"cannot read: {error.strerror}", "encoding")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1].hex()
        message = f"cannot read: not UTF-8 (byte 0x{byte} at line {line}); save the page as UTF-8"
        return "", Problem(display_path(path), line, message, "encoding")


#: Pages already read in this process, so that the plugins of one build (symptoms, badges),
#: pytest and the CLI parse each page once. Keyed by path, text and options; an entry is used
#: only while every file it includes is unchanged (``mkdocs serve`` rebuilds).
_CACHE: OrderedDict[tuple[object, ...], Page] = OrderedDict()
CACHE_SIZE = 4096


def parse_page(path: Path, text: str | None = None, options: MarkdownOptions | None = None) -> Page:
    """Read one page; ``text`` is the page as written (read from ``path`` when None).

    The page is shared with every other reader of the same page: treat it as read-only.
    """
    options = options or MarkdownOptions()
    if text is None:
        text, problem = read_text(path)
        if problem is not None:
            return Page(path, "", _guide(path, options), problems=[problem])
    key = (str(path), text, options.key())
    cached = _CACHE.get(key)
    if cached is not None and _fresh(cached):
        _CACHE.move_to_end(key)
        return cached
    page = _parse(path, text, options)
    _CACHE[key] = page
    while len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return page


def _guide(path: Path, options: MarkdownOptions) -> str:
    return guide_of(path, options.docs_dir) if options.docs_dir else guide_of(path.name)


def _fresh(page: Page) -> bool:
    """Whether every file the page includes is as it was when the page was read."""
    for file, mtime in page.included.items():
        try:
            if os.stat(file).st_mtime_ns != mtime:
                return False
        except OSError:
            return False
    return True


def _parse(path: Path, text: str, options: MarkdownOptions) -> Page:
    guide = _guide(path, options)
    text = text.lstrip("\ufeff")
    included: dict[str, int] = {}
    problems: list[Problem] = []
    includes = Includes(dict(options.snippets), options.snippet_bases, options.tab_length)
    if options.snippets_enabled and not includes.renders_as_written(text):
        expanded, problems = includes.expand(path, text)
        lines = Lines.of_source_lines(expanded)
        included = {file: os.stat(file).st_mtime_ns for file in includes.read}
    else:
        lines = Lines.of_page(path, text.splitlines())
    page_lines = lines.page_lines(path)
    tokens = parse_tokens(lines.texts, page_lines, options.admonition)
    front, front_line, front_text, front_problems = read_front_matter(tokens, path)
    headings, anchors = read_headings(tokens, options)
    found = scan(lines, page_lines, options.aliases)
    problems += front_problems
    problems += [
        Problem(path, line, f"duplicate anchor '#{anchor}' (also used at line {first})", "heading")
        for line, anchor, first in duplicate_ids(headings)
    ]
    problems += [
        Problem(path, fence.line, "fence opened here is never closed", "fence")
        for fence in found.fences
        if not fence.closed
    ]
    problems.sort(key=lambda problem: problem.line)
    return Page(
        path=path,
        text=text,
        guide=guide,
        front_matter=front,
        front_matter_line=front_line,
        front_matter_text=front_text,
        headings=headings,
        fences=found.fences,
        stray_markers=found.stray_markers,
        problems=problems,
        lines=lines,
        tokens=tokens,
        anchors=anchors,
        included=included,
    )
