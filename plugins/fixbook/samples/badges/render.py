"""Badges from results: what a verification run found for this exact block, as HTML.

A badge never says more than a result proves. It shows the outcome recorded in
``.fixbook/results.json`` for the block's exact content (same page, same hash of language,
mode and source after includes): *passed* with what it ran against and when, *failed*,
*not verified* with the reason, or *not verified in this build* when no result matches. Only a
passed block gets a check mark (in the stylesheet, keyed on ``fixbook-badge--passed``).

Matching rendered ``<pre>`` elements back to source fences by counting is fragile (admonitions,
tabs, ``--8<--`` and superfences all change what renders where). Instead a marker naming the
block's index goes into the Markdown right after the closing fence, at the fence's
indentation, so it renders inside the same admonition, tab or list item; the HTML pass then
replaces each marker with the badge for that block, rendered by the ``fixbook/badge.html``
template (a theme overrides it from its ``custom_dir``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..lexer import FENCE_OPEN
from ..markers import is_marker
from ..model import Block, Mode
from ..results import Record

MARKER_CLASS = "fixbook-badge-marker"
MARKER_HTML = re.compile(
    rf'(?:<p>\s*)?<span class="{MARKER_CLASS}" data-fixbook-block="(?P<index>\d+)"></span>'
    r"(?:\s*</p>)?"
)
TOOL_NAMES = {
    "python": "Python",
    "postgresql": "PostgreSQL",
    "bash": "bash",
    "shellcheck": "ShellCheck",
    "node": "Node.js",
    "pyyaml": "PyYAML",
    "crossplane": "crossplane",
    "markdown": "Python-Markdown",
}

#: For checked blocks: how they are checked, and why they are not executed. A reader should see
#: how far a sample is proven without opening the test suite.
CHECKED_HOW: dict[str, tuple[str, str]] = {
    "bash": (
        "bash -n + shellcheck",
        "Shell is linted, not run: only blocks marked safe run, in a sandbox with no network.",
    ),
    "console": (
        "commands: bash -n + shellcheck",
        "A console transcript: its commands are linted; the output is shown as written.",
    ),
    "python": ("compiled", "Compiled only: running it would change the test process itself."),
    "sql": ("parsed by PostgreSQL", "Prepared against PostgreSQL without being executed."),
    "psql": ("parsed by PostgreSQL", "Prepared against PostgreSQL without being executed."),
    "javascript": ("parsed by node", "Browser code: parsed, not run (there is no page here)."),
    "prisma": ("schema parsed", "A schema: parsed; there is nothing to execute."),
    "nginx": ("parsed by crossplane", "Configuration: parsed; there is nothing to execute."),
}
PASSED_VERB = {
    Mode.RUN: ("ran", "The test suite ran this sample without error."),
    Mode.EXPECT_ERROR: ("fails as described", "The test suite checked that it fails as shown."),
    Mode.EXPECTED_OUTPUT: (
        "output matches the code above",
        "The test suite compared this output with what the code above prints.",
    ),
}


@dataclass(frozen=True)
class Badge:
    """What the badge template gets."""

    result: str  # passed | failed | not-verified | unknown
    mode: str
    label: str
    title: str
    versions: dict[str, str] = field(default_factory=dict)
    time: str = ""


def _against(versions: dict[str, str], language: str) -> str:
    """The tools worth naming in a short label: the language's own, else Python."""
    named = [name for name in versions if name != "python"] or list(versions)[:1]
    return ", ".join(f"{TOOL_NAMES.get(name, name)} {versions[name]}" for name in named)


def _when(result: Record) -> str:
    commit = result.get("commit", "")[:7]
    at = result.get("time", "").replace("T", " ").replace("Z", " UTC")
    return f"Verified {at}" + (f" at commit {commit}" if commit else "")


def _first_line(message: str, limit: int = 90) -> str:
    first = (message.splitlines() or [""])[0]
    first = re.sub(r"^(?:\S+\.md:\d+: )+", "", first)  # the location is the badge's place
    return first if len(first) <= limit else first[: limit - 1] + "…"


def _passed(block: Block, result: Record) -> Badge:
    versions = dict(result.get("versions") or {})
    if block.mode is Mode.CHECK:
        how, why = CHECKED_HOW.get(
            block.language, (f"parsed as {block.language}", "Parsed; there is nothing to execute.")
        )
        verb = f"checked: {how}"
    else:
        verb, why = PASSED_VERB.get(block.mode, ("verified", "Verified by the test suite."))
    against = _against(versions, block.language)
    date = result.get("time", "")[:10]
    label = " · ".join(part for part in (verb, against, date) if part)
    tools = ", ".join(f"{TOOL_NAMES.get(k, k)} {v}" for k, v in versions.items())
    title = f"{why} {_when(result)}" + (f" against {tools}." if tools else ".")
    return Badge("passed", str(block.mode), label, title, versions, result.get("time", ""))


def badge_for(block: Block, result: Record | None) -> Badge | None:
    """The badge of a visible block given its matching result (None: no result matches)."""
    if block.invisible:
        return None
    mode = str(block.mode)
    if result is None:
        title = (
            "No verification result matches this exact content: the test suite has not "
            "verified it since it last changed."
        )
        return Badge("unknown", mode, "not verified in this build", title)
    outcome = result.get("outcome")
    if outcome == "passed":
        return _passed(block, result)
    if outcome == "failed":
        message = _first_line(result.get("message", ""))
        title = f"This sample failed verification: {message} {_when(result)}."
        return Badge("failed", mode, f"failed: {message}", title, time=result.get("time", ""))
    if block.mode is Mode.OUTPUT:
        title = "Output shown for illustration; it is not compared with what the code prints."
        return Badge("not-verified", mode, "illustration: not compared", title)
    reason = result.get("reason") or block.reason or _first_line(result.get("message", ""))
    title = f"Not verified by the test suite: {reason}. {_when(result)}."
    return Badge(
        "not-verified", mode, f"not verified: {reason}", title, time=result.get("time", "")
    )


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
        if block.invisible or not 0 < block.end_line <= len(lines) or block.end_line <= block.line:
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


def replace_markers(content: str, render: Callable[[int], str]) -> str:
    """HTML with each marker replaced by ``render(block index)``."""
    return MARKER_HTML.sub(lambda match: render(int(match["index"])), content)


HEADING = re.compile(r"<h(?P<level>[23])\b[^>]*>.*?</h(?P=level)>", re.DOTALL)
ANY_HEADING = re.compile(r"<h[1-6]\b", re.IGNORECASE)


def sections_with_blocks(content: str) -> list[tuple[int, list[int]]]:
    """(offset just after an h2/h3, indices of the markers in its section) per such heading."""
    found: list[tuple[int, list[int]]] = []
    for heading in HEADING.finditer(content):
        following = ANY_HEADING.search(content, heading.end())
        end = following.start() if following else len(content)
        indices = [int(m["index"]) for m in MARKER_HTML.finditer(content, heading.end(), end)]
        found.append((heading.end(), indices))
    return found
