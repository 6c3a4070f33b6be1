"""Verifying a page: modes, Python in a page namespace, tracebacks into the Markdown, no network."""

from __future__ import annotations

import asyncio

import pytest
from fixbook.samples.model import Block
from fixbook.samples.pages import new_context
from fixbook.samples.registry import Registry
from fixbook.samples.settings import DocsSettings
from fixbook.samples.verify import Outcome, PageRun, Status

from tests.snippets.conftest import Lex


def verify(blocks: list[Block], services: object = None, strict: bool = False) -> list[Outcome]:
    page = blocks[0].path
    context = new_context(page, DocsSettings(page.parent, ()), services)
    return PageRun(blocks, context, Registry(), strict=strict).run_all()


def statuses(outcomes: list[Outcome]) -> list[str]:
    return [str(outcome.status) for outcome in outcomes]


def test_python_blocks_share_the_page_namespace_with_hidden_setup(lex: Lex) -> None:
    page = """
        <!-- invisible-code-block: python
        base = 40
        -->
        ```python
        answer = base + 2
        ```
        ```py
        assert answer == 42
        ```
    """
    assert statuses(verify(lex(page))) == ["passed", "passed", "passed"]


def test_services_are_in_the_page_namespace(lex: Lex) -> None:
    (outcome,) = verify(
        lex("```python\nassert services == 'session services'\n```\n"), "session services"
    )
    assert outcome.status is Status.PASSED


def test_python_failure_names_the_markdown_line(lex: Lex) -> None:
    (outcome,) = verify(lex("# T\n\n```python\nx = 1\nassert x == 2, 'x is 1'\n```\n"))
    assert outcome.status is Status.FAILED
    assert outcome.line == 3
    assert outcome.message.startswith(f"{outcome.block.path}:5: AssertionError: x is 1")


def test_error_in_a_function_from_an_earlier_block_points_at_both_lines(lex: Lex) -> None:
    page = """
        ```python
        def half(n):
            return n / 0
        ```

        ```python
        half(4)
        ```
    """
    outcomes = verify(lex(page))
    failure, path = outcomes[1].message, outcomes[1].block.path
    assert f"{path}:7: ZeroDivisionError" in failure
    assert f"{path}:3: return n / 0" in failure


def test_python_error_in_included_code_names_the_snippet_file(lex: Lex) -> None:
    page = '```python\n--8<-- "app.py"\n```\n'
    (outcome,) = verify(lex(page, snippets={"app.py": "a = 1\nb = a / 0\n"}))
    assert "app.py:2: ZeroDivisionError" in outcome.message.splitlines()[0]


def test_python_check_mode_compiles_without_running(lex: Lex) -> None:
    (outcome,) = verify(lex("<!-- fixbook: check -->\n```python\nraise SystemExit('ran')\n```\n"))
    assert outcome.status is Status.PASSED


def test_python_check_mode_still_rejects_a_syntax_error(lex: Lex) -> None:
    (outcome,) = verify(lex("<!-- fixbook: check -->\n```python\nx = = 1\n```\n"))
    assert outcome.status is Status.FAILED
    assert f"{outcome.block.path}:3: SyntaxError" in outcome.message


def test_top_level_await_runs(lex: Lex) -> None:
    (outcome,) = verify(lex("```python\nimport asyncio\nawait asyncio.sleep(0)\n```\n"))
    assert outcome.status is Status.PASSED


def test_asyncio_run_works_while_another_library_runs_a_loop_in_this_thread(lex: Lex) -> None:
    # Playwright's sync API leaves its loop registered as running in the test thread.
    sample = "import asyncio\nasync def f():\n    return 1\nassert asyncio.run(f()) == 1\n"
    page = f"```python\n{sample}```\n"

    previous, foreign = asyncio._get_running_loop(), asyncio.new_event_loop()
    asyncio._set_running_loop(foreign)
    try:
        (outcome,) = verify(lex(page))
        assert asyncio._get_running_loop() is foreign, "the foreign loop was not put back"
    finally:
        asyncio._set_running_loop(previous)
        foreign.close()
    assert outcome.status is Status.PASSED, outcome.message


