"""A page's rendered lines: the texts in one list, where they were written as runs.

A page keeps its lines for as long as a build runs, and a build holds every page. One object
per line (a ``SourceLine`` with its ``Origin``) made the page model the largest part of what
the garbage collector walks, for an origin that is almost always "the page, the next line".
So the texts are plain strings and the origins are runs: from rendered line ``start`` on, lines
come from ``path`` at ``line``, ``line + 1``, ...; a :class:`SourceLine` is made only when a
reader asks for a line (``lines[i]``, iteration), equal to the one the walk produced.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import overload

from .includes import Origin, SourceLine


class Run:
    """Rendered lines from ``start`` on: written in ``path`` from ``line`` on; rendered at page
    line ``at`` (an include's directive), or at their own line when ``at`` is 0."""

    __slots__ = ("at", "line", "path", "start")

    def __init__(self, start: int, path: Path, line: int, at: int) -> None:
        self.start, self.path, self.line, self.at = start, path, line, at

    def source_line(self, text: str, index: int) -> SourceLine:
        line = self.line + index - self.start
        return SourceLine(text, Origin(self.path, line), self.at or line)


class Lines(Sequence[SourceLine]):
    """Rendered lines ``first``..``stop`` of a page (a fence's body is a view on its page's)."""

    __slots__ = ("_first", "_runs", "_starts", "_stop", "texts")

    def __init__(
        self,
        texts: list[str],
        runs: list[Run],
        first: int = 0,
        stop: int | None = None,
        starts: list[int] | None = None,
    ) -> None:
        self.texts = texts  # every rendered line of the page, views included
        self._runs = runs
        self._starts = [run.start for run in runs] if starts is None else starts
        self._first = first
        self._stop = len(texts) if stop is None else stop

    @classmethod
    def of_page(cls, path: Path, texts: list[str]) -> Lines:
        """A page's own lines, no include: one run."""
        return cls(texts, [Run(0, path, 1, 0)])

    @classmethod
    def of_source_lines(cls, lines: Iterable[SourceLine]) -> Lines:
        """Lines an include walk produced, each with its origin, folded into runs."""
        texts: list[str] = []
        runs: list[Run] = []
        last: Run | None = None
        for index, line in enumerate(lines):
            texts.append(str(line))
            origin, at = line.origin, line.page_line
            if (
                last is not None
                and origin.path == last.path
                and origin.line == last.line + index - last.start
                and at == (last.at or origin.line)
            ):
                continue
            last = Run(index, origin.path, origin.line, 0 if at == origin.line else at)
            runs.append(last)
        return cls(texts, runs)

    def view(self, first: int, stop: int) -> Lines:
        """Lines ``first``..``stop`` of this sequence, sharing its texts and runs."""
        return Lines(self.texts, self._runs, self._first + first, self._first + stop, self._starts)

    def origin(self, index: int) -> Origin:
        """Where line ``index`` was written (without making its ``SourceLine``)."""
        absolute = self._first + index
        run = self._runs[bisect_right(self._starts, absolute) - 1]
        return Origin(run.path, run.line + absolute - run.start)

    def page_lines(self, path: object) -> list[int]:
        """The page line to report each rendered line at: its own when written in ``path``,
        else its include directive's."""
        out: list[int] = []
        for number, run in enumerate(self._runs):
            end = self._runs[number + 1].start if number + 1 < len(self._runs) else len(self.texts)
            if run.path == path or not run.at:
                out += range(run.line, run.line + end - run.start)
            else:
                out += [run.at] * (end - run.start)
        return out[self._first : self._stop]

    def __len__(self) -> int:
        return self._stop - self._first

    @overload
    def __getitem__(self, index: int) -> SourceLine: ...
    @overload
    def __getitem__(self, index: slice) -> list[SourceLine]: ...
    def __getitem__(self, index: int | slice) -> SourceLine | list[SourceLine]:
        if isinstance(index, slice):
            return [self._line(i) for i in range(self._first, self._stop)[index]]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("line index out of range")
        return self._line(self._first + index)

    def _line(self, absolute: int) -> SourceLine:
        run = self._runs[bisect_right(self._starts, absolute) - 1]
        return run.source_line(self.texts[absolute], absolute)

    def __iter__(self) -> Iterator[SourceLine]:
        return (self._line(i) for i in range(self._first, self._stop))

    def __contains__(self, text: object) -> bool:
        return text in self.texts[self._first : self._stop]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Lines):
            other = list(other)
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Lines({list(self)!r})"
