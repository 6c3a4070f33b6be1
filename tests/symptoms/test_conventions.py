"""Each entry convention of real troubleshooting guides, with a small inline page."""

from __future__ import annotations

from .conftest import extract_md


def titles(markdown: str, **kwargs: object) -> list[str]:
    return [entry.title for entry in extract_md(markdown, **kwargs).entries]


def test_handbook_convention_heading_with_symptoms_cause_fix_labels() -> None:
    page = extract_md(
        """
        # Authentication

        ## "Authentication required" (401)

        **Symptoms**

        - Requests through the proxy answer `401 Unauthorized` with `Authentication required`.

        ```text
        {"detail": "Authentication required"}
        ```

        **Cause**

        The browser does not send the `pm_session` cookie.

        **Fix**

        1. Send requests with `credentials: 'include'`.
        """
    )
    [entry] = page.entries
    assert entry.title == '"Authentication required" (401)'
    assert entry.line == 3
    assert entry.anchor == "authentication-required-401"
    assert entry.url == "guide/area.html#authentication-required-401"
    assert entry.id == "guide/area/authentication-required-401"
    assert entry.symptoms == [
        "Requests through the proxy answer 401 Unauthorized with Authentication required."
    ]
    assert entry.errors[:3] == [
        "401 Unauthorized",
        "Authentication required",
        '{"detail": "Authentication required"}',
    ]
    assert "credentials: 'include'" not in entry.errors  # fix-part code is not an error
    assert entry.http_status == [401]
    assert entry.has_fix


def test_bold_labels_with_colons_inside_or_after_and_on_one_line() -> None:
    page = extract_md(
        """
        ## Database

        ### Issue: Connection Pool Exhausted

        **Symptoms:**
        - Error: "Cannot acquire connection from pool"

        **Solution**:
        Raise the pool size.

        ### Script API returns "ScriptTimeoutError"

        **Cause:** Script exceeded the timeout.
        **Fix:** Increase `SCRIPT_EXEC_TIMEOUT`.
        """
    )
    first, second = page.entries
    assert first.title == "Connection Pool Exhausted"
    assert first.errors == ["Cannot acquire connection from pool"]
    assert first.has_fix
    assert second.title == 'Script API returns "ScriptTimeoutError"'
    assert second.errors == ["ScriptTimeoutError"]
    assert second.has_fix


def test_label_headings_belong_to_the_entry_above_them() -> None:
    page = extract_md(
        """
        ## Performance Issues

        ### High Memory Usage

        #### Symptoms:
        - Out of memory errors

        #### Diagnosis:
        Check `docker stats`.

        #### Solutions:
        1. Add swap space.
        """
    )
    [entry] = page.entries
    assert entry.title == "High Memory Usage"
    assert entry.symptoms == ["Out of memory errors"]
    assert entry.has_fix


def test_heading_that_is_the_error_quoted_backticked_or_prefixed() -> None:
    page = extract_md(
        """
        ## Errors

        ### `ModuleNotFoundError: No module named 'app'`
        - Run pytest from the project root.

        ### Error: "FOREIGN KEY constraint failed"
        Create the parent row first.

        ### Symptom: `DATABASE_URL not set`
        Set it in `.env`.

        ### "no such table"
        - Run `alembic upgrade head`.
        """
    )
    assert [e.title for e in page.entries] == [
        "ModuleNotFoundError: No module named 'app'",
        "FOREIGN KEY constraint failed",
        "DATABASE_URL not set",
        "no such table",
    ]
    assert [e.errors[0] for e in page.entries] == [
        "ModuleNotFoundError: No module named 'app'",
        "FOREIGN KEY constraint failed",
        "DATABASE_URL not set",
        "no such table",
    ]
    assert page.entries[1].anchor == "error-foreign-key-constraint-failed"


