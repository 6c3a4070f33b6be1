"""One configuration for the plugins, pytest and the CLI: ``mkdocs.yml`` plus ``[tool.fixbook]``.

Every consumer must agree on where the docs are, how ``--8<--`` includes resolve and how strict a
run is, so there is exactly one reader and one frozen :class:`Settings` object.

* ``mkdocs.yml`` is read with MkDocs' own YAML loader (:func:`mkdocs.utils.yaml.yaml_load`), so
  ``!ENV``, ``INHERIT`` and ``!relative`` behave as in ``mkdocs build``. MkDocs' full config
  validation is *not* run: it imports every plugin and theme, which a verification run must not
  need. ``!!python/name:`` tags are kept as their dotted name, ``!!python/object/apply:`` as a
  :class:`PythonCall`; neither is imported here (:mod:`fixbook.markdown.options` resolves them).
* ``[tool.fixbook]`` in the ``pyproject.toml`` beside ``mkdocs.yml`` (or the nearest one above the
  checked path) holds what pytest and ``fixbook check`` need::

      [tool.fixbook]
      strict = false              # not-verified blocks fail (the handbook sets true)
      time-limit = 60             # seconds a block may run
      exclude = ["drafts/**"]     # pages (globs relative to docs_dir) never verified
      volatile = ['\\d+ ms']      # regexes of output text that changes run to run

      [tool.fixbook.modes]        # default mode per language: run, check, skip, output
      python = "check"

      [tool.fixbook.aliases]      # fence label -> language
      conf = "nginx"

      [tool.fixbook.shellcheck]
      severity = "warning"        # findings below it are notes, not failures
      exclude = ["SC2086"]        # codes never reported

A malformed key raises :class:`SettingsError` whose message is one line naming the file and key.
"""

from __future__ import annotations

import fnmatch
import functools
import importlib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType, SimpleNamespace
from typing import Any

import yaml

#: pymdownx.snippets' own default ``base_path``: the working directory, which for ``mkdocs
#: build`` is the folder of ``mkdocs.yml``. The one definition of the default snippets base.
DEFAULT_SNIPPETS_BASE = "."
#: ShellCheck's levels, most severe first.
SHELLCHECK_LEVELS = ("error", "warning", "info", "style")
DEFAULT_SHELLCHECK_SEVERITY = "warning"
DEFAULT_TIME_LIMIT = 60.0
MODES = frozenset({"run", "check", "skip", "output"})


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


class SettingsError(ValueError):
    """A configuration value Fixbook cannot use; the message is one line naming file and key."""


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know about the project, read once.

    ``docs_dir`` and ``snippet_bases`` come first so that ``Settings(docs, bases)`` describes a
    bare docs folder (tests, a folder with no ``mkdocs.yml``).
    """

    docs_dir: Path
    snippet_bases: tuple[Path, ...] = ()
    root: Path | None = None  # the project folder (of mkdocs.yml), None: unknown
    config_file: Path | None = None  # the mkdocs.yml read, if any
    pyproject: Path | None = None  # the pyproject.toml whose [tool.fixbook] was read, if any
    mkdocs: Mapping[str, Any] = field(default_factory=_empty, hash=False, compare=False, repr=False)
    modes: Mapping[str, str] = field(default_factory=_empty, hash=False)
    aliases: Mapping[str, str] = field(default_factory=_empty, hash=False)
    shellcheck_severity: str = DEFAULT_SHELLCHECK_SEVERITY
    shellcheck_exclude: frozenset[str] = frozenset()
    strict: bool = False
    time_limit: float = DEFAULT_TIME_LIMIT
    exclude: tuple[str, ...] = ()
    volatile: tuple[str, ...] = ()

    def excluded(self, page: Path) -> bool:
        """Whether a page matches one of the ``exclude`` globs (relative to ``docs_dir``)."""
        try:
            relative = page.resolve().relative_to(self.docs_dir.resolve()).as_posix()
        except ValueError:
            relative = page.as_posix()
        return any(fnmatch.fnmatch(relative, pattern) for pattern in self.exclude)

    @property
    def schemas_dir(self) -> Path | None:
        """Where ``<guide>/schema.sql`` files live: the first ``--8<--`` base."""
        return self.snippet_bases[0] if self.snippet_bases else None


# -- mkdocs.yml ------------------------------------------------------------------------------


class _SafeLoader(yaml.SafeLoader):
    """A safe loader that keeps ``!!python/...`` tags as their names instead of importing."""


@dataclass(frozen=True)
class PythonCall:
    """A ``!!python/object/apply:pkg.function`` value of ``mkdocs.yml`` (how a site passes
    ``pymdownx.slugs.slugify(case="lower")`` to ``toc``), kept as data: reading the settings
    never imports. Whoever needs the value calls :meth:`resolve`, as MkDocs' loader would."""

    name: str
    args: tuple[Any, ...] = ()
    kwds: Mapping[str, Any] = field(default_factory=_empty, hash=False)

    def resolve(self) -> Any:
        """``pkg.function(*args, **kwds)``, imported now."""
        module, _, attribute = self.name.rpartition(".")
        function = getattr(importlib.import_module(module), attribute)
        return function(*self.args, **self.kwds)


