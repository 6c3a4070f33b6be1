"""The handbook's shape: every page in the nav, every guide complete, every seed problem kept."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest
import yaml
from fixbook.symptoms.index import build_index
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SEED_MAPS = ROOT / "tests" / "data" / "seed_map"
GUIDES = ("pluginmind", "revrx", "pydbapi", "bimbot", "meetings")


def nav_paths(items: list) -> set[str]:
    """Every page path named anywhere in a MkDocs nav."""
    found: set[str] = set()
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found |= nav_paths(value)
        elif isinstance(value, str) and value.endswith(".md"):
            found.add(value)
    return found


@cache
def handbook_index():
    return build_index(DOCS)


def seed_map(guide: str) -> list[dict[str, str]]:
    return yaml.safe_load((SEED_MAPS / f"{guide}.yml").read_text())


def test_every_page_is_in_the_nav() -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    assert pages - nav_paths(config["nav"]) == set()


@pytest.mark.parametrize("guide", GUIDES)
def test_guide_has_an_index_page(guide: str) -> None:
    assert (DOCS / guide / "index.md").is_file()


def seed_targets(guide: str) -> list[str]:
    """Every entry a guide's seed problems map to: the main entry, and the entries a seed
    problem that mixed several problems was split into (``also``)."""
    return [t for item in seed_map(guide) for t in [item["entry"], *item.get("also", [])]]


@pytest.mark.parametrize("guide", GUIDES)
def test_every_seed_problem_maps_to_existing_entries(guide: str) -> None:
    entries = {f"{e.path}#{e.anchor}" for e in handbook_index().entries}
    targets = seed_targets(guide)
    duplicates = [t for t, n in Counter(targets).items() if n > 1]
    assert duplicates == [], "two seed problems share one entry"
    assert [t for t in targets if t not in entries] == []


@pytest.mark.parametrize("guide", GUIDES)
def test_every_entry_of_a_guide_comes_from_a_seed_problem(guide: str) -> None:
    guide_entries = sorted(
        f"{e.path}#{e.anchor}" for e in handbook_index().entries if e.guide == guide
    )
    assert guide_entries == sorted(seed_targets(guide))


def test_handbook_index_has_no_problems() -> None:
    assert [str(p) for p in handbook_index().problems] == []
