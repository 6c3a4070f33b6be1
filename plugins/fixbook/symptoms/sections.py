"""Entries that are heading sections: which sections are entries, and the entry of one.

A section is an entry when it carries labels (``**Symptoms**``/``**Cause**``/``**Fix**`` and
the other guides' words for them), when its heading is itself the error (quoted, in backticks,
``Error: …``), when an output block follows the heading directly, or, on a page that has such
entries (or is named a troubleshooting page), when it is a leaf section at the same heading
level as they are (a guide's plain "### Cookie not set" followed by bullets). Group headings
over entries, tool/help/overview sections and procedures are not entries.
"""

from __future__ import annotations

from collections.abc import Iterable

from fixbook.finder.statuses import status_phrases

from .conventions import (
    Role,
    is_not_entry_title,
    is_procedure_title,
)
from .document import Document, Section
from .facts import Facts, heading_label
from .literals import (
    looks_like_error,
    names_failure,
)
from .model import Entry, PageInfo
from .pagekind import names_troubleshooting
from .wording import (
    MAX_ERRORS,
    MAX_SYMPTOM,
    clean_title,
    fence_errors,
    heading_errors,
    is_error_title,
    short,
    statuses,
    unique,
)


def section_errors(section: Section, facts: Facts) -> list[str]:
    """Literal errors, the symptom part first, then output blocks before any label, then the
    heading's own quoted/backticked text; for an entry without labels, then the error-looking
    inline code of its text."""
    found: list[str] = []
    for part in facts.part(Role.SYMPTOM):
        found += [code for code in part.codes if looks_like_error(code)]
        found += part.quotes + list(fence_errors(part.fences))
        found += [phrase for text in part.texts for phrase in status_phrases(text)]
    found += list(fence_errors(facts.parts[0].fences))
    found += heading_errors(section.text, section.inline)
    if not facts.labels:
        found += [code for code in facts.parts[0].codes if names_failure(code)]
    return unique(found, MAX_ERRORS)


def section_symptoms(title: str, facts: Facts) -> list[str]:
    texts = [text for part in facts.part(Role.SYMPTOM) for text in part.texts]
    return unique((text[:MAX_SYMPTOM] for text in texts), MAX_ERRORS) or [title]


def section_has_fix(facts: Facts) -> bool:
    """A fix label, causes that each carry their commands, a table of fixes, or an unlabelled
    body beyond the error block (a guide's plain list of things to do)."""
    if Role.FIX in facts.labels or facts.tables:
        return True
    if any(part.fences for part in facts.part(Role.CAUSE)):
        return True
    intro = facts.parts[0]
    return not facts.labels and intro.blocks > (1 if facts.output_first else 0)


def first_fix_step(facts: Facts) -> str:
    """The first thing the fix says: its first list item, paragraph or command line."""
    return short(next((part.first for part in facts.part(Role.FIX) if part.first), ""))


def section_entry(section: Section, facts: Facts, page: PageInfo) -> Entry:
    title, _ = clean_title(section.text)
    symptom_text = " ".join(text for part in facts.part(Role.SYMPTOM) for text in part.texts)
    errors = section_errors(section, facts)
    intro_fences = "\n".join(line for line in fence_errors(facts.parts[0].fences))
    has_fix = section_has_fix(facts)
    symptoms = section_symptoms(title, facts)
    return page.entry(
        section.anchor,
        title=title,
        line=section.line,
        symptoms=symptoms,
        errors=errors,
        http_status=statuses(title, symptom_text, intro_fences, *errors),
        has_fix=has_fix,
        heading=section.text,
        fix=first_fix_step(facts),
        own_applies_to=dict(facts.applies_to),
    )


def classify_sections(
    document: Document, facts: dict[int, Facts], levels: set[int] | None
) -> set[int]:
    """ids of the sections that are entries. ``levels``: heading levels of the page's sure
    entries, where plain leaf sections count too (None on the first pass)."""
    entries: set[int] = set()

    def visit(section: Section, excluded_above: bool) -> bool:
        excluded = is_not_entry_title(section.text)
        content_children = [c for c in section.children if heading_label(c) is None]
        below = False
        for child in content_children:
            below |= visit(child, excluded_above or excluded)
        if below or excluded:
            return below  # a group over entries, or a tools/help/overview section
        f = facts[id(section)]
        if excluded_above:
            is_entry = is_error_title(section) and f.has_body
        elif section.level == 1:
            is_entry = bool(f.labels)
        else:
            strong = bool(f.labels) or f.output_first or (is_error_title(section) and f.has_body)
            weak = (
                levels is not None
                and section.level in levels
                and not content_children
                and f.has_prose
                and not (f.tables or f.tips)
                and not is_procedure_title(section.text)
            )
            is_entry = strong or weak
        if is_entry:
            entries.add(id(section))
        return is_entry

    for section in document.sections:
        visit(section, False)
    return entries


def is_shaped(section: Section, facts: Facts) -> bool:
    """A section that follows problem conventions: labels of two roles (Symptoms + Fix), an
    ``Error: …``/``Symptom: …`` title with a body, an entry table or an error admonition.
    Option headings, release headings and tutorial steps have none of these."""
    roles = facts.labels - {Role.INTRO}
    prefix = clean_title(section.text)[1]
    declared = prefix in {"error", "symptom"} and facts.has_body
    return len(roles) >= 2 or bool(facts.tables or facts.tips) or declared


def main_levels(document: Document, sections: list[Section], allowed: set[int] | None) -> set[int]:
    """The heading level of a page's main sections (those under its title), or of the
    sections directly under its troubleshooting headings."""
    if allowed is not None:
        return {
            child.level
            for section in sections
            if names_troubleshooting(section.text)
            for child in section.children
        }
    levels = [s.level for s in sections if s.level > 1] or [s.level for s in sections]
    return {min(levels)} if levels else set()


def troubleshooting_sections(sections: Iterable[Section]) -> set[int]:
    """ids of the sections under (or being) a troubleshooting-named heading."""
    allowed: set[int] = set()
    for section in sections:
        if names_troubleshooting(section.text):
            allowed.update(id(inner) for inner in section.walk())
    return allowed


def under_excluded(section: Section) -> bool:
    parent = section.parent
    while parent is not None:
        if is_not_entry_title(parent.text):
            return True
        parent = parent.parent
    return False
