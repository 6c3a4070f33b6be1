"""Accessibility basics every page keeps: one h1, a text alternative for every image.

The finder's label and keyboard use are checked with the finder (test_finder.py).
"""

from __future__ import annotations

import pytest

from .site_browsing import Survey, findings

pytestmark = pytest.mark.browser


def test_every_page_has_exactly_one_h1(survey: Survey) -> None:
    wrong = findings(survey, lambda visit: None if visit.h1_count == 1 else visit.h1_count)
    assert not wrong, f"pages whose number of h1 is not 1: {wrong}"


def test_every_image_has_alt_text(survey: Survey) -> None:
    missing = findings(survey, lambda visit: visit.images_without_alt)
    assert not missing, f"images without alt text: {missing}"
