"""What is an HTTP status: the one detector (``fixbook.finder.statuses``), in Python and in
``finder.js``.

Every behaviour below runs on both engines: ``python`` is :func:`http_statuses`, ``finder.js``
is the browser's ranking core under node, given the finder data the site ships (its
``analyse`` reports the statuses of a paste). An entry's ``http_status`` (the symptoms plugin)
and a paste's statuses (the finder) are this very function.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import yaml
from fixbook.finder import normalise, statuses
from fixbook.finder.index import build_data
from fixbook.finder.statuses import http_statuses, status_phrases
from fixbook.symptoms import facts, wording

from .conftest import HERE, ROOT, entry

Detect = Callable[[str], list[int]]
_ONE_ENTRY = [entry("g/p/e", "Error", errors=["Error: a"])]


@pytest.fixture(params=["python", "finder.js"])
def detect(request: pytest.FixtureRequest) -> Detect:
    """The detector of one engine: text in, statuses out."""
    if request.param == "python":
        return http_statuses
    node_rank = request.getfixturevalue("node_rank")
    return lambda text: node_rank(_ONE_ENTRY, [text], 1)[0]["analysis"][2]


# -- numbers that are not statuses


def test_an_exit_code_is_not_a_status(detect: Detect) -> None:
    assert detect("Last State: Terminated\n  Reason: OOMKilled\n  Exit Code: 137") == []


def test_an_errno_is_not_a_status(detect: Detect) -> None:
    assert detect("Error 111 connecting to cache-redis:6380. Connection refused.") == []


def test_a_port_is_not_a_status(detect: Detect) -> None:
    assert detect("connection to server on port 5433 failed") == []


def test_a_port_in_the_status_range_is_not_a_status(detect: Detect) -> None:
    assert detect("bind to port 502 failed: address already in use, or port: 503 on eth0") == []


def test_a_duration_is_not_a_status(detect: Detect) -> None:
    assert detect("error: request took 500 ms") == []


def test_a_size_is_not_a_status(detect: Detect) -> None:
    assert detect("error: upload limit is 413 MB") == []


def test_a_percentage_is_not_a_status(detect: Detect) -> None:
    assert detect("a 500% rise in errors") == []
    assert detect("a 500 % rise in errors") == []


def test_a_count_is_not_a_status(detect: Detect) -> None:
    assert detect("error: 404 users could not log in") == []


def test_numbers_in_times_paths_addresses_and_versions_are_not_statuses(detect: Detect) -> None:
    text = "12:04:29 GET /api/items/404 from 10.0.0.500 took 1.503s with client 1.404.2"
    assert detect(text) == []


def test_a_number_before_a_file_extension_is_not_a_status(detect: Detect) -> None:
    assert detect("error: missing 404.html") == []


def test_a_number_no_http_status_has_is_not_a_status(detect: Detect) -> None:
    assert detect("HTTP 499 from nginx") == []


def test_an_error_status_without_context_is_not_a_status(detect: Detect) -> None:
    assert detect("retrying batch 404 of 900") == []


def test_a_success_or_redirect_status_needs_its_reason_phrase(detect: Detect) -> None:
    assert detect("the login page returned 302") == []
    assert detect("the login page returned 302 Found") == [302]


# -- statuses


def test_http_before_a_number_makes_it_a_status(detect: Detect) -> None:
    assert detect("the bucket answers HTTP 403") == [403]


def test_a_response_status_line_makes_it_a_status(detect: Detect) -> None:
    assert detect("upstream: HTTP/1.1 503 at 12:00:01") == [503]


def test_a_reason_phrase_makes_it_a_status(detect: Detect) -> None:
    assert detect("429 Too Many Requests") == [429]


def test_a_reason_phrase_in_brackets_makes_it_a_status(detect: Detect) -> None:
    assert detect("request failed 401 (Unauthorized)") == [401]


def test_status_code_before_a_number_makes_it_a_status(detect: Detect) -> None:
    assert detect("the proxy sent status code 502") == [502]
    assert detect("readiness probe failed: HTTP probe failed with statuscode: 503") == [503]


def test_a_verb_of_answering_before_a_number_makes_it_a_status(detect: Detect) -> None:
    assert detect("every request after sign-in returns 401, cookie not sent") == [401]
    assert detect("the health check got a 503") == [503]


def test_a_full_stop_after_a_status_keeps_it(detect: Detect) -> None:
    assert detect("the health check returns 503.") == [503]


def test_a_request_before_a_number_makes_it_the_status_of_its_response(detect: Detect) -> None:
    assert detect("POST https://api.example.org/auth/login 401") == [401]
    assert detect("WARNING app.api.routes POST /process -> 502") == [502]


def test_a_quoted_access_log_request_makes_the_next_number_a_status(detect: Detect) -> None:
    assert detect('INFO: 172.19.0.1:53122 - "POST /process HTTP/1.1" 429') == [429]


def test_an_opening_bracket_makes_a_number_a_status(detect: Detect) -> None:
    assert detect('"Authentication required" (401)') == [401]


def test_a_status_word_after_a_number_makes_it_a_status(detect: Detect) -> None:
    assert detect("Frequent 429 responses") == [429]
    assert detect("File upload fails with 413 error") == [413]


def test_an_error_status_that_starts_the_text_is_a_status(detect: Detect) -> None:
    assert detect("  404 on gateway call") == [404]


def test_statuses_come_in_order_without_repeats(detect: Detect) -> None:
    text = "502 Bad Gateway, then 504 Gateway Timeout, then 502 Bad Gateway again"
    assert detect(text) == [502, 504]


def test_case_does_not_matter(detect: Detect) -> None:
    assert detect("STATUS 403 forbidden") == detect("status 403 Forbidden") == [403]


# -- the literal a page shows


def test_a_status_with_its_reason_phrase_is_a_literal_as_written() -> None:
    text = "GET answers 429 Too Many Requests, then 401 (Unauthorized)"
    assert status_phrases(text) == ["429 Too Many Requests", "401 (Unauthorized)"]


def test_a_renamed_reason_phrase_counts_on_every_python() -> None:
    assert status_phrases("413 Content Too Large or 413 Payload Too Large") == [
        "413 Content Too Large",
        "413 Payload Too Large",
    ]


# -- one detector


def test_entries_and_pastes_use_the_same_detector() -> None:
    assert facts.http_statuses is wording.http_statuses is statuses.http_statuses
    text = "POST /login 401 (Unauthorized) after 500 ms on port 502"
    assert normalise.analyse(text).statuses == http_statuses(text) == [401]


def test_the_finder_data_ships_the_detector_for_finder_js() -> None:
    assert build_data(_ONE_ENTRY)["status"] == statuses.for_js()


def test_python_and_finder_js_agree_on_every_real_paste_and_entry_text(
    node_rank: Any, handbook_entries: list[dict[str, Any]]
) -> None:
    """The real-paste corpus, the query set and every title, symptom and error of the
    handbook: the same statuses from both engines."""
    cases = yaml.safe_load((ROOT / "tests/data/pastes/cases.yml").read_text(encoding="utf-8"))
    queries = yaml.safe_load((HERE / "queries.yml").read_text(encoding="utf-8"))
    texts = [case["paste"] for case in cases] + [item["query"] for item in queries]
    for item in handbook_entries:
        texts += [item["title"], *item["symptoms"], *item["errors"]]
    found = [answer["analysis"][2] for answer in node_rank(_ONE_ENTRY, texts, 1)]
    assert found == [http_statuses(text) for text in texts]
    assert sum(bool(statuses) for statuses in found) >= 40  # the texts do hold statuses
