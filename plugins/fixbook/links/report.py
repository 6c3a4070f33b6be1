"""The external links report: which other sites the handbook links to, and from which pages.

Links are listed, never fetched: a build must not depend on other sites being up, and checking
them is a separate, deliberate step before a release.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from fixbook.links.references import html_references, is_external

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


@dataclass(frozen=True)
class SourcePage:
    """A page that links out: its Markdown path (relative to ``docs_dir``) and its title."""

    src_uri: str
    title: str

    @property
    def label(self) -> str:
        """The title, with the page's top folder (its guide) when it has one: several guides
        have a page called "Getting help"."""
        folder = self.src_uri.split("/")[0] if "/" in self.src_uri else ""
        return f"{self.title} ({folder})" if folder else self.title


@dataclass
class ExternalLink:
    url: str
    pages: list[SourcePage] = field(default_factory=list)

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or self.url


def external_links_of(html: str, schemes: frozenset[str]) -> list[str]:
    """The external ``<a href>`` targets of a page's HTML, once each, in page order."""
    urls = (ref.url for ref in html_references(html) if ref.tag == "a" and ref.attribute == "href")
    return list(dict.fromkeys(url for url in urls if is_external(url, schemes)))


def collect(pages: Iterable[tuple[SourcePage, str]], schemes: frozenset[str]) -> list[ExternalLink]:
    """Group the external links of ``(page, html)`` pairs by URL, sorted by host then URL."""
    by_url: dict[str, ExternalLink] = {}
    for page, html in pages:
        for url in external_links_of(html, schemes):
            by_url.setdefault(url, ExternalLink(url)).pages.append(page)
    return sorted(by_url.values(), key=lambda link: (link.host, link.url))


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def escape_markdown(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def markdown_url(url: str) -> str:
    """``url`` as a Markdown link destination (angle brackets allow spaces and parentheses)."""
    for character, escaped in (("<", "%3C"), (">", "%3E"), ("|", "%7C"), ("\n", "")):
        url = url.replace(character, escaped)
    return f"<{url}>"


def render(links: list[ExternalLink], *, title: str, report_uri: str) -> str:
    """The report page's Markdown; page links are relative to ``report_uri``, so MkDocs
    resolves and validates them like any link between pages."""
    here = posixpath.dirname(report_uri)
    hosts = len({link.host for link in links})
    lines = [
        f"# {escape_markdown(title)}",
        "",
        "Every link from the handbook's pages to another site, grouped by site, with the pages",
        "that use it. The build lists these links and never fetches them; check them before a",
        "release.",
        "",
    ]
    if not links:
        lines.append("The handbook links to no other site.")
        return "\n".join(lines) + "\n"
    lines += [f"{plural(len(links), 'link')} to {plural(hosts, 'site')}.", ""]
    by_host: dict[str, list[ExternalLink]] = defaultdict(list)
    for link in links:
        by_host[link.host].append(link)
    for host, host_links in by_host.items():
        lines += [f"## {escape_markdown(host)}", "", "| Link | Used on |", "| --- | --- |"]
        for link in host_links:
            used_on = ", ".join(
                f"[{escape_markdown(page.label)}]"
                f"({markdown_url(posixpath.relpath(page.src_uri, here or '.'))})"
                for page in link.pages
            )
            lines.append(f"| [{escape_markdown(link.url)}]({markdown_url(link.url)}) | {used_on} |")
        lines.append("")
    return "\n".join(lines)
