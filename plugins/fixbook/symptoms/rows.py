"""Entries that are not sections: the rows of a symptom table (a header naming a symptom
column and a cause/fix column makes one entry per row) and error admonitions
(``!!! tip "Error: …"``). The plugin puts their anchors on the ``<tr>`` / ``<div>``."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from markdown_it.token import Token

from fixbook.finder.statuses import status_phrases

from .conventions import (
    Role,
)
from .document import Block, Document, Section, inline_children, plain_text
from .facts import Facts, Part, gather_nested, tip_title
from .literals import (
    looks_like_error,
)
from .model import Entry, PageInfo, TableRow
from .wording import (
    MAX_ERRORS,
    clean_title,
    fence_errors,
    heading_errors,
    short,
    statuses,
    unique,
)


def row_entries(
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
                errors=unique(errors, MAX_ERRORS),
                http_status=statuses(text),
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


def tip_entries(
    document: Document, facts: Facts, page: PageInfo, claimed: set[int]
) -> Iterator[Entry]:
    for block in facts.tips:
        if id(block) in claimed:
            continue
        claimed.add(id(block))
        inline = tip_title(block)
        heading = " ".join(plain_text(inline).split())
        title = clean_title(heading)[0]
        body = Part(Role.SYMPTOM)
        start = next(i for i, t in enumerate(block.tokens) if t.type == "admonition_title_close")
        gather_nested(Block("admonition", block.line, block.end, block.tokens[start + 1 :]), body)
        errors = heading_errors(heading, inline) + list(fence_errors(body.fences))
        anchor = document.anchors.extra(heading)
        yield page.entry(
            anchor,
            title=title,
            line=block.line,
            symptoms=[title],
            errors=unique(errors, MAX_ERRORS),
            http_status=statuses(title, *errors),
            has_fix=bool(body.texts or body.fences),
            fix=short(body.first),
            admonition=heading,
        )
