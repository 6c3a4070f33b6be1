"""Accessibility: every page passes axe-core with no serious or critical violation in the light
colour scheme, the pages holding every kind of element do in the dark one (axe_audit.py says
why that covers it), and every page keeps the basics (one h1, a text alternative for every
image).

The finder's label and keyboard use are checked with the finder (test_finder.py).
"""

from __future__ import annotations

import re

import pytest

from .axe_audit import BLOCKING, Audit, Violation, element_kinds, representative_pages
from .site_browsing import Site, Survey, findings

pytestmark = pytest.mark.browser
STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle=")  # in a tag: code shows "&lt;" instead


def report(violations: list[Violation]) -> str:
    return "\n".join(str(violation) for violation in violations)


def test_axe_checked_every_page_in_light_and_the_representative_pages_in_dark(
    audit: Audit, site: Site
) -> None:
    # An audit that read nothing would find nothing: the tests below would pass.
    expected = site.pages() if audit.scheme == "light" else representative_pages(site)
    assert list(audit.rules_passed) == expected
    unchecked = [page for page, passed in audit.rules_passed.items() if passed == 0]
    assert not unchecked, f"pages where axe passed no rule at all: {unchecked}"


def test_the_representative_pages_hold_every_kind_of_element_of_the_site(site: Site) -> None:
    chosen = set().union(*(element_kinds(site, page) for page in representative_pages(site)))
    every = set().union(*(element_kinds(site, page) for page in site.pages()))
    assert chosen == every
    assert len(representative_pages(site)) < len(site.pages()) / 2  # or audit them all


def test_no_page_sets_a_colour_of_its_own(site: Site) -> None:
    # What lets the dark audit read a page per kind of element: colours come from the stylesheets.
    pages = site.pages()
    styled = [page for page in pages if STYLE_ATTRIBUTE.search((site.root / page).read_text())]
    assert not styled, f"pages with an inline style attribute: {styled}"


def test_no_page_has_a_serious_or_critical_axe_violation(audit: Audit) -> None:
    blocking = [violation for violation in audit.violations if violation.impact in BLOCKING]
    assert not blocking, f"{len(blocking)} serious or critical violations:\n{report(blocking)}"


def test_navigation_landmarks_have_distinct_names(audit: Audit) -> None:
    # "Moderate" for axe, but a screen reader's list of landmarks is useless with duplicates.
    duplicates = [each for each in audit.violations if each.rule == "landmark-unique"]
    assert not duplicates, report(duplicates)


def test_every_page_has_exactly_one_h1(survey: Survey) -> None:
    wrong = findings(survey, lambda visit: None if visit.h1_count == 1 else visit.h1_count)
    assert not wrong, f"pages whose number of h1 is not 1: {wrong}"


def test_every_image_has_alt_text(survey: Survey) -> None:
    missing = findings(survey, lambda visit: visit.images_without_alt)
    assert not missing, f"images without alt text: {missing}"