def _python_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    kind, _, name = suffix.partition(":")
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if kind in {"object/apply", "object/new"}:
            return PythonCall(name, (value,) if value else ())
        # `!!python/name:pkg.attr ''`: the dotted name is the tag's suffix.
        return value or name
    if isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node, deep=True)
        return PythonCall(name, tuple(items)) if kind.startswith("object/") else items
    mapping = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    if kind.startswith("object/"):  # `{args: [...], kwds: {...}}`, as PyYAML's full loader
        kwds = MappingProxyType(dict(mapping.get("kwds") or {}))
        return PythonCall(name, tuple(mapping.get("args") or ()), kwds)
    return mapping


_SafeLoader.add_multi_constructor("tag:yaml.org,2002:python/", _python_tag)


def read_mkdocs_yml(config_file: Path) -> dict[str, Any]:
    """``mkdocs.yml`` as MkDocs reads it (``!ENV``, ``INHERIT``, ``!relative``), unvalidated.

    ``!relative`` values are resolved to plain paths: ``$config_dir`` is the file's folder and
    ``$docs_dir`` the configured docs folder (bare ``!relative`` needs a page, so it is the docs
    folder here).
    """
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils import yaml as mkdocs_yaml

    stub = SimpleNamespace(config_file_path=str(config_file), docs_dir=None)
    loader = mkdocs_yaml.get_yaml_loader(loader=_SafeLoader, config=stub)  # type: ignore[arg-type]
    try:
        with config_file.open("rb") as stream:
            config = mkdocs_yaml.yaml_load(stream, loader)
    except ConfigurationError as error:
        raise SettingsError(f"{config_file}: {_one_line(str(error))}") from None
    except OSError as error:
        raise SettingsError(f"{config_file}: cannot read: {error.strerror}") from None
    if not isinstance(config, dict):
        raise SettingsError(f"{config_file}: not a mapping of settings")
    docs = config.get("docs_dir", "docs")
    stub.docs_dir = os.path.normpath(config_file.parent / os.fspath(docs))
    return _resolve_placeholders(config)


