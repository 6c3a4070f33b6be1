"""Helpers for the symptoms tests: extract entries from inline Markdown, build small sites."""

from __future__ import annotations

import logging
import os
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from fixbook.markdown import MarkdownOptions
from fixbook.symptoms.extract import extract
from fixbook.symptoms.model import PageEntries
from mkdocs.commands.build import build
from mkdocs.config import load_config

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"


def extract_md(
    markdown: str, path: str = "guide/area.md", include: tuple[str, ...] = ("*",), **slug: object
) -> PageEntries:
    """Entries of an inline page (dedented), with toc's default slugify unless told. The page
    counts as a troubleshooting page (``include``) unless a test passes ``include=()`` to let
    the page-kind rules decide (``test_page_kinds.py``)."""
    source = textwrap.dedent(markdown).lstrip("\n")
    return extract(
        source,
        path=path,
        url=path.removesuffix(".md") + ".html",
        options=MarkdownOptions(snippets_enabled=False, **slug),  # type: ignore[arg-type]
        include=include,
    )


@dataclass
class Site:
    """A built site in a temporary folder, and the plugin's warnings."""

    root: Path
    site: Path
    warnings: list[str]

    def html(self, page: str) -> str:
        return (self.site / page).read_text(encoding="utf-8")


@pytest.fixture
def build_site(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Callable[..., Site]:
    """Write ``docs`` (path -> Markdown) and a mkdocs.yml, build in-process, return the site."""

    def run(docs: dict[str, str], strict: bool = False, **config: object) -> Site:
        docs_dir = tmp_path / "docs"
        for path, text in docs.items():
            (docs_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (docs_dir / path).write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        settings = {"site_name": "Test", "plugins": ["search", "symptoms"], **config}
        (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            cfg = load_config(str(tmp_path / "mkdocs.yml"), strict=strict)
            cfg.plugins.on_startup(command="build", dirty=False)
            try:
                build(cfg)
            finally:
                cfg.plugins.on_shutdown()
        warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
        return Site(tmp_path, Path(cfg.site_dir), warnings)

    return run


@pytest.fixture(scope="session")
def seed_guides() -> list[Path]:
    """The five raw seed guides; their absence is a broken checkout, not a reason to skip."""
    guides = sorted(SEEDS.glob("*.txt"))
    assert len(guides) == 5, f"expected the 5 seed guides in {SEEDS}, found {len(guides)}"
    return guides
