"""The generated index pages and the blocks put into the guides' pages: what they hold.

A page's headings stay Markdown (so they are in its toc), but its lists, which hold every
entry of the docs, are HTML put in place after rendering: Python-Markdown would spend seconds
on thousands of list items at 2,000 pages. This module gathers the data (links, groups); the
HTML comes from the Jinja templates of :mod:`fixbook.symptoms.templates`, which a theme can
override. Every link is registered with MkDocs' anchor validation by the plugin, and every
text from the guides is escaped by the templates: shown, never interpreted.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from mkdocs.utils import get_relative_url

from .model import Entry
from .templates import DEFAULT, Templates

Href = Callable[[Entry], str]
Link = dict[str, str]
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!-])")  # Python-Markdown's escapable characters


def escape(text: str) -> str:
    """Plain text for inline Markdown: HTML and Markdown syntax characters escaped."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def href_from(page_url: str) -> Href:
    """Links from the page at ``page_url`` (a site url) to entries."""
    # An index page links every entry, six or so to a page: one relative url per target page.
    relative: dict[str, str] = {}

    def href(entry: Entry) -> str:
        target, _, anchor = entry.url.partition("#")
        if target not in relative:
            relative[target] = get_relative_url(target, page_url)
        return f"{relative[target]}#{anchor}"

    return href


def link(entry: Entry, href: Href) -> Link:
    """What a template needs to link an entry: ``{href, title, guide}``."""
    return {"href": href(entry), "title": entry.title, "guide": entry.guide}


@dataclass
class GeneratedPage:
    """Markdown with placeholders, the list that replaces each, and the entries it links."""

    href: Href
    markdown_lines: list[str] = field(default_factory=list)
    lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    linked: list[Entry] = field(default_factory=list)

    @property
    def markdown(self) -> str:
        return "\n".join(self.markdown_lines) + "\n"

    def text(self, *lines: str) -> None:
        self.markdown_lines += [*lines, ""]

    def items(self, items: Iterable[tuple[str | None, Sequence[Entry]]]) -> None:
        """A list: (literal error or None, entries linked) per item."""
        key = f"fixbook-symptoms-list-{len(self.lists)}"
        data = []
        for code, entries in items:
            data.append({"code": code, "links": [link(entry, self.href) for entry in entries]})
            self.linked += entries
        self.lists[key] = data
        self.text(key)

    def html(self, page_html: str, templates: Templates = DEFAULT) -> str:
        """The rendered page with its lists in place (``index-list.html``)."""
        for key, items in self.lists.items():
            block = templates.render("index-list.html", items=items)
            page_html = page_html.replace(f"<p>{key}</p>", block, 1)
        return page_html


def _page(title: str, intro: str, href: Href) -> GeneratedPage:
    page = GeneratedPage(href)
    # Listing pages repeat every entry's title: the entries themselves are what search finds.
    page.text("---", "search:", "  exclude: true", "---")
    page.text(f"# {title}", intro)
    return page


def _entry_items(entries: Iterable[Entry]) -> list[tuple[str | None, list[Entry]]]:
    return [(None, [entry]) for entry in entries]


def _initial(title: str) -> str:
    letter = next((char for char in title if char.isalnum()), "")
    return letter.upper() if letter.isalpha() and letter.isascii() else "0\N{EN DASH}9 and others"


def _grouped(
    page: GeneratedPage,
    entries: Sequence[Entry],
    keys: Callable[[Entry], Iterable[Any]],
    heading: Callable[[Any], str],
    order: Callable[[Any], Any] = lambda key: key,
) -> GeneratedPage:
    """One heading per key (in ``order``), listing the entries that have that key."""
    groups: dict[Any, list[Entry]] = defaultdict(list)
    for entry in entries:
        for key in keys(entry):
            groups[key].append(entry)
    for key in sorted(groups, key=order):
        page.text(f"## {escape(heading(key))}")
        page.items(_entry_items(groups[key]))
    return page


def by_symptom(entries: Sequence[Entry], href: Href) -> GeneratedPage:
    page = _page("By symptom (A\N{EN DASH}Z)", "Every problem of every guide, by its title.", href)
    ordered = sorted(entries, key=lambda e: (e.title.casefold(), e.id))
    return _grouped(
        page, ordered, lambda e: [_initial(e.title)], str, lambda key: (not key.isalpha(), key)
    )


def by_error(entries: Sequence[Entry], href: Href) -> GeneratedPage:
    page = _page("By error message", "The literal errors the guides quote, A\N{EN DASH}Z.", href)
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        for error in entry.errors:
            groups[error].append(entry)
    page.items(
        (error, groups[error]) for error in sorted(groups, key=lambda text: (text.casefold(), text))
    )
    return page


