"""Changes to a rendered page's HTML during the build: the "Same problem elsewhere" blocks,
the ``id`` of each table-row and admonition entry, the old anchors of renamed entries
(published-id aliases), and the check that every entry's anchor is an id the rendered page
really has. The HTML inserted comes from :mod:`fixbook.symptoms.pages`."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .model import Entry, Problem
from .pages import Href, alias_marker, moved_notes, related_block
from .published import Alias
from .templates import DEFAULT, Templates

_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.DOTALL)
_ROW = re.compile(r"<tr\b([^>]*)>(.*?)</tr>", re.DOTALL)
_CELL = re.compile(r"<t([hd])\b[^>]*>(.*?)</t[hd]>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_HEADING = re.compile(r"<h([1-6])\b")
_ADMONITION = re.compile(
    r'<div class="admonition\b([^"]*)"([^>]*)>\s*<p class="admonition-title">(.*?)</p>', re.DOTALL
)


def _heading_section_end(page_html: str, anchor: str) -> int | None:
    """Where the section of the heading with this id ends: at the next heading of the same or
    a higher level, or at the end of the page."""
    found = page_html.find(f' id="{anchor}"')
    start = page_html.rfind("<h", 0, found)
    if found < 0 or start < 0 or not page_html[start + 2 : start + 3].isdigit():
        return None
    level = int(page_html[start + 2])
    end = len(page_html)
    for following in _HEADING.finditer(page_html, found):
        if int(following.group(1)) <= level:
            end = following.start()
            break
    # A rule closing the section (`---` between entries) stays after the block.
    before = page_html[:end].rstrip()
    return len(before) - len("<hr />") if before.endswith("<hr />") else end


def _element_end(page_html: str, anchor: str, tag: str) -> int | None:
    """The end of the element (``table`` or ``div``) holding or bearing the id."""
    found = page_html.find(f' id="{anchor}"')
    if found < 0:
        return None
    if tag == "table":
        end = page_html.find("</table>", found)
        return None if end < 0 else end + len("</table>")
    depth = 0
    for match in re.compile(r"<div\b|</div>").finditer(
        page_html, page_html.rfind("<div", 0, found)
    ):
        depth += 1 if match.group() == "<div" else -1
        if depth == 0:
            return match.end()
    return None


def insert_related_blocks(
    page_html: str,
    entries: Sequence[Entry],
    lookup: Mapping[str, Entry],
    href: Href,
    title: str,
    templates: Templates = DEFAULT,
) -> tuple[str, list[Entry]]:
    """Put a "Same problem elsewhere" block at the end of each entry with related entries
    (after the table or the tip for those entries); return the page and the entries linked."""
    blocks: dict[int, list[tuple[str | None, list[Entry]]]] = {}
    linked: list[Entry] = []
    for entry in entries:
        related = [lookup[other] for other in entry.related if other in lookup]
        if not related:
            continue
        if entry.table_row:
            position = _element_end(page_html, entry.anchor, "table")
        elif entry.admonition:
            position = _element_end(page_html, entry.anchor, "div")
        else:
            position = _heading_section_end(page_html, entry.anchor)
        if position is None:
            continue  # the anchor is missing: reported by `missing_anchors`
        label = entry.title if entry.table_row or entry.admonition else None
        blocks.setdefault(position, []).append((label, related))
        linked += related
    for position in sorted(blocks, reverse=True):
        block = related_block(blocks[position], href, title, templates)
        page_html = f"{page_html[:position].rstrip()}\n{block}{page_html[position:]}"
    return page_html, linked


_H1_END = re.compile(r"</h1>")


def insert_applies_to(page_html: str, box: str) -> str:
    """The "Applies to" box right under the page's title (or first, without one)."""
    end = _H1_END.search(page_html)
    position = end.end() if end else 0
    return f"{page_html[:position]}\n{box}{page_html[position:]}"


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", fragment)).split())


def _find_row(
    tables: list[list[re.Match[str]]], occurrence: int, number: int, first_cell: str
) -> re.Match[str] | None:
    """The row in the expected table, or else in another table with the same header (the
    Markdown parsers may disagree about a table nested in a list)."""
    order = [occurrence, *(i for i in range(len(tables)) if i != occurrence)]
    for index in order:
        rows = tables[index] if index < len(tables) else []
        row = rows[number] if number < len(rows) else None
        cells = _CELL.findall(row.group(2)) if row else []
        if row is not None and cells and _text(cells[0][1]) == first_cell:
            return row
    return None


def inject_row_ids(page_html: str, entries: Iterable[Entry]) -> tuple[str, set[str], list[Problem]]:
    """Put each table-row entry's anchor on its ``<tr>``. Tables are matched by their header
    (and its occurrence), rows by position, checked against the row's first cell."""
    wanted = [entry for entry in entries if entry.table_row]
    if not wanted:
        return page_html, set(), []
    tables: dict[tuple[str, ...], list[list[re.Match[str]]]] = {}
    for table in _TABLE.finditer(page_html):
        rows = list(_ROW.finditer(page_html, table.start(), table.end()))
        if not rows:
            continue
        header = tuple(_text(cell) for kind, cell in _CELL.findall(rows[0].group(2)))
        body = rows[1:] if "<th" in rows[0].group(2) else rows
        tables.setdefault(header, []).append(body)
    edits: list[tuple[int, str]] = []
    added: set[str] = set()
    problems: list[Problem] = []
    for entry in wanted:
        where = entry.table_row
        assert where is not None
        row = _find_row(tables.get(where.header, []), where.occurrence, where.row, where.first_cell)
        if row is None:
            problems.append(
                Problem(
                    entry.path,
                    entry.line,
                    f"table row of entry '{entry.title}' not found in the rendered page",
                )
            )
            continue
        if "id=" not in row.group(1):
            edits.append((row.start() + len("<tr"), f' id="{html.escape(entry.anchor)}"'))
            added.add(entry.anchor)
    for position, text in sorted(edits, reverse=True):
        page_html = page_html[:position] + text + page_html[position:]
    return page_html, added, problems


