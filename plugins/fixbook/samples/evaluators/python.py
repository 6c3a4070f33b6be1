"""Python blocks: executed in the page's namespace, in the page's sandboxed worker.

The registry wraps this evaluator (``executes = True``): in the runner it only forwards blocks;
it runs in :mod:`fixbook.samples.worker.main`, inside the sandbox, where there is no network at
all. HTTP samples reach the ``respx``/``responses`` mocks of :mod:`.network` instead.

Code is compiled under the Markdown file's name, shifted to the fence's line, so a traceback
points into the page the reader sees; blocks that include a snippet file report its line too.
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import inspect
import linecache
import signal
import threading
import traceback
from collections.abc import Iterator
from types import CodeType

from ...settings import settings_of
from ..model import Block, BlockFailure, Mode, NotVerified, PageContext
from .network import NetworkGuard
from .offline import environment_reason
from .pyfragments import fragment_reason

GUARD_KEY = "__fixbook_network__"
#: A block that blocks (``app.run()``, a retry loop against a mocked host) fails instead of
#: hanging the suite.
TIME_LIMIT_SECONDS = 60


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`TimeoutError` in the block after ``seconds`` (main thread, POSIX only)."""
    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"the block ran longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def without_foreign_loop() -> Iterator[None]:
    """Hide an event loop another library left registered as running in this thread.

    Playwright's sync API does that for as long as its browser is open, and a sample's own
    ``asyncio.run()`` would then fail for reasons that are not the sample's. The loop is only
    parked while the block runs (its owner is not running it then) and put back afterwards;
    ``asyncio._get_running_loop``/``_set_running_loop`` are the low-level pair asyncio exports for
    exactly this.
    """
    foreign = asyncio._get_running_loop()
    asyncio._set_running_loop(None)
    try:
        yield
    finally:
        asyncio._set_running_loop(foreign)


def execute(code: CodeType, namespace: dict[str, object]) -> None:
    """Run a compiled block; one with top-level ``await`` runs in an event loop of its own."""
    if code.co_flags & inspect.CO_COROUTINE:
        asyncio.run(eval(code, namespace))
    else:
        exec(code, namespace)


class PythonEvaluator:
    """Runs (or for ``check`` only compiles) Python blocks, one namespace per page."""

    languages = frozenset({"python"})
    #: Blocks run in the page's sandboxed worker (:mod:`fixbook.samples.worker`), not here.
    executes = True

    def __init__(self, time_limit_seconds: float | None = None) -> None:
        # None: the project's `time-limit` under [tool.fixbook] (default 60 s), read per page.
        self._configured_limit = time_limit_seconds is None
        self.time_limit_seconds = time_limit_seconds or TIME_LIMIT_SECONDS
        self._filenames: dict[str, Block] = {}

    def prepare(self, blocks: list[Block], context: PageContext) -> None:
        if self._configured_limit:
            self.time_limit_seconds = settings_of(context.path).time_limit
        guard = NetworkGuard()
        context.namespace.setdefault(GUARD_KEY, guard)
        for name, value in guard.names().items():
            context.namespace.setdefault(name, value)
        if context.services is not None:
            context.namespace.setdefault("services", context.services)

    def compile(self, block: Block) -> CodeType:
        filename = str(block.path)
        source = "\n" * block.line + block.source
        if block.includes:
            # Included lines do not sit at fence + n in the page: give the block a name of its
            # own, and let linecache show its real source in tracebacks.
            filename = f"{block.path}:{block.line}"
            source = block.source
            linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        self._filenames[filename] = block
        try:
            return compile(source, filename, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
        except SyntaxError as error:
            line = (error.lineno or block.line + 1) - (0 if block.includes else block.line)
            raise BlockFailure(f"SyntaxError: {error.msg}", line=line) from None

    def __call__(self, block: Block, context: PageContext) -> str | None:
        code = self.compile(block)
        if block.mode is Mode.CHECK:
            return None
        if block.mode is not Mode.EXPECT_ERROR:
            reason = fragment_reason(block, block.source, context)  # decided before running
            if reason:
                raise NotVerified(reason)
        guard = context.namespace.get(GUARD_KEY) or NetworkGuard()
        try:
            with guard.active(), without_foreign_loop(), time_limit(self.time_limit_seconds):
                execute(code, context.namespace)
        except (Exception, SystemExit) as error:
            if block.mode is not Mode.EXPECT_ERROR and (
                reason := environment_reason(error, block.source)
            ):
                raise NotVerified(reason) from error
            raise self.failure(error, block, context) from error
        return None

    def failure(self, error: BaseException, block: Block, context: PageContext) -> BlockFailure:
        """A failure naming the page line (and included file) where the error was raised."""
        line = None
        trace = []
        for frame in traceback.extract_tb(error.__traceback__):
            located = self._locate(frame, block, context)
            if located is None:
                continue
            owner, source_line = located
            trace.append(f"  {owner.location_of(source_line)}: {(frame.line or '').strip()}")
            if owner is block:
                line = source_line
        summary = "".join(traceback.format_exception_only(error)).strip()
        return BlockFailure("\n".join([summary, *trace]), line=line)

    def _locate(
        self, frame: traceback.FrameSummary, block: Block, context: PageContext
    ) -> tuple[Block, int] | None:
        """The page block a traceback frame runs, and the frame's line in that block."""
        owner = self._filenames.get(frame.filename)
        if owner is None or frame.lineno is None:
            return None
        if owner.includes:
            return owner, frame.lineno
        owner = context.block_at(frame.lineno) if owner.path == block.path else owner
        return (owner, frame.lineno - owner.line) if owner else None
