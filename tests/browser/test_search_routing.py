"""The header search box sends an error to the finder instead of Material's search.

lunr, behind Material's search, reads its input as a query language: log text such as
``pre-install:``, ``~/path`` or quoted messages gives a syntax error or nothing, and ``~100%``
froze search for the rest of the tab. A pasted error (long, multi-line, or with log syntax)
therefore opens ``finder.html#q=<text>``; a few plain words still get Material's results.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import Page, expect
from session_share import exclusive

from .site_browsing import Site, Tab

pytestmark = pytest.mark.browser

SEARCH_INPUT = "input.md-search__input"
RESULT_LINK = ".md-search-result a.md-search-result__link"
FINDER_INPUT = "#fixbook-finder-input"
TRACEBACK = """Traceback (most recent call last):
  File "/srv/app/manage.py", line 22, in <module>
    main()
redis.exceptions.ConnectionError: Error 111 connecting to localhost:6379. Connection refused."""


def paste(page: Page, text: str) -> None:
    """Paste ``text`` into the header search box as a reader does: clipboard, then Ctrl+V."""
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    field = page.locator(SEARCH_INPUT)
    field.click()
    # The xdist workers share one Chromium and so one clipboard: copy and paste under a lock,
    # and wait until the clipboard reads back the new text before pasting it.
    with exclusive("clipboard"):
        page.evaluate("text => navigator.clipboard.writeText(text)", text)
        page.wait_for_function(
            "async text => (await navigator.clipboard.readText()) === text", arg=text
        )
        field.press("ControlOrMeta+v")


def finder_text(page: Page, site: Site) -> str:
    page.wait_for_url("**/symptoms/finder.html#q=*")
    assert site.path_of(page.url) == "symptoms/finder.html"
    return unquote(urlsplit(page.url).fragment.removeprefix("q="))


@pytest.mark.parametrize(
    "error",
    [
        "~100%",
        TRACEBACK,
        "npm ERR! code ELIFECYCLE pre-install: `node scripts/check.js`",
        "---> Running in 3f2a1b ~/app/node_modules",
        '"Invalid signature"',
    ],
    ids=["tilde-percent", "traceback", "pre-install", "arrow-and-home-path", "quoted"],
)
def test_a_pasted_error_opens_the_finder_with_it(tab: Tab, site: Site, error: str) -> None:
    page = tab.page
    page.goto(site.url("pydbapi/index.html"))

    paste(page, error)

    assert finder_text(page, site) == error
    expect(page.locator(FINDER_INPUT)).to_have_value(error)


def test_typed_log_syntax_is_kept_from_search_and_enter_opens_the_finder(
    tab: Tab, site: Site
) -> None:
    page = tab.page
    page.goto(site.url("index.html"))
    field = page.locator(SEARCH_INPUT)
    field.click()

    field.press_sequentially("~100%")

    expect(page.locator(".fixbook-search-hint")).to_be_visible()
    expect(page.locator(RESULT_LINK)).to_have_count(0)
    field.press("Enter")
    assert finder_text(page, site) == "~100%"


def test_plain_words_still_get_material_search_results(tab: Tab, site: Site) -> None:
    page = tab.page
    page.goto(site.url("index.html"))
    field = page.locator(SEARCH_INPUT)
    field.click()

    field.press_sequentially("alembic")  # typed: Material searches on keyup

    expect(page.locator(RESULT_LINK).first).to_be_visible(timeout=10_000)
    expect(page.locator(".fixbook-search-hint")).to_be_hidden()
    assert site.path_of(page.url) == "index.html"


def test_a_pasted_word_is_searched_by_material(tab: Tab, site: Site) -> None:
    page = tab.page
    page.goto(site.url("index.html"))

    paste(page, "migration")
    page.locator(SEARCH_INPUT).press("End")  # Material searches on keyup

    expect(page.locator(SEARCH_INPUT)).to_have_value("migration")
    expect(page.locator(RESULT_LINK).first).to_be_visible(timeout=10_000)
    assert site.path_of(page.url) == "index.html"
