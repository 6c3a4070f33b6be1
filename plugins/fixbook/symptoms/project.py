"""The ``symptoms`` settings of a project, read from its ``mkdocs.yml`` without building it.

``fixbook index`` and ``fixbook find DOCS_DIR`` (and pytest through them) must index exactly
the pages the site indexes: same ``include``/``exclude``, same toc slugify, same published
ids. So they read the plugin's options from the project's ``mkdocs.yml`` with MkDocs' own YAML
loader (``!ENV``, ``INHERIT``, ``!relative``) and validate them with the plugin's own
:class:`~fixbook.symptoms.config.SymptomsConfig`. Python tags (``!!python/name:…`` for a
slugify) are resolved by import when the module is installed and ignored otherwise, so a
foreign project's config never stops the index.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pathspec
import yaml
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from fixbook.markdown import MarkdownOptions

from .config import SymptomsConfig
from .pagekind import nav_sections
from .published import DEFAULT_FILE, Published

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
# MkDocs' own default `exclude_docs`: hidden files and folders, and a top-level templates/.
DEFAULT_EXCLUDE = pathspec.GitIgnoreSpec.from_lines([".*", "/templates/"])
PLUGIN_NAMES = ("symptoms", "fixbook/symptoms")


class _PythonTag:
    """A ``!!python/…`` node kept as data: resolved later only where a value is needed."""

    def __init__(self, kind: str, name: str, args: Any) -> None:
        self.kind, self.name, self.args = kind, name, args

    def resolve(self) -> Any:
        module, _, attribute = self.name.rpartition(".")
        value = getattr(importlib.import_module(module), attribute)
        if self.kind == "name":
            return value
        kwds = self.args.get("kwds", {}) if isinstance(self.args, dict) else {}
        args = self.args.get("args", []) if isinstance(self.args, dict) else self.args or []
        return value(*args, **kwds)


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader when installed: a large mkdocs.yml is read in milliseconds."""


def _python_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _PythonTag:
    kind, _, name = suffix.partition(":")
    if isinstance(node, yaml.MappingNode):
        args: Any = loader.construct_mapping(node, deep=True)
    elif isinstance(node, yaml.SequenceNode):
        args = loader.construct_sequence(node, deep=True)
    else:
        args = None
    return _PythonTag(kind, name, args)


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _python_tag)


@dataclass
class Project:
    """What indexing needs to know about a project."""

    config: SymptomsConfig
    slug_options: MarkdownOptions
    config_file: Path | None  # the mkdocs.yml read, None when there is none
    published: Published | None  # the committed list of published ids, when there is one
    nav: dict[str, list[str]] = field(default_factory=dict)  # page -> nav sections above it
    exclude_docs: pathspec.GitIgnoreSpec = field(default_factory=lambda: DEFAULT_EXCLUDE)


def find_config(docs_dir: Path) -> tuple[Path, dict[str, Any]] | None:
    """The ``mkdocs.yml`` whose ``docs_dir`` is this folder (beside it, or in the current
    directory), and its settings."""
    docs = docs_dir.resolve()
    for folder in dict.fromkeys([docs.parent, Path.cwd().resolve()]):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            try:
                data = _load(candidate)
            except (OSError, yaml.YAMLError, ValueError):
                continue
            if (folder / str(data.get("docs_dir", "docs"))).resolve() == docs:
                return candidate, data
    return None


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as stream:
        data = yaml_load(stream, loader=get_yaml_loader(_Loader))
    return data if isinstance(data, dict) else {}


def _plugin_options(data: dict[str, Any]) -> dict[str, Any] | None:
    """The ``symptoms`` plugin's options (``{}`` when listed bare), None when not listed."""
    plugins = data.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    for item in plugins:
        if isinstance(item, str) and item in PLUGIN_NAMES:
            return {}
        if isinstance(item, dict):
            for name, options in item.items():
                if name in PLUGIN_NAMES:
                    return dict(options or {})
    return None


def _value(value: Any) -> Any:
    if isinstance(value, _PythonTag):
        try:
            return value.resolve()
        except Exception:  # a slugify from a package that is not installed: toc's default
            return None
    return value


def slug_options(data: dict[str, Any], root: Path) -> MarkdownOptions:
    """The site's Markdown setup (toc, attr_list, admonition, snippets) from
    ``markdown_extensions``; ``root``: the folder of ``mkdocs.yml``."""
    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for item in data.get("markdown_extensions") or []:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            for name, options in item.items():
                names.append(name)
                if isinstance(options, dict):
                    configs[name] = {key: _value(value) for key, value in options.items()}
    return MarkdownOptions.from_markdown_config(names, configs, root=root)


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
    else the plugin's defaults (as a bare ``plugins: [symptoms]`` has them)."""
    found = find_config(docs_dir)
    file, data = found if found else (None, {})
    options = _plugin_options(data) or {}
    config = symptoms_config(options, str(file) if file else "<defaults>")
    base = file.parent if file else Path(docs_dir).resolve().parent
    published = published_list(config, base)
    nav = nav_sections(data.get("nav"))
    return Project(config, slug_options(data, base), file, published, nav, exclude_docs(data))


def exclude_docs(data: dict[str, Any]) -> pathspec.GitIgnoreSpec:
    """The pages MkDocs leaves out of the site: its defaults plus ``exclude_docs``
    (gitignore-style lines, as MkDocs reads them)."""
    lines = data.get("exclude_docs")
    if not isinstance(lines, str) or not lines.strip():
        return DEFAULT_EXCLUDE
    return DEFAULT_EXCLUDE + pathspec.GitIgnoreSpec.from_lines(lines.splitlines())