def comparable(text: str) -> str:
    """Heading text reduced to what survives any slugify: letters and digits, case-folded."""
    return re.sub(r"[\W_]+", "", text).casefold()


def toc_titles(toc: Iterable[Any]) -> dict[str, str]:
    """id -> title of every heading in a page's toc (MkDocs' ``page.toc``), nested or not."""
    titles: dict[str, str] = {}
    stack = list(toc)
    while stack:
        item = stack.pop()
        titles[item.id] = html.unescape(item.title)
        stack.extend(item.children)
    return titles


def inject_admonition_ids(
    page_html: str, entries: Iterable[Entry]
) -> tuple[str, set[str], list[Problem]]:
    """Put each admonition entry's anchor on its ``<div class="admonition">``, matched by
    title in document order."""
    wanted = [entry for entry in entries if entry.admonition]
    if not wanted:
        return page_html, set(), []
    found: dict[str, list[re.Match[str]]] = {}
    for match in _ADMONITION.finditer(page_html):
        found.setdefault(" ".join(_text(match.group(3)).split()), []).append(match)
    edits: list[tuple[int, str]] = []
    added: set[str] = set()
    problems: list[Problem] = []
    for entry in wanted:
        candidates = found.get(entry.admonition, [])
        if not candidates:
            problems.append(
                Problem(
                    entry.path,
                    entry.line,
                    f"admonition of entry '{entry.title}' not found in the rendered page",
                )
            )
            continue
        match = candidates.pop(0)
        if "id=" not in match.group(2):
            edits.append((match.start(2), f' id="{html.escape(entry.anchor)}"'))
            added.add(entry.anchor)
    for position, text in sorted(edits, reverse=True):
        page_html = page_html[:position] + text + page_html[position:]
    return page_html, added, problems


def inject_ids(page_html: str, entries: Sequence[Entry]) -> tuple[str, set[str], list[Problem]]:
    """The ids of table-row and admonition entries, which toc does not make."""
    page_html, rows, row_problems = inject_row_ids(page_html, entries)
    page_html, tips, tip_problems = inject_admonition_ids(page_html, entries)
    return page_html, rows | tips, row_problems + tip_problems


def missing_anchors(
    entries: Iterable[Entry], present: set[str], headings: Mapping[str, str]
) -> list[Problem]:
    """Entries whose anchor the rendered page does not have, or has on another heading
    (when Python-Markdown and markdown-it disagree about what is a heading)."""
    problems = []
    for entry in entries:
        if entry.anchor not in present:
            reason = "is not an id of the rendered page"
        elif (
            entry.heading
            and entry.anchor in headings
            and comparable(headings[entry.anchor]) != comparable(entry.heading)
        ):
            reason = (
                f"is the id of another heading ({headings[entry.anchor]!r}) in the rendered page"
            )
        else:
            continue
        problems.append(
            Problem(
                entry.path,
                entry.line,
                f"anchor '#{entry.anchor}' of entry '{entry.title}' {reason}",
            )
        )
    return problems


def insert_aliases(
    page_html: str, aliases: Sequence[Alias], href: Href, templates: Templates = DEFAULT
) -> tuple[str, set[str], list[Problem]]:
    """Make published ids that moved still resolve: an empty element carrying the old anchor
    inside the renamed entry (same page), or a "moved" note carrying it at the end of the old
    page (the entry went to another page)."""
    added: set[str] = set()
    problems: list[Problem] = []
    notes: list[Alias] = []
    for alias in aliases:
        if f' id="{alias.old_anchor}"' in page_html:
            continue  # the page still has that id (another element took it): nothing to add
        if not alias.same_page:
            notes.append(alias)
            continue
        found = page_html.find(f' id="{alias.entry.anchor}"')
        end = page_html.find(">", found) + 1 if found >= 0 else 0
        if found < 0 or end <= 0:
            problems.append(
                Problem(
                    alias.entry.path,
                    alias.entry.line,
                    f"alias '#{alias.old_anchor}' not placed: the entry's anchor is missing",
                )
            )
            continue
        tag = page_html[page_html.rfind("<", 0, found) + 1 : found]
        if tag == "tr":  # a row takes no <span>: put it in the first cell
            end = page_html.find(">", page_html.find("<td", end)) + 1
        marker = alias_marker(alias.old_anchor, templates)
        page_html = page_html[:end] + marker + page_html[end:]
        added.add(alias.old_anchor)
    if notes:
        page_html = page_html.rstrip() + "\n" + moved_notes(notes, href, templates)
        added.update(alias.old_anchor for alias in notes)
    return page_html, added, problems
