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

from mkdocs.structure.files import File

from .anchors import SlugOptions
from .config import SymptomsConfig
from .extract import extract
from .model import Entry, PageEntries, Problem
from .related import link_related

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

    def to_json(self) -> dict[str, Any]:
        """The ``symptoms.json`` document (INTERFACES.md)."""
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


def assemble(pages: Iterable[PageEntries], config: SymptomsConfig) -> SymptomIndex:
    """Join the pages' entries, link related entries across guides and validate."""
    index = SymptomIndex()
    for page in sorted(pages, key=lambda page: page.path):
        index.entries += page.entries
        index.problems += page.problems
    link_related(index.entries, config.related_threshold, config.related_limit)
    index.problems += validate(index.entries, config.components)
    # A `{#id}` used twice is reported by the page and by the entries: say it once.
    index.problems = sorted(set(index.problems), key=lambda p: (p.path, p.line, p.message))
    return index


def build_index(
    docs_dir: Path, config: SymptomsConfig | None = None, slug_options: SlugOptions | None = None
) -> SymptomIndex:
    """Index every Markdown file under ``docs_dir`` without building a site; urls are those
    of ``use_directory_urls: false``."""
    config = config or default_config()
    options = slug_options or SlugOptions()
    pages: list[PageEntries] = []
    docs_dir = Path(docs_dir)
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir).as_posix()
        if any(part.startswith(".") for part in Path(relative).parts) or is_excluded(
            relative, config
        ):
            continue
        url = File(relative, str(docs_dir), "", use_directory_urls=False).url
        try:
            source = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            pages.append(
                PageEntries(relative, problems=[Problem(relative, 1, f"cannot read: {error}")])
            )
            continue
        pages.append(extract(source, path=relative, url=url, options=options))
    return assemble(pages, config)
