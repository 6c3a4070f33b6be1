"""``mkdocs serve``: an edited title reaches the index pages, symptoms.json, the finder data and
the related block of the other guide, as a reader of the served site sees them."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

#: A loaded machine may take this long for one rebuild; the test waits, it never times.
WAIT_S = 180

PAGE = """
# {guide} workers

## {title}

**Symptoms**

- Jobs fail with `worker lost connection to broker`.

**Fix**

1. Restart the worker.
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"mkdocs serve: {what} within {WAIT_S} s")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A two-guide project under ``mkdocs serve`` on a free loopback port: (base url, docs)."""
    docs = tmp_path / "docs"
    for guide, title in (("alpha", "Worker stuck"), ("beta", "Worker stuck after deploy")):
        (docs / guide).mkdir(parents=True)
        (docs / guide / "workers.md").write_text(PAGE.format(guide=guide, title=title))
    (docs / "index.md").write_text("# Home\n")
    config = {"site_name": "Serve", "plugins": ["search", "symptoms"]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config))
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}/", docs
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_an_edited_title_is_in_the_served_indexes_after_the_rebuild(
    served: tuple[str, Path],
) -> None:
    base, docs = served
    index = base + "symptoms/by-symptom/"
    wait_for(lambda: "Worker stuck" in (fetch(index) or ""), "the first build was served")

    page = docs / "alpha" / "workers.md"
    page.write_text(page.read_text().replace("## Worker stuck", "## Worker hangs on shutdown"))
    wait_for(lambda: "Worker hangs on shutdown" in (fetch(index) or ""), "the edit was served")

    listing = fetch(index) or ""
    assert "worker-hangs-on-shutdown" in listing
    assert 'href="../../alpha/workers/#worker-stuck"' not in listing
    entries = json.loads(fetch(base + "symptoms.json") or "{}")["entries"]
    titles = {entry["id"]: entry["title"] for entry in entries}
    assert titles["alpha/workers/worker-hangs-on-shutdown"] == "Worker hangs on shutdown"
    assert "alpha/workers/worker-stuck" not in titles
    assert "Worker hangs on shutdown" in (fetch(base + "symptoms/finder/finder-data.js") or "")
    beta = fetch(base + "beta/workers/") or ""
    assert "alpha/workers/#worker-hangs-on-shutdown" in beta  # the related block follows
