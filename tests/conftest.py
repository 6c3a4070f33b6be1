"""Fixtures shared by every test folder: one Chromium and one handbook build per test run.

"Per run" means per ``pytest`` command, with or without xdist: the first process that needs one
makes it and the xdist workers share it (tests/session_share.py says how). The browser is
Debian's Chromium behind Playwright's browser server (``playwright install`` cannot download
browsers here); each test process connects to it. When Chromium is missing the tests fail with
the command to install it, they never skip.

Playwright's sync API allows one running instance per thread, so two session fixtures that each
start ``sync_playwright()`` in the same worker break each other; this module holds the only one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import playwright
import pytest
import session_share
from playwright.sync_api import Browser, sync_playwright
from session_share import HandbookBuild
from specimen_results import write_specimen

ROOT = Path(__file__).resolve().parents[1]
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
DRIVER = Path(playwright.__file__).parent / "driver"
SERVER_SCRIPT = Path(__file__).with_name("chromium_server.js")
#: How long Chromium may take to start on a loaded machine before the tests give up.
START_TIMEOUT_S = 120


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--seeds",
        metavar="DIR",
        default=None,
        help="folder of the five raw seed guides for tests/symptoms/test_seeds.py "
        "(default: $FIXBOOK_SEEDS, else ../shared/seeds beside the clone)",
    )


def pytest_configure(config: pytest.Config) -> None:
    # xdist registers it; without xdist (-p no:xdist) the mark is still set, and harmless.
    config.addinivalue_line("markers", "xdist_group(name): run these tests on one xdist worker")
    session_share.start_run(config)
    if not any("loadscope-reorder" in arg for arg in config.invocation_params.args):
        # xdist hands out groups largest first by number of tests; the every-page passes have
        # few tests but take longest, so the collection order below decides instead.
        config.option.loadscopereorder = False


def pytest_unconfigure(config: pytest.Config) -> None:
    session_share.end_run(config)


#: Session fixtures of the browser tests that read every page of a site (tests/browser/conftest.py),
#: and their passes, longest first (the light axe audit of every page, the two surveys, the dark
#: audit of the representative pages).
EVERY_PAGE_FIXTURES = ("audit", "survey")
LONGEST_FIRST = ("audit-http", "survey-http", "survey-file", "audit-file")


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook turns the marks into groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With xdist, the tests reading one every-page pass (the axe audit or the survey) of one
    origin (``site[file]``, ``site[http]``) go to one worker: the pass then runs once per run,
    not once per worker that happens to get one of its tests. The four passes are four groups,
    first in the collection so that the workers start with them instead of ending with them;
    the other browser scenarios go wherever there is room."""
    passes: dict[str, str] = {}
    for item in items:
        callspec = getattr(item, "callspec", None)
        origin = callspec.params.get("site") if callspec else None
        if origin not in ("file", "http"):
            continue
        for name in EVERY_PAGE_FIXTURES:
            if name in item.fixturenames:
                passes[item.nodeid] = f"{name}-{origin}"
                item.add_marker(pytest.mark.xdist_group(name=passes[item.nodeid]))
                break
    rank = {group: place for place, group in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(passes.get(item.nodeid, ""), len(rank)))


# -- the handbook, built once ------------------------------------------------------------------


def _build_handbook(folder: Path) -> dict[str, object]:
    site = folder / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    specimen = write_specimen(ROOT, folder / "specimen-results.json")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "FIXBOOK_RESULTS_FILE": str(specimen)}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    return {"site_dir": str(site), "returncode": result.returncode, "stderr": result.stderr}


@pytest.fixture(scope="session")
def handbook_build() -> HandbookBuild:
    """The handbook built once per run (shared read-only: copy it before changing it)."""
    made = session_share.once("handbook", _build_handbook)
    return HandbookBuild(Path(made["site_dir"]), made["returncode"], made["stderr"])


# -- one Chromium --------------------------------------------------------------------------------


def _start_chromium(folder: Path) -> dict[str, object]:
    node = DRIVER / ("node.exe" if os.name == "nt" else "node")
    log = folder / "server.log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            [
                node,
                SERVER_SCRIPT,
                DRIVER / "package",
                CHROMIUM,
                json.dumps(CHROMIUM_ARGS),
                str(session_share.owner_pid()),
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # outlives the worker that started it; the run ends it
        )
    session_share.record_process("chromium", process.pid)
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        text = log.read_text()
        endpoint = next((line for line in text.splitlines() if line.startswith("ws://")), None)
        if endpoint:
            return {"endpoint": endpoint, "pid": process.pid}
        if process.poll() is not None:
            raise RuntimeError(f"Chromium's browser server stopped: {text.strip()[-500:]}")
        time.sleep(0.1)
    process.terminate()
    raise RuntimeError(f"Chromium's browser server did not start in {START_TIMEOUT_S} s")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"the browser tests need Chromium at {CHROMIUM}: run `apt-get install chromium`",
            pytrace=False,
        )
    endpoint = str(session_share.once("chromium", _start_chromium)["endpoint"])
    with sync_playwright() as driver:
        connected = driver.chromium.connect(endpoint)
        yield connected
        connected.close()  # this process's contexts; the browser serves the others until the end
