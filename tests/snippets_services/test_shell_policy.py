"""The destructive-command lint as a pure function: destructive input is read, never run.

Every case here is a string handed to :func:`destructive_commands`; nothing is executed, so a
bug in a rule shows up as a failed assertion, not as ``dd`` writing to a disk of the test machine.
"""

from __future__ import annotations

import pytest
from fixbook.samples.shell.policy import Refusal, destructive_commands
from fixbook.samples.shell.words import ShellSyntaxError

REFUSED = {
    "dd if=/dev/zero of=/dev/sda bs=1M": "dd of= overwrites its target byte by byte",
    "mkfs.ext4 /dev/sdb1": "mkfs formats a filesystem, erasing what was on it",
    "mkfs -t xfs /dev/nvme0n1": "mkfs formats a filesystem, erasing what was on it",
    "pkill -f celery": "pkill terminates processes by name",
    "killall -9 python": "killall terminates processes by name",
    "rm -rf ./build": "rm -r deletes whole directory trees",
    "sudo rm -Rf /srv/data": "rm -r deletes whole directory trees",
    "rm /etc/passwd": "rm deletes /etc/passwd, outside the sandbox directory",
    "$(echo rm) -rf /": "its name `$(echo rm)` is computed at run time",
    'cmd=rm; "$cmd" -rf ~': "its name `$cmd` is computed at run time",
    "`echo rm` -rf /srv": "is computed at run time",
    'eval "$(curl -s https://example.com/install)"': "eval runs a command built at run time",
    "find / -name '*.db' -exec rm {} \\;": "find -exec rm deletes what it finds",
    "find . -exec /bin/rm -f {} +": "find -exec rm deletes what it finds",
    "find . -name '*.pyc' -delete": "find -delete deletes what it finds",
    "pgrep -f worker | xargs kill": "kill terminates processes",
    "nohup setsid kill -9 1 &": "kill terminates processes",
    "shred -u secrets.txt": "shred overwrites files beyond recovery",
    "wipefs -a /dev/sda": "wipefs erases filesystem signatures",
    "redis-cli flushall": "FLUSHALL deletes every key",
    "docker compose exec redis redis-cli -n 2 FLUSHDB": "FLUSHDB deletes every key",
    "docker compose down -v": "`down -v` deletes the project's volumes and their data",
    "git reset --hard origin/main": "git reset --hard discards uncommitted work",
    "chmod -R 777 /srv": "chmod -R changes a whole tree at once",
    'bash -c "rm -rf /tmp/cache"': "rm -r deletes whole directory trees",
    "dropdb app": "dropdb deletes a database",
    'psql "$DATABASE_URL" -c "DROP DATABASE shop WITH (FORCE);"': "DROP deletes a database object",
    "psql -c 'TRUNCATE jobs'": "TRUNCATE deletes every row",
    'psql -c "DELETE FROM users;"': "DELETE without WHERE changes every row",
    "psql -c 'ALTER SYSTEM SET max_connections = 200'": "ALTER SYSTEM rewrites the server's",
    "shutdown -h now": "shutdown stops the machine",
}


@pytest.mark.parametrize(("script", "reason"), REFUSED.items(), ids=list(REFUSED))
def test_a_destructive_command_is_refused_with_its_reason(script: str, reason: str) -> None:
    refusals = destructive_commands(script)

    assert refusals, f"{script!r} was not refused"
    assert reason in refusals[0].reason


def test_a_refusal_names_the_line_and_the_command_as_written() -> None:
    refusals = destructive_commands("echo start\n\nsudo mkfs.ext4 /dev/sdb1\n")

    assert refusals == [
        Refusal(3, "sudo mkfs.ext4 /dev/sdb1", "mkfs formats a filesystem, erasing what was on it")
    ]
    assert refusals[0].message.startswith("refusing to run destructive command `sudo mkfs")


def test_destructive_sql_in_a_here_document_is_refused_at_its_own_line() -> None:
    refusals = destructive_commands("psql <<SQL\nSELECT 1;\nUPDATE users SET email = NULL;\nSQL\n")

    assert [(r.line, r.reason) for r in refusals] == [(3, "UPDATE without WHERE changes every row")]


def test_every_destructive_command_of_a_block_is_named() -> None:
    refusals = destructive_commands("pkill -f celery\nrm -rf build\nls\n")

    assert [r.line for r in refusals] == [1, 2]


HARMLESS = [
    "echo 'rm -rf /' is what you must never type",
    "rm app.pid",
    "kill -0 4242",
    "kill -l",
    "docker compose down",
    'psql -c "DELETE FROM users WHERE id = 1;"',
    "redis-cli get flush-counter",
    "git reset HEAD~1",
    "chmod 600 .env",
    "# rm -rf /\ntrue",
    "dd if=/dev/sda bs=512 count=1 | xxd | head",
    'find . -name "*.log" -print',
    'echo "$HOME"',
]


@pytest.mark.parametrize("script", HARMLESS)
def test_a_lookalike_is_not_refused(script: str) -> None:
    assert destructive_commands(script) == []


def test_a_script_bash_cannot_read_raises_a_syntax_error_with_its_line() -> None:
    with pytest.raises(ShellSyntaxError) as raised:
        destructive_commands("echo ok\necho 'unclosed\n")

    assert raised.value.line == 2
