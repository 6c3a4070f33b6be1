"""Find the entries of one Markdown page.

A section is an entry when it carries labels (``**Symptoms**``/``**Cause**``/``**Fix**`` and
the other guides' words for them), when its heading is itself the error (quoted, in backticks,
``Error: …``), when an output block follows the heading directly, or, on a page that has such
entries, when it is a leaf section at the same heading level as they are (a guide's plain
"### Cookie not set" followed by bullets). Group headings over entries, tool/help/overview
sections and procedures are not entries. A table whose header names a symptom column and a
cause/fix column makes one entry per row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

import yaml
from markdown_it.token import Token

from fixbook.markdown import guide_of

from . import applies
from .anchors import SlugOptions
from .conventions import (
    NUMBERING,
    TITLE_PREFIX,
    Role,
    is_cause_heading,
    is_not_entry_title,
    is_procedure_title,
    label_role,
)
from .document import Block, Document, Section, Table, inline_children, parse, plain_text
from .literals import (
    MAX_LITERAL,
    http_statuses,
    is_output_fence,
    looks_like_error,
    output_lines,
    quoted_strings,
    status_phrases,
)
from .model import Entry, PageEntries, Problem, TableRow
from .pagekind import Kind, classify, names_troubleshooting

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed
MAX_ERRORS = 10
MAX_SYMPTOM = 300
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


# --------------------------------------------------------------------------- labels


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


# --------------------------------------------------------------------------- facts


def _entry_table(table: Table) -> tuple[int, list[int]] | None:
    """(symptom column, cause/fix columns) when the header makes the rows entries."""
    header = [plain_text(inline_children(cell)) for cell in table.header]
    symptom = next((i for i, cell in enumerate(header) if _SYMPTOM_COLUMN.search(cell)), None)
    fixes = [i for i, cell in enumerate(header) if _FIX_COLUMN.search(cell) and i != symptom]
    if symptom is None or not fixes or not table.rows:
        return None
    return symptom, fixes


def _heading_label(section: Section) -> Role | None:
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
        role = _heading_label(child)
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
            if block.kind == "admonition" and _is_error_tip(block):
                tips.append(block)
            _gather_nested(block, part)
    return Facts(parts, labels, output_first, tables, tips, applies_to, applies_problem)


def _gather_nested(block: Block, part: Part) -> None:
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


# --------------------------------------------------------------------------- entries


def clean_title(text: str) -> tuple[str, str | None]:
    """The entry title and the prefix kind it had (``Error: "x"`` -> ``x``, ``"error"``)."""
    title = NUMBERING.sub("", text.strip())
    title = re.sub(r"^[^\w\"'`(\[/.<-]+", "", title)  # leading emoji and symbols
    kind = None
    if match := TITLE_PREFIX.match(title):
        kind, title = match.group("kind").lower(), title[match.end() :]
    title = title.strip()
    if len(title) > 2 and title[0] == title[-1] and title[0] in "\"'`":
        title = title[1:-1].strip()
    return title or text.strip(), kind


def _names_an_error(text: str, inline: Sequence[Token]) -> bool:
    """A title that is the error: quoted, in backticks, ``Error: …``, or an HTTP status."""
    title, kind = clean_title(text)
    quotes = quoted_strings(" ".join(t.content for t in inline if t.type == "text"))
    # Code that is the error (`ModuleNotFoundError`), or the whole title in code; a command
    # or option name in code (`reinstall-all` fixes most issues, `use_directory_urls`) is not.
    spans = [token.content.strip() for token in inline if token.type == "code_inline"]
    whole = len(inline) == 1 and bool(spans)
    codes = whole or any(looks_like_error(span) for span in spans)
    return bool(kind or codes or quotes or http_statuses(title))


def is_error_title(section: Section) -> bool:
    return _names_an_error(section.text, section.inline)


def _tip_title(block: Block) -> list[Token]:
    """The inline tokens of an admonition's title (empty when it has none)."""
    if len(block.tokens) > 2 and block.tokens[1].type == "admonition_title_open":
        return inline_children(block.tokens[2])
    return []


