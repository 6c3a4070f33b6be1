"""What one heading section holds, gathered in a single pass over its blocks.

A section's blocks are cut into *parts* by their labels (``**Symptoms**``, ``Cause:``, a
``#### Solutions:`` sub-heading): the symptom part keeps its text, inline code, quoted text
and output blocks (what a reader sees), the other parts only whether they hold anything and
their first step. Entry tables (a symptom column and a cause/fix column) and error
admonitions (``!!! tip "Error: …"``) are noted for :mod:`fixbook.symptoms.rows`; an
"Applies to:" line for :mod:`fixbook.symptoms.applies`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from markdown_it.token import Token

from fixbook.finder.statuses import http_statuses

from . import applies
from .conventions import (
    Role,
    is_cause_heading,
    label_role,
)
from .document import Block, Section, Table, inline_children, plain_text
from .literals import (
    is_output_fence,
    quoted_strings,
)
from .wording import (
    clean_title,
)

_SYMPTOM_COLUMN = re.compile(r"symptom|error|issue|problem|failure|message|status|code|sign", re.I)

_FIX_COLUMN = re.compile(
    r"cause|fix|solution|meaning|mitigation|resolution|workaround|action|remedy|what to do", re.I
)

_LABEL_ALONE = re.compile(r"\*\*([^*\n]{1,60}?)\*\*\s*:?\s*\Z")
# A paragraph whose raw text has a line starting with bold or with "Word:" may hold a label.

_MAY_HOLD_LABEL = re.compile(r"^\s*(?:\*\*|__|[A-Za-z][A-Za-z &]{1,40}?\s*:)", re.MULTILINE)

_PLAIN_LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z &]{1,40}?)\s*:(?:\s+|$)")


@dataclass
class Part:
    """What an entry says under one label (or before any label)."""

    role: Role
    texts: list[str] = field(default_factory=list)  # paragraphs and top-level list items
    codes: list[str] = field(default_factory=list)  # inline code
    quotes: list[str] = field(default_factory=list)  # "quoted text"
    fences: list[tuple[str, str]] = field(default_factory=list)  # (language, content)
    blocks: int = 0
    prose: bool = False  # holds text, not only code blocks
    first: str = ""  # the first thing it says (a fix's first step): text, or a command line

    @property
    def keeps_literals(self) -> bool:
        """Only the symptom part's text, code and quotes are used (the rest: its blocks)."""
        return self.role is Role.SYMPTOM

    def add_inline(self, children: Sequence[Token]) -> None:
        text = " ".join(plain_text(children).split())
        self.prose = self.prose or bool(text)
        self.first = self.first or text
        if not self.keeps_literals:
            if self.role is Role.INTRO:  # inline code, for entries that have no labels
                self.codes += [t.content.strip() for t in children if t.type == "code_inline"]
            return
        if text:
            self.texts.append(text)
        self.codes += [token.content.strip() for token in children if token.type == "code_inline"]
        words = " ".join(token.content for token in children if token.type == "text")
        self.quotes += quoted_strings(words)

    def add(self, inline: Token) -> None:
        """An ``inline`` token, parsed only when its literals are kept."""
        if self.keeps_literals:
            self.add_inline(inline_children(inline))
        else:
            self.prose = self.prose or bool(inline.content.strip())
            if not self.first and self.role is Role.FIX:  # the fix's first step is exported
                self.first = " ".join(plain_text(inline_children(inline)).split())
            elif self.role is Role.INTRO and "`" in inline.content:
                # An unlabelled entry's errors are the error-looking code of its text
                # ("Warnings such as `WARNING: Cache entry deserialization failed`").
                children = inline_children(inline)
                self.codes += [t.content.strip() for t in children if t.type == "code_inline"]

    def add_fence(self, language: str, content: str) -> None:
        self.fences.append((language, content))
        line = next((line.strip() for line in content.splitlines() if line.strip()), "")
        self.first = self.first or line


