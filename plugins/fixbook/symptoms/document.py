"""A Markdown page as a tree of heading sections, parsed once with markdown-it-py.

Extraction reasons about sections ("a heading and what stands under it, up to the next heading
of the same or a higher level") and the blocks in them; this module turns markdown-it's flat
token stream into that tree, with 1-based source lines and each heading's toc id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .anchors import PageAnchors, SlugOptions, split_attr_list


@cache
def _parser(admonitions: bool) -> MarkdownIt:
    # CommonMark plus GFM tables, YAML front matter and, when the site renders them,
    # `!!! type "title"` admonitions (their indented bodies would otherwise be code blocks).
    # Inline content is parsed only where extraction reads it (see `inline_children`): most
    # of a page (fix steps, causes) never needs it, and it is half of markdown-it's work.
    parser = MarkdownIt("commonmark").enable("table").use(front_matter_plugin).disable("inline")
    return parser.use(admon_plugin) if admonitions else parser


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
        parser = _parser(False)
        parsed: list[Token] = []
        parser.inline.parse(token.content, parser, {}, parsed)
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


@dataclass
class Block:
    """One top-level block of a section (a paragraph, list, fence, table, admonition, ...)."""

    kind: str  # token type without "_open": paragraph, bullet_list, fence, table, ...
    line: int  # 1-based first line
    end: int  # 1-based last line
    tokens: list[Token]  # from the opening to the closing token, inclusive

    @property
    def info(self) -> str:
        """A fence's language (first word of its info string), lower-case."""
        words = self.tokens[0].info.split()
        return words[0].lower().lstrip("{.").rstrip("}") if words else ""

    @property
    def content(self) -> str:
        return self.tokens[0].content

    def inlines(self) -> Iterator[Token]:
        """Every inline token of the block, in order."""
        return (token for token in self.tokens if token.type == "inline")


@dataclass
class Table:
    """A GFM table: header cells and body rows (``inline`` tokens), with the rows' lines."""

    header: list[Token]
    rows: list[tuple[int, list[Token]]]  # (1-based line, cells)

    @classmethod
    def from_block(cls, block: Block) -> Table:
        header: list[Token] = []
        rows: list[tuple[int, list[Token]]] = []
        in_body = False
        current: list[Token] = []
        line = block.line
        for token in block.tokens:
            if token.type == "tbody_open":
                in_body = True
            elif token.type == "tr_open":
                current = []
                line = token.map[0] + 1 if token.map else line
            elif token.type == "inline":
                current.append(token)
            elif token.type == "tr_close":
                if in_body:
                    rows.append((line, current))
                else:
                    header = current
        return cls(header, rows)


@dataclass
class Section:
    """A heading and what stands under it; ``children`` are its sub-headings' sections."""

    level: int
    line: int  # 1-based line of the heading
    text: str  # plain heading text (attr_list removed)
    inline: list[Token]
    anchor: str
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    parent: Section | None = None

    def walk(self) -> Iterator[Section]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Document:
    """A parsed page: its front matter and its sections (roots of the heading tree)."""

    front_matter: str | None
    front_matter_line: int  # 1-based line of the opening `---`
    sections: list[Section]
    preamble: list[Block]  # blocks before the first heading
    anchors: PageAnchors  # the page's ids so far; table rows take theirs after the headings
    duplicate_ids: list[tuple[int, str, int]]  # (line, `{#id}` used again, line of first use)

    def walk(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()


def _blocks(tokens: list[Token]) -> Iterator[tuple[int, Block]]:
    """Top-level blocks with the index of their first token."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        start = index
        if token.nesting == 1:
            close = token.type[: -len("_open")] + "_close"
            while not (tokens[index].type == close and tokens[index].level == token.level):
                index += 1
        kind = token.type.removesuffix("_open")
        first, last = (token.map or [0, 1])[0] + 1, (token.map or [0, 1])[1]
        yield start, Block(kind, first, max(first, last), tokens[start : index + 1])
        index += 1


def parse(source: str, options: SlugOptions) -> Document:
    """Parse a page; never raises on any Markdown."""
    tokens = _parser(options.admonition).parse(source)
    headings = [
        (index, split_attr_list(plain_text(inline_children(tokens[index + 1])), options))
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    ]
    anchors = PageAnchors(options)
    anchors.reserve(explicit for _, (_, explicit) in headings if explicit)
    first_use: dict[str, int] = {}
    duplicates: list[tuple[int, str, int]] = []
    for index, (_, explicit) in headings:
        line = (tokens[index].map or [0])[0] + 1
        if explicit and explicit in first_use:
            duplicates.append((line, explicit, first_use[explicit]))
        elif explicit:
            first_use[explicit] = line
    anchor_at = {index: anchors.heading(text, explicit) for index, (text, explicit) in headings}
    text_at = {index: text for index, (text, _) in headings}
    document = Document(None, 0, [], [], anchors, duplicates)
    stack: list[Section] = []
    for start, block in _blocks(tokens):
        if block.kind == "front_matter":
            document.front_matter, document.front_matter_line = block.content, block.line
            continue
        if block.kind == "heading":
            level = int(block.tokens[0].tag[1])
            section = Section(
                level=level,
                line=block.line,
                text=text_at[start].strip(),
                inline=inline_children(tokens[start + 1]),
                anchor=anchor_at[start],
            )
            while stack and stack[-1].level >= level:
                stack.pop()
            if stack:
                section.parent = stack[-1]
                stack[-1].children.append(section)
            else:
                document.sections.append(section)
            stack.append(section)
            continue
        if stack:
            stack[-1].blocks.append(block)
        else:
            document.preamble.append(block)
    return document
