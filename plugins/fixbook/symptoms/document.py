"""A Markdown page as a tree of heading sections, built on the page model.

Extraction reasons about sections ("a heading and what stands under it, up to the next heading
of the same or a higher level") and the blocks in them. The page model
(:mod:`fixbook.markdown`) parses the page once (includes resolved when the site loads
``pymdownx.snippets``), gives each heading the id ``toc`` gives it and reads every fence; this
module only groups its markdown-it token stream into that tree, with 1-based page lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.token import Token

from fixbook.markdown import Anchors, Fence, MarkdownOptions, Page, parse_page
from fixbook.markdown.headings import duplicate_ids
from fixbook.markdown.tokens import inline_children, plain_text

__all__ = [
    "Block",
    "Document",
    "Section",
    "Table",
    "document_of",
    "inline_children",
    "parse",
    "plain_text",
]


@dataclass
class Block:
    """One top-level block of a section (a paragraph, list, fence, table, admonition, ...)."""

    kind: str  # token type without "_open": paragraph, bullet_list, fence, table, ...
    line: int  # 1-based first line
    end: int  # 1-based last line
    tokens: list[Token]  # from the opening to the closing token, inclusive
    fence: Fence | None = None  # the page model's fence, for a fence block

    @property
    def info(self) -> str:
        """A fence's language as written (``console``, ``py``), lower-case."""
        if self.fence is not None:
            return self.fence.written.lower()
        words = self.tokens[0].info.split()
        return words[0].lower().lstrip("{.").rstrip("}") if words else ""

    @property
    def language(self) -> str:
        """A fence's canonical language (``py`` → ``python``, ``console`` → ``output``)."""
        return self.fence.language if self.fence is not None else ""

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
    anchors: Anchors  # the page's ids so far; table rows take theirs after the headings
    duplicate_ids: list[tuple[int, str, int]]  # (line, `{#id}` used again, line of first use)
    page: Page | None = None  # the page model it was built from (fences, problems, guide)

    def walk(self) -> Iterator[Section]:
        for section in self.sections:
            yield from section.walk()


def _blocks(tokens: list[Token], fences: dict[int, Fence]) -> Iterator[tuple[int, Block]]:
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
        fence = fences.get(first) if kind == "fence" else None
        yield start, Block(kind, first, max(first, last), tokens[start : index + 1], fence)
        index += 1


def parse(source: str, options: MarkdownOptions, path: str | Path = "<page>") -> Document:
    """Parse a page; never raises on any Markdown. ``path`` names the page to the page model's
    cache: the plugin passes the absolute source path, as every other reader of a build does."""
    return document_of(parse_page(Path(path), source, options))


def document_of(page: Page) -> Document:
    """The section tree of a page the page model has read (no second parse)."""
    tokens = page.tokens
    by_token = {heading.token: heading for heading in page.headings}
    fences = {fence.line: fence for fence in page.fences if not fence.invisible}
    duplicates = duplicate_ids(page.headings)
    assert page.anchors is not None
    # The page is shared (parsed once per build); ids handed out to table rows are this
    # document's own.
    anchors = Anchors(page.anchors.options, set(page.anchors.used))
    document = Document(
        page.front_matter_text,
        page.front_matter_line,
        [],
        [],
        anchors,
        duplicates,
        page,
    )
    stack: list[Section] = []
    for start, block in _blocks(tokens, fences):
        if block.kind == "front_matter":
            continue
        if block.kind == "heading":
            heading = by_token[start]
            section = Section(
                level=heading.level,
                line=block.line,
                text=heading.title,
                inline=inline_children(tokens[start + 1]),
                anchor=heading.id,
            )
            while stack and stack[-1].level >= heading.level:
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
