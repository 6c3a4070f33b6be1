"""The harness itself: a request to another host is recorded and aborted, never sent, whether
the page comes from file:// or from the loopback server; local requests go through.

Without this, "no page sends a request off the machine" could pass because nothing is watched.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from .site_browsing import Site, Tab, findings, is_local, serve, survey_site

pytestmark = pytest.mark.browser

LEAKY_PAGE = """<!doctype html><html lang="en"><head><title>Leaky</title>
<link rel="stylesheet" href="https://fonts.example.invalid/css">
<link rel="stylesheet" href="local.css">
</head><body><h1>Leaky</h1><img alt="remote" src="//cdn.example.invalid/logo.png">
<script>fetch("https://api.example.invalid/v1").catch(() => {});</script></body></html>"""
# A protocol-relative URL takes the page's scheme: file://cdn... is a network share.
REMOTE = {
    "file": ["file://cdn.example.invalid/logo.png"],
    "http": ["http://cdn.example.invalid/logo.png"],
}
ALWAYS_REMOTE = ["https://fonts.example.invalid/css", "https://api.example.invalid/v1"]


@pytest.fixture(scope="module")
def leaky_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("leaky")
    (root / "index.html").write_text(LEAKY_PAGE)
    (root / "local.css").write_text("h1 { color: teal }")
    return root


@pytest.mark.parametrize("origin", ["file", "http"])
def test_requests_to_other_hosts_are_recorded_and_aborted(
    browser: Browser, leaky_site: Path, origin: str
) -> None:
    with serve(leaky_site) as base:
        site = Site(leaky_site, base if origin == "http" else leaky_site.as_uri() + "/", origin)
        tab = Tab(browser)
        try:
            tab.page.goto(site.url("index.html"), wait_until="networkidle")

            expected = sorted(REMOTE[origin] + ALWAYS_REMOTE)
            assert sorted(tab.problems.offsite_requests) == expected
            assert tab.problems.failed_requests == []  # aborted on purpose is not "missing"
            color = tab.page.locator("h1").evaluate("h1 => getComputedStyle(h1).color")
            assert color == "rgb(0, 128, 128)"  # the local style sheet went through
        finally:
            tab.close()


def page(body: str) -> str:
    return f"<!doctype html><html lang=en><head><title>t</title></head><body>{body}</body></html>"


LATE = {
    # Quiet: the survey must not blame a page for its neighbours' requests.
    "index.html": page("<h1>Quiet</h1>"),
    # The blind spot of a survey that moves on at `load`: a request five seconds later.
    "late.html": page(
        "<h1>Late</h1><script>setTimeout(() => "
        'fetch("https://api.example.invalid/late").catch(() => {}), 5000);</script>'
    ),
    # Later still: a timer started only once a local request has ended (file:// refuses it).
    "chained.html": page(
        '<h1>Chained</h1><script>fetch("data.json").catch(() => {}).then(() => setTimeout(() => '
        'fetch("https://api.example.invalid/chained").catch(() => {}), 5000));</script>'
    ),
    "data.json": "{}",
}


@pytest.fixture(scope="module")
def late_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("late")
    for name, text in LATE.items():
        (root / name).write_text(text)
    return root


@pytest.mark.parametrize("origin", ["file", "http"])
def test_the_survey_catches_requests_made_seconds_after_load(
    browser: Browser, late_site: Path, origin: str
) -> None:
    with serve(late_site) as base:
        site = Site(late_site, base if origin == "http" else late_site.as_uri() + "/", origin)
        survey = survey_site(browser, site)

    leaks = findings(survey, lambda visit: visit.problems.offsite_requests)
    assert leaks == {
        "late.html": ["https://api.example.invalid/late"],
        "chained.html": ["https://api.example.invalid/chained"],
    }


def test_only_the_file_system_memory_and_loopback_count_as_local() -> None:
    assert is_local("file:///tmp/site/index.html")
    assert is_local("http://127.0.0.1:8000/a.js")
    assert is_local("http://localhost/a.js")
    assert is_local("http://[::1]:9000/")
    assert is_local("data:text/plain,x")
    assert not is_local("https://unpkg.com/iframe-worker/shim")
    assert not is_local("http://127.0.0.1.example.com/")
    assert not is_local("http://10.0.0.5/")
    assert not is_local("file://fileserver/share/index.html")