def test_expect_error_passes_when_the_message_matches(lex: Lex) -> None:
    page = '<!-- fixbook: expect-error message="KeyError" -->\n```python\n{}["missing"]\n```\n'
    (outcome,) = verify(lex(page))
    assert outcome.status is Status.PASSED


def test_expect_error_fails_when_the_message_differs(lex: Lex) -> None:
    page = '<!-- fixbook: expect-error message="KeyError" -->\n```python\n1 / 0\n```\n'
    (outcome,) = verify(lex(page))
    assert outcome.status is Status.FAILED
    assert "expected an error containing 'KeyError'" in outcome.message


def test_expect_error_fails_when_the_block_passes(lex: Lex) -> None:
    (outcome,) = verify(lex("<!-- fixbook: expect-error -->\n```yaml\na: 1\n```\n"))
    assert outcome.status is Status.FAILED
    assert outcome.message.splitlines()[0] == "expected an error, but the block passed"


def test_expect_error_on_a_config_format_passes_when_parsing_fails(lex: Lex) -> None:
    page = "<!-- fixbook: expect-error message=\"JSON\" -->\n```json\n{'single': 1}\n```\n"
    (outcome,) = verify(lex(page))
    assert outcome.status is Status.PASSED


def test_skip_with_reason_and_output_are_skipped_not_run(lex: Lex) -> None:
    page = """
        <!-- fixbook: skip reason="needs AWS" -->
        ```python
        raise RuntimeError
        ```
        ```text
        Traceback (most recent call last):
        ```
    """
    outcomes = verify(lex(page))
    assert statuses(outcomes) == ["skipped", "skipped"]
    assert outcomes[0].message == "skipped: needs AWS"


def test_language_without_evaluator_is_not_verified_not_failed(lex: Lex) -> None:
    (outcome,) = verify(lex("```ruby\nputs 1\n```\n"))
    assert outcome.status is Status.NOT_VERIFIED
    assert outcome.reason == "no evaluator for 'ruby'"


def test_fence_without_language_is_not_verified_not_failed(lex: Lex) -> None:
    (outcome,) = verify(lex("```\nsome text\n```\n"))
    assert outcome.status is Status.NOT_VERIFIED
    assert outcome.reason.startswith("fence has no language")


def test_strict_turns_not_verified_into_a_failure_with_its_reason(lex: Lex) -> None:
    (outcome,) = verify(lex("```ruby\nputs 1\n```\n"), strict=True)
    assert outcome.status is Status.FAILED
    assert outcome.message.startswith("not verified (strict): no evaluator for 'ruby'")


def test_a_missing_module_is_not_verified_naming_the_module(lex: Lex) -> None:
    (outcome,) = verify(lex("```python\nimport fixbook_no_such_module\n```\n"))
    assert outcome.status is Status.NOT_VERIFIED
    assert outcome.reason == "needs module fixbook_no_such_module (not installed)"


def test_a_bad_marker_stays_a_failure(lex: Lex) -> None:
    (outcome,) = verify(lex("<!-- fixbook: execute -->\n```python\nx = 1\n```\n"))
    assert outcome.status is Status.FAILED


def test_every_failure_message_ends_with_how_to_settle_it_in_the_projects_terms(
    lex: Lex,
) -> None:
    page = """
        <!-- fixbook: execute -->
        ```python
        x = 1
        ```
        ```python
        assert 1 == 2
        ```
        <!-- fixbook: expect-error message="KeyError" -->
        ```python
        1 / 0
        ```
        ```ruby
        puts 1
        ```
    """
    outcomes = verify(lex(page), strict=True)
    assert statuses(outcomes) == ["failed"] * 4
    for outcome in outcomes:
        last = outcome.message.splitlines()[-1]
        assert last.startswith("hint: ") and "<!-- fixbook:" in last, outcome.message
        assert "contributing.md" not in outcome.message


