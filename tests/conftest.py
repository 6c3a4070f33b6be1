"""Fixtures shared by every test folder: the one Chromium of a test session.

Playwright's sync API allows one running instance per thread, so two session fixtures that each
start ``sync_playwright()`` in the same worker break each other; this module holds the only one.
The browser is Debian's Chromium (``playwright install`` cannot download browsers here); when it
is missing the tests fail with the command to install it, they never skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium tries to reach Google's hosts at start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--seeds",
        metavar="DIR",
        default=None,
        help="folder of the five raw seed guides for tests/symptoms/test_seeds.py "
        "(default: $FIXBOOK_SEEDS, else ../shared/seeds beside the clone)",
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"the browser tests need Chromium at {CHROMIUM}: run `apt-get install chromium`",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
