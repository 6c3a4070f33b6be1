"""Blocks to verify, read from the page model's fences.

The page model (:mod:`fixbook.markdown`) finds every fence Material renders (tildes, long
backtick fences, ``{.python .annotate}`` info strings, fences in lists, admonitions and content
tabs, ``--8<--`` includes resolved). This module only turns each fence into a :class:`Block`:
its mode from the ``<!-- fixbook: … -->`` marker above it (or the language's default), and a
problem when the block cannot be verified as written (no language, never closed, bad marker,
an include that renders nothing, a marker with no fence below it). pytest, ``fixbook check`` and
the badges plugin all read blocks through here, so they agree on which blocks exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from fixbook.markdown import Fence, FenceMarker, MarkdownOptions, Page, parse_page
from fixbook.markdown.fences import FENCE_OPEN

from .languages import default_mode
from .markers import MarkerError, parse_marker
from .model import Block, Mode, SourceLocation

__all__ = ["FENCE_OPEN", "PageLexer", "blocks_of"]

NO_LANGUAGE = "fence has no language (write ```text for output, see contributing.md)"


class PageLexer:
    """Turns one page (text as written) into its blocks, includes resolved."""

    def __init__(self, options: MarkdownOptions | None = None) -> None:
        self.options = options or MarkdownOptions(snippets={"base_path": []})

    def lex(self, path: Path, text: str | None = None) -> list[Block]:
        return blocks_of(parse_page(path, text, self.options))


def blocks_of(page: Page, modes: Mapping[str, str] | None = None) -> list[Block]:
    """The page's blocks in reading order, problems included as blocks at their lines;
    ``modes``: the project's default mode per language (``[tool.fixbook.modes]``)."""
    blocks = [_block(page.path, fence, modes) for fence in page.fences]
    blocks += [_stray_marker(page.path, marker) for marker in page.stray_markers]
    blocks += [
        _problem_block(page.path, problem.line, _problem_text(problem.kind, problem.message))
        for problem in page.problems
        if problem.kind in {"include", "encoding"}
    ]
    blocks.sort(key=lambda block: block.report_line)  # stable: includes keep their order
    for index, block in enumerate(blocks):
        block.index = index
    return blocks


def _problem_text(kind: str, message: str) -> str:
    return f"include failed: {message}" if kind == "include" else message


def _block(path: Path, fence: Fence, modes: Mapping[str, str] | None = None) -> Block:
    block = Block(
        path=path,
        line=fence.line,
        language=fence.language,
        info=fence.info,
        source=fence.source,
        mode=default_mode(fence.language, modes),
        invisible=fence.invisible,
        includes=_include_runs(fence, path),
        end_line=fence.end_line,
    )
    if not fence.closed:
        block.problem = f"the {fence.fence} fence opened here is never closed"
    elif not fence.written and not fence.invisible:
        block.problem = NO_LANGUAGE
    if fence.marker is not None:
        try:
            marker = parse_marker(fence.marker.text)
        except MarkerError as error:
            block.problem_line = fence.marker.line
            block.problem = block.problem or str(error)
        else:
            block.mode = marker.mode
            block.reason = marker.reason
            block.expected_message = marker.message
    return block


def _include_runs(fence: Fence, path: Path) -> list[tuple[int, SourceLocation]]:
    """Runs of source lines that do not sit at ``fence line + n`` of the page."""
    runs: list[tuple[int, SourceLocation]] = []
    expected: SourceLocation | None = None
    changed = fence.origin is not None and fence.origin.path != path
    for number, line in enumerate(fence.lines, start=1):
        origin = SourceLocation(line.origin.path, line.origin.line)
        if origin != expected:
            if origin.path != path or changed:
                runs.append((number, origin))
            changed = changed or origin.path != path
        expected = SourceLocation(origin.path, origin.line + 1)
    return runs


def _problem_block(path: Path, line: int, problem: str) -> Block:
    return Block(path, line, "", "", "", Mode.CHECK, problem=problem, end_line=line)


def _stray_marker(path: Path, marker: FenceMarker) -> Block:
    try:
        parse_marker(marker.text)
    except MarkerError as error:
        return _problem_block(path, marker.line, str(error))
    return _problem_block(path, marker.line, "fixbook marker is not directly above a fence")
