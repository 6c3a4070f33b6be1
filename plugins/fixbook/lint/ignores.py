"""Opt-outs: a rule can be switched off for one line or for one page, never silently.

* ``<!-- fixbook-lint: ignore RULE [RULE...] -->`` on the line directly above a heading or a
  fence (above its ``<!-- fixbook: … -->`` marker, if it has one) or above a line of prose
  switches those rules off for that heading, that whole fence, or that line.
* Front matter ``lint: {ignore: [RULE, ...]}`` switches rules off for the whole page.

The comment names the rule, so a reviewer sees what was waived and where.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from fixbook.markdown import Page

IGNORE = re.compile(r"^\s*<!--\s*fixbook-lint:\s*ignore\s+(?P<rules>[\w\s,-]+?)\s*-->\s*$")


def page_ignores(page: Page) -> set[str]:
    """Rules the page's front matter switches off (``lint: {ignore: [...]}``)."""
    lint = page.front_matter.get("lint") if isinstance(page.front_matter, dict) else None
    ignored = lint.get("ignore", []) if isinstance(lint, dict) else []
    return {str(rule) for rule in ([ignored] if isinstance(ignored, str) else ignored)}


def line_ignores(page: Page) -> dict[int, set[str]]:
    """Page line -> rules switched off for it: the line after each ignore comment, skipping
    one ``<!-- fixbook: … -->`` marker so the comment may stand above a fence's marker."""
    ignored: dict[int, set[str]] = {}
    lines = page.lines
    for index, text in enumerate(lines):
        match = IGNORE.match(text)
        if not match:
            continue
        rules = {rule for rule in re.split(r"[\s,]+", match["rules"]) if rule}
        target = index + 1
        if target < len(lines) and re.match(r"^\s*<!--\s*fixbook:", lines[target]):
            target += 1
        ignored.setdefault(target + 1, set()).update(rules)  # 1-based page line
    return ignored


def waived(rule: str, lines: Iterable[int], ignores: dict[int, set[str]]) -> bool:
    """Whether any of ``lines`` (a finding's line, its fence's opening line) waives ``rule``."""
    return any(rule in ignores.get(line, ()) for line in lines)
