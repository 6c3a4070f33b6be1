"""Internal links and anchors are checked by the handbook's own build settings (MkDocs 1.6
``validation`` under ``--strict``): a link to a missing anchor fails the build."""

from __future__ import annotations

import subprocess
from pathlib import Path

from fixbook.offline_archive import mkdocs_build

ROOT = Path(__file__).resolve().parents[2]
TARGET = "# Target\n\n## Connection refused\n\nText.\n"


def strict_build(tmp_path: Path, index: str) -> subprocess.CompletedProcess[str]:
    """Build a two-page site with the handbook's mkdocs.yml (inherited) and ``index`` as home."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(index)
    (docs / "target.md").write_text(TARGET)
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\ndocs_dir: docs\nnav:\n  - index.md\n  - target.md\n"
        # custom_dir is relative to the inheriting file: point it at the handbook's overrides.
        f"theme:\n  custom_dir: {ROOT / 'overrides'}\n"
    )
    return mkdocs_build(config, tmp_path / "site", cwd=ROOT, capture_output=True)


def test_a_link_to_an_existing_anchor_builds(tmp_path: Path) -> None:
    result = strict_build(tmp_path, "# Home\n\nSee [it](target.md#connection-refused).\n")

    assert result.returncode == 0, result.stderr


def test_a_link_to_a_missing_anchor_of_another_page_fails_the_strict_build(tmp_path: Path) -> None:
    result = strict_build(tmp_path, "# Home\n\nSee [it](target.md#connection-refusd).\n")

    assert result.returncode != 0
    assert "target.md#connection-refusd" in result.stderr


def test_a_link_to_a_missing_anchor_of_the_same_page_fails_the_strict_build(
    tmp_path: Path,
) -> None:
    result = strict_build(tmp_path, "# Home\n\n## Steps\n\nBack to [steps](#step).\n")

    assert result.returncode != 0
    assert "#step" in result.stderr


def test_a_link_to_a_missing_page_fails_the_strict_build(tmp_path: Path) -> None:
    result = strict_build(tmp_path, "# Home\n\nSee [it](targte.md).\n")

    assert result.returncode != 0
    assert "targte.md" in result.stderr
