"""The page as markdown-it tokens, parsed once, with source lines of the page as written.

Headings, front matter and the section structure symptom extraction walks come from one
markdown-it parse of the *rendered* lines (includes resolved, as MkDocs sees them). Each token's
``map`` is moved back to page lines, so a heading from an included file reports the include
directive's line. Inline content is parsed only where a reader asks for it
(:func:`inline_children`): most of a page never needs it, and it is half of markdown-it's work.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.front_matter import front_matter_plugin


@cache
def parser(admonitions: bool) -> MarkdownIt:
    """CommonMark, GFM tables, YAML front matter and (when the site renders them)
    ``!!! type "title"`` admonitions, whose indented bodies would otherwise be code."""
    md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin).disable("inline")
    return md.use(admon_plugin) if admonitions else md


_TAB = re.compile(r'^(?P<indent>[ \t]*)===[!+]*[ \t]+"[^"]*"')
_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def _width(text: str) -> int:
    return len(text[: len(text) - len(text.lstrip(" \t"))].expandtabs(4))


def untab(lines: Sequence[str]) -> list[str]:
    """Content tabs (``=== "Linux"``, pymdownx.tabbed) opened up for markdown-it, which has no
    such block: each tab line becomes blank and its indented body moves out by four columns,
    so headings and fences in a tab are read as the site renders them. Line count unchanged."""
    out: list[str] = []
    open_tabs: list[int] = []  # indentation of each enclosing tab line
    fence: tuple[str, int] | None = None  # (character, length) of the open fence
    for text in lines:
        indent = _width(text)
        if fence is None and text.strip():
            while open_tabs and indent <= open_tabs[-1]:
                open_tabs.pop()
        shift = 4 * len(open_tabs)
        moved = text.expandtabs(4)[min(shift, indent) :] if shift else text
        match = _FENCE.match(text)
        if fence is not None:
            run = match["fence"] if match and not match["info"].strip() else ""
            if run and run[0] == fence[0] and len(run) >= fence[1]:
                fence = None
        elif match and (match["fence"][0] == "~" or "`" not in match["info"]):
            fence = (match["fence"][0], len(match["fence"]))
        elif _TAB.match(text):
            open_tabs.append(indent)
            moved = ""
        out.append(moved)
    return out


def parse(texts: Sequence[str], page: Sequence[int], admonitions: bool) -> list[Token]:
    """The rendered lines' tokens; ``page`` holds the page line of each rendered line."""
    source = "\n".join(texts)
    if "===" in source:  # content tabs to open up
        source = "\n".join(untab(texts))
    tokens = parser(admonitions).parse(source + ("\n" if texts else ""))
    if not page:
        return tokens
    last_line = len(page) - 1
    for token in tokens:
        if token.map:
            start, end = token.map
            first = page[min(start, last_line)]
            last = page[min(max(end - 1, start), last_line)]
            token.map = [first - 1, max(last, first)]
    return tokens


# Characters that can start inline syntax (or a line break); text without any is plain text.
_INLINE_SYNTAX = re.compile(r"[\n!&*<\[\\\]_`]")


def inline_children(token: Token) -> list[Token]:
    """The inline tokens of an ``inline`` token, parsed on first use (escapes joined into
    the text around them, as markdown-it's ``text_join`` does)."""
    if not token.meta.get("fixbook_parsed"):
        token.meta["fixbook_parsed"] = True
        if not _INLINE_SYNTAX.search(token.content):  # plain words: one text token
            token.children = [Token("text", "", 0, content=token.content)]
            return token.children
        md = parser(False)
        parsed: list[Token] = []
        md.inline.parse(token.content, md, {}, parsed)
        joined: list[Token] = []
        for child in parsed:
            if child.type == "text_special":
                child.type = "text"
            if child.type == "text" and joined and joined[-1].type == "text":
                joined[-1].content += child.content
            else:
                joined.append(child)
        token.children = joined
    return token.children or []


def plain_text(children: Sequence[Token] | None) -> str:
    """Inline tokens as the text a reader sees (toc's view: tags and image alts dropped)."""
    parts: list[str] = []
    for token in children or ():
        if token.type in {"text", "code_inline", "text_special"}:
            parts.append(token.content)
        elif token.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
    return "".join(parts)
