"""The finder page: a reader pastes a log excerpt and the entry that fixes it comes first;
it works with the keyboard alone; index text is shown as text, never run as HTML.

The tests know the page only as a reader does: one labelled text area, and links to entries
(``symptoms.json`` urls) that follow it, best first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
import session_share
from playwright.sync_api import Browser, Locator, Page, expect
from session_share import exclusive

from .site_browsing import (
    Site,
    Tab,
    build_site,
    distinctive_entry,
    save_screenshot,
    serve,
    symptom_entries,
)

pytestmark = pytest.mark.browser

FINDER = "symptoms/finder.html"

# The hrefs of the links that follow the finder's text area in the page, in document order.
LINKS_AFTER = """area => [...document.querySelectorAll("a[href]")]
  .filter(link => area.compareDocumentPosition(link) & Node.DOCUMENT_POSITION_FOLLOWING)
  .map(link => link.href)"""

# Every name the text area is given: its <label>s, aria-labelledby and aria-label.
ACCESSIBLE_LABELS = """area => [
  ...[...(area.labels || [])].map(label => label.textContent),
  ...(area.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean)
    .map(id => (document.getElementById(id) || {}).textContent || ""),
  area.getAttribute("aria-label") || "",
].map(text => text.trim()).filter(Boolean)"""


def log_excerpt(error: str) -> str:
    """``error`` as a reader meets it: inside a traceback, between timestamped log lines."""
    return (
        "2026-11-22T05:41:07.123Z INFO  [web-7f9c4d] GET /healthz 200 2ms\n"
        "2026-11-22T05:41:09.481Z ERROR [worker-3] job 8c1e2f0a-77b1 failed (attempt 1)\n"
        "Traceback (most recent call last):\n"
        '  File "/srv/app/jobs/runner.py", line 214, in run\n'
        "    result = handler(payload)\n"
        f"{error}\n"
        "2026-11-22T05:41:09.502Z WARN  [worker-3] host=10.4.2.17:8443 request_id=5b9e0c\n"
    )


def text_area(page: Page) -> Locator:
    area = page.locator(".md-content textarea")
    expect(area, "the finder page holds one text area").to_have_count(1)
    return area


def paste(page: Page, area: Locator, text: str) -> None:
    """Paste through the clipboard, as a reader does (an ``insertFromPaste`` input event)."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    area.focus()
    # The xdist workers share one Chromium and so one clipboard: copy and paste under a lock.
    with exclusive("clipboard"):
        page.evaluate("text => navigator.clipboard.writeText(text)", text)
        page.wait_for_function(
            "async text => (await navigator.clipboard.readText()) === text", arg=text
        )
        page.keyboard.press("ControlOrMeta+V")
        expect(area).to_have_value(text)


def entry_results(area: Locator, site: Site, entry_urls: set[str]) -> list[str]:
    """The entry urls the finder lists after its text area, best first."""
    found = []
    for href in area.evaluate(LINKS_AFTER):
        url = f"{site.path_of(href)}#{urlsplit(href).fragment}"
        if url in entry_urls:
            found.append(url)
    return found


@dataclass
class FinderCase:
    """The finder page open, and an entry a reader should find first by its error text."""

    page: Page
    area: Locator
    site: Site
    entry: dict[str, Any]
    error: str
    entry_urls: set[str]

    def results_once_entry_is_first(self) -> list[str]:
        """The results once the entry is listed first (or what is listed after 5 s)."""
        results: list[str] = []
        for _ in range(50):
            results = entry_results(self.area, self.site, self.entry_urls)
            if results[:1] == [self.entry["url"]]:
                break
            self.page.wait_for_timeout(100)
        return results


@pytest.fixture
def finder(tab: Tab, site: Site) -> FinderCase:
    entries = symptom_entries(site.root)
    entry, error = distinctive_entry(entries)
    tab.page.goto(site.url(FINDER))
    area = text_area(tab.page)
    return FinderCase(tab.page, area, site, entry, error, {item["url"] for item in entries})


def test_a_pasted_log_excerpt_lists_the_entry_that_fixes_it_first(finder: FinderCase) -> None:
    paste(finder.page, finder.area, log_excerpt(finder.error))

    results = finder.results_once_entry_is_first()
    assert results[:1] == [finder.entry["url"]], f"for {finder.error!r}: {results[:3]}"
    save_screenshot(finder.page, "finder-results", finder.site)


