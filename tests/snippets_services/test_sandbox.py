"""Shell blocks marked run: in the page's sandboxed worker, with the real services, and
refusal of destructive commands."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
import pytest
from fixbook.samples.evaluators.shell import ShellEvaluator
from fixbook.samples.model import Block, BlockFailure, Mode, PageContext
from fixbook.samples.services import Services
from fixbook.samples.shell.policy import destructive_commands


def run(source: str, context: PageContext) -> str | None:
    block = Block(Path("docs/shop/ops.md"), 30, "bash", "bash", source, Mode.RUN)
    return ShellEvaluator()(block, context)


def failure_of(source: str, context: PageContext) -> BlockFailure:
    with pytest.raises(BlockFailure) as raised:
        run(source, context)
    return raised.value


def test_home_and_working_directory_are_one_fresh_empty_scratch_folder(
    shop: PageContext,
) -> None:
    home = run('test "$HOME" = "$PWD"\ntest -z "$(ls -A)"\necho "$HOME"\n', shop)

    assert home is not None and home.startswith("/run/fixbook/scratch/page-")


def test_the_callers_environment_does_not_leak_in(
    shop: PageContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-secret")

    assert run('echo "key=${OPENAI_API_KEY:-unset}"\n', shop) == "key=unset\n"


def test_a_block_that_outlives_the_time_limit_is_killed(shop: PageContext) -> None:
    block = Block(Path("docs/shop/ops.md"), 30, "bash", "bash", "sleep 30 &\nsleep 30\n", Mode.RUN)
    began = time.monotonic()
    with pytest.raises(BlockFailure) as raised:
        ShellEvaluator(timeout=1)(block, shop)

    assert "killed after the sandbox's 1 s limit" in raised.value.message
    assert time.monotonic() - began < 10


def test_the_network_is_unreachable(shop: PageContext) -> None:
    failure = failure_of(
        "python -c 'import socket; socket.create_connection((\"1.1.1.1\", 80), timeout=3)'\n",
        shop,
    )

    assert "Network is unreachable" in failure.message


def test_a_failing_command_fails_the_block_at_its_line(shop: PageContext) -> None:
    failure = failure_of('echo "one"\nfalse\necho "never"\n', shop)

    assert failure.line == 2
    assert failure.message.startswith("exited with status 1")


def test_redis_cli_talks_to_the_sessions_redis(shop: PageContext, services: Services) -> None:
    run("redis-cli -h redis.internal -p 6380 set fixbook:from-shell hello\n", shop)

    assert services.redis_client().get("fixbook:from-shell") == b"hello"


def test_psql_runs_against_a_scratch_clone_of_the_guide(
    shop: PageContext, services: Services
) -> None:
    run(
        'psql "$DATABASE_URL" -v ON_ERROR_STOP=1 \\\n'
        "  -c \"INSERT INTO users (email) VALUES ('shell@example.com');\"\n",
        shop,
    )

    with psycopg.connect(services.postgres_dsn("shop")) as connection:
        assert connection.execute("SELECT count(*) FROM users").fetchone() == (0,)


DESTRUCTIVE = [
    "rm -rf ./build",
    "rm -r logs",
    "rm -f /var/lib/app/test.db",
    "sudo rm -Rf /srv/data",
    "redis-cli flushall",
    "docker compose exec redis redis-cli -n 2 FLUSHDB",
    'psql "$DATABASE_URL" -c "DROP TABLE users;"',
    "psql -c 'TRUNCATE jobs'",
    'psql "$DATABASE_URL" -c "DELETE FROM users;"',
    "psql -c \"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE state = 'idle';\"",
    "psql -c 'ALTER SYSTEM SET max_connections = 200'",
    "kill -9 4242",
    "pkill -f celery",
    "pgrep -f worker | xargs kill",
    "docker volume rm bimbot_postgres_data",
    "docker compose down -v",
    "docker-compose down --volumes",
    "mkfs.ext4 /dev/sdb1",
    "dd if=/dev/zero of=/dev/sda bs=1M",
    "chmod -R 777 /srv",
    "git reset --hard origin/main",
    "fallocate -l 2G /swapfile",
    "mkswap /swapfile",
    "find . -name '*.pyc' -delete",
    'bash -c "rm -rf /tmp/cache"',
    "docker compose exec app bash -c 'alembic downgrade base'",
    "dropdb app",
]


@pytest.mark.parametrize("source", DESTRUCTIVE)
def test_a_destructive_command_is_refused_in_run_mode(source: str, shop: PageContext) -> None:
    failure = failure_of(source, shop)

    assert failure.message.startswith("refusing to run destructive command")
    assert failure.line == 1


def test_destructive_sql_in_a_psql_here_document_is_refused_at_its_line(
    shop: PageContext,
) -> None:
    failure = failure_of(
        'psql "$DATABASE_URL" <<SQL\nSELECT 1;\nUPDATE users SET email = NULL;\nSQL', shop
    )

    assert failure.line == 3
    assert "UPDATE without WHERE changes every row" in failure.message


HARMLESS = [
    "echo 'rm -rf /' is what you must never type",
    "rm app.pid",
    "kill -0 4242",
    "docker compose down",
    "docker compose restart worker",
    'psql -c "DELETE FROM users WHERE id = 1;"',
    "redis-cli get flush-counter",
    "git reset HEAD~1",
    "chmod 600 .env",
    "# rm -rf /\ntrue",
]


@pytest.mark.parametrize("source", HARMLESS)
def test_a_lookalike_is_not_refused(source: str) -> None:
    assert destructive_commands(source) == []
