"""Code blocks carry Material's copy button and the badge saying how far the sample is proven
(passed: ran / checked: how; failed; not verified: reason; not verified in this build), and the
copy button copies.

The badge is the ``verified-snippets`` plugin's ``.fixbook-badge``, placed right after its block.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .site_browsing import Site, Tab

pytestmark = pytest.mark.browser

GUIDES = ("pluginmind/", "revrx/", "pydbapi/", "bimbot/", "meetings/")
BLOCK = ".md-content div.highlight"
COPY_BUTTON = "button[data-md-type='copy']"
# The badge says what the last verification of this exact block found (verified-snippets reads
# .fixbook/results.json; a build without results says so); it sits in the block or right after.
BADGE_WORDING = re.compile(
    r"^((ran|checked: .+|fails as described|output matches the code above)( · .+)?"
    r"|failed: .+|not verified: .+|illustration: not compared|not verified in this build)$"
)
BADGE_OF_BLOCK = """block => {
  const isBadge = element => /(^|\\s)fixbook-badge(\\s|$)/.test(element.className || "");
  const after = block.nextElementSibling;
  const badge = after && isBadge(after) ? after : [...block.querySelectorAll("*")].find(isBadge);
  return badge ? badge.textContent.trim() : null;
}"""


def page_with_code(site: Site) -> str:
    """The first guide page (in site order) that shows code blocks."""
    for path in site.pages():
        if path.startswith(GUIDES) and 'class="highlight"' in (site.root / path).read_text():
            return path
    raise AssertionError("no guide page shows a code block")


def open_blocks(page: Page, site: Site) -> int:
    page.goto(site.url(page_with_code(site)))
    count = page.locator(BLOCK).count()
    assert count > 0
    return count


def test_every_code_block_has_a_copy_button(tab: Tab, site: Site) -> None:
    count = open_blocks(tab.page, site)

    expect(tab.page.locator(f"{BLOCK} {COPY_BUTTON}")).to_have_count(count)


def test_the_copy_button_copies_the_code(tab: Tab, site: Site) -> None:
    open_blocks(tab.page, site)
    tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
    block = tab.page.locator(BLOCK).first

    block.hover()  # Material shows the button on hover
    block.locator(COPY_BUTTON).click()

    copied = tab.page.evaluate("() => navigator.clipboard.readText()")
    assert copied.strip() == block.locator("code").inner_text().strip()


def test_every_code_block_has_a_verification_badge(tab: Tab, site: Site) -> None:
    count = open_blocks(tab.page, site)
    blocks = tab.page.locator(BLOCK)

    badges = [blocks.nth(number).evaluate(BADGE_OF_BLOCK) for number in range(count)]

    missing = [
        number
        for number, text in enumerate(badges)
        if text is None or not BADGE_WORDING.match(text)
    ]
    assert not missing, f"code blocks {missing} of {count} have no verification badge: {badges}"
