"""Material's search finds an entry by a phrase of its error text and opens its section,
from the hosted site and from file:// (where it runs through the vendored iframe-worker shim)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from .site_browsing import (
    Site,
    Tab,
    distinctive_entry,
    save_screenshot,
    search_phrase,
    symptom_entries,
)

pytestmark = pytest.mark.browser

SEARCH_INPUT = "input.md-search__input"
RESULT_LINK = ".md-search-result a.md-search-result__link"


def search(page: Page, phrase: str) -> None:
    field = page.locator(SEARCH_INPUT)
    field.click()
    field.fill(phrase)
    field.press("End")  # Material starts a search on keyup, which fill() does not send


def test_search_finds_an_entry_by_its_error_text_and_opens_its_section(
    tab: Tab, site: Site
) -> None:
    entry, error = distinctive_entry(symptom_entries(site.root))
    page_path, anchor = entry["url"].split("#", 1)
    page = tab.page
    page.goto(site.url("index.html"))
    save_screenshot(page, "landing", site)

    search(page, search_phrase(error))

    expect(page.locator(RESULT_LINK).first).to_be_attached(timeout=10_000)
    result = page.locator(f'{RESULT_LINK}[href*="{page_path}"][href$="#{anchor}"]').first
    expect(result, f"no search result opens {entry['url']}").to_be_attached()
    if not result.is_visible():  # lesser sections of a page sit in a collapsed "more" block
        page.locator("details.md-search-result__more", has=result).locator("summary").click()
    result.click()

    expect(page).to_have_url(re.compile(f"#{re.escape(anchor)}$"))
    assert site.path_of(page.url) == page_path
    assert urlsplit(page.url).fragment == anchor
    expect(page.locator(f'[id="{anchor}"]')).to_be_in_viewport()
    save_screenshot(page, "entry", site)


def test_search_reports_a_phrase_no_page_contains(tab: Tab, site: Site) -> None:
    page = tab.page
    page.goto(site.url("index.html"))

    search(page, "qwxzy vbnmk")

    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile("No matching"))
    expect(page.locator(RESULT_LINK)).to_have_count(0)