def _is_error_tip(block: Block) -> bool:
    """``!!! tip "Error: …"``: an admonition (not a collapsible ``???``) whose title is the
    error, prefixed, wholly quoted or in backticks, or naming an HTTP status, is an entry."""
    inline = _tip_title(block)
    if block.tokens[0].markup != "!!!" or not inline:
        return False
    text = plain_text(inline).strip()
    title, kind = clean_title(text)
    whole = (len(inline) == 1 and inline[0].type == "code_inline") or text[:1] == text[-1:] == '"'
    return bool(kind or whole or http_statuses(title))


def _unique(values: Iterable[str], limit: int) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        value = " ".join(value.split())[:MAX_LITERAL]
        if value and value not in seen:
            seen[value] = None
    return list(seen)[:limit]


def _fence_errors(fences: Iterable[tuple[str, str]]) -> Iterator[str]:
    for language, content in fences:
        if is_output_fence(language, content):
            yield from output_lines(language, content)


def _errors(section: Section, facts: Facts) -> list[str]:
    """Literal errors, the symptom part first, then output blocks before any label, then the
    heading's own quoted/backticked text."""
    found: list[str] = []
    for part in facts.part(Role.SYMPTOM):
        found += [code for code in part.codes if looks_like_error(code)]
        found += part.quotes + list(_fence_errors(part.fences))
        found += [phrase for text in part.texts for phrase in status_phrases(text)]
    found += list(_fence_errors(facts.parts[0].fences))
    found += _heading_errors(section.text, section.inline)
    return _unique(found, MAX_ERRORS)


def _heading_errors(text: str, inline: Sequence[Token]) -> list[str]:
    """Errors a heading (or an admonition title) quotes: the whole title when it is the
    error, its error-looking code spans, its quoted text, its status phrases."""
    title, kind = clean_title(text)
    codes = [t.content.strip() for t in inline if t.type == "code_inline"]
    quotes = quoted_strings(" ".join(t.content for t in inline if t.type == "text"))
    whole = text.strip().strip("\"'`") == title and text.strip()[:1] in "\"'`"
    declared = kind in {"error", "warning", "pattern"}  # "Error: X" says X is the error
    found = [title] if declared or (whole and looks_like_error(title)) else []
    return (
        found + [code for code in codes if looks_like_error(code)] + quotes + status_phrases(title)
    )


def _symptoms(title: str, facts: Facts) -> list[str]:
    texts = [text for part in facts.part(Role.SYMPTOM) for text in part.texts]
    return _unique((text[:MAX_SYMPTOM] for text in texts), MAX_ERRORS) or [title]


def _statuses(*texts: str) -> list[int]:
    found: list[int] = []
    for text in texts:
        found += [code for code in http_statuses(text) if code not in found]
    return found


@dataclass
class PageInfo:
    """Where a page sits: its source path, url, guide, and the page's components."""

    path: str  # relative to docs_dir, POSIX
    url: str  # the page's url relative to the site root
    guide: str
    components: list[str]

    @classmethod
    def of(cls, path: str, url: str, components: list[str] | None = None) -> PageInfo:
        pure = PurePosixPath(path)
        guide = guide_of(pure)
        area = pure.stem if pure.stem.lower() not in {"index", "readme"} else guide
        area = re.sub(r"[^a-z0-9]+", "-", area.lower()).strip("-") or guide.lower()
        return cls(path, url, guide, components if components is not None else [area])

    def entry(self, anchor: str, **fields: Any) -> Entry:
        """An entry of this page at ``anchor``: id, url, guide and components filled in."""
        return Entry(
            id=f"{PurePosixPath(self.path).with_suffix('').as_posix()}/{anchor}",
            guide=self.guide,
            url=f"{self.url}#{anchor}",
            path=self.path,
            anchor=anchor,
            components=list(self.components),
            **fields,
        )


