"""The ``symptoms`` settings of a project, read from its ``mkdocs.yml`` without building it.

``fixbook index`` and ``fixbook find DOCS_DIR`` (and pytest through them) must index exactly
the pages the site indexes: same ``include``/``exclude``, same toc slugify, same published
ids. So they take the project's one settings object (:func:`fixbook.settings.load_settings`:
``mkdocs.yml`` through MkDocs' own loader, ``!ENV``, ``INHERIT``, ``!relative``), validate the
plugin's options with the plugin's own :class:`~fixbook.symptoms.config.SymptomsConfig`, and
read pages with :meth:`MarkdownOptions.from_settings`, as pytest does. A slugify given as a
Python tag is resolved there, by import, and is toc's default when its package is missing, so
a foreign project's config never stops the index.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pathspec
import yaml

from fixbook.markdown import MarkdownOptions
from fixbook.settings import Settings, SettingsError, load_settings

from .config import SymptomsConfig
from .pagekind import nav_sections
from .published import DEFAULT_FILE, Published

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
# MkDocs' own default `exclude_docs`: hidden files and folders, and a top-level templates/.
DEFAULT_EXCLUDE = pathspec.GitIgnoreSpec.from_lines([".*", "/templates/"])
PLUGIN_NAMES = ("symptoms", "fixbook/symptoms")


@dataclass
class Project:
    """What indexing needs to know about a project."""

    config: SymptomsConfig
    slug_options: MarkdownOptions  # how the site reads a page (toc ids, includes, aliases)
    config_file: Path | None  # the mkdocs.yml read, None when there is none
    published: Published | None  # the committed list of published ids, when there is one
    nav: dict[str, list[str]] = field(default_factory=dict)  # page -> nav sections above it
    exclude_docs: pathspec.GitIgnoreSpec = field(default_factory=lambda: DEFAULT_EXCLUDE)


def find_settings(docs_dir: Path) -> Settings | None:
    """The settings of the project whose ``docs_dir`` is this folder: its ``mkdocs.yml`` is
    beside the folder or in the current directory. A ``mkdocs.yml`` that cannot be read, or
    that builds another folder, is not this folder's."""
    docs = docs_dir.resolve()
    for folder in dict.fromkeys([docs.parent, Path.cwd().resolve()]):
        if not any((folder / name).is_file() for name in CONFIG_NAMES):
            continue
        try:
            settings = load_settings(folder)
        except (SettingsError, yaml.YAMLError):
            continue
        if settings.docs_dir == docs:
            return settings
    return None


def _plugin_options(data: Mapping[str, Any]) -> dict[str, Any] | None:
    """The ``symptoms`` plugin's options (``{}`` when listed bare), None when not listed."""
    plugins = data.get("plugins") or []
    if isinstance(plugins, Mapping):
        plugins = [{name: options} for name, options in plugins.items()]
    for item in plugins:
        if isinstance(item, str) and item in PLUGIN_NAMES:
            return {}
        if isinstance(item, Mapping):
            for name, options in item.items():
                if name in PLUGIN_NAMES:
                    return dict(options or {})
    return None


def symptoms_config(options: dict[str, Any], where: str) -> SymptomsConfig:
    """The plugin's options validated as MkDocs validates them; an invalid one is an error."""
    config = SymptomsConfig(config_file_path=where)
    config.load_dict(options)
    errors, _ = config.validate()
    if errors:
        key, error = errors[0]
        raise ValueError(f"{where}: plugin 'symptoms' option '{key}': {error}")
    return config


def published_list(config: SymptomsConfig, base: Path) -> Published | None:
    """The committed published-ids list: the ``published_ids`` option (must exist), else
    ``published-ids.txt`` beside ``mkdocs.yml`` when there is one."""
    name = config.published_ids or DEFAULT_FILE
    file = base / name
    if not config.published_ids and not file.is_file():
        return None
    return Published.read(file, name)


def load_project(docs_dir: Path) -> Project:
    """The settings for indexing ``docs_dir``: from its ``mkdocs.yml`` when there is one,
    else the plugin's defaults (as a bare ``plugins: [symptoms]`` has them) and MkDocs'
    default Markdown extensions."""
    settings = find_settings(docs_dir)
    if settings is None:
        base = Path(docs_dir).resolve().parent
        config = symptoms_config({}, "<defaults>")
        options = MarkdownOptions.from_markdown_config([], docs_dir=Path(docs_dir), root=base)
        return Project(config, options, None, published_list(config, base))
    data = settings.mkdocs
    file = settings.config_file
    config = symptoms_config(_plugin_options(data) or {}, str(file))
    published = published_list(config, settings.root or Path(docs_dir).resolve().parent)
    return Project(
        config,
        MarkdownOptions.from_settings(settings),
        file,
        published,
        nav_sections(data.get("nav")),
        exclude_docs(data),
    )


def exclude_docs(data: Mapping[str, Any]) -> pathspec.GitIgnoreSpec:
    """The pages MkDocs leaves out of the site: its defaults plus ``exclude_docs``
    (gitignore-style lines, as MkDocs reads them)."""
    lines = data.get("exclude_docs")
    if not isinstance(lines, str) or not lines.strip():
        return DEFAULT_EXCLUDE
    return DEFAULT_EXCLUDE + pathspec.GitIgnoreSpec.from_lines(lines.splitlines())
