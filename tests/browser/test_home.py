"""The home page is where readers start: it leads with the paste box, which opens the finder
with the pasted text, then lists the five products with their most common problems, then the
indexes."""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit

import pytest
from playwright.sync_api import Page, expect

from .site_browsing import Site, Tab, save_screenshot, symptom_entries

pytestmark = pytest.mark.browser

PASTE_BOX = "form[data-fixbook-paste] textarea"
FINDER_INPUT = "#fixbook-finder-input"
PRODUCT_CARDS = ".fixbook-products > ul > li"
GUIDES = {"pydbapi", "meetings", "revrx", "bimbot", "pluginmind"}
TRACEBACK = """Traceback (most recent call last):
  File "/app/main.py", line 12, in <module>
    engine.connect()
sqlalchemy.exc.OperationalError: (psycopg.OperationalError) connection refused"""


def finder_text(page: Page, site: Site) -> str:
    """The text the finder was opened with, read back from its deep link (finder.html#q=...)."""
    assert site.path_of(page.url) == "symptoms/finder.html", page.url
    fragment = urlsplit(page.url).fragment
    assert fragment.startswith("q="), page.url
    return unquote(fragment.removeprefix("q="))


def test_the_paste_box_comes_before_anything_else_in_the_content(tab: Tab, site: Site) -> None:
    page = tab.page
    page.goto(site.url("index.html"))
    first_control = page.locator(".md-content :is(textarea, input, a[href]:not(.headerlink))").first
    expect(first_control).to_have_attribute("id", "fixbook-paste-text")
    expect(page.get_by_label("Paste the error or log you see")).to_be_visible()


def test_the_button_opens_the_finder_with_the_pasted_text(tab: Tab, site: Site) -> None:
    page = tab.page
    page.goto(site.url("index.html"))
    page.locator(PASTE_BOX).fill(TRACEBACK)

    page.get_by_role("button", name="Find the fix").click()

    page.wait_for_url("**/symptoms/finder.html#q=*")
    # encodeURIComponent's escaping, as the finder's deep link contract says
    assert urlsplit(page.url).fragment == "q=" + quote(TRACEBACK, safe="!'()*")
    assert finder_text(page, site) == TRACEBACK
    expect(page.locator(FINDER_INPUT)).to_have_value(TRACEBACK)  # the finder read its link
    save_screenshot(page, "finder-from-home", site)


@pytest.mark.parametrize("keys", ["Enter", "Control+Enter"])
def test_enter_opens_the_finder(tab: Tab, site: Site, keys: str) -> None:
    page = tab.page
    page.goto(site.url("index.html"))
    box = page.locator(PASTE_BOX)
    box.fill("KeyError: 'DATABASE_URL'")

    box.press(keys)

    page.wait_for_url("**/symptoms/finder.html#q=*")
    assert finder_text(page, site) == "KeyError: 'DATABASE_URL'"


def test_shift_enter_starts_a_new_line_and_stays(tab: Tab, site: Site) -> None:
    page = tab.page
    page.goto(site.url("index.html"))
    box = page.locator(PASTE_BOX)
    box.fill("first line")

    box.press("End")
    box.press("Shift+Enter")
    box.type("second line")

    expect(box).to_have_value("first line\nsecond line")
    assert site.path_of(page.url) == "index.html"


def test_an_empty_box_goes_nowhere(tab: Tab, site: Site) -> None:
    page = tab.page
    page.goto(site.url("index.html"))

    page.get_by_role("button", name="Find the fix").click()

    expect(page.locator(PASTE_BOX)).to_be_focused()
    assert site.path_of(page.url) == "index.html"


def test_every_product_lists_problems_that_are_entries_of_its_guide(tab: Tab, site: Site) -> None:
    entries = {entry["url"]: entry for entry in symptom_entries(site.root)}
    page = tab.page
    page.goto(site.url("index.html"))
    cards = page.locator(PRODUCT_CARDS)
    expect(cards).to_have_count(len(GUIDES))

    listed: dict[str, list[str]] = {}
    for card in cards.all():
        guide_link = card.locator("a").first.get_attribute("href") or ""
        guide = guide_link.split("/")[0]
        problems = card.locator("li a").evaluate_all("links => links.map(link => link.href)")
        listed[guide] = []
        for url in problems:
            parts = urlsplit(url)
            target = f"{site.path_of(url)}#{parts.fragment}"
            assert target in entries, f"{guide}: {target} is not an entry of symptoms.json"
            assert entries[target]["guide"] == guide, f"{target} belongs to another guide"
            listed[guide].append(target)
    assert set(listed) == GUIDES
    assert all(len(problems) >= 3 for problems in listed.values()), listed


def test_the_home_page_looks_right_on_a_desktop_and_a_phone(
    tab: Tab, phone_tab: Tab, site: Site
) -> None:
    for name, page in (("home-desktop", tab.page), ("home-phone", phone_tab.page)):
        page.goto(site.url("index.html"))
        expect(page.locator(PASTE_BOX)).to_be_in_viewport()  # above the fold
        width = page.evaluate("document.documentElement.clientWidth")
        box = page.locator(PASTE_BOX).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        save_screenshot(page, name, site, full_page=True)
