"""Expected output: comparing a shown output block with what its run block really printed.

A ``text``/``console`` block marked ``<!-- fixbook: expected-output -->`` right after a run block
must equal that block's real output, under a normalisation writers can rely on (the same rules
as doctest's ``NORMALIZE_WHITESPACE``-free ``ELLIPSIS`` mode, so ``pycon`` doctests compare alike):

- trailing whitespace of every line, and blank lines at the end, are ignored;
- ``...`` inside a line matches any text within that line;
- a line holding only ``...`` matches any number of lines, none included;
- text matching a configured volatile pattern (timestamps, ids) in the expected block counts as
  ``...``, so a writer can show one real timestamp and still compare.

:func:`rewrite` gives the text ``fixbook check --update`` writes back: the real output, with the
expected block's ``...`` lines and lines that still match kept as written.
"""

from __future__ import annotations

import difflib
import doctest
import re
from collections.abc import Iterable
from dataclasses import dataclass

ELLIPSIS = "..."


def _lines(text: str) -> list[str]:
    """Lines with trailing whitespace removed and trailing blank lines dropped."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _is_gap(line: str) -> bool:
    return line.strip() == ELLIPSIS


def _line_pattern(line: str) -> re.Pattern[str]:
    parts = [re.escape(part) for part in line.rstrip().split(ELLIPSIS)]
    return re.compile(".*?".join(parts), re.DOTALL)


@dataclass(frozen=True)
class Volatile:
    """Patterns for text that changes on every run; matched text counts as ``...``."""

    patterns: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def of(cls, patterns: Iterable[str]) -> Volatile:
        return cls(tuple(re.compile(pattern) for pattern in patterns))

    def apply(self, line: str) -> str:
        for pattern in self.patterns:
            line = pattern.sub(ELLIPSIS, line)
        return line


class Matcher:
    """Line-by-line matching of expected lines (with ``...``) against real lines."""

    def __init__(self, expected: list[str], actual: list[str], volatile: Volatile) -> None:
        self.expected = expected
        self.actual = actual
        self.volatile = volatile
        # A volatile token in the expected line becomes ``...``: it matches whatever this run
        # printed in its place.
        self._patterns = [_line_pattern(volatile.apply(line)) for line in expected]

    def line_matches(self, i: int, j: int) -> bool:
        expected, actual = self.expected[i], self.actual[j]
        if expected == actual:
            return True
        return self._patterns[i].fullmatch(actual) is not None

    def alignment(self) -> list[tuple[str, int, int]]:
        """The cheapest edit script turning expected into actual, as (kind, i, j) steps.

        kinds: ``keep`` (expected line i matches actual line j), ``gap`` (the ``...`` line i,
        covering the actual lines up to the next step), ``replace`` (expected line i became
        actual line j), ``insert`` (actual line j is new), ``delete`` (expected line i is gone).
        A ``...`` line never costs anything, so it is always kept.
        """
        n, m = len(self.expected), len(self.actual)
        gap = [_is_gap(line) for line in self.expected]
        inf = n + m + 1
        cost = [[inf] * (m + 1) for _ in range(n + 1)]
        cost[n][m] = 0
        for i in range(n, -1, -1):
            for j in range(m, -1, -1):
                if i == n and j == m:
                    continue
                options = []
                if i < n and gap[i]:
                    options.append(cost[i + 1][j])
                    if j < m:
                        options.append(cost[i][j + 1])
                else:
                    if i < n and j < m:
                        same = self.line_matches(i, j)
                        options.append(cost[i + 1][j + 1] + (0 if same else 1))
                    if i < n:
                        options.append(cost[i + 1][j] + 1)
                    if j < m:
                        options.append(cost[i][j + 1] + 1)
                cost[i][j] = min(options)
        return self._steps(cost, gap)

    def _steps(self, cost: list[list[int]], gap: list[bool]) -> list[tuple[str, int, int]]:
        """Walk the cost table, preferring to show real lines where the expected had lines."""
        n, m = len(self.expected), len(self.actual)
        steps: list[tuple[str, int, int]] = []
        i = j = 0
        while i < n or j < m:
            if i < n and gap[i]:
                if cost[i][j] == cost[i + 1][j]:
                    steps.append(("gap", i, j))
                    i += 1
                else:
                    j += 1  # the gap covers actual line j
            elif i < n and j < m and self.line_matches(i, j) and cost[i][j] == cost[i + 1][j + 1]:
                steps.append(("keep", i, j))
                i, j = i + 1, j + 1
            elif i < n and j < m and cost[i][j] == cost[i + 1][j + 1] + 1:
                steps.append(("replace", i, j))
                i, j = i + 1, j + 1
            elif i < n and cost[i][j] == cost[i + 1][j] + 1:
                steps.append(("delete", i, j))
                i += 1
            else:
                steps.append(("insert", i, j))
                j += 1
        return steps

    def matches(self) -> bool:
        return all(kind in ("keep", "gap") for kind, _, _ in self.alignment())


@dataclass(frozen=True)
class Comparison:
    """The verdict on one expected-output block."""

    matches: bool
    diff: str  # unified diff, expected → actual ("" when it matches)
    updated: str  # the text --update would write (the block's source)


def compare(
    expected: str,
    actual: str,
    *,
    volatile: Volatile | None = None,
    expected_name: str = "expected",
    actual_name: str = "actual output",
) -> Comparison:
    """Compare an expected-output block's source with the real output of its run block."""
    expected_lines, actual_lines = _lines(expected), _lines(actual)
    matcher = Matcher(expected_lines, actual_lines, volatile or Volatile())
    if matcher.matches():
        return Comparison(True, "", expected)
    diff = "\n".join(
        difflib.unified_diff(
            expected_lines, actual_lines, expected_name, actual_name, lineterm="", n=2
        )
    )
    return Comparison(False, diff, rewrite(matcher))


def rewrite(matcher: Matcher) -> str:
    """The real output, keeping each ``...`` line and each expected line that still matches."""
    lines: list[str] = []
    for kind, i, j in matcher.alignment():
        if kind in ("keep", "gap"):
            lines.append(matcher.expected[i])
        elif kind in ("insert", "replace"):
            lines.append(matcher.actual[j])
    return "\n".join(lines) + "\n" if lines else ""


class OutputChecker(doctest.OutputChecker):
    """doctest's checker with these rules, so ``pycon`` sessions compare as output blocks do.

    Pass it as ``doctest.DocTestRunner(checker=OutputChecker(volatile))``; the evaluator's own
    option flags are not consulted: these rules replace them.
    """

    def __init__(self, volatile: Volatile | None = None) -> None:
        self.volatile = volatile or Volatile()

    def check_output(self, want: str, got: str, optionflags: int) -> bool:
        return compare(want, got, volatile=self.volatile).matches
