"""Normalisation: volatile parts of an error become placeholders, the rest stays as written."""

from __future__ import annotations

import pytest
from fixbook.finder.normalise import (
    MAX_QUERY,
    analyse,
    contains_phrase,
    error_codes,
    focus,
    normalise,
)
from fixbook.finder.statuses import http_statuses


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("number", "retrying in 5 seconds, attempt 12", "retrying in <num> seconds, attempt <num>"),
        ("duration", "did not become healthy within 120s", "did not become healthy within <num>"),
        ("hex", "segfault at 0x7ffd4c2a", "segfault at <hex>"),
        ("hash", "Can't locate revision 3f2a9c1d7b4e", "can't locate revision <hex>"),
        ("uuid", "job 123e4567-e89b-12d3-a456-426614174000 failed", "job <uuid> failed"),
        ("long id", "request req_8XkP2mQ7vL9sTq41 failed", "request <id> failed"),
        ("unix path", 'File "/srv/app/main.py", line 3', "file <q>, line <num>"),
        ("relative path", "see app/core/config.py", "see <path>"),
        ("windows path", r"C:\Users\bob\app\main.py not found", "<path> not found"),
        ("url", "GET https://api.example.com/v1/items?id=4 failed", "get <url> failed"),
        ("host", "connect to db.internal refused", "connect to <host> refused"),
        ("host and port", "localhost:6379 refused", "<host>:<port> refused"),
        (
            "service and port",
            "Error connecting to redis:6380.",
            "error connecting to <host>:<port>.",
        ),
        ("ip and port", "listen tcp4 0.0.0.0:5432: bind", "listen tcp4 <ip>:<port>: bind"),
        ("ipv6", "connect [::1]:8080", "connect <ip>:<port>"),
        ("email", "no user alice@example.com", "no user <email>"),
        ("iso timestamp", "2024-01-15T10:23:45.123Z ERROR boom", "<time> error boom"),
        ("log timestamp", "[2024-01-15 10:23:45,123] ERROR", "[<time>] error"),
        ("clock time", "Nov 22 05:28:45 host", "nov <num> <time> host"),
        ("single-quoted value", "No module named 'flask_socketio'", "no module named <q>"),
        ("double-quoted value", 'relation "users" does not exist', "relation <q> does not exist"),
    ],
)
def test_volatile_part_becomes_placeholder(kind: str, text: str, expected: str) -> None:
    assert normalise(text) == expected, kind


def test_quoted_text_with_spaces_is_kept_because_it_is_the_message() -> None:
    assert normalise('{"detail": "Authentication required"}') == (
        '{<q>: "authentication required"}'
    )


def test_only_ascii_letters_are_lower_cased() -> None:
    assert normalise("ÉCHEC de Connexion") == "Échec de connexion"


def test_whitespace_runs_collapse_and_ends_are_trimmed() -> None:
    assert normalise("  Connection \t\n refused  ") == "connection refused"


def test_module_paths_are_not_taken_for_hosts() -> None:
    assert normalise("sqlalchemy.exc.OperationalError on Socket.IO") == (
        "sqlalchemy.exc.operationalerror on socket.io"
    )


def test_statuses_of_a_paste_are_those_the_status_detector_finds() -> None:
    text = "HTTP/1.1 429 Too Many Requests, then 503 Service Unavailable after 500 ms"
    assert analyse(text).statuses == http_statuses(text) == [429, 503]


def test_numbers_inside_times_paths_and_ports_are_not_statuses() -> None:
    text = "12:04:29 GET /api/items/404 from 10.0.0.500 port :502 took 1.503s"
    assert analyse(text).statuses == []


def test_words_keep_quoted_names_but_drop_placeholders() -> None:
    words = analyse("ModuleNotFoundError: No module named 'flask_socketio' at 10:00:01").words
    assert words == [
        "modulenotfounderror",
        "no",
        "module",
        "named",
        "flask_socketio",
        "flask",
        "socketio",
        "at",
    ]


def test_query_and_index_strings_normalise_to_the_same_text() -> None:
    documented = "Error 111 connecting to redis:6379. Connection refused."
    pasted = "redis.ConnectionError: Error 111 connecting to cache-1:6390. Connection refused."
    assert normalise(documented) in normalise(pasted)


def test_phrase_must_not_cut_a_word() -> None:
    assert contains_phrase("error: connection refused (111)", "connection refused")
    assert not contains_phrase("reconnection refused", "connection refused")
    assert not contains_phrase("connection refusedx", "connection refused")


def test_phrase_edged_with_punctuation_needs_no_word_boundary() -> None:
    assert contains_phrase('x{<q>: "invalid signature"}y', '{<q>: "invalid signature"}')


def test_an_error_line_in_an_info_log_line_stays_decisive() -> None:
    paste = 'INFO:     10.0.0.1:5312 - "POST /x HTTP/1.1" 429 Too Many Requests\nINFO: started\n'
    focused = focus(paste)
    assert focused.decisive == paste.splitlines()[0]
    assert "started" not in focused.text


def test_stack_frames_leave_the_query_and_the_exception_line_is_decisive() -> None:
    paste = (
        "Traceback (most recent call last):\n"
        '  File "/srv/app.py", line 3, in run\n'
        "    at Object.spawnSync (internal/child_process.js:1046:20)\n"
        "ValueError: bad value\n"
    )
    assert focus(paste) == (
        "Traceback (most recent call last):\nValueError: bad value\n",
        "ValueError: bad value",
    )


def test_a_huge_paste_is_cut_to_decisive_lines_and_tail() -> None:
    paste = "noise words here\n" * 200_000 + "FATAL: disk full\n" + "tail\n" * 10
    focused = focus(paste)
    assert len(focused.text) <= MAX_QUERY
    assert focused.text.startswith("FATAL: disk full\n")
    assert focused.text.endswith("tail\n" * 10)


def test_error_codes_survive_the_placeholders() -> None:
    text = "Error code: Wsl/Service/CreateInstance/CreateVm/0x80370102; AADSTS7000215, ORA-12154"
    assert analyse(text).codes == ["0x80370102", "aadsts7000215", "ora12154"]


def test_public_helper_gives_codes() -> None:
    assert error_codes("SQLSTATE[08006] then E0308") == ["sqlstate08006", "e0308"]
