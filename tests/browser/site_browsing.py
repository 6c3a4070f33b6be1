"""What the browser tests share: building a site, serving it, and a browser tab that records
everything a reader's browser would do wrong (console errors, requests leaving the machine,
resources that fail to load, dialogs opened by scripts).

Kept out of ``conftest.py`` so the tests can import the plain helpers; the fixtures there only
wire these together.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from fixbook.offline_archive import mkdocs_build
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Page,
    Request,
    Response,
    Route,
    WebSocket,
)

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# Schemes that never reach a network: the file system and in-memory documents.
LOCAL_SCHEMES = frozenset({"data", "blob", "about"})
#: The network counts as idle once no request has been in flight for this long (the rule of
#: Playwright's ``networkidle``, which fires once per document and so misses later requests).
NETWORK_QUIET_MS = 500
#: How long a page that never goes quiet may keep the network busy before the survey gives up.
NETWORK_BUSY_LIMIT_S = 10.0
#: The reader time the survey lets pass on each page once it is idle: the page's timers run on
#: Playwright's clock in a moment, so a request scheduled seconds after ``load`` (an analytics
#: beacon, a lazy font, a ``setTimeout(fetch)``) is made, and caught, while the page is open.
LATER_MS = 60_000
#: Pages the survey keeps open at once, one browser context each. Measured on the handbook's
#: file:// site (76 pages, 2 cores, load 5-7): one tab 72.7 s and 67.8 s, three 55.2 s, six
#: 47.4 s and 52.8 s; what remains is Chromium's work of loading each page.
SURVEY_TABS = 6


def is_local(url: str) -> bool:
    """Whether loading ``url`` stays on this machine (file system, memory or loopback)."""
    parts = urlsplit(url)
    if parts.scheme == "file":  # file://host/share is a network share on some systems
        return parts.hostname in {None, "localhost"}
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname in LOOPBACK_HOSTS


def build_site(config_file: Path, site_dir: Path) -> Path:
    """``mkdocs build --strict``, the handbook's own rule; a failure shows MkDocs' output."""
    result = mkdocs_build(config_file, site_dir, cwd=config_file.parent, capture_output=True)
    if result.returncode != 0:
        raise AssertionError(f"strict build of {config_file} failed:\n{result.stderr}")
    return site_dir


WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]+")


def symptom_entries(site_dir: Path) -> list[dict[str, Any]]:
    """The entries of the site's ``symptoms.json`` (the index the finder and index pages use)."""
    path = site_dir / "symptoms.json"
    if not path.is_file():
        raise AssertionError(
            f"{path.name} is missing at the site root: the symptoms plugin is not in mkdocs.yml"
        )
    return json.loads(path.read_text(encoding="utf-8"))["entries"]


def distinctive_entry(entries: list[dict[str, Any]]) -> tuple[dict[str, Any], str]:
    """The first entry (by id) quoting an error of three words or more that no other entry
    quotes, and that error: what a reader would search for and expect one answer to."""
    quoted = Counter(error for entry in entries for error in set(entry["errors"]))
    for entry in sorted(entries, key=lambda entry: entry["id"]):
        for error in entry["errors"]:
            if quoted[error] == 1 and len(WORD.findall(error)) >= 3:
                return entry, error
    raise AssertionError("no entry quotes an error of three words or more unique to it")


def search_phrase(error: str, words: int = 6) -> str:
    """The first words of an error, as a reader types them into a search box."""
    return " ".join(WORD.findall(error)[:words])


