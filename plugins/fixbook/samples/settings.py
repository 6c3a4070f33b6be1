"""The samples layer's view of :mod:`fixbook.settings`: docs folder, include bases, guides.

pytest, ``fixbook check`` and the badges plugin must resolve ``--8<--`` includes exactly as
MkDocs does; they all take them from the one :class:`fixbook.settings.Settings`. This module
keeps the names the samples layer has always imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..markdown.guide import guide_of
from ..settings import (
    DEFAULT_SNIPPETS_BASE,
    Settings,
    find_mkdocs_yml,
    load_settings,
    read_mkdocs_yml,
    snippet_bases,
)

#: The settings object of a docs folder (kept under its old name).
DocsSettings = Settings

__all__ = [
    "DEFAULT_SNIPPETS_BASE",
    "DocsSettings",
    "find_mkdocs_config",
    "guide_of",
    "read_mkdocs_config",
    "schemas_dir",
    "settings_for",
    "snippet_bases_from",
]


def schemas_dir(settings: Settings) -> Path | None:
    """Where ``<guide>/schema.sql`` files live: the first ``--8<--`` base."""
    return settings.schemas_dir


def read_mkdocs_config(config_file: Path) -> dict[str, Any]:
    return read_mkdocs_yml(config_file)


def snippet_bases_from(config: Any, root: Path) -> tuple[Path, ...]:
    """pymdownx.snippets ``base_path`` of a mkdocs config, absolute; default ``.`` (root)."""
    return snippet_bases(config, root)


def find_mkdocs_config(start: Path) -> Path | None:
    return find_mkdocs_yml(start)


def settings_for(path: Path, docs_dir: Path | None = None) -> Settings:
    """Settings for Markdown under ``path``, from the nearest mkdocs.yml (if any)."""
    return load_settings(path, docs_dir)
