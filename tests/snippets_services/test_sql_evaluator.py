"""SQL blocks run against the guide's database, each in a transaction rolled back afterwards."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from fixbook.samples.evaluators.sql import SqlEvaluator
from fixbook.samples.model import Block, BlockFailure, Mode, PageContext
from fixbook.samples.services import Services

evaluate = SqlEvaluator()


def run(source: str, context: PageContext, mode: Mode = Mode.RUN) -> None:
    block = Block(Path("docs/shop/database.md"), 40, "sql", "sql", source, mode)
    evaluate(block, context)


def failure_of(source: str, context: PageContext, mode: Mode = Mode.RUN) -> BlockFailure:
    with pytest.raises(BlockFailure) as raised:
        run(source, context, mode)
    return raised.value


def test_a_valid_query_passes(shop: PageContext) -> None:
    run("SELECT id, email\nFROM users\nWHERE email LIKE '%@example.com';", shop)


def test_an_insert_is_invisible_to_the_next_block(shop: PageContext) -> None:
    run("INSERT INTO users (email) VALUES ('a@example.com');", shop)

    # Divides by zero (fails) if the previous block's row survived.
    run("SELECT 1 / (CASE WHEN count(*) = 0 THEN 1 ELSE 0 END) FROM users;", shop)


def test_a_missing_column_fails_at_its_line(shop: PageContext) -> None:
    failure = failure_of("SELECT 1;\n\nSELECT id,\n       mail\nFROM users;", shop)

    assert failure.line == 4
    assert 'column "mail" does not exist' in failure.message


def test_an_error_without_position_names_the_statement_line(shop: PageContext) -> None:
    failure = failure_of("SELECT 1;\nSELECT 2;\nSELECT 1 / 0;", shop)

    assert (failure.line, failure.message) == (3, "division by zero")


def test_mean_exec_time_of_pg_stat_statements_passes(shop: PageContext) -> None:
    run(
        "SELECT query, mean_exec_time, calls\nFROM pg_stat_statements\n"
        "ORDER BY mean_exec_time DESC\nLIMIT 10;",
        shop,
    )


def test_mean_time_removed_in_postgresql_13_fails(shop: PageContext) -> None:
    failure = failure_of(
        "-- Analyze slow queries\n"
        "SELECT query, mean_time, calls FROM pg_stat_statements ORDER BY mean_time DESC;",
        shop,
    )

    assert failure.line == 2
    assert 'column "mean_time" does not exist' in failure.message


def test_create_index_concurrently_runs_on_a_scratch_clone(
    shop: PageContext, services: Services
) -> None:
    run("CREATE INDEX CONCURRENTLY idx_users_email ON users (email);", shop)

    with psycopg.connect(services.postgres_dsn("shop")) as connection:
        indexes = connection.execute("SELECT indexname FROM pg_indexes").fetchall()
        databases = connection.execute("SELECT datname FROM pg_database").fetchall()
    assert ("idx_users_email",) not in indexes
    assert not [name for (name,) in databases if "scratch" in name]


def test_create_index_concurrently_on_a_missing_column_fails(shop: PageContext) -> None:
    failure = failure_of("VACUUM users;\nCREATE INDEX CONCURRENTLY i ON users (mail);", shop)

    assert failure.line == 2
    assert 'column "mail" does not exist' in failure.message


def test_superuser_statements_are_checked_by_the_server_not_run(
    shop: PageContext, services: Services
) -> None:
    run("CREATE DATABASE made_by_a_sample;\nALTER SYSTEM SET work_mem = '77MB';", shop)

    with psycopg.connect(services.postgres_dsn("shop")) as connection:
        names = {name for (name,) in connection.execute("SELECT datname FROM pg_database")}
        connection.execute("SELECT pg_reload_conf()")
        work_mem = connection.execute("SHOW work_mem").fetchone()
    assert "made_by_a_sample" not in names
    assert work_mem != ("77MB",)


def test_a_superuser_statement_with_a_typo_still_fails(shop: PageContext) -> None:
    failure = failure_of("ALTER SYSTEM SET work_mem TO TO '77MB';", shop)

    assert "syntax error" in failure.message


def test_samples_run_as_the_guides_role_not_as_a_superuser(shop: PageContext) -> None:
    failure = failure_of("SELECT pg_reload_conf();", shop)

    assert "permission denied for function pg_reload_conf" in failure.message


def test_reindex_database_naming_the_readers_database_runs(shop: PageContext) -> None:
    run("REINDEX DATABASE bimbot_ai_wall;", shop)


def test_a_block_with_its_own_commit_does_not_leak(shop: PageContext) -> None:
    run("BEGIN;\nINSERT INTO users (email) VALUES ('kept?');\nCOMMIT;", shop)

    run("SELECT 1 / (CASE WHEN count(*) = 0 THEN 1 ELSE 0 END) FROM users;", shop)


def test_dropping_the_sessions_database_is_refused(shop: PageContext) -> None:
    failure = failure_of("DROP DATABASE shop;", shop)

    assert "refusing to drop" in failure.message


def test_dropping_a_guides_database_is_refused_on_the_guides_first_block(
    services: Services,
) -> None:
    untouched = PageContext(Path("docs/untouched/page.md"), "untouched", services=services)

    failure = failure_of("DROP DATABASE untouched;", untouched)

    assert "refusing to drop" in failure.message


def test_check_mode_does_not_execute(shop: PageContext) -> None:
    impatient = SqlEvaluator(statement_timeout_ms=300)
    sleep = Block(Path("docs/shop/database.md"), 40, "sql", "sql", "SELECT pg_sleep(30);", Mode.RUN)

    with pytest.raises(BlockFailure, match="statement timeout"):
        impatient(sleep, shop)
    sleep.mode = Mode.CHECK
    impatient(sleep, shop)  # prepared, not run: no timeout


def test_check_mode_resolves_names(shop: PageContext) -> None:
    failure = failure_of("SELECT id FROM users;\nUPDATE users SET mail = '';", shop, Mode.CHECK)

    assert failure.line == 2
    assert 'column "mail"' in failure.message


def test_check_mode_parses_statements_that_cannot_be_prepared(shop: PageContext) -> None:
    run("VACUUM ANALYZE users;", shop, Mode.CHECK)

    failure = failure_of("VACUUM ANALYZE users;\nVACUM users;", shop, Mode.CHECK)
    assert failure.line == 2
    assert "syntax error" in failure.message


def test_check_mode_resolves_the_columns_of_create_index_concurrently(shop: PageContext) -> None:
    run("CREATE INDEX CONCURRENTLY i ON users (email);", shop, Mode.CHECK)

    failure = failure_of(
        "SELECT 1;\nCREATE INDEX CONCURRENTLY i ON users (mail);", shop, Mode.CHECK
    )
    assert failure.line == 2
    assert 'column "mail" does not exist' in failure.message


def test_a_psql_meta_command_is_not_sql(shop: PageContext) -> None:
    failure = failure_of("SELECT 1;\n\\dt", shop)

    assert failure.line == 2
    assert "meta-command" in failure.message


def test_a_config_fragment_in_a_sql_fence_fails(shop: PageContext) -> None:
    failure = failure_of("-- in postgresql.conf\nmax_connections = 200", shop)

    assert failure.line == 2
    assert "syntax error" in failure.message


def test_a_run_returns_its_result_sets_as_psql_prints_them(shop: PageContext) -> None:
    block = Block(
        Path("docs/shop/database.md"), 40, "sql", "sql", "SELECT 1 AS id, 'a' AS x;", Mode.RUN
    )

    assert evaluate(block, shop) == " id | x\n----+---\n  1 | a\n(1 row)\n"


def test_a_check_returns_no_output(shop: PageContext) -> None:
    block = Block(Path("docs/shop/database.md"), 40, "sql", "sql", "SELECT 1 AS id;", Mode.CHECK)

    assert evaluate(block, shop) == ""
