"""The handbook builds strictly: no warning, no broken link, no unlabelled fence."""

from __future__ import annotations

from session_share import HandbookBuild


def test_strict_build_passes_with_no_warning(handbook_build: HandbookBuild) -> None:
    assert handbook_build.returncode == 0, handbook_build.stderr
    assert "WARNING" not in handbook_build.stderr, handbook_build.stderr
    assert (handbook_build.site_dir / "index.html").exists()
