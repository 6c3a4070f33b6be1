"""How the site's Markdown is configured, as far as reading a page depends on it.

The page model must give the ids ``toc`` will give and resolve ``--8<--`` as
``pymdownx.snippets`` will, so it takes both from the site's own ``markdown_extensions``: from
MkDocs' config in the plugins (:meth:`MarkdownOptions.for_build`), or from the one settings object
(:mod:`fixbook.settings`, which reads ``mkdocs.yml`` with MkDocs' loader) in pytest and the CLI
(:meth:`MarkdownOptions.from_settings`).

A page is parsed once per build because the page model's cache is keyed by (path, text,
:meth:`MarkdownOptions.key`): every Fixbook plugin builds its options with ``for_build`` (equal
keys), passes the page's absolute source path and the source as MkDocs read it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown.extensions.toc import slugify as toc_slugify

from fixbook.settings import PythonCall, load_settings, resolve_bases

Slugify = Callable[[str, str], str]


@dataclass(frozen=True)
class MarkdownOptions:
    """The Markdown settings a page is read with.

    ``snippets`` holds the ``pymdownx.snippets`` options as written (``check_paths``,
    ``restrict_base_path``, ``dedent_subsections``, ...); ``snippet_bases`` its ``base_path``
    made absolute against ``root`` (the folder of ``mkdocs.yml``, where MkDocs runs).
    ``snippets_enabled`` is False when the site does not load the extension: ``--8<--`` lines
    are then plain text. ``aliases`` are the project's own fence labels
    (``[tool.fixbook.aliases]``), on top of :data:`fixbook.markdown.languages.ALIASES`.
    """

    docs_dir: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    slugify: Slugify = toc_slugify
    separator: str = "-"
    attr_list: bool = True
    admonition: bool = True
    snippets_enabled: bool = True
    snippets: Mapping[str, Any] = field(default_factory=dict)
    snippet_bases: tuple[Path, ...] = ()
    aliases: Mapping[str, str] = field(default_factory=dict)
    tab_length: int = 4

    def key(self) -> tuple[object, ...]:
        """A hashable identity: two options with one key read every page alike."""
        return (
            self.docs_dir,
            self.root,
            self.slugify,
            self.separator,
            self.attr_list,
            self.admonition,
            self.snippets_enabled,
            tuple(sorted((k, repr(v)) for k, v in self.snippets.items())),
            self.snippet_bases,
            tuple(sorted(self.aliases.items())),
            self.tab_length,
        )

    @property
    def check_paths(self) -> bool:
        return bool(self.snippets.get("check_paths", False))

    @classmethod
    def from_markdown_config(
        cls,
        extensions: Iterable[Any],
        extension_configs: Mapping[str, Mapping[str, Any]] | None = None,
        *,
        docs_dir: Path | None = None,
        root: Path | None = None,
        aliases: Mapping[str, str] | None = None,
    ) -> MarkdownOptions:
        """From MkDocs' ``markdown_extensions`` + ``mdx_configs``, or ``mkdocs.yml``'s list
        (``[{name: {options}}, "name"]``)."""
        root = (root or Path.cwd()).resolve()
        names: set[str] = set()
        configs = {_short(k): dict(v or {}) for k, v in (extension_configs or {}).items()}
        for extension in extensions:
            if isinstance(extension, Mapping):
                for name, options in extension.items():
                    names.add(_short(name))
                    configs.setdefault(_short(name), dict(options or {}))
            elif isinstance(extension, str):
                names.add(_short(extension))
            else:
                names.add(_short(type(extension).__module__))
        toc = configs.get("toc", {})
        snippets = configs.get("pymdownx.snippets", {})
        return cls(
            docs_dir=docs_dir,
            root=root,
            slugify=_callable(toc.get("slugify")) or toc_slugify,
            separator=str(toc.get("separator", "-")),
            attr_list="attr_list" in names,
            admonition="admonition" in names,
            snippets_enabled="pymdownx.snippets" in names,
            snippets=snippets,
            snippet_bases=bases_of(snippets, root),
            aliases=dict(aliases or {}),
        )

    @classmethod
    def from_mkdocs(cls, config: Any, aliases: Mapping[str, str] | None = None) -> MarkdownOptions:
        """From a loaded ``MkDocsConfig`` (what a plugin's ``on_config`` receives)."""
        config_file = config.get("config_file_path")
        return cls.from_markdown_config(
            config["markdown_extensions"],
            config["mdx_configs"],
            docs_dir=Path(config["docs_dir"]).resolve(),
            root=Path(config_file).parent if config_file else None,
            aliases=aliases,
        )

    @classmethod
    def for_build(cls, config: Any, settings: Any = None) -> MarkdownOptions:
        """The options every Fixbook plugin of one ``mkdocs build`` reads pages with.

        MkDocs' own config gives the extensions and the very slugify object ``toc`` uses; the
        one settings object (``settings``, else :func:`fixbook.settings.load_settings`) the
        project's fence aliases. Two plugins calling this get options with equal keys, so the
        second reader of a page gets the first one's parse from the page model's cache.
        """
        if settings is None:
            config_file = config.get("config_file_path")
            root = Path(config_file).resolve().parent if config_file else Path.cwd()
            settings = load_settings(root, Path(config["docs_dir"]).resolve())
        return cls.from_mkdocs(config, settings.aliases)

    @classmethod
    def from_settings(cls, settings: Any) -> MarkdownOptions:
        """From :class:`fixbook.settings.Settings` (``mkdocs``, ``root``, ``docs_dir``, ...).

        A project with a ``mkdocs.yml`` is read with exactly its ``markdown_extensions`` (none
        listed: MkDocs' defaults, so no ``attr_list``, admonitions or includes), as the site
        renders it; a bare docs folder with none gets the defaults of :meth:`for_folder`.
        """
        mkdocs = getattr(settings, "mkdocs", None) or {}
        aliases = getattr(settings, "aliases", None) or {}
        if getattr(settings, "config_file", None) is None:
            return cls.for_folder(settings.docs_dir, settings.snippet_bases, aliases)
        return cls.from_markdown_config(
            mkdocs.get("markdown_extensions") or [],
            docs_dir=settings.docs_dir,
            root=getattr(settings, "root", None),
            aliases=aliases,
        )

    @classmethod
    def for_folder(
        cls, docs_dir: Path | None, bases: Iterable[Path], aliases: Mapping[str, str] | None = None
    ) -> MarkdownOptions:
        """Default extensions, snippets in ``bases`` (tests, a page read on its own)."""
        resolved = tuple(Path(base).resolve() for base in bases)
        return cls(
            docs_dir=docs_dir,
            snippets={"base_path": [str(base) for base in resolved]},
            snippet_bases=resolved,
            aliases=dict(aliases or {}),
        )


def bases_of(snippets: Mapping[str, Any], root: Path) -> tuple[Path, ...]:
    """pymdownx.snippets' ``base_path`` (a path or a list; default ``.``) against ``root``."""
    return resolve_bases(snippets, root)


def _short(name: str) -> str:
    """``markdown.extensions.toc`` → ``toc`` (Python-Markdown's own names, as MkDocs allows)."""
    return name.removeprefix("markdown.extensions.")


def _callable(value: Any) -> Slugify | None:
    """A slugify as MkDocs' loader makes it: a function (MkDocs' config), a dotted name
    (``!!python/name:`` in ``mkdocs.yml``) or a call (``!!python/object/apply:``, e.g.
    ``pymdownx.slugs.slugify`` with ``case: lower``). One from a package that is not installed
    is None (toc's default), so a foreign project's config never stops a reader."""
    if value is None or callable(value):
        return value
    try:
        if isinstance(value, PythonCall):
            function = value.resolve()
        else:
            module, _, name = str(value).rpartition(".")
            function = getattr(importlib.import_module(module), name, None)
    except (ImportError, AttributeError, TypeError, ValueError):
        return None
    return function if callable(function) else None