def test_heading_directly_followed_by_an_output_block() -> None:
    page = extract_md(
        """
        ## Database Issues

        #### Migration Conflict
        ```
        alembic.util.exc.CommandError: Target database is not up to date
        ```

        Run `flask db stamp head`, then `flask db upgrade`.

        #### Check the revision
        ```bash
        flask db current
        ```
        """
    )
    [entry] = page.entries
    assert entry.title == "Migration Conflict"
    assert entry.errors == ["alembic.util.exc.CommandError: Target database is not up to date"]
    assert entry.has_fix


def test_table_rows_are_entries_with_their_own_anchor_and_line() -> None:
    page = extract_md(
        """
        ## `prestart` fails

        | Symptom | Cause | Fix |
        |---------|-------|-----|
        | `Connection refused` loop | DB not ready | Wait for `db`. |
        | `ERROR: alembic is NOT at head` | Migration did not finish | Read the logs. |

        | Marker | Meaning |
        | --- | --- |
        | `run` | execute the block |
        """
    )
    rows = [entry for entry in page.entries if entry.table_row]
    assert [(e.title, e.line, e.anchor) for e in rows] == [
        ("Connection refused loop", 5, "connection-refused-loop"),
        ("ERROR: alembic is NOT at head", 6, "error-alembic-is-not-at-head"),
    ]
    assert rows[0].errors == ["Connection refused"]
    assert all(entry.has_fix for entry in rows)
    assert rows[0].table_row is not None and rows[0].table_row.header == ("Symptom", "Cause", "Fix")


def test_single_word_row_is_titled_with_its_section() -> None:
    page = extract_md(
        """
        ## Health check returns 503

        | Failure | Meaning | Fix |
        |---|---|---|
        | `postgres` | Cannot reach the database | Check `db`. |
        """
    )
    assert [e.title for e in page.entries] == [
        "Health check returns 503",
        "Health check returns 503: postgres",
    ]


def test_row_anchor_does_not_take_a_heading_id() -> None:
    page = extract_md(
        """
        ## Errors

        | Error | Fix |
        |---|---|
        | Timeout | Retry |

        ## Timeout

        **Symptoms**

        - It hangs.

        **Fix**

        Wait.
        """
    )
    anchors = {entry.title: entry.anchor for entry in page.entries}
    assert anchors == {"Timeout": "timeout", "Errors: Timeout": "timeout_1"}


def test_numbered_headings_lose_their_number_in_the_title_not_in_the_anchor() -> None:
    page = extract_md(
        """
        ## 1. Port already in use
        ```
        OSError: [Errno 98] Address already in use
        ```
        Stop the other server.
        """
    )
    [entry] = page.entries
    assert entry.title == "Port already in use"
    assert entry.anchor == "1-port-already-in-use"


def test_group_heading_over_entries_is_not_an_entry() -> None:
    assert titles(
        """
        # Troubleshooting

        ## Authentication Issues

        ### Issue: User Cannot Log In
        **Symptoms:**
        - Login returns 401 Unauthorized
        **Solutions:**
        1. Verify the email.

        ### Issue: JWT Token Expired
        **Symptoms:**
        - "Token expired" error message
        **Solutions:**
        Refresh the token.
        """
    ) == ["User Cannot Log In", "JWT Token Expired"]


def test_tools_help_and_overview_sections_hold_no_entries() -> None:
    assert titles(
        """
        # Guide

        ## Overview
        This guide covers "common" issues.

        ## Table of Contents
        1. [Auth](#auth)

        ## Auth

        ### Cookie not set
        **Symptoms:**
        - No `pm_session` cookie.
        **Fix:**
        Set the header.

        ## Useful Commands
        ```bash
        docker compose ps
        ```

        ## Debugging Tools
        ### Logging
        Raise the log level.

        ## Getting Help
        ### Internal Resources
        - **Slack:** #support

        ## Reporting Bugs
        1. **Symptom**: What's happening

        ## Document Information
        **Version:** 1.0
        """
    ) == ["Cookie not set"]


