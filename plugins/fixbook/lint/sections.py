"""A page cut into entries: the lines under each ``##``/``###`` heading up to the next one.

Rules that look for an edit followed by a wrong next step (``.env`` then ``restart``) look only
inside one entry: the next entry is another problem.
"""

from __future__ import annotations

from dataclasses import dataclass

from fixbook.markdown import Fence, Heading, Page


@dataclass(frozen=True)
class Section:
    """Page lines ``start``..``end`` (inclusive) under ``heading`` (None: before the first)."""

    heading: Heading | None
    start: int
    end: int

    def holds(self, line: int) -> bool:
        return self.start <= line <= self.end


def sections(page: Page) -> list[Section]:
    """The page's sections, split at headings of level 2 and 3."""
    cuts = [h for h in page.headings if h.level in (2, 3)]
    total = len(page.lines)
    result = [Section(None, 1, (cuts[0].line - 1) if cuts else total)]
    for index, heading in enumerate(cuts):
        end = cuts[index + 1].line - 1 if index + 1 < len(cuts) else total
        result.append(Section(heading, heading.line, end))
    return result


def fence_lines(page: Page) -> set[int]:
    """Every page line that belongs to a fence (opening to closing), or a hidden block."""
    inside: set[int] = set()
    for fence in page.fences:
        inside.update(range(fence.line, fence.end_line + 1))
    return inside


def visible_fences(page: Page) -> list[Fence]:
    """The fences a reader sees: hidden setup and test blocks are the suite's, not advice."""
    return [fence for fence in page.fences if not fence.invisible]
