"""Badges for code blocks: a marker placed after each fence in the Markdown, made a badge in HTML.

Matching rendered ``<pre>`` elements back to source fences by counting is fragile (admonitions,
tabs, ``--8<--`` and superfences all change what renders where). Instead a marker naming the
block's index goes into the Markdown right after the closing fence, at the fence's
indentation, so it renders inside the same admonition, tab or list item; the HTML pass then
replaces each marker with the badge for that block.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..lexer import FENCE_OPEN
from ..markers import is_marker
from ..model import Block, Mode

MARKER_CLASS = "fixbook-badge-marker"
MARKER_HTML = re.compile(
    rf'(?:<p>\s*)?<span class="{MARKER_CLASS}" data-fixbook-block="(?P<index>\d+)"></span>'
    r"(?:\s*</p>)?"
)
LABELS = {
    Mode.RUN: "ran",
    Mode.CHECK: "checked",
    Mode.EXPECT_ERROR: "expected error",
    Mode.OUTPUT: "output",
    Mode.SKIP: "skipped",
}
TITLES = {
    Mode.RUN: "This sample is executed by the test suite on every commit.",
    Mode.CHECK: "This sample is parsed and linted by the test suite on every commit.",
    Mode.EXPECT_ERROR: "The test suite checks that this sample fails as described.",
    Mode.OUTPUT: "Output shown for reference; not executed.",
    Mode.SKIP: "Not verified by the test suite.",
}


#: For checked blocks: how they are checked, and why they are not executed. A reader should see
#: how far a sample is proven without opening the test suite.
CHECKED_HOW: dict[str, tuple[str, str]] = {
    "bash": (
        "bash -n + shellcheck",
        "Shell is linted, not run: only blocks marked safe run, in a sandbox with no network.",
    ),
    "python": ("compiled", "Compiled only: running it would change the test process itself."),
    "sql": ("parsed by PostgreSQL", "Prepared against PostgreSQL without being executed."),
    "psql": ("parsed by PostgreSQL", "Prepared against PostgreSQL without being executed."),
    "javascript": ("parsed by node", "Browser code: parsed, not run (there is no page here)."),
    "prisma": ("schema parsed", "A schema: parsed; there is nothing to execute."),
    "nginx": ("parsed by crossplane", "Configuration: parsed; there is nothing to execute."),
}


@dataclass(frozen=True)
class Badge:
    mode: Mode
    reason: str = ""
    language: str = ""

    @property
    def label(self) -> str:
        if self.mode is Mode.SKIP:
            return f"{LABELS[self.mode]}: {self.reason}"
        if self.mode is Mode.CHECK:
            how = CHECKED_HOW.get(self.language, (f"parsed as {self.language}", ""))[0]
            return f"{LABELS[self.mode]}: {how}"
        return LABELS[self.mode]

    @property
    def title(self) -> str:
        if self.mode is Mode.CHECK:
            why = CHECKED_HOW.get(self.language, ("", ""))[1]
            return why or "Configuration: parsed on every commit; there is nothing to execute."
        return TITLES[self.mode]

    def html(self) -> str:
        title = html.escape(self.title)
        return (
            f'<p class="fixbook-badge fixbook-badge--{self.mode.value}" title="{title}">'
            f'<span class="fixbook-badge__label">{html.escape(self.label)}</span></p>'
        )


def badge_for(block: Block) -> Badge | None:
    """The badge a visible, well-formed block gets (none for hidden or broken blocks)."""
    if block.invisible or block.problem or not block.language:
        return None
    return Badge(block.mode, block.reason, block.language)


def inject_markers(markdown: str, blocks: list[Block]) -> str:
    """Markdown with a marker after the closing fence of each block written in this page.

    Hidden setup and test blocks are removed: Python-Markdown renders an HTML comment that holds
    blank lines inside a list item as text, and hidden code has no business in the search index.
    """
    lines = markdown.split("\n")
    for block in sorted(blocks, key=lambda b: b.end_line, reverse=True):
        if block.invisible and 0 < block.line <= block.end_line <= len(lines):
            lines[block.line - 1 : block.end_line] = [""]
            continue
        if badge_for(block) is None or not 0 < block.end_line <= len(lines):
            continue
        closing = lines[block.end_line - 1]
        fence = FENCE_OPEN.match(closing)
        if fence is None or fence["info"].strip():
            continue  # the fence closes in an included file: nothing of it to anchor to here
        marker = f'<span class="{MARKER_CLASS}" data-fixbook-block="{block.index}"></span>'
        lines[block.end_line : block.end_line] = ["", fence["indent"] + marker, ""]
        if block.line >= 2 and is_marker(lines[block.line - 2]):
            # The badge now says what the marker said; the comment left alone would wrap the
            # code block in a <p> inside tabs and list items.
            del lines[block.line - 2]
    return "\n".join(lines)


def replace_markers(content: str, blocks: list[Block]) -> str:
    """HTML with each marker replaced by its block's badge."""
    by_index = {block.index: block for block in blocks}

    def badge(match: re.Match[str]) -> str:
        block = by_index.get(int(match["index"]))
        found = badge_for(block) if block is not None else None
        return found.html() if found is not None else ""

    return MARKER_HTML.sub(badge, content)