def test_a_deep_link_fills_the_box_and_lists_the_entry_first(finder: FinderCase) -> None:
    """``finder.html#q=<encodeURIComponent(text)>``: the query travels in the fragment only."""
    text = log_excerpt(finder.error)
    link = finder.site.url(FINDER) + "#q=" + quote(text, safe="")
    finder.page.goto(link)
    finder.page.reload()  # a fragment-only change does not reload: open the link afresh
    area = text_area(finder.page)
    expect(area).to_have_value(text)
    finder.area = area
    results = finder.results_once_entry_is_first()
    assert results[:1] == [finder.entry["url"]], f"for {finder.error!r}: {results[:3]}"
    assert "score" not in finder.page.locator(".fixbook-finder__results").inner_text()


def test_the_finder_text_area_has_a_label(finder: FinderCase) -> None:
    labels = finder.area.evaluate(ACCESSIBLE_LABELS)

    assert labels, "the finder's text area has no label (a placeholder is not one)"


def test_the_finder_works_with_the_keyboard_alone(finder: FinderCase) -> None:
    page, area, site = finder.page, finder.area, finder.site
    for _ in range(60):  # Tab through the header and the navigation to the text area
        page.keyboard.press("Tab")
        if area.evaluate("area => area === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reaches the finder's text area")
    page.keyboard.type(finder.error)
    results = finder.results_once_entry_is_first()
    assert results[:1] == [finder.entry["url"]], f"typing {finder.error!r}: {results[:3]}"
    for _ in range(3):  # past the controls of the form, if any, to the first result
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.href || null")
        if focused:
            break
    assert focused is not None, "Tab from the text area does not reach a result link"
    assert f"{site.path_of(focused)}#{urlsplit(focused).fragment}" == finder.entry["url"]
    page.keyboard.press("Enter")

    expect(page).to_have_url(focused)
    expect(page.locator(f'[id="{urlsplit(focused).fragment}"]')).to_be_in_viewport()


# --- index text is text --------------------------------------------------------------------

SCRIPT_TITLE = '<script>alert("script in a title")</script>'
IMG_TITLE = '<img src=x onerror=alert("img in a title")>'
HOSTILE_PAGE = f"""\
# Rendering

## `{SCRIPT_TITLE}` printed in the page

**Symptoms**

- The page shows `{SCRIPT_TITLE}` as text above the form.

**Cause**

A template escapes a value twice.

**Fix**

1. Escape once, when the value is inserted.

## `{IMG_TITLE}` instead of the avatar

**Symptoms**

- The profile shows `{IMG_TITLE}` where the avatar should be.

**Cause**

A template inserts user text as HTML.

**Fix**

1. Insert user text with `textContent`, never `innerHTML`.
"""


def _build_hostile_site(project: Path) -> dict[str, str]:
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Hostile\n\nOne page of rendering problems.\n")
    (project / "docs" / "rendering.md").write_text(HOSTILE_PAGE)
    (project / "mkdocs.yml").write_text(
        "site_name: Hostile\nuse_directory_urls: false\ntheme: material\n"
        "plugins:\n  - search\n  - symptoms\n"
    )
    return {"site_dir": str(build_site(project / "mkdocs.yml", project / "site"))}


@pytest.fixture(scope="session")
def hostile_site() -> Path:
    """A tiny site, with the bare configuration any docs folder may use (docs/reference/), whose
    entries have HTML in their titles; built once per run (tests/session_share.py)."""
    return Path(session_share.once("hostile-site", _build_hostile_site)["site_dir"])


def assert_shown_as_text(tab: Tab) -> None:
    """Both titles are readable as written, and nothing they hold ran (no dialog, no image)."""
    content = tab.page.locator(".md-content")
    for title in (SCRIPT_TITLE, IMG_TITLE):
        expect(content.get_by_text(title).first).to_be_visible()
    tab.page.wait_for_load_state("networkidle")  # an onerror fires once its image failed
    assert tab.problems.dialogs == []
    assert tab.problems.page_errors == []
    assert content.locator("img[src='x']").count() == 0


def test_html_in_an_entry_title_is_listed_as_text_and_never_runs(
    browser: Browser, hostile_site: Path
) -> None:
    with serve(hostile_site) as base:
        tab = Tab(browser)
        try:
            tab.page.goto(Site(hostile_site, base, "http").url(FINDER))
            area = text_area(tab.page)

            paste(tab.page, area, f"GET /profile 500\n{SCRIPT_TITLE}\n{IMG_TITLE}\n")

            assert_shown_as_text(tab)
        finally:
            tab.close()


def test_index_pages_show_html_in_an_entry_title_as_text(
    browser: Browser, hostile_site: Path
) -> None:
    site = Site(hostile_site, hostile_site.as_uri() + "/", "file")
    tab = Tab(browser)
    try:
        for path in site.pages():
            tab.page.goto(site.url(path))  # an image's onerror runs before "load"
            assert tab.problems.dialogs == [], f"{path} ran a script of an entry title"
        tab.page.goto(site.url("symptoms/by-symptom.html"))

        assert_shown_as_text(tab)
    finally:
        tab.close()
