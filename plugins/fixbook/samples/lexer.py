"""The one Markdown lexer: finds every fenced code block of a page as Material renders it.

Stock Sybil lexers miss what Material accepts: fences of tildes or of four or more backticks,
info strings such as ``python title="app.py"`` or ``{.python .annotate}``, fences indented inside
list items, admonitions (``!!! note``) and content tabs (``=== "Tab"``), and code pulled in with
``--8<--``. pytest, ``fixbook check`` and the badges plugin all read pages through this module,
so they agree on which blocks exist and what each one asks for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .includes import IncludeResolver, Line
from .languages import default_mode, normalise
from .markers import Marker, MarkerError, is_marker, parse_marker
from .model import Block, Mode, SourceLocation

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
INVISIBLE_OPEN = re.compile(r"^(?P<indent>[ \t]*)<!--\s*invisible-code-block:\s*(?P<lang>\S+)\s*$")
INVISIBLE_CLOSE = re.compile(r"^[ \t]*-->\s*$")
COMMENT_OPEN = re.compile(r"^[ \t]*<!--")
ATTRIBUTE_CLASS = re.compile(r"(?:^|\s)\.(?P<name>[\w+-]+)")


def fence_language(info: str) -> str:
    """The language an info string names: ``py title="x"`` or ``{.py .annotate}`` → ``py``."""
    info = info.strip()
    if info.startswith("{"):
        match = ATTRIBUTE_CLASS.search(info.strip("{}"))
        return match["name"] if match else ""
    return info.split(maxsplit=1)[0] if info else ""


def _dedent(text: str, indent: str) -> str:
    """Remove a fence's own indentation from a content line (never more than is there).

    Only the leading whitespace is measured with tabs expanded; tabs inside the code stay.
    """
    width = len(indent.expandtabs(4))
    body = text.lstrip(" \t")
    leading = text[: len(text) - len(body)].expandtabs(4)
    return leading[min(width, len(leading)) :] + body


@dataclass
class _Pending:
    """A marker line waiting for the fence directly below it."""

    line: Line
    marker: Marker | None
    error: str


class PageLexer:
    """Turns one page (text as written) into its blocks, includes resolved."""

    def __init__(self, resolver: IncludeResolver) -> None:
        self.resolver = resolver

    def lex(self, path: Path, text: str) -> list[Block]:
        lines, errors = self.resolver.expand(path, text)
        blocks = list(self._blocks(path, lines))
        for error in errors:
            blocks.append(_problem_block(path, error.page_line, f"include failed: {error}"))
        blocks.sort(key=lambda block: block.report_line)  # stable: includes keep their order
        for index, block in enumerate(blocks):
            block.index = index
        return blocks

    def _blocks(self, path: Path, lines: list[Line]) -> Iterator[Block]:
        pending: _Pending | None = None
        number = 0
        while number < len(lines):
            line = lines[number]
            text = line.text
            fence = FENCE_OPEN.match(text)
            invisible = INVISIBLE_OPEN.match(text)
            if fence and (fence["fence"][0] == "~" or "`" not in fence["info"]):
                end = self._closing(lines, number, fence["fence"])
                yield self._fence_block(path, lines, number, end, fence, pending)
                pending, number = None, end + 1
                continue
            if pending is not None:
                yield _marker_without_fence(path, pending)
                pending = None
            if is_marker(text):
                try:
                    pending = _Pending(line, parse_marker(text), "")
                except MarkerError as error:
                    pending = _Pending(line, None, str(error))
            elif invisible:
                end = self._comment_end(lines, number)
                yield self._invisible_block(path, lines, number, end, invisible)
                number = end
            elif COMMENT_OPEN.match(text) and "-->" not in text:
                number = self._comment_end(lines, number)  # commented-out Markdown never renders
            number += 1
        if pending is not None:
            yield _marker_without_fence(path, pending)

    @staticmethod
    def _closing(lines: list[Line], opening: int, fence: str) -> int:
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        for number in range(opening + 1, len(lines)):
            if closing.match(lines[number].text):
                return number
        return len(lines)

    @staticmethod
    def _comment_end(lines: list[Line], opening: int) -> int:
        for number in range(opening + 1, len(lines)):
            if "-->" in lines[number].text:
                return number
        return len(lines) - 1

    def _fence_block(
        self,
        path: Path,
        lines: list[Line],
        opening: int,
        closing: int,
        fence: re.Match[str],
        pending: _Pending | None,
    ) -> Block:
        written = fence_language(fence["info"])
        language = normalise(written)
        block = _make_block(path, lines, opening, closing, fence["indent"], language)
        block.info = fence["info"].strip()
        if closing >= len(lines):
            block.problem = f"the {fence['fence']} fence opened here is never closed"
        elif not written:
            block.problem = "fence has no language (write ```text for output, see contributing.md)"
        if pending is not None:
            block.problem_line = pending.line.origin.line if pending.error else 0
            block.problem = block.problem or pending.error
            if pending.marker is not None:
                block.mode = pending.marker.mode
                block.reason = pending.marker.reason
                block.expected_message = pending.marker.message
        return block

    def _invisible_block(
        self, path: Path, lines: list[Line], opening: int, closing: int, match: re.Match[str]
    ) -> Block:
        language = normalise(match["lang"])
        block = _make_block(path, lines, opening, closing, match["indent"], language)
        block.info = match["lang"]
        block.invisible = True
        return block


def _make_block(
    path: Path, lines: list[Line], opening: int, closing: int, indent: str, language: str
) -> Block:
    body = lines[opening + 1 : closing]
    source = "\n".join(_dedent(line.text, indent) for line in body)
    first = lines[opening]
    last = lines[min(closing, len(lines) - 1)]
    return Block(
        path=path,
        line=_page_line(first, path),
        language=language,
        info="",
        source=source + "\n" if source else "",
        mode=default_mode(language),
        includes=_include_runs(body, path, first.origin.path != path),
        end_line=_page_line(last, path),
    )


def _page_line(line: Line, path: Path) -> int:
    return line.origin.line if line.origin.path == path else line.page_line


def _include_runs(
    body: list[Line], path: Path, from_include: bool
) -> list[tuple[int, SourceLocation]]:
    """Runs of source lines that do not sit at ``fence line + n`` of the page."""
    runs: list[tuple[int, SourceLocation]] = []
    expected: SourceLocation | None = None
    changed = from_include
    for number, line in enumerate(body, start=1):
        if line.origin != expected:
            if line.origin.path != path or changed:
                runs.append((number, line.origin))
            changed = changed or line.origin.path != path
        expected = SourceLocation(line.origin.path, line.origin.line + 1)
    return runs


def _problem_block(path: Path, line: int, problem: str) -> Block:
    return Block(path, line, "", "", "", Mode.CHECK, problem=problem, end_line=line)


def _marker_without_fence(path: Path, pending: _Pending) -> Block:
    line = _page_line(pending.line, path)
    problem = pending.error or "fixbook marker is not directly above a fence"
    return _problem_block(path, line, problem)
