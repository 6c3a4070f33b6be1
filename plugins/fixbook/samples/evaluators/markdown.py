"""Markdown samples (a guide showing how to write a guide): lexed like a page.

A ````markdown fence in contributing docs holds fences and markers of its own; it passes when
our lexer finds nothing wrong in it: every inner fence is closed, every marker is valid. An
inner fence with no language is not a defect of the sample (Markdown allows it, and whether a
project's own pages must label fences is that project's rule, checked on its pages).
"""

from __future__ import annotations

from pathlib import Path

from ..lexer import PageLexer
from ..model import BlockFailure
from .base import ParsingEvaluator


class MarkdownEvaluator(ParsingEvaluator):
    languages = frozenset({"markdown", "md"})

    def __init__(self) -> None:
        self.lexer = PageLexer()  # no snippet folder: includes are not the sample's

    def parse(self, source: str) -> None:
        for block in self.lexer.lex(Path("<markdown sample>"), source):
            if not block.problem or block.problem.startswith("include failed"):
                continue
            if "has no language" not in block.problem:
                raise BlockFailure(f"Markdown: {block.problem}", line=block.report_line)
