"""Every page of the handbook loads cleanly and offline: nothing leaves the machine."""

from __future__ import annotations

import pytest

from .site_browsing import Site, Survey, findings

pytestmark = pytest.mark.browser


def test_the_survey_opened_every_page_of_the_site(survey: Survey, site: Site) -> None:
    assert [visit.path for visit in survey] == site.pages()
    assert "index.html" in site.pages()


def test_no_page_sends_a_request_off_the_machine(survey: Survey) -> None:
    leaks = findings(survey, lambda visit: visit.problems.offsite_requests)
    assert not leaks, f"requests to other hosts (aborted): {leaks}"


def test_no_page_logs_a_console_error_or_throws(survey: Survey) -> None:
    errors = findings(
        survey, lambda visit: visit.problems.console_errors + visit.problems.page_errors
    )
    assert not errors, f"console errors: {errors}"


def test_every_resource_a_page_asks_for_exists(survey: Survey) -> None:
    failed = findings(survey, lambda visit: visit.problems.failed_requests)
    assert not failed, f"resources that failed to load: {failed}"


def test_no_page_opens_a_dialog(survey: Survey) -> None:
    dialogs = findings(survey, lambda visit: visit.problems.dialogs)
    assert not dialogs, f"dialogs opened by scripts: {dialogs}"
