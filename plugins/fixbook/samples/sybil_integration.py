"""Sybil wiring: our lexer as a Sybil parser, our pages as Sybil documents, items for pytest.

Everything goes through Sybil's public extension points: a parser callable yielding
:class:`~sybil.Region` objects whose ``parsed`` is our :class:`~fixbook.samples.model.Block`,
a :class:`~sybil.Document` subclass whose namespace is a real module, and subclasses of Sybil's
pytest ``SybilFile``/``SybilItem`` that name items ``page.md:LINE:language`` and never let a
failure's traceback crash pytest (Sybil 10.1's filter indexes ``tb[1]`` blindly and raises
``INTERNALERROR`` when a block raises inside an ``except``, simplistix/sybil#118).
"""

from __future__ import annotations

import functools
import unittest
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from _pytest._code.code import ExceptionInfo, Traceback
from sybil import Document, Example, Region, Sybil
from sybil.example import SybilFailure
from sybil.integration.pytest import SybilFile, SybilItem

from fixbook.markdown import display_path

from . import results
from .expected import Volatile
from .model import Block
from .pages import new_context, page_module, read_blocks
from .registry import Registry
from .settings import DocsSettings, guide_of
from .verify import Outcome, PageRun, Status

#: The session fixture holding :class:`fixbook.samples.services.Services`; pages see it as
#: ``services``. Its own name is prefixed so that it never shadows a project's ``services``.
SERVICES_FIXTURE = "fixbook_services"
#: The user property carrying a block's result record (:func:`fixbook.samples.results.record`).
RESULT_PROPERTY = "fixbook_result"


@functools.cache
def session_commit(root: Path) -> str:
    return results.git_commit(root)


class Page(Document):
    """A Markdown page whose namespace is a real module (see :func:`page_module`)."""

    def __init__(self, text: str, path: str) -> None:
        super().__init__(text, path)
        self.namespace = page_module(display_path(Path(path))).__dict__
        self.unreadable = False  # not UTF-8: its one block is the page model's problem

    @classmethod
    def parse(cls, path: str, *parsers: Any, encoding: str = "utf-8") -> Document:
        """Sybil's reading, except that a page that is not UTF-8 becomes one failing item
        naming its line (from the page model) instead of a collection traceback."""
        try:
            return super().parse(path, *parsers, encoding=encoding)
        except UnicodeDecodeError:
            document = cls("", path)
            document.unreadable = True
            for parser in parsers:
                for region in parser(document):
                    document.add(region)
            return document


def region_spans(text: str, blocks: list[Block]) -> list[tuple[int, int]]:
    """Non-overlapping character spans of the blocks in the page text, for Sybil's regions.

    A block spans its fence lines in the page. Blocks that an include directive brings in all
    sit on the directive's line; they get successive one-character spans within it.
    """
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    spans: list[tuple[int, int]] = []
    previous_end = 0
    for block in blocks:
        first = min(max(block.report_line, 1), len(starts) - 1)
        last = min(max(block.end_line, first), len(starts) - 1)
        start, end = starts[first - 1], starts[last]
        if start < previous_end:
            start = previous_end
            end = max(end, start + 1)
        end = min(max(end, start), len(text))
        spans.append((start, end))
        previous_end = end
    return spans


class BlockEvaluator:
    """Sybil evaluator for one block: verify through the page's run, report as Sybil expects.

    A skipped block and a block that is *not verified* (no evaluator, a missing module …, in a
    run that is not strict) are pytest skips whose reason says which; only a failure fails.
    """

    def __init__(self, run: PageRun) -> None:
        self.run = run

    def __call__(self, example: Example) -> str | None:
        services = example.namespace.get(SERVICES_FIXTURE)
        self.run.context.services = services
        example.namespace.setdefault("services", services)
        outcome = self.run.verify(example.parsed)
        if outcome.status in (Status.SKIPPED, Status.NOT_VERIFIED):
            raise unittest.SkipTest(outcome.message)
        if outcome.status is Status.FAILED:
            return failure_line(outcome)
        return None


def failure_line(outcome: Outcome) -> str:
    """``path:line: language: message``, the format ``fixbook check`` prints too."""
    block = outcome.block
    return f"{block.path}:{outcome.line}: {block.language or '(none)'}: {outcome.message}"


