"""HTML fragments: every tag closed in order, the way a browser would not have to guess.

``html.parser`` accepts anything, so the balance of tags is checked on top of it: void elements
need no end tag, elements whose end tag HTML makes optional (``p``, ``li``, ``td``, ...) may be
left open, and any other unclosed or mismatched tag is an error at its line. A fragment that
marks elided markup with ``…`` or ``...`` (``… links, or even <code>x</code>:</p>``) may close
tags it does not show opening, and leave open tags it does not show closing.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..model import BlockFailure
from .base import ParsingEvaluator

VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
OPTIONAL_END = frozenset(
    [
        "p",
        "li",
        "dt",
        "dd",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
        "option",
        "optgroup",
        "colgroup",
        "caption",
        "rb",
        "rt",
        "rtc",
        "rp",
        "html",
        "head",
        "body",
    ]
)


#: ``…`` or ``...`` standing alone between tags or words: markup left out on purpose.
ELISION = re.compile(r"(?:^|[\s>])(?:…|\.\.\.)(?=[\s<]|$)", re.MULTILINE)


class _TagBalance(HTMLParser):
    def __init__(self, elided: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, int]] = []
        self.elided = elided

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """``<br/>`` and ``<svg .../>`` open nothing."""

    def handle_endtag(self, tag: str) -> None:
        line = self.getpos()[0]
        if tag in VOID:
            return
        while self.open and self.open[-1][0] != tag and self.open[-1][0] in OPTIONAL_END:
            self.open.pop()
        if not self.open:
            if self.elided:
                return  # its opening tag is in the part left out
            raise BlockFailure(f"HTML: </{tag}> closes nothing", line=line)
        name, opened = self.open[-1]
        if name != tag:
            raise BlockFailure(f"HTML: </{tag}> closes <{name}> opened on line {opened}", line=line)
        self.open.pop()


class HtmlEvaluator(ParsingEvaluator):
    languages = frozenset({"html"})

    def parse(self, source: str) -> None:
        balance = _TagBalance(elided=bool(ELISION.search(source)))
        balance.feed(source)
        balance.close()
        if balance.elided:
            return  # closing tags may be in the part left out
        unclosed = [(tag, line) for tag, line in balance.open if tag not in OPTIONAL_END]
        if unclosed:
            tag, line = unclosed[-1]
            raise BlockFailure(f"HTML: <{tag}> is never closed", line=line)
