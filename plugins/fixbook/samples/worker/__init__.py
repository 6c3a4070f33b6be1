"""One worker process per page, inside the sandbox, for the blocks that execute code.

Evaluators with ``executes = True`` are wrapped by :class:`InWorker` when the registry loads
them: the wrapper runs in the runner's process and sends each block to the page's worker
(:mod:`.client`; :mod:`.session` picks it, :mod:`.spawner` starts the sandbox), where the real
evaluator runs (:mod:`.main`, in a fork of :mod:`.zygote`). Evaluators that run only part of
their work in the sandbox (the shell evaluator: lint and SQL checks outside, the script inside)
say ``manages_worker = True`` and call :func:`worker_of` themselves.
"""

from __future__ import annotations

from typing import Any

from ..model import Block, PageContext
from .client import PageWorker
from .session import stop_all, worker_of
from .spawner import WorkerDied

__all__ = ["InWorker", "PageWorker", "WorkerDied", "contain", "stop_all", "worker_of"]


class InWorker:
    """An executing evaluator, seen from the runner: every block goes to the page's worker."""

    executes = True

    def __init__(self, path: str, evaluator: Any) -> None:
        self.path = path
        self.languages = getattr(evaluator, "languages", frozenset())
        self._pending: dict[int, list[Block]] = {}

    def prepare(self, blocks: list[Block], context: PageContext) -> None:
        """Remembered; the worker prepares with these blocks before the first one runs."""
        self._pending[id(context)] = list(blocks)

    def __call__(self, block: Block, context: PageContext) -> Any:
        worker = worker_of(context)
        prepare = None
        if self.path not in worker.prepared:
            worker.prepared.add(self.path)
            prepare = self._pending.pop(id(context), [block])
        return worker.run_block(self.path, block, prepare)


def contain(path: str, evaluator: Any) -> Any:
    """``evaluator`` as the registry should hand it out: wrapped when it executes code."""
    if getattr(evaluator, "executes", False) and not getattr(evaluator, "manages_worker", False):
        return InWorker(path, evaluator)
    return evaluator