class _StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files as a static host does, caching headers included (GitHub Pages sends
    ``max-age=600``): a reader's browser does not fetch the stylesheet again on every page."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output clean; failures show up as browser events instead."""


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser leaving a page mid-download closes the socket: not an error of the site."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """Serve ``site_dir`` on a free loopback port in a thread; yields the base URL."""
    handler = functools.partial(_StaticHostHandler, directory=str(site_dir))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@dataclass(frozen=True)
class Site:
    """A built site and the base URL it is read from (``file://...`` or ``http://127.0.0.1``)."""

    root: Path
    base: str
    origin: str  # "file" or "http", for test ids and artifact names

    def url(self, path: str = "index.html") -> str:
        return urljoin(self.base, path)

    def path_of(self, url: str) -> str:
        """The site-relative path of a URL of this site (query and fragment dropped)."""
        parts = urlsplit(url)
        return parts.path.removeprefix(urlsplit(self.base).path)

    def pages(self) -> list[str]:
        """Every HTML page a reader can open, as site-relative paths, in a stable order.

        ``404.html`` counts only over HTTP: a web server shows it for a missing page, and its
        links are root-relative for that reason, so it is not a page of the file:// site.
        """
        pages = sorted(path.relative_to(self.root).as_posix() for path in self.root.rglob("*.html"))
        return [page for page in pages if self.origin == "http" or page != "404.html"]


@dataclass
class Problems:
    """What went wrong while one page was open; every list is empty for a healthy page."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    offsite_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


class Tab:
    """A browser page in a context of its own whose every request is checked: file, memory or
    loopback requests go through, any other is recorded and aborted (nothing leaves the machine).

    ``problems`` collects the events of the page currently open; ``watch`` starts a new record
    (the survey reads many pages in one tab).
    """

    def __init__(self, browser: Browser, **context_options: Any) -> None:
        self.context: BrowserContext = browser.new_context(**context_options)
        self.context.set_default_timeout(10_000)  # a local page that takes longer is broken
        self.context.route("**/*", self._route)
        self.page: Page = self.context.new_page()
        self.problems = Problems()
        self._in_flight: set[Request] = set()
        self._last_network_event = time.monotonic()
        page = self.page
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.page_errors.append(str(error)))
        page.on("request", self._on_request)
        page.on("requestfinished", self._on_request_done)
        page.on("requestfailed", self._on_request_failed)
        page.on("response", self._on_response)
        page.on("websocket", self._on_websocket)
        page.on("dialog", self._on_dialog)

    def watch(self) -> Problems:
        self.problems = Problems()
        return self.problems

    def close(self) -> None:
        self.context.close()

    def wait_for_network_idle(self, quiet_ms: int = NETWORK_QUIET_MS) -> None:
        """Return once no request has been in flight for ``quiet_ms``, however often the page
        went quiet before (unlike ``networkidle``, which a document reaches only once).

        Polling with short waits is what lets Playwright deliver the page's events meanwhile.
        """
        deadline = time.monotonic() + NETWORK_BUSY_LIMIT_S
        while True:
            quiet_for = (time.monotonic() - self._last_network_event) * 1000
            if not self._in_flight and quiet_for >= quiet_ms:
                return
            if time.monotonic() > deadline:
                busy = sorted(request.url for request in self._in_flight)
                raise AssertionError(
                    f"{self.page.url}: the network was still busy after "
                    f"{NETWORK_BUSY_LIMIT_S:.0f} s: {busy}"
                )
            wait = 50 if self._in_flight else max(50, quiet_ms - quiet_for)
            self.page.wait_for_timeout(wait)

    def _on_request(self, request: Request) -> None:
        self._in_flight.add(request)
        self._last_network_event = time.monotonic()

    def _on_request_done(self, request: Request) -> None:
        self._in_flight.discard(request)
        self._last_network_event = time.monotonic()

    def _route(self, route: Route) -> None:
        url = route.request.url
        if is_local(url):
            route.fallback()
        else:
            self.problems.offsite_requests.append(url)
            route.abort("blockedbyclient")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location.get("url", "")
            self.problems.console_errors.append(f"{message.text} ({where})")

    def _on_request_failed(self, request: Request) -> None:
        self._on_request_done(request)
        # Offsite requests were aborted on purpose and are recorded as such; ERR_ABORTED is a
        # load cut short by leaving the page (a favicon, the search index), not a missing file.
        if is_local(request.url) and request.failure != "net::ERR_ABORTED":
            self.problems.failed_requests.append(f"{request.failure} {request.url}")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.problems.failed_requests.append(f"HTTP {response.status} {response.url}")

    def _on_websocket(self, socket: WebSocket) -> None:
        if not is_local(socket.url):
            self.problems.offsite_requests.append(socket.url)

    def _on_dialog(self, dialog: Dialog) -> None:
        self.problems.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


def save_screenshot(page: Page, name: str, site: Site, *, full_page: bool = False) -> Path:
    """Keep a screenshot as a test artifact (``test-artifacts/screenshots/<name>-<origin>.png``)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{site.origin}.png"
    page.screenshot(path=str(path), animations="disabled", full_page=full_page)
    return path


# What the survey reads from each page once it has settled.
PAGE_FACTS = """() => ({
  h1: document.querySelectorAll("h1").length,
  imagesWithoutAlt: [...document.images]
    .filter(image => !(image.getAttribute("alt") || "").trim())
    .map(image => image.getAttribute("src") || "(no src)"),
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
})"""


@dataclass
class Visit:
    """One page of the site as the survey found it."""

    path: str
    problems: Problems
    h1_count: int
    images_without_alt: list[str]
    horizontal_overflow: int  # CSS pixels the page scrolls sideways; 0 when it fits


Survey = list[Visit]


def survey_site(browser: Browser, site: Site, **context_options: Any) -> Survey:
    """Open every page of ``site`` and keep it open until it has nothing left to do.

    Each page stays until its network is idle; then a minute of its timers runs on Playwright's
    clock (``LATER_MS``) and the page stays until the network is idle again, so a request made
    after ``load`` (even seconds later) is recorded against the page that made it, like those
    made while loading. Outside requests are aborted by the tab's routing, never sent.

    ``SURVEY_TABS`` pages are open at once, each in a tab (a browser context) of its own, so one
    page's record never holds another's events: most of a visit is the wait for a quiet network
    (``NETWORK_QUIET_MS``), and those waits overlap instead of adding up.
    """
    paths = site.pages()
    tabs: list[Tab] = []
    visits: Survey = []
    try:
        for _ in range(min(SURVEY_TABS, len(paths))):
            tabs.append(Tab(browser, **context_options))
            tabs[-1].context.clock.install()  # timers run in real time until moved on
        for start in range(0, len(paths), len(tabs)):
            batch = list(zip(tabs, paths[start : start + len(tabs)], strict=False))
            records = []
            for tab, path in batch:
                records.append(tab.watch())
                tab.page.goto(site.url(path), wait_until="load")
            for tab, _ in batch:
                tab.wait_for_network_idle()
            for tab, _ in batch:
                tab.page.clock.run_for(LATER_MS)
            for tab, _ in batch:
                tab.wait_for_network_idle()
            for (tab, path), problems in zip(batch, records, strict=True):
                facts = tab.page.evaluate(PAGE_FACTS)
                visits.append(
                    Visit(path, problems, facts["h1"], facts["imagesWithoutAlt"], facts["overflow"])
                )
    finally:
        for tab in tabs:
            tab.close()
    return visits


def findings(survey: Survey, finding: Callable[[Visit], Any]) -> dict[str, Any]:
    """``{page: what is wrong}`` for the pages where ``finding`` returns neither None nor []."""
    found = {visit.path: finding(visit) for visit in survey}
    return {path: value for path, value in found.items() if value is not None and value != []}
