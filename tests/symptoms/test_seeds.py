"""Real guides dropped in unchanged: a bare ``plugins: [search, symptoms]`` indexes them, and
``fixbook index`` finds the same entries.

The seeds live outside the repository: ``--seeds DIR`` or ``FIXBOOK_SEEDS``, default
``../shared/seeds`` beside the clone. A clone without them skips these tests with a reason
naming the option; under ``CI=true`` their absence fails, so CI cannot pass without them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from fixbook.symptoms.index import build_index

from .conftest import ROOT, Site

SEEDS_OPTION = "--seeds"
SEEDS_ENV = "FIXBOOK_SEEDS"
DEFAULT_SEEDS = ROOT.parent / "shared" / "seeds"

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


def seeds_dir(config: pytest.Config) -> Path:
    """Where the seeds are: ``--seeds``, else ``$FIXBOOK_SEEDS``, else ``../shared/seeds``."""
    given = config.getoption(SEEDS_OPTION, None) or os.environ.get(SEEDS_ENV)
    return Path(given).resolve() if given else DEFAULT_SEEDS


@pytest.fixture
def seed_guides(request: pytest.FixtureRequest) -> list[Path]:
    """The five raw seed guides; absent: skip naming the option, or fail under ``CI=true``."""
    folder = seeds_dir(request.config)
    guides = sorted(folder.glob("*.txt"))
    if not guides:
        reason = f"no seed guides in {folder}: pass {SEEDS_OPTION} DIR or set {SEEDS_ENV}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason} (CI=true: the seed tests must run)", pytrace=False)
        pytest.skip(reason)
    assert len(guides) == 5, f"expected the 5 seed guides in {folder}, found {len(guides)}"
    return guides


def seed(guides: list[Path], prefix: str) -> Path:
    [path] = [guide for guide in guides if guide.name.startswith(f"{prefix}_")]
    return path


def test_all_five_seed_guides_are_present(seed_guides: list[Path]) -> None:
    assert [path.name[:3] for path in seed_guides] == sorted(EXPECTED)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_bare_config_indexes_a_seed_guide_dropped_in_unchanged(
    prefix: str, seed_guides: list[Path], build_site: Callable[..., Site], tmp_path: Path
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copyfile(seed(seed_guides, prefix), docs / "troubleshooting.md")
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


def run_presence_test(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """This module's first test, in a fresh pytest, with the seeds pointed at an empty folder."""
    environment = {k: v for k, v in os.environ.items() if k not in {"CI", SEEDS_ENV}} | env
    command = [sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider", "-rs"]
    command += [f"{__file__}::test_all_five_seed_guides_are_present", SEEDS_OPTION, str(tmp_path)]
    return subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )


def test_absent_seeds_skip_with_a_reason_naming_the_option(tmp_path: Path) -> None:
    result = run_presence_test(tmp_path)
    assert result.returncode == 0, result.stdout
    assert f"no seed guides in {tmp_path}: pass {SEEDS_OPTION} DIR or set {SEEDS_ENV}" in (
        result.stdout
    )
    assert "1 skipped" in result.stdout


def test_absent_seeds_fail_under_ci(tmp_path: Path) -> None:
    result = run_presence_test(tmp_path, CI="true")
    assert result.returncode == 1, result.stdout
    assert "CI=true: the seed tests must run" in result.stdout
