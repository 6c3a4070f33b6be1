"""The symptom index pages (by symptom, error, HTTP status, component, across guides) link
only to pages and anchors that exist.

The links are read from the pages as the browser shows them (hrefs resolved by the browser);
their targets are looked up in the built pages' HTML, where every id of a Material page is
(opening each of the ~50 target pages would add seconds per run for the same answer).
"""

from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from .site_browsing import Site, Tab, save_screenshot

pytestmark = pytest.mark.browser

INDEX_DIR = "symptoms/"
NOT_INDEXES = {"symptoms/finder.html"}
SCREENSHOT_OF = "symptoms/by-error.html"
CONTENT_LINKS = """() => [...document.querySelectorAll(".md-content a[href]")]
  .filter(link => !link.classList.contains("headerlink")).map(link => link.href)"""


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(value for name, value in attrs if name == "id" and value)


def ids_in(html: str) -> set[str]:
    """Every element id of an HTML page: what a ``#fragment`` can scroll to."""
    parser = _Ids()
    parser.feed(html)
    return parser.ids


def index_pages(site: Site) -> list[str]:
    pages = [page for page in site.pages() if page.startswith(INDEX_DIR)]
    return [page for page in pages if page not in NOT_INDEXES]


def test_the_handbook_has_symptom_index_pages(site: Site) -> None:
    pages = index_pages(site)
    assert len(pages) >= 5, f"expected the five symptom index pages under {INDEX_DIR}: {pages}"


def test_every_link_of_the_index_pages_reaches_an_existing_anchor(tab: Tab, site: Site) -> None:
    page = tab.page
    anchors: dict[str, set[str]] = defaultdict(set)  # target page -> anchors linked to
    linked_from: dict[str, str] = {}
    for index in index_pages(site):
        page.goto(site.url(index))
        if index == SCREENSHOT_OF:
            save_screenshot(page, "index-by-error", site)
        for link in page.evaluate(CONTENT_LINKS):
            if not link.startswith(site.base):
                continue  # the external links report lists those
            target = site.path_of(link) or "index.html"
            anchors[target].add(urlsplit(link).fragment)
            linked_from.setdefault(f"{target}#{urlsplit(link).fragment}", index)

    assert any(anchors.values()), "the index pages link to no entry anchor"
    broken = []
    for target, wanted in sorted(anchors.items()):
        target_file = site.root / target
        if not target_file.is_file():
            broken.append(target)
            continue
        missing = wanted - {""} - ids_in(target_file.read_text(encoding="utf-8"))
        broken += [f"{target}#{anchor}" for anchor in sorted(missing)]
    assert not broken, "links to missing targets: " + ", ".join(
        f"{target} (from {linked_from.get(target, '?')})" for target in broken
    )
