"""HTTP statuses (as entries see them), output blocks and error-looking text."""

from __future__ import annotations

import pytest
from fixbook.finder.statuses import http_statuses, status_phrases
from fixbook.symptoms.literals import (
    is_output_fence,
    looks_like_error,
    output_lines,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Frequent 429 responses", [429]),
        ("503 Service Unavailable (concurrent limit)", [503]),
        ("the bucket answers HTTP 403", [403]),
        ("Login endpoint returns 401 Unauthorized", [401]),
        ('"Authentication required" (401)', [401]),
        ("404 on gateway call", [404]),
        ("File Upload Fails with 413 Error", [413]),
        ("Health check returns 503", [503]),
    ],
)
def test_http_status_from_text(text: str, expected: list[int]) -> None:
    assert http_statuses(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "listen tcp4 0.0.0.0:5432: bind: address already in use",
        "Port 5000 already in use on port 443",
        "MAX_FILE_SIZE=500MB and client_max_body_size 500M",
        "Backend did not become healthy within 120s",
        "sleep 300 seconds, pool of 500 rows",
        "version 1.404.2 of the client",
        "The dashboard fires 5 queries; 200 users online",
    ],
)
def test_ports_sizes_durations_and_versions_are_not_statuses(text: str) -> None:
    assert http_statuses(text) == []


def test_status_with_reason_phrase_is_a_literal() -> None:
    assert status_phrases("GET answers 429 Too Many Requests and 413 Request Entity Too Large") == [
        "429 Too Many Requests",
        "413 Request Entity Too Large",
    ]


def test_output_block_is_text_or_unlabelled_but_not_commands() -> None:
    assert is_output_fence("", "POSTGRES_PASSWORD?Variable not set\n")
    assert is_output_fence("text", "anything\n")
    assert not is_output_fence("", "docker compose logs prestart\n")
    assert not is_output_fence("bash", "Connection refused\n")
    assert not is_output_fence("console", "$ docker compose ps\n")
    assert is_output_fence("console", "$ curl localhost\ncurl: (7) Failed to connect\n")


def test_long_output_keeps_the_error_lines() -> None:
    log = "\n".join(["starting", "loading config", "ready", "ERROR could not bind", "bye"])
    assert output_lines("text", log) == ["ERROR could not bind"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ModuleNotFoundError", True),
        ("Connection refused", True),
        ("401 Unauthorized", True),
        ("/process", False),
        ("pm_session", False),
        ("OPENAI_API_KEY", False),
        ("docker compose ps", False),
    ],
)
def test_error_looking_inline_code(text: str, expected: bool) -> None:
    assert looks_like_error(text) is expected
