"""The evaluator registered for ``python`` fences.

Many projects write interpreter sessions (``>>>`` prompts) under a ``python`` label; such a block
runs as a doctest, the rest as Python. The choice sits here, above both evaluators, so that
neither imports the other (the doctest evaluator builds on the Python one).
"""

from __future__ import annotations

from ..model import Block, PageContext
from .doctest import DoctestEvaluator
from .pyfragments import is_session
from .python import PythonEvaluator


class PythonBlocks(PythonEvaluator):
    """Python blocks as written: a ``>>>`` session is a doctest, anything else runs as Python."""

    def __call__(self, block: Block, context: PageContext) -> str | None:
        if is_session(block.source):
            return DoctestEvaluator(self.time_limit_seconds)(block, context)
        return super().__call__(block, context)