@dataclass
class Facts:
    """What one section holds, gathered in a single pass over its blocks."""

    parts: list[Part]
    labels: set[Role]
    output_first: bool  # an output block follows the heading directly
    tables: list[tuple[Block, Table, int, list[int]]]  # entry tables: symptom column, others
    tips: list[Block]  # `!!! tip "Error: …"` admonitions that are entries of their own
    applies_to: dict[str, str] = field(default_factory=dict)  # the "Applies to:" line
    applies_problem: int = 0  # line of an "Applies to" line that is not name: version pairs

    def part(self, role: Role) -> Iterator[Part]:
        return (part for part in self.parts if part.role is role)

    @property
    def has_body(self) -> bool:
        return any(part.blocks for part in self.parts)

    @property
    def has_prose(self) -> bool:
        """Text beyond code blocks: a section holding only commands is a procedure."""
        return any(part.prose for part in self.parts) or bool(self.tables or self.tips)


def _label_at(children: Sequence[Token], index: int) -> tuple[Role, int, str] | None:
    """A label starting at ``children[index]``: (role, index after it, rest of its text)."""
    while (
        index < len(children)
        and children[index].type == "text"
        and not children[index].content.strip()
    ):
        index += 1
    if index >= len(children):
        return None
    token = children[index]
    if token.type == "strong_open":
        end = index + 1
        while end < len(children) and children[end].type != "strong_close":
            end += 1
        role = label_role(plain_text(children[index + 1 : end]))
        if role is None or end >= len(children):
            return None
        rest = ""
        if end + 1 < len(children) and children[end + 1].type == "text":
            rest = children[end + 1].content
            return role, end + 2, rest.lstrip().removeprefix(":").lstrip()
        return role, end + 1, ""
    if token.type == "text" and (match := _PLAIN_LABEL.match(token.content)):
        role = label_role(match.group(1))
        if role is not None:
            return role, index + 1, token.content[match.end() :]
    return None


def split_labels(children: Sequence[Token], role: Role) -> list[tuple[Role, bool, list[Token]]]:
    """Cut a paragraph at the labels that start its lines: [(role, is_label, tokens)]."""
    segments: list[tuple[Role, bool, list[Token]]] = [(role, False, [])]
    index, line_start = 0, True
    while index < len(children):
        if line_start and (found := _label_at(children, index)):
            role, index, rest = found
            segments.append((role, True, [Token("text", "", 0, content=rest)] if rest else []))
            line_start = False
            continue
        token = children[index]
        line_start = token.type in {"softbreak", "hardbreak"} or (
            line_start and token.type == "text" and not token.content.strip()
        )
        segments[-1][2].append(token)
        index += 1
    return segments


def _entry_table(table: Table) -> tuple[int, list[int]] | None:
    """(symptom column, cause/fix columns) when the header makes the rows entries."""
    header = [plain_text(inline_children(cell)) for cell in table.header]
    symptom = next((i for i, cell in enumerate(header) if _SYMPTOM_COLUMN.search(cell)), None)
    fixes = [i for i, cell in enumerate(header) if _FIX_COLUMN.search(cell) and i != symptom]
    if symptom is None or not fixes or not table.rows:
        return None
    return symptom, fixes


def heading_label(section: Section) -> Role | None:
    """The role of a label heading (``#### Solutions:``). Directly under the page title a
    heading named "Errors" is a section of the page, not a label of the title."""
    parent = section.parent
    if parent is None or parent.level < 2:
        return None
    if is_cause_heading(section.text) and not section.children:
        return Role.CAUSE
    return label_role(section.text)


def _blocks_of(section: Section) -> Iterator[tuple[Role | None, Block]]:
    """The section's own blocks, then those of its label sub-headings (``#### Solutions:``),
    each label heading announcing its role first (``(role, None)`` is yielded as a marker)."""
    for block in section.blocks:
        yield None, block
    for child in section.children:
        role = heading_label(child)
        if role is None:
            continue
        yield role, Block("label", child.line, child.line, [])
        for descendant in child.walk():
            for block in descendant.blocks:
                yield None, block


