"""Fixtures of the finder tests: small inline indexes, the handbook's index, node, Chromium."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml
from fixbook.finder.data import finder_script
from fixbook.finder.index import FinderIndex, build_data

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
FINDER_JS = ROOT / "plugins" / "fixbook" / "finder" / "assets" / "finder.js"
NODE = Path("/usr/bin/node")


def entry(entry_id: str, title: str, **fields: Any) -> dict[str, Any]:
    """A ``symptoms.json`` entry with the url its id implies and empty optional fields."""
    guide, page, anchor = entry_id.split("/")
    return {
        "id": entry_id,
        "guide": guide,
        "title": title,
        "url": f"{guide}/{page}.html#{anchor}",
        "source": {"path": f"{guide}/{page}.md", "line": 1},
        "symptoms": [],
        "errors": [],
        "http_status": [],
        "components": [],
        "related": [],
        **fields,
    }


def index_of(*entries: dict[str, Any]) -> FinderIndex:
    return FinderIndex.from_data(build_data(entries))


@pytest.fixture(scope="session")
def handbook_entries() -> list[dict[str, Any]]:
    """The entries of this project's docs/, extracted as ``fixbook index docs`` does."""
    from fixbook.symptoms.index import build_index

    entries = build_index(ROOT / "docs").to_json()["entries"]
    assert len(entries) >= 40, "the handbook should hold at least 40 entries"
    return entries


@pytest.fixture(scope="session")
def queries() -> list[dict[str, str]]:
    """The shared ranking test set: realistic pastes with the entry that fixes each."""
    items = yaml.safe_load((HERE / "queries.yml").read_text())
    for number, item in enumerate(items, 1):
        assert set(item) == {"expect", "query"}, f"queries.yml item {number}: {item}"
    return items


@pytest.fixture(scope="session")
def node_rank(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., list[dict]]:
    """Analyse and rank queries with finder.js under node: ``node_rank(entries, texts, limit)``
    gives per text ``{"analysis": [text, words, statuses], "results": [...]}``."""
    if not NODE.exists():
        pytest.fail(f"the parity tests need node at {NODE}", pytrace=False)
    scratch = tmp_path_factory.mktemp("node")

    def run(entries: Sequence[dict[str, Any]], texts: Sequence[str], limit: int) -> list[dict]:
        data = scratch / "finder-data.js"
        data.write_text(finder_script(entries), encoding="utf-8")
        result = subprocess.run(
            [str(NODE), str(HERE / "rank_in_node.js"), str(FINDER_JS), str(data), str(limit)],
            input=json.dumps(list(texts)),
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return run


@pytest.fixture
def finder_page(tmp_path: Path, browser: Any) -> Iterator[Callable[..., Any]]:
    """Open a minimal finder page from ``file://`` over the given entries; returns the page.

    The page is the real one (:func:`finder_markdown`'s HTML, the assets, the data script),
    placed at ``symptoms/finder.html`` as the plugin places it.
    """
    from fixbook.finder.page import ASSETS, ASSETS_DIR, finder_markdown

    pages = []

    def open_page(entries: Sequence[dict[str, Any]], fragment: str = "") -> Any:
        folder = tmp_path / "site" / "symptoms"
        folder.mkdir(parents=True, exist_ok=True)
        for name in ASSETS:
            shutil.copy(ASSETS_DIR / name, folder / name)
        (folder / "finder-data.js").write_text(finder_script(entries), encoding="utf-8")
        body = finder_markdown().split("\n", 1)[1]  # drop the Markdown H1: no Markdown here
        html = "<!doctype html><html><head><meta charset='utf-8'><title>Finder</title></head>"
        (folder / "finder.html").write_text(f"{html}<body><h1>Finder</h1>{body}</body></html>")
        page = browser.new_page()
        page.dialogs = []  # alert() from injected markup would land here
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        page.goto((folder / "finder.html").as_uri() + fragment)
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        page.close()