def _has_fix(facts: Facts) -> bool:
    """A fix label, causes that each carry their commands, a table of fixes, or an unlabelled
    body beyond the error block (a guide's plain list of things to do)."""
    if Role.FIX in facts.labels or facts.tables:
        return True
    if any(part.fences for part in facts.part(Role.CAUSE)):
        return True
    intro = facts.parts[0]
    return not facts.labels and intro.blocks > (1 if facts.output_first else 0)


MAX_FIX = 200


def short(text: str, limit: int = MAX_FIX) -> str:
    """Plain text cut at a word boundary to at most ``limit`` characters (an ellipsis ends a
    cut text)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:") + "\N{HORIZONTAL ELLIPSIS}"


def first_fix_step(facts: Facts) -> str:
    """The first thing the fix says: its first list item, paragraph or command line."""
    return short(next((part.first for part in facts.part(Role.FIX) if part.first), ""))


def _section_entry(section: Section, facts: Facts, page: PageInfo) -> Entry:
    title, _ = clean_title(section.text)
    symptom_text = " ".join(text for part in facts.part(Role.SYMPTOM) for text in part.texts)
    errors = _errors(section, facts)
    intro_fences = "\n".join(line for line in _fence_errors(facts.parts[0].fences))
    has_fix = _has_fix(facts)
    symptoms = _symptoms(title, facts)
    return page.entry(
        section.anchor,
        title=title,
        line=section.line,
        symptoms=symptoms,
        errors=errors,
        http_status=_statuses(title, symptom_text, intro_fences, *errors),
        has_fix=has_fix,
        heading=section.text,
        fix=first_fix_step(facts),
        own_applies_to=dict(facts.applies_to),
    )


def _row_entries(
    document: Document,
    section: Section | None,
    facts: Facts,
    page: PageInfo,
    seen: dict[tuple[str, ...], int],
    claimed: set[int],
) -> Iterator[Entry]:
    for block, table, symptom_column, other_columns in facts.tables:
        if id(block) in claimed:
            continue
        claimed.add(id(block))
        header = tuple(" ".join(plain_text(inline_children(c)).split()) for c in table.header)
        occurrence = seen[header] = seen.get(header, -1) + 1
        for number, (line, cells) in enumerate(table.rows):
            if symptom_column >= len(cells):
                continue
            cell = inline_children(cells[symptom_column])
            text = " ".join(plain_text(cell).split())
            if not text:
                continue
            title = text
            if section is not None and len(text.split()) == 1:
                title = f"{clean_title(section.text)[0]}: {text}"
            part = Part(Role.SYMPTOM)
            part.add_inline(cell)
            errors = part.codes + part.quotes + status_phrases(text)
            if not part.codes and looks_like_error(text):
                errors.append(text)
            anchor = document.anchors.extra(text)
            first = " ".join(plain_text(inline_children(cells[0])).split()) if cells else ""
            yield page.entry(
                anchor,
                title=title,
                line=line,
                symptoms=[text],
                errors=_unique(errors, MAX_ERRORS),
                http_status=_statuses(text),
                has_fix=any(i < len(cells) and cells[i].content.strip() for i in other_columns),
                fix=_row_fix(cells, other_columns, header),
                table_row=TableRow(header, occurrence, number, first),
            )


_FIX_ONLY = re.compile(r"fix|solution|resolution|workaround|action|remedy|what to do", re.I)


def _row_fix(cells: Sequence[Token], columns: Sequence[int], header: Sequence[str]) -> str:
    """A table row's fix: its first non-empty fix column, else its cause/meaning column."""
    fixes = [c for c in columns if c < len(header) and _FIX_ONLY.search(header[c])]
    for column in fixes + [c for c in columns if c not in fixes]:
        if column < len(cells) and cells[column].content.strip():
            return short(plain_text(inline_children(cells[column])))
    return ""


