"""Fixtures of the browser tests: one strict build of the handbook, one Chromium, per session.

Every scenario runs twice, against the site opened from ``file://`` (the offline archive) and
served over ``http://127.0.0.1`` (the hosted site): the ``site`` fixture is parametrized.

``FIXBOOK_BROWSER_SITE=/path/to/site`` runs the suite against a site built beforehand instead
(an unpacked offline archive's ``fixbook/`` folder, or ``site/`` of ``python3 dev.py build``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from .axe_audit import Audit, audit_site, representative_pages
from .site_browsing import (
    ROOT,
    Site,
    Survey,
    Tab,
    serve,
    survey_site,
)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"viewport": {"width": 375, "height": 667}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="session")
def handbook_dir(request: pytest.FixtureRequest) -> Path:
    """The handbook, built once per session exactly as ``python3 dev.py build`` does."""
    if prebuilt := os.environ.get("FIXBOOK_BROWSER_SITE"):
        site_dir = Path(prebuilt).resolve()
        if not (site_dir / "index.html").is_file():
            pytest.fail(f"FIXBOOK_BROWSER_SITE={prebuilt} holds no index.html", pytrace=False)
        return site_dir
    # One strict build per test run, shared by the xdist workers (tests/conftest.py).
    built = request.getfixturevalue("handbook_build")
    if built.returncode != 0:
        raise AssertionError(f"strict build of {ROOT / 'mkdocs.yml'} failed:\n{built.stderr}")
    return built.site_dir


@pytest.fixture(scope="session", params=["file", "http"])
def site(request: pytest.FixtureRequest, handbook_dir: Path) -> Iterator[Site]:
    """The handbook read from the file system (offline archive) or from a loopback server."""
    if request.param == "file":
        yield Site(handbook_dir, handbook_dir.as_uri() + "/", "file")
        return
    with serve(handbook_dir) as base:
        yield Site(handbook_dir, base, "http")


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    """A desktop-sized tab; requests leaving the machine are aborted and recorded."""
    tab = Tab(browser, viewport=DESKTOP)
    yield tab
    tab.close()


@pytest.fixture
def phone_tab(browser: Browser) -> Iterator[Tab]:
    tab = Tab(browser, **PHONE)
    yield tab
    tab.close()


@pytest.fixture(scope="session")
def survey(browser: Browser, site: Site) -> Survey:
    """Every page of the site opened once, on a phone, with what went wrong on each.

    A phone, because that is where a layout breaks first; one pass over the site then serves the
    console, network, accessibility and layout checks alike (the desktop is what the other
    scenarios use).
    """
    return survey_site(browser, site, **PHONE)


@pytest.fixture(scope="session")
def audit(browser: Browser, site: Site) -> Audit:
    """axe-core's findings, read on a desktop (where the header tabs show): every page in the
    light colour scheme from the loopback server, the representative pages in the dark one from
    file:// (axe_audit.py says why that covers the dark scheme).
    """
    if site.origin == "http":
        return audit_site(browser, site, site.pages(), viewport=DESKTOP, color_scheme="light")
    pages = representative_pages(site)
    return audit_site(browser, site, pages, viewport=DESKTOP, color_scheme="dark")
