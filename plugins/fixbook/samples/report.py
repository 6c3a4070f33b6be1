"""How ``fixbook check`` reports: text for people, GitHub annotations, JUnit XML, JSON.

Every format names a block by ``path:line`` (the opening fence, or the expected-output block for
an output mismatch), so CI can annotate the changed line and a person can jump to it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree

from .coverage import Tally
from .verify import Outcome, Status

FORMATS = ("text", "github", "junit", "json")


def where(outcome: Outcome) -> str:
    block = outcome.block
    return f"{block.path}:{outcome.line}: {block.language or '(none)'}"


def text_lines(outcomes: list[Outcome]) -> Iterator[str]:
    """One line per failure (``path:line: language: message``), details indented below it."""
    for outcome in outcomes:
        if outcome.status is not Status.FAILED:
            continue
        first, *rest = outcome.message.splitlines() or [""]
        yield f"{where(outcome)}: {first}"
        for line in rest:
            yield f"    {line}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_lines(outcomes: list[Outcome]) -> Iterator[str]:
    """GitHub Actions workflow commands: an error per failure, a notice per unverified block.

    https://docs.github.com/actions/reference/workflow-commands-for-github-actions
    """
    for outcome in outcomes:
        if outcome.status is Status.FAILED:
            level = "error"
        elif outcome.status is Status.NOT_VERIFIED:
            level = "notice"
        else:
            continue
        block = outcome.block
        title = f"fixbook {block.language or 'block'} {outcome.status}"
        properties = (
            f"file={_escape_property(str(block.path))},line={outcome.line},"
            f"title={_escape_property(title)}"
        )
        yield f"::{level} {properties}::{_escape_data(outcome.message)}"


def junit_xml(outcomes: list[Outcome]) -> str:
    """JUnit XML: one test suite per page, one test case per block named ``path:line:lang``."""
    suites = ElementTree.Element("testsuites", name="fixbook check")
    by_page: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        by_page.setdefault(str(outcome.block.path), []).append(outcome)
    for page, page_outcomes in by_page.items():
        suite = ElementTree.SubElement(
            suites,
            "testsuite",
            name=page,
            tests=str(len(page_outcomes)),
            failures=str(sum(o.status is Status.FAILED for o in page_outcomes)),
            skipped=str(
                sum(o.status in (Status.SKIPPED, Status.NOT_VERIFIED) for o in page_outcomes)
            ),
            time=f"{sum(o.duration for o in page_outcomes):.3f}",
        )
        for outcome in page_outcomes:
            block = outcome.block
            case = ElementTree.SubElement(
                suite,
                "testcase",
                classname=page,
                name=f"{page}:{outcome.line}:{block.language or 'no-language'}",
                file=page,
                line=str(outcome.line),
                time=f"{outcome.duration:.3f}",
            )
            first = (outcome.message.splitlines() or [""])[0]
            if outcome.status is Status.FAILED:
                failure = ElementTree.SubElement(case, "failure", message=first)
                failure.text = outcome.message
            elif outcome.status in (Status.SKIPPED, Status.NOT_VERIFIED):
                ElementTree.SubElement(case, "skipped", message=first)
            if outcome.output:
                ElementTree.SubElement(case, "system-out").text = outcome.output
    ElementTree.indent(suites)
    return ElementTree.tostring(suites, encoding="unicode", xml_declaration=True)


def as_json(outcome: Outcome) -> dict[str, Any]:
    block = outcome.block
    return {
        "path": str(block.path),
        "line": outcome.line,
        "language": block.language,
        "mode": str(block.mode),
        "status": str(outcome.status),
        "reason": outcome.reason,
        "message": outcome.message,
        "invisible": block.invisible,
    }


def json_document(outcomes: list[Outcome], tally: Tally) -> str:
    summary = {status.value: sum(o.status is status for o in outcomes) for status in Status}
    document = {
        "blocks": [as_json(outcome) for outcome in outcomes],
        "summary": {"blocks": len(outcomes), **summary, **tally.as_json()},
    }
    return json.dumps(document, indent=2)