def gather(section: Section) -> Facts:
    parts = [Part(Role.INTRO)]
    labels: set[Role] = set()
    tables: list[tuple[Block, Table, int, list[int]]] = []
    tips: list[Block] = []
    applies_to: dict[str, str] = {}
    applies_problem = 0
    first = section.blocks[0] if section.blocks else None
    output_first = bool(
        first
        and first.kind in {"fence", "code_block"}
        and is_output_fence(first.info if first.kind == "fence" else "", first.content)
    )

    def switch(role: Role) -> Part:
        labels.add(role)
        parts.append(Part(role))
        return parts[-1]

    for heading_role, block in _blocks_of(section):
        if heading_role is not None:
            switch(heading_role)
            continue
        part = parts[-1]
        if block.kind == "hr":
            continue
        if block.kind == "paragraph":
            inline = next(block.inlines())
            if applies.MAY_BE_LINE.match(inline.content):
                found = applies.parse_line(plain_text(inline_children(inline)))
                if found is None:
                    applies_problem = block.line
                else:
                    applies_to.update(found)
                continue
            alone = _LABEL_ALONE.match(inline.content)
            if alone and (role := label_role(alone.group(1))) is not None:
                switch(role)  # `**Symptoms**` on its own line: no inline parsing needed
                continue
            if not _MAY_HOLD_LABEL.search(inline.content):
                part.add(inline)
                part.blocks += 1
                continue
            for role, is_label, tokens in split_labels(inline_children(inline), part.role):
                if is_label:
                    part = switch(role)
                if tokens:
                    part.add_inline(tokens)
                    part.blocks += 1
            continue
        part.blocks += 1
        if block.kind in {"fence", "code_block"}:
            part.add_fence(block.info if block.kind == "fence" else "", block.content)
        elif block.kind == "table":
            table = Table.from_block(block)
            columns = _entry_table(table)
            if columns:
                tables.append((block, table, *columns))
            for _, cells in table.rows:
                for cell in cells:
                    part.add(cell)
        else:
            if block.kind == "admonition" and is_error_tip(block):
                tips.append(block)
            gather_nested(block, part)
    return Facts(parts, labels, output_first, tables, tips, applies_to, applies_problem)


def gather_nested(block: Block, part: Part) -> None:
    """Lists, admonitions, quotes: top-level list items become texts, inline code, quotes and
    nested fences are collected."""
    item_level = block.tokens[0].level + 1
    in_item_paragraph = False
    for token in block.tokens:
        if token.type == "list_item_open" and token.level == item_level:
            in_item_paragraph = True
        elif token.type == "inline" and not part.keeps_literals:
            part.add(token)
        elif token.type == "inline":
            children = inline_children(token)
            if in_item_paragraph or block.kind not in {"bullet_list", "ordered_list"}:
                part.add_inline(children)
            else:  # nested paragraphs of an item: their literals, not new symptom lines
                part.codes += [t.content.strip() for t in children if t.type == "code_inline"]
                part.quotes += quoted_strings(
                    " ".join(t.content for t in children if t.type == "text")
                )
            in_item_paragraph = False
        elif token.type in {"fence", "code_block"}:
            info = token.info.split()[0].lower() if token.info.split() else ""
            part.add_fence(info, token.content)


def tip_title(block: Block) -> list[Token]:
    """The inline tokens of an admonition's title (empty when it has none)."""
    if len(block.tokens) > 2 and block.tokens[1].type == "admonition_title_open":
        return inline_children(block.tokens[2])
    return []


def is_error_tip(block: Block) -> bool:
    """``!!! tip "Error: …"``: an admonition (not a collapsible ``???``) whose title is the
    error, prefixed, wholly quoted or in backticks, or naming an HTTP status, is an entry."""
    inline = tip_title(block)
    if block.tokens[0].markup != "!!!" or not inline:
        return False
    text = plain_text(inline).strip()
    title, kind = clean_title(text)
    whole = (len(inline) == 1 and inline[0].type == "code_inline") or text[:1] == text[-1:] == '"'
    return bool(kind or whole or http_statuses(title))
