"""``>>>`` sessions (``pycon``, or ``python`` blocks that open with a prompt) run as doctests.

A session is what a reader would see typing the examples into the interpreter, so it is
verified exactly so: each example runs in the page's namespace (the same one the page's Python
blocks share) and what it prints or echoes is compared with the output the page shows, with
the standard library's :mod:`doctest` (``...`` in the shown output matches any text, as in
doctest's ``ELLIPSIS``). Before running, the session's code gets the same static checks as a
Python block (:mod:`.pyfragments`); an example that fails only because it wanted the network
makes the session *not verified: needs network* (:mod:`.offline`).
"""

from __future__ import annotations

import ast
import doctest
import io
import re
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from ..model import Block, BlockFailure, Mode, NotVerified, PageContext
from .network import NetworkGuard
from .offline import environment_reason
from .pyfragments import fragment_reason, session_code
from .python import GUARD_KEY, PythonEvaluator, time_limit, without_foreign_loop

OPTIONS = doctest.ELLIPSIS
TOP_LEVEL_AWAIT = re.compile(r"^\s*(?:await\b|async\s+(?:with|for)\b)")


@dataclass
class _Problem:
    example: doctest.Example
    got: str = ""
    error: BaseException | None = None


class _Runner(doctest.DocTestRunner):
    """Stops at the first example that does not match, and keeps it instead of printing."""

    def __init__(self) -> None:
        super().__init__(verbose=False, optionflags=OPTIONS | doctest.REPORT_ONLY_FIRST_FAILURE)
        self.problem: _Problem | None = None

    def report_failure(self, out: Any, test: doctest.DocTest, example: doctest.Example,
                       got: str) -> None:  # fmt: skip
        self.problem = self.problem or _Problem(example, got=got)

    def report_unexpected_exception(
        self,
        out: Any,
        test: doctest.DocTest,
        example: doctest.Example,
        exc_info: tuple[type[BaseException], BaseException, TracebackType],
    ) -> None:
        self.problem = self.problem or _Problem(example, error=exc_info[1])


class DoctestEvaluator:
    """Runs ``pycon`` sessions as doctests in the page's namespace."""

    languages = frozenset({"pycon"})
    executes = True  # the sandbox worker runs it, like Python blocks

    def __init__(self, time_limit_seconds: float | None = None) -> None:
        self._python = PythonEvaluator(time_limit_seconds)

    @property
    def time_limit_seconds(self) -> float:
        return self._python.time_limit_seconds

    def prepare(self, blocks: list[Block], context: PageContext) -> None:
        self._python.prepare(blocks, context)  # the page's network guard, services, time limit

    def __call__(self, block: Block, context: PageContext) -> str:
        parser = doctest.DocTestParser()
        try:
            test = parser.get_doctest(
                block.source, context.namespace, f"{block.path}:{block.line}", str(block.path),
                block.line,
            )  # fmt: skip
        except ValueError as error:  # "line 3 of the docstring ... lacks blank after >>>"
            raise BlockFailure(f"doctest: {error}") from None
        if not test.examples:
            raise NotVerified("a session with no >>> example")
        test.globs = context.namespace  # DocTest copies globs; the page shares one namespace
        code = session_code(block.source)
        self._check_compiles(test, block)
        if block.mode is Mode.CHECK:
            return ""
        if block.mode is not Mode.EXPECT_ERROR:
            reason = fragment_reason(block, code, context)
            if reason:
                raise NotVerified(reason)
        return self._run(test, block, context)

    @staticmethod
    def _check_compiles(test: doctest.DocTest, block: Block) -> None:
        for example in test.examples:
            if TOP_LEVEL_AWAIT.match(example.source):
                raise NotVerified(
                    "top-level await: a `python -m asyncio` session, which doctest cannot run"
                )
            try:
                compile(example.source, str(block.path), "single")
            except SyntaxError as error:
                if _compiles_with_await(example.source):
                    raise NotVerified(
                        "top-level await: a `python -m asyncio` session, which doctest cannot run"
                    ) from None
                line = example.lineno + (error.lineno or 1)
                raise BlockFailure(f"SyntaxError: {error.msg}", line=line) from None

    def _run(self, test: doctest.DocTest, block: Block, context: PageContext) -> str:
        runner = _Runner()
        guard = context.namespace.get(GUARD_KEY) or NetworkGuard()
        shown = io.StringIO()
        with guard.active(), without_foreign_loop(), time_limit(self.time_limit_seconds):
            runner.run(test, out=shown.write, clear_globs=False)
        problem = runner.problem
        if problem is None:
            return ""
        line = problem.example.lineno + 1
        source = problem.example.source.strip().splitlines()[0]
        if problem.error is not None:
            error = problem.error
            if block.mode is not Mode.EXPECT_ERROR and (
                reason := environment_reason(error, block.source)
            ):
                raise NotVerified(reason)
            summary = f"{type(error).__name__}: {error}".strip()
            raise BlockFailure(f"{summary}\n  >>> {source}", line=line)
        expected = problem.example.want.rstrip("\n") or "(nothing)"
        got = problem.got.rstrip("\n") or "(nothing)"
        raise BlockFailure(
            f"output differs from the page\n  >>> {source}\n  expected: {_short(expected)}"
            f"\n  got:      {_short(got)}",
            line=line,
        )


def _compiles_with_await(source: str) -> bool:
    try:
        compile(source, "<session>", "single", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    except SyntaxError:
        return False
    return True


def _short(text: str) -> str:
    text = " ⏎ ".join(text.splitlines())
    return text if len(text) <= 200 else text[:197] + "..."
