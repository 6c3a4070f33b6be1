"""Shell blocks in check mode: bash -n, ShellCheck, and the SQL and Redis commands they hold."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from fixbook.samples.evaluators import shell
from fixbook.samples.evaluators.shell import SHELLCHECK_EXCLUDED, ShellEvaluator
from fixbook.samples.model import Block, BlockFailure, Mode, PageContext


def check(source: str, context: PageContext, mode: Mode = Mode.CHECK) -> None:
    block = Block(Path("docs/shop/ops.md"), 12, "bash", "bash", source, mode)
    # The handbook's level (`[tool.fixbook.shellcheck] severity = "info"`); the default is warning.
    ShellEvaluator(severity="info")(block, context)


def failure_of(source: str, context: PageContext) -> BlockFailure:
    with pytest.raises(BlockFailure) as raised:
        check(source, context)
    return raised.value


def test_a_clean_block_passes(shop: PageContext) -> None:
    check('docker compose logs app --tail=100\ngrep -c ERROR "$HOME/app.log"\n', shop)


def test_an_unquoted_variable_is_reported_at_its_line(shop: PageContext) -> None:
    failure = failure_of('echo "checking"\npsql $DATABASE_URL -c "SELECT 1"\n', shop)

    assert failure.line == 2
    assert "SC2086" in failure.message


def test_a_syntax_error_is_reported_by_bash_at_its_line(shop: PageContext) -> None:
    failure = failure_of('echo start\nfor f in *.log; do\n  wc -l "$f"\nfi\n', shop)

    assert failure.line == 4
    assert "bash -n: syntax error near unexpected token `fi'" in failure.message


def test_excluded_codes_each_say_why() -> None:
    assert all(code.startswith("SC") and reason for code, reason in SHELLCHECK_EXCLUDED.items())


def test_an_excluded_code_is_not_reported(shop: PageContext) -> None:
    check("cd /srv/app\nsource .venv/bin/activate\nLOG_LEVEL=debug\n", shop)


def test_one_bash_and_one_shellcheck_process_lint_a_whole_page(
    shop: PageContext, block: Callable[..., Block], monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[str] = []
    real_popen = subprocess.Popen

    def counting_popen(argv, *args, **kwargs):
        started.append(Path(argv[0]).name)
        return real_popen(argv, *args, **kwargs)

    monkeypatch.setattr(shell.subprocess, "Popen", counting_popen)
    blocks = [block(f'echo "{n}"\nls "$HOME"\n', "bash", Mode.CHECK) for n in range(20)]
    blocks[7].source = "ls '~/app'\n"  # SC2088, a warning: reported at the default severity
    evaluator = ShellEvaluator()

    evaluator.prepare(blocks, shop)
    failures = []
    for each in blocks:
        try:
            evaluator(each, shop)
        except BlockFailure as failure:
            failures.append((blocks.index(each), failure.line))

    assert sorted(started) == ["bash", "shellcheck"]
    assert failures == [(7, 1)]


def test_sql_in_a_psql_command_is_checked_against_the_guide_schema(shop: PageContext) -> None:
    failure = failure_of(
        'psql "$DATABASE_URL" -c "\n'
        'SELECT id, \\"email\\"\n'
        "FROM users\n"
        "WHERE mail = 'a@example.com';\n"
        '"\n',
        shop,
    )

    assert failure.line == 4
    assert 'SQL of psql: column "mail" does not exist' in failure.message


def test_sql_in_a_single_quoted_psql_command_behind_docker_is_checked(shop: PageContext) -> None:
    check(
        'docker compose exec db psql -U "$POSTGRES_USER" -d "$POSTGRES_DB" \\\n'
        "  -c 'SELECT email FROM users WHERE id = 1;'\n",
        shop,
    )
    failure = failure_of(
        "docker compose exec db psql -c 'SELECT mean_time FROM pg_stat_statements'", shop
    )
    assert (failure.line, "mean_time" in failure.message) == (1, True)


def test_sql_in_a_psql_here_document_is_checked(shop: PageContext) -> None:
    failure = failure_of(
        'psql "$DATABASE_URL" <<SQL\nSELECT 1;\nSELECT nope FROM users;\nSQL\n', shop
    )

    assert failure.line == 3


def test_a_psql_backslash_command_is_not_taken_for_sql(shop: PageContext) -> None:
    check("psql \"$DATABASE_URL\" -c '\\dt+'\n", shop)

    failure = failure_of("psql \"$DATABASE_URL\" -c '\\dtt'\n", shop)
    assert failure.line == 1
    assert "unknown or refused meta-command" in failure.message


def test_a_redis_cli_command_must_exist_in_redis(shop: PageContext) -> None:
    check("docker compose exec redis redis-cli llen rq:queue:default\n", shop)

    failure = failure_of("redis-cli ping\nredis-cli -h cache llen\n", shop)
    assert failure.line == 2
    assert "LLEN takes 1 argument(s), the block gives 0" in failure.message


def test_redis_cli_modes_other_than_a_command_are_not_taken_for_one(shop: PageContext) -> None:
    check("redis-cli --scan --pattern 'gateway:*'\nredis-cli -h cache --bigkeys\n", shop)


def test_destructive_commands_are_only_linted_in_check_mode(shop: PageContext) -> None:
    check('docker compose down -v\nredis-cli flushall\nrm -rf "$HOME/cache"\n', shop)
