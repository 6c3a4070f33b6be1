"""What evaluators that verify by parsing have in common."""

from __future__ import annotations

from ..model import Block, PageContext


class ParsingEvaluator:
    """Verifies a block by parsing it: nothing to prepare per page, and ``run`` means ``check``.

    Subclasses implement :meth:`parse`, raising :class:`~fixbook.samples.model.BlockFailure`
    with the parser's message and the 1-based line within the block.
    """

    languages: frozenset[str] = frozenset()

    def prepare(self, blocks: list[Block], context: PageContext) -> None:
        """Parsers start instantly; there is nothing to do once per page."""

    def __call__(self, block: Block, context: PageContext) -> None:
        self.parse(block.source)

    def parse(self, source: str) -> None:
        raise NotImplementedError