def _tip_entries(
    document: Document, facts: Facts, page: PageInfo, claimed: set[int]
) -> Iterator[Entry]:
    for block in facts.tips:
        if id(block) in claimed:
            continue
        claimed.add(id(block))
        inline = _tip_title(block)
        heading = " ".join(plain_text(inline).split())
        title = clean_title(heading)[0]
        body = Part(Role.SYMPTOM)
        start = next(i for i, t in enumerate(block.tokens) if t.type == "admonition_title_close")
        _gather_nested(Block("admonition", block.line, block.end, block.tokens[start + 1 :]), body)
        errors = _heading_errors(heading, inline) + list(_fence_errors(body.fences))
        anchor = document.anchors.extra(heading)
        yield page.entry(
            anchor,
            title=title,
            line=block.line,
            symptoms=[title],
            errors=_unique(errors, MAX_ERRORS),
            http_status=_statuses(title, *errors),
            has_fix=bool(body.texts or body.fences),
            admonition=heading,
        )


def _classify(document: Document, facts: dict[int, Facts], levels: set[int] | None) -> set[int]:
    """ids of the sections that are entries. ``levels``: heading levels of the page's sure
    entries, where plain leaf sections count too (None on the first pass)."""
    entries: set[int] = set()

    def visit(section: Section, excluded_above: bool) -> bool:
        excluded = is_not_entry_title(section.text)
        content_children = [c for c in section.children if _heading_label(c) is None]
        below = False
        for child in content_children:
            below |= visit(child, excluded_above or excluded)
        if below or excluded:
            return below  # a group over entries, or a tools/help/overview section
        f = facts[id(section)]
        if excluded_above:
            is_entry = is_error_title(section) and f.has_body
        elif section.level == 1:
            is_entry = bool(f.labels)
        else:
            strong = bool(f.labels) or f.output_first or (is_error_title(section) and f.has_body)
            weak = (
                levels is not None
                and section.level in levels
                and not content_children
                and f.has_prose
                and not (f.tables or f.tips)
                and not is_procedure_title(section.text)
            )
            is_entry = strong or weak
        if is_entry:
            entries.add(id(section))
        return is_entry

    for section in document.sections:
        visit(section, False)
    return entries