def status_title(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def by_http_status(entries: Sequence[Entry], href: Href) -> GeneratedPage:
    page = _page("By HTTP status", "Problems that show up as an HTTP status code.", href)
    return _grouped(page, entries, lambda e: e.http_status, status_title)


def by_code(entries: Sequence[Entry], href: Href) -> GeneratedPage:
    page = _page(
        "By error code",
        "Stable codes (SQLSTATE, Prisma, errno, HTTP) the entries write or their messages imply.",
        href,
    )
    return _grouped(page, entries, lambda e: e.codes, str, lambda code: code.casefold())


def by_component(entries: Sequence[Entry], href: Href) -> GeneratedPage:
    page = _page("By component", "Problems by the part of the system they concern.", href)
    return _grouped(page, entries, lambda e: e.components, str)


def problem_groups(entries: Sequence[Entry]) -> list[list[Entry]]:
    """Entries linked by ``related`` (transitively) that span at least two guides, the
    groups spanning most guides first; each group in id order."""
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
    return sorted(found, key=lambda g: (-len({e.guide for e in g}), -len(g), g[0].id))


def _group_title(group: Sequence[Entry]) -> str:
    """The title of the entry most linked within the group names the problem."""
    ids = {entry.id for entry in group}
    best = max(group, key=lambda e: (len(ids.intersection(e.related)), -len(e.title), e.id))
    return best.title


def cross_guide(entries: Sequence[Entry], href: Href) -> GeneratedPage:
    page = _page(
        "Seen in several products",
        "Problems that more than one guide describes: the fix in one product often helps in "
        "another.",
        href,
    )
    for group in problem_groups(entries):
        page.text(f"## {escape(_group_title(group))}")
        page.items(_entry_items(group))
    return page


@dataclass(frozen=True)
class IndexPage:
    """One generated listing page: its file name, nav title, and how to build it."""

    name: str
    title: str
    build: Callable[[Sequence[Entry], Href], GeneratedPage]


INDEX_PAGES: tuple[IndexPage, ...] = (
    IndexPage("by-symptom.md", "By symptom (A\N{EN DASH}Z)", by_symptom),
    IndexPage("by-error.md", "By error message", by_error),
    IndexPage("by-http-status.md", "By HTTP status", by_http_status),
    IndexPage("by-code.md", "By error code", by_code),
    IndexPage("by-component.md", "By component", by_component),
    IndexPage("cross-guide.md", "Seen in several products", cross_guide),
)
FINDER_PAGE = "finder.md"


def overview(entries: Sequence[Entry], finder: bool) -> str:
    """The section's ``index.md``: what each page is for (Markdown links, MkDocs checks)."""
    guides = {entry.guide for entry in entries}
    lines = [
        "# Symptom index",
        "",
        "Start from what you see: an error, an HTTP status, a symptom.",
        "",
    ]
    if finder:
        lines.append(f"- [Find a fix by error message]({FINDER_PAGE}): paste an error or log lines")
    lines += [f"- [{page.title}]({page.name})" for page in INDEX_PAGES]
    lines += ["", f"{len(entries)} entries from {len(guides)} guides.", ""]
    return "\n".join(lines)


def related_block(
    groups: Iterable[tuple[str | None, Sequence[Entry]]],
    href: Href,
    title: str,
    templates: Templates = DEFAULT,
) -> str:
    """The "Same problem elsewhere" block (``related.html``): ``(label, related entries)``
    pairs, the label naming a table row or tip when the block serves several of them."""
    data = [
        {"label": label, "links": [link(entry, href) for entry in related]}
        for label, related in groups
    ]
    return templates.render("related.html", title=title, groups=data)


def alias_marker(old_anchor: str, templates: Templates = DEFAULT) -> str:
    """An empty element that keeps a renamed entry's published anchor (``alias.html``)."""
    return templates.render("alias.html", old_anchor=old_anchor).strip()


def moved_notes(aliases: Iterable[Any], href: Href, templates: Templates = DEFAULT) -> str:
    """Notes carrying published anchors of entries that moved to another page."""
    moved = [{"old_anchor": alias.old_anchor, **link(alias.entry, href)} for alias in aliases]
    return templates.render("moved.html", moved=moved)


def moved_page(aliases: Iterable[Any], href: Href, templates: Templates = DEFAULT) -> str:
    """A page standing in for a removed page, so its published entry urls still resolve."""
    notes = moved_notes(aliases, href, templates)
    return "---\nsearch:\n  exclude: true\n---\n\n# Moved entries\n\n" + notes


def applies_to_box(applies_to: dict[str, str], templates: Templates = DEFAULT) -> str:
    """The "Applies to" box of a page (``applies-to.html``)."""
    return templates.render("applies-to.html", applies_to=applies_to)