class BlockParser:
    """Sybil parser: every block our lexer finds in a page becomes a region."""

    def __init__(self, settings: DocsSettings, registry: Registry) -> None:
        self.settings = settings
        self.registry = registry

    def __call__(self, document: Document) -> Iterator[Region]:
        path = display_path(Path(document.path))
        text = None if getattr(document, "unreadable", False) else document.text
        blocks = read_blocks(path, self.settings, text)
        context = new_context(path, self.settings, namespace=document.namespace)
        run = PageRun(
            blocks,
            context,
            self.registry,
            strict=self.settings.strict,
            volatile=Volatile.of(self.settings.volatile),
        )
        evaluator = BlockEvaluator(run)
        for block, (start, end) in zip(blocks, region_spans(document.text, blocks), strict=True):
            yield Region(start, end, parsed=block, evaluator=evaluator)


class DocsSybil(Sybil):
    """A Sybil over the docs that names each example ``page.md:LINE:language``."""

    def __init__(self, settings: DocsSettings, **options: Any) -> None:
        super().__init__(path=str(settings.docs_dir), **options)
        self.settings = settings

    def identify(self, example: Example) -> str:
        block: Block = example.parsed
        name = f"{block.path.name}:{block.report_line}:{block.language or 'no-language'}"
        return f"{name}:hidden" if block.invisible else name


def docs_sybil(settings: DocsSettings, registry: Registry) -> DocsSybil:
    return DocsSybil(
        settings,
        parsers=[BlockParser(settings, registry)],
        patterns=["*.md"],
        fixtures=[SERVICES_FIXTURE],
        document_types={".md": Page},
    )


def safe_traceback(excinfo: ExceptionInfo[BaseException]) -> Traceback:
    """The traceback from the first frame of the block's own code, or the whole traceback.

    Unlike Sybil's filter, it never assumes how many entries a cut traceback has.
    """
    traceback = excinfo.traceback
    for index, entry in enumerate(traceback):
        if str(entry.path).endswith(".md"):
            return traceback[index:]
    return traceback


class BlockItem(SybilItem):
    """One block as a pytest item, reported at the Markdown line."""

    def __init__(self, parent: Any, sybil: Sybil, example: Example) -> None:
        super().__init__(parent, sybil, example)
        block: Block = example.parsed
        self.block = block
        guide = guide_of(block.path, sybil.settings.docs_dir)  # type: ignore[attr-defined]
        self.user_properties.append(("fixbook_block", block_properties(block, guide)))
        # A page's blocks share one namespace: under ``--dist loadgroup`` they stay together.
        self.add_marker(pytest.mark.xdist_group(name=str(block.path)))

    def runtest(self) -> None:
        """Run the block; its result (outcome, output, versions …) rides on the report.

        User properties travel with the report from an xdist worker to the controller, which
        writes the results file for the whole session.
        """
        try:
            super().runtest()
        finally:
            outcome = self.example.region.evaluator.run.outcomes.get(id(self.block))
            if outcome is not None:
                root = self.config.rootpath
                result = results.record(outcome, root, session_commit(root))
                self.user_properties.append((RESULT_PROPERTY, result))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.block.path, self.block.report_line - 1, self.name

    def _traceback_filter(self, excinfo: ExceptionInfo[BaseException]) -> Traceback:
        return safe_traceback(excinfo)

    def repr_failure(self, excinfo: ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, SybilFailure):
            return excinfo.value.result
        return super().repr_failure(excinfo, style)


def block_properties(block: Block, guide: str) -> dict[str, Any]:
    """What the coverage report needs about a block, carried on its reports (xdist-safe)."""
    return {
        "guide": guide,
        "language": block.language,
        "mode": str(block.mode),
        "invisible": block.invisible,
    }


class PageFile(SybilFile):
    """A Markdown page as a pytest collector whose items are :class:`BlockItem`."""

    def collect(self) -> Iterator[BlockItem]:
        for sybil in self.sybils:
            document = sybil.parse(self.path)
            self.documents.append(document)
            for example in document.examples():
                yield BlockItem.from_parent(self, sybil=sybil, example=example)