def _resolve_placeholders(value: Any) -> Any:
    """Replace MkDocs' ``!relative`` placeholders by the paths they stand for."""
    from mkdocs.utils.yaml import _DirPlaceholder

    if isinstance(value, _DirPlaceholder):
        try:
            return os.fspath(value)
        except Exception:  # bare !relative: relative to the page, so to the docs folder here
            return os.fspath(value.config.docs_dir)
    if isinstance(value, dict):
        return {key: _resolve_placeholders(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_resolve_placeholders(item) for item in value]
    return value


def _one_line(text: str) -> str:
    return " ".join(text.split())


def snippets_options(mkdocs: Mapping[str, Any]) -> dict[str, Any] | None:
    """The ``pymdownx.snippets`` options of a config, ``{}`` when listed bare, None if absent."""
    for extension in mkdocs.get("markdown_extensions") or []:
        if extension == "pymdownx.snippets":
            return {}
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            return dict(extension["pymdownx.snippets"] or {})
    return None


def snippet_bases(mkdocs: Mapping[str, Any], root: Path) -> tuple[Path, ...]:
    """pymdownx.snippets' ``base_path`` of a mkdocs config, absolute; default ``.`` (root)."""
    return resolve_bases(snippets_options(mkdocs) or {}, root)


def resolve_bases(snippets: Mapping[str, Any], root: Path) -> tuple[Path, ...]:
    """pymdownx.snippets' own options' ``base_path`` (a path or a list) against ``root``.

    The one place that knows pymdownx's default (``.``, not ``snippets/``)."""
    base = snippets.get("base_path", DEFAULT_SNIPPETS_BASE)
    bases = [base] if isinstance(base, str | os.PathLike) else list(base or [])
    return tuple((root / os.fspath(b)).resolve() for b in bases)


def find_upwards(start: Path, name: str) -> Path | None:
    """The nearest file called ``name`` in ``start`` (a folder, or a file's folder) or above."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate_folder in [folder, *folder.parents]:
        candidate = candidate_folder / name
        if candidate.is_file():
            return candidate
    return None


def find_mkdocs_yml(start: Path) -> Path | None:
    """The nearest ``mkdocs.yml`` (or ``mkdocs.yaml``) in or above ``start``."""
    start = start.resolve()
    folder = start if start.is_dir() else start.parent
    for candidate_folder in [folder, *folder.parents]:
        for name in ("mkdocs.yml", "mkdocs.yaml"):
            if (candidate_folder / name).is_file():
                return candidate_folder / name
    return None


# -- [tool.fixbook] --------------------------------------------------------------------------


def read_tool_fixbook(pyproject: Path) -> dict[str, Any]:
    """The ``[tool.fixbook]`` table of a ``pyproject.toml`` (``{}`` when it has none)."""
    try:
        document = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"{pyproject}: cannot read: {_one_line(str(error))}") from None
    table = document.get("tool", {}).get("fixbook", {})
    if not isinstance(table, dict):
        raise SettingsError(f"{pyproject}: [tool.fixbook] must be a table")
    return table


def _tool_options(table: Mapping[str, Any], origin: Path) -> dict[str, Any]:
    """``[tool.fixbook]`` validated into :class:`Settings` keyword arguments."""
    where = f"{origin}: [tool.fixbook]"
    table = {key.replace("-", "_"): value for key, value in table.items()}
    known = {"strict", "time_limit", "exclude", "volatile", "modes", "aliases", "shellcheck"}
    unknown = sorted(set(table) - known)
    if unknown:
        names = ", ".join(sorted(known))
        raise SettingsError(f"{where}: unknown key {unknown[0]!r} (known: {names})")
    options: dict[str, Any] = {}
    if "strict" in table:
        options["strict"] = _expect(table["strict"], bool, f"{where} strict", "true or false")
    if "time_limit" in table:
        limit = table["time_limit"]
        if isinstance(limit, bool) or not isinstance(limit, int | float) or limit <= 0:
            raise SettingsError(f"{where} time-limit: expected a number of seconds > 0")
        options["time_limit"] = float(limit)
    for key in ("exclude", "volatile"):
        if key in table:
            options[key] = tuple(_strings(table[key], f"{where} {key}"))
    if "modes" in table:
        modes = _string_table(table["modes"], f"{where}.modes")
        for language, mode in modes.items():
            if mode not in MODES:
                raise SettingsError(
                    f"{where}.modes {language}: {mode!r} is not one of {', '.join(sorted(MODES))}"
                )
        options["modes"] = MappingProxyType({k.lower(): v for k, v in modes.items()})
    if "aliases" in table:
        aliases = _string_table(table["aliases"], f"{where}.aliases")
        options["aliases"] = MappingProxyType({k.lower(): v.lower() for k, v in aliases.items()})
    if "shellcheck" in table:
        options.update(_shellcheck_options(table["shellcheck"], f"{where}.shellcheck"))
    return options


def _shellcheck_options(table: Any, where: str) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise SettingsError(f"{where}: expected a table (severity, exclude)")
    unknown = sorted(set(table) - {"severity", "exclude"})
    if unknown:
        raise SettingsError(f"{where}: unknown key {unknown[0]!r} (known: exclude, severity)")
    options: dict[str, Any] = {}
    if "severity" in table:
        if table["severity"] not in SHELLCHECK_LEVELS:
            raise SettingsError(f"{where} severity: expected one of {', '.join(SHELLCHECK_LEVELS)}")
        options["shellcheck_severity"] = table["severity"]
    if "exclude" in table:
        codes = _strings(table["exclude"], f"{where} exclude")
        options["shellcheck_exclude"] = frozenset(
            code.upper() if code.upper().startswith("SC") else f"SC{code}" for code in codes
        )
    return options


def _expect(value: Any, kind: type, where: str, wanted: str) -> Any:
    if not isinstance(value, kind):
        raise SettingsError(f"{where}: expected {wanted}, got {value!r}")
    return value


def _strings(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise SettingsError(f"{where}: expected a list of strings")
    return value


def _string_table(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise SettingsError(f"{where}: expected a table of strings")
    return value


# -- loading ---------------------------------------------------------------------------------


def load_settings(start: Path, docs_dir: Path | None = None) -> Settings:
    """The settings of the project that ``start`` (a file or folder) belongs to.

    The project is the folder of the nearest ``mkdocs.yml``; with none, ``start`` itself (its
    folder for a file) is both the docs folder and the root. ``docs_dir`` overrides the docs
    folder (``fixbook check some/folder`` outside the configured one).
    """
    config_file = find_mkdocs_yml(start)
    if config_file is None:
        root = start.resolve() if start.is_dir() else start.resolve().parent
        mkdocs: dict[str, Any] = {}
        docs = docs_dir or root
    else:
        root = config_file.parent
        mkdocs = read_mkdocs_yml(config_file)
        docs = docs_dir or (root / os.fspath(mkdocs.get("docs_dir", "docs"))).resolve()
    pyproject = root / "pyproject.toml"
    if not pyproject.is_file():
        pyproject = find_upwards(start, "pyproject.toml") if config_file is None else None
    tool = _tool_options(read_tool_fixbook(pyproject), pyproject) if pyproject else {}
    return Settings(
        docs_dir=docs.resolve(),
        snippet_bases=snippet_bases(mkdocs, root),
        root=root,
        config_file=config_file,
        pyproject=pyproject if tool else None,
        mkdocs=MappingProxyType(mkdocs),
        **tool,
    )


@functools.lru_cache(maxsize=64)
def _settings_of_folder(folder: Path) -> Settings:
    return load_settings(folder)


def settings_of(page: Path) -> Settings:
    """The settings of the project a page belongs to, read once per folder of pages.

    For code that sees only a page (an evaluator's ``prepare``), not the run's settings.
    """
    page = Path(page).resolve()
    return _settings_of_folder(page if page.is_dir() else page.parent)
