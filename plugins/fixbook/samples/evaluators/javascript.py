"""JavaScript, parsed by node (one process per page) or, without node, by esprima.

A page may hold a dozen short ``fetch`` samples; starting node for each would cost more than
the rest of the suite, so :meth:`JavaScriptEvaluator.prepare` sends all of a page's sources to
one node process that parses them with ``vm.Script`` / ``vm.SourceTextModule``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from ..model import Block, BlockFailure, PageContext

CHECKER = Path(__file__).with_name("check_javascript.js")
NODE_TIMEOUT = 60


class JavaScriptEvaluator:
    languages = frozenset({"javascript"})

    def __init__(self, node: str | None = None) -> None:
        self.node = node if node is not None else shutil.which("node")
        self._results: dict[int, dict[str, object] | None] = {}

    def prepare(self, blocks: list[Block], context: PageContext) -> None:
        if not self.node or not blocks:
            return
        completed = subprocess.run(
            [self.node, "--experimental-vm-modules", "--no-warnings", str(CHECKER)],
            input=json.dumps([block.source for block in blocks]),
            capture_output=True,
            text=True,
            timeout=NODE_TIMEOUT,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(f"node could not check the page: {completed.stderr.strip()}")
        for block, result in zip(blocks, json.loads(completed.stdout), strict=True):
            self._results[id(block)] = result

    def __call__(self, block: Block, context: PageContext) -> None:
        if id(block) in self._results:
            result = self._results.pop(id(block))
            if result is not None:
                raise BlockFailure(str(result["message"]), line=result.get("line"))  # type: ignore[arg-type]
            return
        self._parse_with_esprima(block.source)

    @staticmethod
    def _parse_with_esprima(source: str) -> None:
        import esprima

        try:
            esprima.parseScript(source)
        except esprima.Error:
            try:
                esprima.parseModule(source)
            except esprima.Error as error:
                raise BlockFailure(f"SyntaxError: {error.message}", line=error.lineNumber) from None
