"""The Markdown of the generated index pages.

Every line links to the exact entry with a relative ``page.md#anchor`` link, so MkDocs
rewrites it for either url style and validates that the anchor exists. Text from the guides
is escaped: it is shown, never interpreted as Markdown or HTML.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from http import HTTPStatus

from .model import Entry

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!-])")  # Python-Markdown's escapable set


def escape(text: str) -> str:
    """Plain text for inline Markdown: HTML and Markdown syntax characters escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def code(text: str) -> str:
    """Inline code holding ``text`` exactly, whatever backticks it contains."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if longest else f"{fence}{text}{fence}"


@dataclass(frozen=True)
class IndexPage:
    """One generated page: where it goes, its nav title, and how to write it."""

    name: str  # file name inside the index folder
    title: str
    render: Callable[[Sequence[Entry], Callable[[Entry], str]], str]


def _link(entry: Entry, href: Callable[[Entry], str], guide: bool = True) -> str:
    suffix = f" · {escape(entry.guide)}" if guide else ""
    return f"[{escape(entry.title)}]({href(entry)}){suffix}"


def _initial(title: str) -> str:
    letter = next((char for char in title if char.isalnum()), "")
    return letter.upper() if letter.isalpha() and letter.isascii() else "0\N{EN DASH}9 and symbols"


def by_symptom(entries: Sequence[Entry], href: Callable[[Entry], str]) -> str:
    lines = ["# By symptom (A\N{EN DASH}Z)", "", "Every problem of every guide, by its title.", ""]
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[_initial(entry.title)].append(entry)
    for initial in sorted(groups, key=lambda key: (not key.isalpha(), key)):
        lines += [f"## {initial}", ""]
        for entry in sorted(groups[initial], key=lambda e: (e.title.casefold(), e.id)):
            lines.append(f"- {_link(entry, href)}")
        lines.append("")
    return "\n".join(lines)


def by_error(entries: Sequence[Entry], href: Callable[[Entry], str]) -> str:
    lines = ["# By error message", "", "The literal errors the guides quote, A\N{EN DASH}Z.", ""]
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        for error in entry.errors:
            groups[error].append(entry)
    for error in sorted(groups, key=lambda text: (text.casefold(), text)):
        links = "; ".join(_link(entry, href) for entry in groups[error])
        lines.append(f"- {code(error)} — {links}")
    return "\n".join([*lines, ""])


def _status_title(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def by_http_status(entries: Sequence[Entry], href: Callable[[Entry], str]) -> str:
    lines = ["# By HTTP status", "", "Problems that show up as an HTTP status code.", ""]
    groups: dict[int, list[Entry]] = defaultdict(list)
    for entry in entries:
        for status in entry.http_status:
            groups[status].append(entry)
    for status in sorted(groups):
        lines += [f"## {_status_title(status)}", ""]
        lines += [f"- {_link(entry, href)}" for entry in groups[status]]
        lines.append("")
    return "\n".join(lines)


def by_component(entries: Sequence[Entry], href: Callable[[Entry], str]) -> str:
    lines = ["# By component", "", "Problems by the part of the system they concern.", ""]
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        for component in entry.components:
            groups[component].append(entry)
    for component in sorted(groups):
        lines += [f"## {escape(component)}", ""]
        lines += [f"- {_link(entry, href)}" for entry in groups[component]]
        lines.append("")
    return "\n".join(lines)


def problem_groups(entries: Sequence[Entry]) -> list[list[Entry]]:
    """Entries linked by ``related`` (transitively) that span at least two guides, largest
    first; each group in id order."""
    by_id = {entry.id: entry for entry in entries}
    parent = {entry.id: entry.id for entry in entries}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for entry in entries:
        for other in entry.related:
            if other in parent:
                parent[root(other)] = root(entry.id)
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        groups[root(entry.id)].append(entry)
    found = [
        sorted(group, key=lambda e: e.id)
        for group in groups.values()
        if len({entry.guide for entry in group}) > 1
    ]
    del by_id
    return sorted(
        found, key=lambda group: (-len({e.guide for e in group}), -len(group), group[0].id)
    )


def _group_title(group: Sequence[Entry]) -> str:
    """The title of the entry most linked within the group names the problem."""
    ids = {entry.id for entry in group}
    best = max(group, key=lambda e: (len(ids.intersection(e.related)), -len(e.title), e.id))
    return best.title


def cross_guide(entries: Sequence[Entry], href: Callable[[Entry], str]) -> str:
    lines = [
        "# Seen in several products",
        "",
        "Problems that more than one guide describes: the fix in one product often helps in "
        "another.",
        "",
    ]
    for group in problem_groups(entries):
        lines += [f"## {escape(_group_title(group))}", ""]
        lines += [f"- {_link(entry, href)}" for entry in group]
        lines.append("")
    return "\n".join(lines)


INDEX_PAGES: tuple[IndexPage, ...] = (
    IndexPage("by-symptom.md", "By symptom (A\N{EN DASH}Z)", by_symptom),
    IndexPage("by-error.md", "By error message", by_error),
    IndexPage("by-http-status.md", "By HTTP status", by_http_status),
    IndexPage("by-component.md", "By component", by_component),
    IndexPage("cross-guide.md", "Seen in several products", cross_guide),
)
FINDER_PAGE = "finder.md"


def overview(entries: Sequence[Entry], finder: bool) -> str:
    """The section's ``index.md``: what each index page is for."""
    guides = {entry.guide for entry in entries}
    lines = [
        "# Symptom index",
        "",
        "Start from what you see: an error message, an HTTP status, a symptom.",
        "",
    ]
    if finder:
        lines.append(f"- [Find a fix by error message]({FINDER_PAGE}): paste an error or log lines")
    lines += [f"- [{page.title}]({page.name})" for page in INDEX_PAGES]
    lines += ["", f"{len(entries)} entries from {len(guides)} guides.", ""]
    return "\n".join(lines)


def relative_href(from_dir: str) -> Callable[[Entry], str]:
    """Links from a page in ``from_dir`` (a docs-relative folder) to entries."""

    def href(entry: Entry) -> str:
        return f"{posixpath.relpath(entry.path, from_dir or '.')}#{entry.anchor}"

    return href


def related_block(
    entries: Iterable[tuple[str | None, list[Entry]]],
    href: Callable[[Entry], str],
    title: str,
    admonition: bool,
) -> str:
    """The "Same problem elsewhere" block: ``(label, related entries)`` pairs, the label
    naming a table row when the block serves a table."""
    items = []
    for label, related in entries:
        if label:
            links = ", ".join(_link(entry, href) for entry in related)
            items.append(f"- **{escape(label)}**: {links}")
        else:
            items += [f"- {_link(entry, href)}" for entry in related]
    if admonition:
        body = "\n".join(f"    {item}" for item in items)
        return f'!!! info "{title.replace(chr(34), chr(39))}"\n\n{body}\n'
    return f"**{escape(title)}**\n\n" + "\n".join(items) + "\n"