def test_quoted_errors_under_a_help_section_are_still_entries() -> None:
    assert titles(
        """
        ## Getting Help

        ### Common Error Patterns

        #### Pattern: "Connection refused"
        - Check the service is running.

        ### Log Collection
        Collect the logs.
        """
    ) == ["Connection refused"]


def test_plain_leaf_sections_at_the_entries_level_are_entries_but_procedures_are_not() -> None:
    assert titles(
        """
        ## Security

        ### "Authentication required" (401)
        - Send the cookie.

        ### Session works locally but not in production
        - Set `ENVIRONMENT=production`.

        ### How to roll back a deployment
        ```bash
        ./rollback.sh
        ```
        """
    ) == ['"Authentication required" (401)', "Session works locally but not in production"]


def test_page_without_sure_entries_has_no_plain_entries() -> None:
    assert (
        titles(
            """
        # Architecture

        ## Components
        The backend talks to the database.

        ## Deployment
        One container per service.
        """,
            include=(),  # neither named nor shaped as troubleshooting: the page kind decides
        )
        == []
    )


def test_errors_from_console_block_skip_prompts_and_traceback_frames() -> None:
    page = extract_md(
        """
        ## Import fails

        **Symptoms**

        ```console
        $ python app.py
        Traceback (most recent call last):
          File "app.py", line 1, in <module>
        ImportError: cannot import name 'x'
        ```

        **Fix**

        Rename it.
        """
    )
    [entry] = page.entries
    assert entry.errors == ["ImportError: cannot import name 'x'"]


def test_components_from_front_matter_else_the_page_area() -> None:
    tagged = extract_md(
        """
        ---
        components: [Gateway, rate-limiting]
        ---
        ## 429 Too Many Requests
        **Cause:** Rate limit. **Fix:** Wait.
        """
    )
    untagged = extract_md("## `Timeout`\nRetry.\n", path="pydbapi/Backend-API.md")
    flat = extract_md("## `Timeout`\nRetry.\n", path="index.md")
    assert tagged.entries[0].components == ["gateway", "rate-limiting"]
    assert tagged.entries[0].line == 4
    assert untagged.entries[0].components == ["backend-api"]
    assert untagged.entries[0].guide == "pydbapi"
    assert flat.entries[0].components == ["index"]
    assert flat.entries[0].guide == "index"


def test_duplicate_headings_get_toc_numbered_anchors() -> None:
    page = extract_md(
        """
        ## `Timeout`
        Retry.

        ## `Timeout`
        Retry later.

        ## `Timeout` {#custom-timeout}
        Retry much later.
        """
    )
    assert [e.anchor for e in page.entries] == ["timeout", "timeout_1", "custom-timeout"]
    assert page.entries[2].title == "Timeout"


def test_custom_slugify_of_the_toc_extension_is_used() -> None:
    page = extract_md('## "Ünïcode" error\nFix it.\n', slugify=lambda text, sep: "x" + sep + "y")
    assert page.entries[0].anchor == "x-y"


def test_admonitions_are_text_when_the_site_does_not_render_them() -> None:
    page = extract_md('!!! tip "Error: `EADDRINUSE`"\n\n    Stop it.\n', admonition=False)
    assert page.entries == []


def test_page_can_opt_out_in_front_matter() -> None:
    assert titles("---\nsymptoms: false\n---\n## `Timeout`\nRetry.\n") == []


def test_admonition_whose_title_names_an_error_is_an_entry() -> None:
    page = extract_md(
        """
        ## Tips

        !!! tip "Error: `EADDRINUSE`"

            Another server holds the port: stop it or pick another one.

        !!! note "Keep the logs"

            They help.

        !!! example "The models (`models.py`)"

            Not an error.

        ??? failure "Error: collapsed"

            A collapsible block is not linked to.
        """
    )
    [entry] = page.entries
    assert entry.title == "EADDRINUSE"
    assert entry.line == 3
    assert entry.anchor == "error-eaddrinuse"
    assert entry.errors == ["EADDRINUSE"]
    assert entry.has_fix