def test_what_a_python_block_prints_is_kept_on_its_outcome(
    lex: Lex, capsys: pytest.CaptureFixture[str]
) -> None:
    (outcome,) = verify(
        lex("```python\nimport sys\nprint('out')\nprint('err', file=sys.stderr)\n```\n")
    )
    assert outcome.output == "out\nerr\n"
    assert capsys.readouterr() == ("", "")


def test_http_with_requests_is_intercepted_not_sent(lex: Lex) -> None:
    page = (
        '```python\nimport requests\nrequests.get("https://api.example.com/v1", timeout=1)\n```\n'
    )
    (outcome,) = verify(lex(page))
    # Refused, and then "needs network": the sample is not the problem (issue 10.3).
    assert outcome.status is Status.NOT_VERIFIED
    assert "needs network" in outcome.message
    assert "Connection refused by Responses" in outcome.message


def test_http_with_httpx_is_intercepted_not_sent(lex: Lex) -> None:
    (outcome,) = verify(lex('```python\nimport httpx\nhttpx.get("https://api.example.com")\n```\n'))
    assert outcome.status is Status.NOT_VERIFIED
    assert "needs network" in outcome.message
    assert "not mocked" in outcome.message


def test_hidden_setup_can_register_the_responses_a_sample_expects(lex: Lex) -> None:
    page = """
        <!-- invisible-code-block: python
        responses_mock.get("https://status.example.com/api", json={"ok": True})
        respx_mock.get("https://api.example.com/v1").respond(json={"v": 1})
        -->
        ```python
        import httpx, requests
        assert requests.get("https://status.example.com/api", timeout=1).json() == {"ok": True}
        assert httpx.get("https://api.example.com/v1").json() == {"v": 1}
        ```
    """
    assert statuses(verify(lex(page))) == ["passed", "passed"]


def test_raw_sockets_to_outside_hosts_are_refused(lex: Lex) -> None:
    page = """
        ```python
        import socket
        socket.create_connection(("93.184.215.14", 443), timeout=1)
        ```
    """
    (outcome,) = verify(lex(page))
    assert outcome.status is Status.NOT_VERIFIED
    assert "needs network" in outcome.message
    assert "NetworkBlocked" in outcome.message


def test_dns_lookups_of_outside_names_are_refused(lex: Lex) -> None:
    (outcome,) = verify(
        lex("```python\nimport socket\nsocket.getaddrinfo('example.com', 443)\n```\n")
    )
    assert "NetworkBlocked" in outcome.message


def test_loopback_sockets_are_allowed(lex: Lex) -> None:
    page = """
        ```python
        import socket
        with socket.socket() as server:
            server.bind(("127.0.0.1", 0))
            server.listen()
            socket.create_connection(server.getsockname(), timeout=1).close()
        ```
    """
    (outcome,) = verify(lex(page))
    assert outcome.status is Status.PASSED, outcome.message


def test_page_classes_live_in_a_real_module(lex: Lex) -> None:
    page = """
        ```python
        from __future__ import annotations
        from dataclasses import dataclass

        @dataclass
        class Point:
            x: int

        assert Point(1).x == 1
        ```
    """
    (outcome,) = verify(lex(page))
    assert outcome.status is Status.PASSED, outcome.message


def test_psql_block_runs_its_sql_around_known_meta_commands(lex: Lex) -> None:
    from fixbook.samples.services import Services

    services = Services()
    try:
        (outcome,) = verify(lex("```psql\n\\x\nSELECT 1 AS one;\n\\dt\n```\n"), services)
    finally:
        services.close()
    assert outcome.status is Status.PASSED, outcome.message


def test_psql_block_with_an_unknown_meta_command_fails_at_its_line(lex: Lex) -> None:
    (outcome,) = verify(lex("```psql\nSELECT 1;\n\\dtt\n```\n"))
    assert outcome.status is Status.FAILED
    first_line = outcome.message.splitlines()[0]
    assert f"{outcome.block.path}:3: psql: unknown or refused meta-command \\dtt" == first_line
