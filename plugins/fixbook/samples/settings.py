"""Where the docs and the included snippet files live, read from the project's ``mkdocs.yml``.

pytest, ``fixbook check`` and the badges plugin must resolve ``--8<--`` includes exactly as
MkDocs does, so they all take the base paths from the same ``mkdocs.yml`` the site is built from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_SNIPPETS_BASE = "snippets"


class _PermissiveLoader(yaml.SafeLoader):
    """Reads mkdocs.yml files that use ``!!python/name`` or ``!ENV`` tags without running them."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_PermissiveLoader.add_multi_constructor("", _ignore_tag)


@dataclass(frozen=True)
class DocsSettings:
    """The docs folder and the folders ``--8<--`` paths are relative to."""

    docs_dir: Path
    snippet_bases: tuple[Path, ...] = field(default=())


def schemas_dir(settings: DocsSettings) -> Path | None:
    """Where ``<guide>/schema.sql`` files live: the first ``--8<--`` base (``snippets/``), so the
    services find them whatever the working directory is."""
    return settings.snippet_bases[0] if settings.snippet_bases else None


def read_mkdocs_config(config_file: Path) -> dict[str, Any]:
    with config_file.open(encoding="utf-8") as stream:
        return yaml.load(stream, Loader=_PermissiveLoader) or {}


def snippet_bases_from(config: dict[str, Any], root: Path) -> tuple[Path, ...]:
    """pymdownx.snippets ``base_path`` of a mkdocs config, absolute; default ``snippets/``."""
    for extension in config.get("markdown_extensions") or []:
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            options = extension["pymdownx.snippets"] or {}
            base = options.get("base_path", DEFAULT_SNIPPETS_BASE)
            bases = [base] if isinstance(base, str) else list(base)
            return tuple((root / b).resolve() for b in bases)
    return ((root / DEFAULT_SNIPPETS_BASE).resolve(),)


def find_mkdocs_config(start: Path) -> Path | None:
    """The nearest ``mkdocs.yml`` in ``start`` or one of its parents."""
    start = start.resolve()
    for folder in [start, *start.parents] if start.is_dir() else start.parents:
        candidate = folder / "mkdocs.yml"
        if candidate.is_file():
            return candidate
    return None


def settings_for(path: Path, docs_dir: Path | None = None) -> DocsSettings:
    """Settings for Markdown under ``path``, from the nearest mkdocs.yml (if any)."""
    config_file = find_mkdocs_config(path)
    if config_file is None:
        root = path.resolve() if path.is_dir() else path.resolve().parent
        return DocsSettings(docs_dir or root, ((root / DEFAULT_SNIPPETS_BASE).resolve(),))
    root = config_file.parent
    config = read_mkdocs_config(config_file)
    docs = docs_dir or (root / config.get("docs_dir", "docs")).resolve()
    return DocsSettings(docs, snippet_bases_from(config, root))


def guide_of(page: Path, docs_dir: Path) -> str:
    """The guide a page belongs to: its top folder under docs (a flat page: its stem)."""
    try:
        relative = page.resolve().relative_to(docs_dir.resolve())
    except ValueError:
        return page.parent.name or page.stem
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem
