"""Fixtures of the hostile corpus (the helpers are in :mod:`hostile_project`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .hostile_project import Listener, Project


@pytest.fixture
def project(tmp_path: Path) -> Project:
    root = tmp_path / "project"
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: hostile\n")
    # Short limits, so that a block that never ends is killed within the test's patience.
    return Project(root, {"FIXBOOK_BLOCK_TIME_LIMIT": "4", "FIXBOOK_SQL_TIME_LIMIT": "4"})


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    """A file a hostile page tries to create on the host: it must never exist."""
    return tmp_path / "written-by-a-sample"


@pytest.fixture
def listener() -> Iterator[Listener]:
    running = Listener()
    try:
        yield running
    finally:
        running.close()