def read_front_matter(document: Document, path: str) -> tuple[dict[str, Any], list[Problem]]:
    """The page's front matter; malformed YAML is a problem at its line, not a crash."""
    if document.front_matter is None:
        return {}, []
    line = document.front_matter_line
    try:
        data = yaml.load(document.front_matter, Loader=_YAML_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = line + 1 + (mark.line if mark else 0)
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        return {}, [Problem(path, where, f"malformed front matter: {reason}")]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [Problem(path, line, "malformed front matter: expected a mapping of keys")]
    return data, []


def _components(
    meta: dict[str, Any], path: str, line: int
) -> tuple[list[str] | None, list[Problem]]:
    value = meta.get("components")
    if value is None:
        return None, []
    if isinstance(value, str):
        value = [item for item in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None, [Problem(path, line, "front matter `components` must be a list of strings")]
    return [item.strip().lower() for item in value if item.strip()], []


def is_shaped(section: Section, facts: Facts) -> bool:
    """A section that follows problem conventions: labels of two roles (Symptoms + Fix), an
    ``Error: …``/``Symptom: …`` title with a body, an entry table or an error admonition.
    Option headings, release headings and tutorial steps have none of these."""
    roles = facts.labels - {Role.INTRO}
    prefix = clean_title(section.text)[1]
    declared = prefix in {"error", "symptom"} and facts.has_body
    return len(roles) >= 2 or bool(facts.tables or facts.tips) or declared


def _page_title(document: Document) -> str:
    return next((s.text for s in document.sections if s.level == 1), "")


def _main_levels(document: Document, sections: list[Section], allowed: set[int] | None) -> set[int]:
    """The heading level of a page's main sections (those under its title), or of the
    sections directly under its troubleshooting headings."""
    if allowed is not None:
        return {
            child.level
            for section in sections
            if names_troubleshooting(section.text)
            for child in section.children
        }
    levels = [s.level for s in sections if s.level > 1] or [s.level for s in sections]
    return {min(levels)} if levels else set()


def _troubleshooting_sections(sections: Iterable[Section]) -> set[int]:
    """ids of the sections under (or being) a troubleshooting-named heading."""
    allowed: set[int] = set()
    for section in sections:
        if names_troubleshooting(section.text):
            allowed.update(id(inner) for inner in section.walk())
    return allowed


def extract(
    source: str,
    *,
    path: str,
    url: str,
    options: SlugOptions,
    include: Iterable[str] = (),
    nav: Sequence[str] = (),
) -> PageEntries:
    """The entries of one page. Never raises on any Markdown.

    ``include``: the plugin's ``include`` globs; ``nav``: the titles of the nav sections above
    the page. Both only help decide whether the page is a troubleshooting page
    (:mod:`fixbook.symptoms.pagekind`)."""
    document = parse(source, options, path)
    meta, problems = read_front_matter(document, path)
    components, component_problems = _components(meta, path, document.front_matter_line or 1)
    page = PageInfo.of(path, url, components)
    result = PageEntries(path, problems=problems + component_problems)
    front_line = document.front_matter_line or 1
    result.applies_to, applies_problems = applies.from_front_matter(meta, path, front_line)
    result.problems += applies_problems
    if document.page is not None:  # the page model's reading: a fence never closed
        result.problems += [
            Problem(path, problem.line, problem.message)
            for problem in document.page.problems
            if problem.kind == "fence"
        ]
    sections = list(document.walk())
    facts = {id(section): gather(section) for section in sections}
    shaped = any(is_shaped(section, facts[id(section)]) for section in sections)
    verdict = classify(path, meta, _page_title(document), nav, include, shaped)
    result.kind = verdict
    if verdict.kind is Kind.OFF:
        return result
    allowed = None if verdict.whole_page else _troubleshooting_sections(sections)
    if allowed is not None and not allowed:
        return result
    sure = _classify(document, facts, None)
    levels = {s.level for s in sections if id(s) in sure and not _under_excluded(s)}
    if allowed is not None:
        levels = {s.level for s in sections if id(s) in sure & allowed}
    if not levels and verdict.named:
        # A page (or section) named as troubleshooting whose problems are plain headings
        # ("## Wrong package version installed"): its main sections are the entries.
        levels = _main_levels(document, sections, allowed)
    chosen = _classify(document, facts, levels)
    tables_seen: dict[tuple[str, ...], int] = {}
    # A label heading's tables and tips are gathered by its entry, not again by itself.
    claimed: set[int] = set()
    if allowed is None:
        preamble = Section(level=0, line=1, text="", inline=[], anchor="", blocks=document.preamble)
        preamble_facts = gather(preamble)
        result.entries += _row_entries(document, None, preamble_facts, page, tables_seen, claimed)
        result.entries += _tip_entries(document, preamble_facts, page, claimed)
    for section in sections:
        if allowed is not None and id(section) not in allowed:
            continue
        f = facts[id(section)]
        if id(section) in chosen:
            result.entries.append(_section_entry(section, f, page))
            if f.applies_problem:
                message = "an 'Applies to:' line needs name: version pairs separated by ';'"
                result.problems.append(Problem(path, f.applies_problem, message))
        result.entries += _row_entries(document, section, f, page, tables_seen, claimed)
        result.entries += _tip_entries(document, f, page, claimed)
    result.entries.sort(key=lambda entry: entry.line)
    _unique_ids(result.entries)
    if result.entries:  # an entry's url must be unambiguous; other pages are not ours to lint
        result.problems += [
            Problem(path, line, f"duplicate anchor '#{anchor}' (also used at line {first})")
            for line, anchor, first in document.duplicate_ids
        ]
    return result


def _unique_ids(entries: list[Entry]) -> None:
    """Two headings with one custom id are reported (duplicate anchor) but still get two ids."""
    seen: set[str] = set()
    for entry in entries:
        base, number = entry.id, 0
        while entry.id in seen:
            number += 1
            entry.id = f"{base}_{number}"
        seen.add(entry.id)


def _under_excluded(section: Section) -> bool:
    parent = section.parent
    while parent is not None:
        if is_not_entry_title(parent.text):
            return True
        parent = parent.parent
    return False
