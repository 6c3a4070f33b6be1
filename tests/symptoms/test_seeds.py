"""Real guides dropped in unchanged: a bare ``plugins: [search, symptoms]`` indexes them, and
``fixbook index`` finds the same entries."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from fixbook.symptoms.index import build_index

from .conftest import SEEDS, Site

# Per seed: at least this many entries, and some titles they must include.
EXPECTED = {
    "000": (11, ['"Authentication required" (401)', "Frequent 429 responses", "Cookie not set"]),
    "001": (
        24,
        ["JWT Token Expired", "Connection Pool Exhausted", "FOREIGN KEY constraint failed"],
    ),
    "002": (30, ["429 Too Many Requests", "Port conflicts", "Connection refused loop"]),
    "003": (16, ["Backend won't start", "High Memory Usage", "Connection refused"]),
    "004": (25, ["ModuleNotFoundError", "Migration Conflict", "Port 5000 already in use"]),
}
NOT_ENTRIES = [
    "Overview",
    "Table of Contents",
    "Useful Commands",
    "Getting Help",
    "Debugging Tools",
    "Reporting Bugs",
    "Document Information",
    "System Health Check",
    "Internal Resources",
]


def seed(prefix: str) -> Path:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path


def test_all_five_seed_guides_are_present(seed_guides: list[Path]) -> None:
    assert [path.name[:3] for path in seed_guides] == sorted(EXPECTED)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_bare_config_indexes_a_seed_guide_dropped_in_unchanged(
    prefix: str, seed_guides: list[Path], build_site: Callable[..., Site], tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copyfile(seed(prefix), docs / "troubleshooting.md")
    site = build_site({})  # bare mkdocs.yml, default theme, use_directory_urls: true
    document = json.loads((site.site / "symptoms.json").read_text(encoding="utf-8"))
    entries = document["entries"]
    minimum, titles = EXPECTED[prefix]
    assert len(entries) >= minimum
    found = {entry["title"] for entry in entries}
    assert set(titles) <= found
    assert not found & set(NOT_ENTRIES)
    page = site.html("troubleshooting/index.html")
    ids = set(re.findall(r'\sid="([^"]+)"', page))
    for entry in entries:
        assert entry["url"].startswith("troubleshooting/#")
        assert entry["url"].partition("#")[2] in ids, entry["url"]
        assert entry["guide"] == "troubleshooting"
    assert not [w for w in site.warnings if "rendered page" in w], site.warnings

    index = build_index(docs)
    assert [e.id for e in index.entries] == [entry["id"] for entry in entries]
    assert all(e.url.startswith("troubleshooting.html#") for e in index.entries)
