"""Find the entries of one Markdown page: the page's kind first (is it a troubleshooting
page? :mod:`~fixbook.symptoms.pagekind`), then its sections (:mod:`~fixbook.symptoms.sections`),
table rows and error admonitions (:mod:`~fixbook.symptoms.rows`), each from the facts gathered
once per section (:mod:`~fixbook.symptoms.facts`). The page is parsed once, by the page model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from fixbook.markdown import MarkdownOptions

from . import applies
from .document import Document, Section, parse
from .facts import gather
from .model import Entry, PageEntries, PageInfo, Problem
from .pagekind import Kind, classify
from .rows import row_entries, tip_entries
from .sections import (
    classify_sections,
    is_shaped,
    main_levels,
    section_entry,
    troubleshooting_sections,
    under_excluded,
)


def read_front_matter(document: Document, path: str) -> tuple[dict[str, Any], list[Problem]]:
    """The page's front matter as the page model read it; malformed YAML is a problem at its
    line (reported by the page model), not a crash."""
    page = document.page
    if page is None:
        return {}, []
    problems = [
        Problem(path, problem.line, problem.message)
        for problem in page.problems
        if problem.kind == "front-matter"
    ]
    return dict(page.front_matter), problems


def _components(
    meta: dict[str, Any], path: str, line: int
) -> tuple[list[str] | None, list[Problem]]:
    value = meta.get("components")
    if value is None:
        return None, []
    if isinstance(value, str):
        value = [item for item in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return None, [Problem(path, line, "front matter `components` must be a list of strings")]
    return [item.strip().lower() for item in value if item.strip()], []


def _page_title(document: Document) -> str:
    return next((s.text for s in document.sections if s.level == 1), "")


def extract(
    source: str,
    *,
    path: str,
    url: str,
    options: MarkdownOptions,
    include: Iterable[str] = (),
    nav: Sequence[str] = (),
    source_path: Path | None = None,
) -> PageEntries:
    """The entries of one page. Never raises on any Markdown.

    ``path`` (relative to the docs) names the page in entries and problems; ``source_path``
    (default ``path``) is the file the page model reads it as: the plugin passes the absolute
    path, so that the page is parsed once per build (:mod:`fixbook.markdown.options`).
    ``include``: the plugin's ``include`` globs; ``nav``: the titles of the nav sections above
    the page. Both only help decide whether the page is a troubleshooting page
    (:mod:`fixbook.symptoms.pagekind`)."""
    document = parse(source, options, source_path or path)
    meta, problems = read_front_matter(document, path)
    components, component_problems = _components(meta, path, document.front_matter_line or 1)
    page = PageInfo.of(path, url, components)
    result = PageEntries(path, problems=problems + component_problems)
    front_line = document.front_matter_line or 1
    result.applies_to, applies_problems = applies.from_front_matter(meta, path, front_line)
    result.problems += applies_problems
    if document.page is not None:  # the page model's reading: a fence never closed
        result.problems += [
            Problem(path, problem.line, problem.message)
            for problem in document.page.problems
            if problem.kind == "fence"
        ]
    sections = list(document.walk())
    facts = {id(section): gather(section) for section in sections}
    shaped = any(is_shaped(section, facts[id(section)]) for section in sections)
    verdict = classify(path, meta, _page_title(document), nav, include, shaped)
    result.kind = verdict
    if verdict.kind is Kind.OFF:
        return result
    allowed = None if verdict.whole_page else troubleshooting_sections(sections)
    if allowed is not None and not allowed:
        return result
    sure = classify_sections(document, facts, None)
    levels = {s.level for s in sections if id(s) in sure and not under_excluded(s)}
    if allowed is not None:
        levels = {s.level for s in sections if id(s) in sure & allowed}
    if not levels and verdict.named:
        # A page (or section) named as troubleshooting whose problems are plain headings
        # ("## Wrong package version installed"): its main sections are the entries.
        levels = main_levels(document, sections, allowed)
    chosen = classify_sections(document, facts, levels)
    tables_seen: dict[tuple[str, ...], int] = {}
    # A label heading's tables and tips are gathered by its entry, not again by itself.
    claimed: set[int] = set()
    if allowed is None:
        preamble = Section(level=0, line=1, text="", inline=[], anchor="", blocks=document.preamble)
        preamble_facts = gather(preamble)
        result.entries += row_entries(document, None, preamble_facts, page, tables_seen, claimed)
        result.entries += tip_entries(document, preamble_facts, page, claimed)
    for section in sections:
        if allowed is not None and id(section) not in allowed:
            continue
        f = facts[id(section)]
        if id(section) in chosen:
            result.entries.append(section_entry(section, f, page))
            if f.applies_problem:
                message = "an 'Applies to:' line needs name: version pairs separated by ';'"
                result.problems.append(Problem(path, f.applies_problem, message))
        result.entries += row_entries(document, section, f, page, tables_seen, claimed)
        result.entries += tip_entries(document, f, page, claimed)
    result.entries.sort(key=lambda entry: entry.line)
    _unique_ids(result.entries)
    if result.entries:  # an entry's url must be unambiguous; other pages are not ours to lint
        result.problems += [
            Problem(path, line, f"duplicate anchor '#{anchor}' (also used at line {first})")
            for line, anchor, first in document.duplicate_ids
        ]
    return result


def _unique_ids(entries: list[Entry]) -> None:
    """Two headings with one custom id are reported (duplicate anchor) but still get two ids."""
    seen: set[str] = set()
    for entry in entries:
        base, number = entry.id, 0
        while entry.id in seen:
            number += 1
            entry.id = f"{base}_{number}"
        seen.add(entry.id)
