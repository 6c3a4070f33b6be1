"""The layout holds on a phone (375 x 667): no page scrolls sideways, the drawer opens and
closes."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .site_browsing import Site, Survey, Tab, findings, save_screenshot

pytestmark = pytest.mark.browser

SIDEBAR = ".md-sidebar--primary"
SLID_IN = (
    "selector => Math.round(document.querySelector(selector).getBoundingClientRect().left) === 0"
)
SLID_OUT = "selector => document.querySelector(selector).getBoundingClientRect().right <= 0"


def test_no_page_scrolls_sideways_on_a_phone(survey: Survey) -> None:
    wide = findings(survey, lambda visit: visit.horizontal_overflow or None)
    assert not wide, f"pages wider than the phone (px of sideways scroll): {wide}"


def sidebar_left(page: Page) -> float:
    return page.locator(SIDEBAR).evaluate("sidebar => sidebar.getBoundingClientRect().left")


def test_the_navigation_drawer_opens_and_closes_on_a_phone(phone_tab: Tab, site: Site) -> None:
    page = phone_tab.page
    page.goto(site.url("index.html"))
    drawer = page.locator("#__drawer")
    assert sidebar_left(page) < 0, "the drawer is open before it is asked for"

    page.locator("label.md-header__button[for='__drawer']").click()

    expect(drawer).to_be_checked()
    page.wait_for_function(SLID_IN, arg=SIDEBAR)  # the drawer slides in from the left edge
    expect(page.locator(f"{SIDEBAR} nav.md-nav--primary")).to_be_in_viewport()
    save_screenshot(page, "phone-drawer", site)

    page.locator("label.md-overlay").click(position={"x": 360, "y": 300})

    expect(drawer).not_to_be_checked()
    page.wait_for_function(SLID_OUT, arg=SIDEBAR)
