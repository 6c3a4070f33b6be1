"""The symptom index of a whole docs folder: extraction of every page, related entries,
validation, and the ``symptoms.json`` document. Shared by the plugin and ``fixbook index``
(and ``fixbook find --index DOCS_DIR``), so all of them see the same entries.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pathspec
from mkdocs.structure.files import File

from fixbook.markdown import MarkdownOptions

from .applies import merge as merge_applies_to
from .codes import entry_codes
from .config import SymptomsConfig
from .extract import extract
from .model import Entry, PageEntries, Problem
from .project import DEFAULT_EXCLUDE, load_project
from .published import Alias, Published, check
from .related import Results, link_related

JSON_VERSION = 1


def default_config() -> SymptomsConfig:
    """The plugin's options with every default, as a bare ``plugins: [symptoms]`` has them."""
    config = SymptomsConfig()
    config.load_dict({})
    errors, _ = config.validate()
    assert not errors, errors
    return config


@dataclass
class SymptomIndex:
    """Every entry of a docs folder, and what is wrong with the docs."""

    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)  # published ids kept by an alias line

    def to_json(self) -> dict[str, Any]:
        """The ``symptoms.json`` document (docs/reference/symptoms-json.md)."""
        return {"version": JSON_VERSION, "entries": [entry.to_json() for entry in self.entries]}

    def by_path(self) -> dict[str, list[Entry]]:
        pages: dict[str, list[Entry]] = {}
        for entry in self.entries:
            pages.setdefault(entry.path, []).append(entry)
        return pages


def is_excluded(path: str, config: SymptomsConfig) -> bool:
    return any(fnmatch.fnmatch(path, pattern) for pattern in config.exclude)


def validate(entries: Iterable[Entry], vocabulary: Iterable[str]) -> list[Problem]:
    """Entries without a fix, duplicate ids or anchors, components outside the vocabulary."""
    allowed = set(vocabulary)
    problems: list[Problem] = []
    ids: dict[str, Entry] = {}
    anchors: dict[tuple[str, str], Entry] = {}
    reported: set[tuple[str, str]] = set()
    for entry in entries:
        if not entry.has_fix:
            problems.append(
                Problem(
                    entry.path,
                    entry.line,
                    f"entry '{entry.title}' has no fix: add a **Fix** label with the steps",
                )
            )
        if (first := anchors.get((entry.path, entry.anchor))) is not None:
            problems.append(
                Problem(
                    entry.path,
                    entry.line,
                    f"duplicate anchor '#{entry.anchor}' (also used at line {first.line})",
                )
            )
        else:
            anchors[(entry.path, entry.anchor)] = entry
        if (first := ids.get(entry.id)) is not None and first.path != entry.path:
            problems.append(
                Problem(
                    entry.path,
                    entry.line,
                    f"duplicate entry id '{entry.id}' (also {first.path}:{first.line})",
                )
            )
        ids.setdefault(entry.id, entry)
        for component in entry.components:
            if allowed and component not in allowed and (entry.path, component) not in reported:
                reported.add((entry.path, component))
                problems.append(
                    Problem(
                        entry.path,
                        entry.line,
                        f"component '{component}' is not in the configured vocabulary "
                        f"({', '.join(sorted(allowed))})",
                    )
                )
    return problems


def assemble(
    pages: Iterable[PageEntries],
    config: SymptomsConfig,
    published: Published | None = None,
    cache: Results | None = None,
) -> SymptomIndex:
    """Join the pages' entries, add their stable codes, link related entries across guides,
    validate, and check the published ids (when the project keeps a list of them).
    ``cache``: where the related lists are kept across builds (the plugin's)."""
    index = SymptomIndex()
    pages = sorted(pages, key=lambda page: page.path)
    merge_applies_to(pages)
    for page in pages:
        index.entries += page.entries
        index.problems += page.problems
    for entry in index.entries:
        entry.codes = entry_codes([entry.title, *entry.symptoms], entry.errors, entry.http_status)
    link_related(index.entries, config.related_threshold, config.related_limit, cache=cache)
    index.problems += validate(index.entries, config.components)
    if published is not None:
        problems, index.aliases = check(index.entries, published)
        index.problems += problems
    # A `{#id}` used twice is reported by the page and by the entries: say it once.
    index.problems = sorted(set(index.problems), key=lambda p: (p.path, p.line, p.message))
    return index


def markdown_files(
    docs_dir: Path, config: SymptomsConfig, excluded: pathspec.GitIgnoreSpec = DEFAULT_EXCLUDE
) -> list[tuple[Path, str]]:
    """(file, path relative to docs_dir) of every Markdown page MkDocs would build (minus
    its ``exclude_docs``, by default hidden files and folders), minus the ``exclude`` globs."""
    found = []
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir).as_posix()
        if excluded.match_file(relative):
            continue
        if path.is_file() and not is_excluded(relative, config):
            found.append((path, relative))
    return found


def read_page(file: Path, relative: str) -> tuple[str | None, Problem | None]:
    """A page's text, or the one-line problem that it cannot be read (not UTF-8, binary)."""
    try:
        data = file.read_bytes()
    except OSError as error:
        return None, Problem(relative, 0, f"cannot read: {error.strerror or error}")
    return decode_page(data, relative)


def decode_page(data: bytes, relative: str) -> tuple[str | None, Problem | None]:
    """UTF-8 text (a BOM dropped); binary content (NUL bytes) or another encoding is one
    problem line, ``path: cannot read: not UTF-8``, the same in every command."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = "\x00"
    if "\x00" in text:
        return None, Problem(relative, 0, "cannot read: not UTF-8")
    return text, None


def build_index(
    docs_dir: Path,
    config: SymptomsConfig | None = None,
    slug_options: MarkdownOptions | None = None,
    published: Published | None = None,
    *,
    nav: dict[str, list[str]] | None = None,
    excluded: pathspec.GitIgnoreSpec | None = None,
    pages_out: list[PageEntries] | None = None,
) -> SymptomIndex:
    """Index every Markdown file under ``docs_dir`` without building a site; urls are those
    of ``use_directory_urls: false``. Without ``config``, the project's own settings are used
    (its ``mkdocs.yml`` plugin options, toc slugify and published-ids list), so the index is
    the one the site builds."""
    docs_dir = Path(docs_dir)
    nav = nav or {}
    excluded = excluded or DEFAULT_EXCLUDE
    if config is None:
        project = load_project(docs_dir)
        config, published, nav = project.config, project.published, project.nav
        slug_options = slug_options or project.slug_options
        excluded = project.exclude_docs
    options = slug_options or MarkdownOptions(snippets_enabled=False)
    pages: list[PageEntries] = []
    for path, relative in markdown_files(docs_dir, config, excluded):
        url = File(relative, str(docs_dir), "", use_directory_urls=False).url
        source, problem = read_page(path, relative)
        if source is None:
            pages.append(PageEntries(relative, problems=[problem] if problem else []))
            continue
        pages.append(
            extract(
                source,
                path=relative,
                url=url,
                options=options,
                include=config.include,
                nav=nav.get(relative, ()),
            )
        )
    if pages_out is not None:
        pages_out += pages
    return assemble(pages, config, published)
