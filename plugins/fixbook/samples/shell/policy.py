"""Which commands of a shell block destroy data: a lint for the reader, not a safety net.

A guide's commands are written for the reader's machine, and a sample that wipes a disk or a
database must say so where the reader sees it (a danger admonition), never teach the suite to do
it. :func:`destructive_commands` reads a block's commands word by word (see
:mod:`.words`) and names every command :data:`RULES` refuses, and the SQL of ``psql`` commands
that deletes data. The shell evaluator refuses a ``run`` block that has one.

This is pattern-matching and can be defeated (a name built at run time is flagged, but not every
way to build one is): what keeps the machine safe is the sandbox every executed block runs in
(:mod:`fixbook.samples.sandbox`), not this list. The functions here are pure: they never run
anything, so tests can feed them ``dd of=/dev/sda`` safely.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..services.sql_script import Statement, parse_script
from .words import Command, parse_commands, psql_sql


@dataclass(frozen=True)
class Refusal:
    line: int
    command: str
    reason: str

    @property
    def message(self) -> str:
        return f"refusing to run destructive command `{self.command}`: {self.reason}"


def _flags(argv: list[str]) -> set[str]:
    """Single-letter flags of ``argv`` (``-rf`` gives r and f) and the long ones as written."""
    flags: set[str] = set()
    for arg in argv[1:]:
        if arg.startswith("--"):
            flags.add(arg.split("=", 1)[0])
        elif arg.startswith("-") and len(arg) > 1:
            flags.update(arg[1:])
    return flags


def _operands(argv: list[str]) -> list[str]:
    return [arg for arg in argv[1:] if not arg.startswith("-")]


def _rm(argv: list[str]) -> str | None:
    if {"r", "R", "--recursive"} & _flags(argv):
        return "rm -r deletes whole directory trees"
    outside = [a for a in _operands(argv) if a.startswith(("/", "~", "$")) or ".." in a]
    if outside:
        return f"rm deletes {outside[0]}, outside the sandbox directory"
    return None


def _kill(argv: list[str]) -> str | None:
    if len(argv) > 1 and argv[1] in {"-0", "-l", "-L"}:
        return None  # probes and lists, kills nothing
    return "kill terminates processes"


def _redis_cli(argv: list[str]) -> str | None:
    flushing = {arg.lower() for arg in argv[1:]} & {"flushall", "flushdb"}
    if flushing:
        return f"{flushing.pop().upper()} deletes every key"
    return None


def _docker(argv: list[str]) -> str | None:
    words = [arg for arg in argv[1:] if not arg.startswith("-")]
    flags = _flags(argv)
    if words[:2] in (["volume", "rm"], ["volume", "prune"], ["volume", "remove"]):
        return "removing Docker volumes deletes their data"
    if words[:2] == ["system", "prune"]:
        return "docker system prune deletes containers, images and (with --volumes) data"
    if "down" in words[:2] and ({"v", "--volumes"} & flags):
        return "`down -v` deletes the project's volumes and their data"
    if "rm" in words[:2] and ({"v", "--volumes"} & flags):
        return "`rm -v` deletes the containers' volumes"
    return None


def _git(argv: list[str]) -> str | None:
    words = _operands(argv)
    flags = _flags(argv)
    if words[:1] == ["reset"] and "--hard" in flags:
        return "git reset --hard discards uncommitted work"
    if words[:1] == ["clean"] and {"f", "--force"} & flags:
        return "git clean -f deletes untracked files"
    if words[:1] == ["push"] and ({"f", "--force", "--force-with-lease"} & flags):
        return "a forced push rewrites shared history"
    return None


def _find(argv: list[str]) -> str | None:
    if "-delete" in argv:
        return "find -delete deletes what it finds"
    executed = {Path(arg).name for arg in argv}
    if {"-exec", "-execdir", "-ok", "-okdir"} & executed and {"rm", "shred", "unlink"} & executed:
        return "find -exec rm deletes what it finds"
    return None


def _dd(argv: list[str]) -> str | None:
    if any(arg.startswith("of=") for arg in argv[1:]):
        return "dd of= overwrites its target byte by byte"
    return None


def _recursive(what: str) -> Callable[[list[str]], str | None]:
    def rule(argv: list[str]) -> str | None:
        if {"R", "--recursive"} & _flags(argv):
            return f"{what} -R changes a whole tree at once"
        return None

    return rule


def _subcommand(words: tuple[str, ...], reason: str) -> Callable[[list[str]], str | None]:
    def rule(argv: list[str]) -> str | None:
        return reason if tuple(_operands(argv)[: len(words)]) == words else None

    return rule


def _always(reason: str) -> Callable[[list[str]], str | None]:
    return lambda argv: reason


#: Command name -> rule; a rule returns why ``argv`` destroys data, or None.
RULES: dict[str, Callable[[list[str]], str | None]] = {
    "rm": _rm,
    "shred": _always("shred overwrites files beyond recovery"),
    "truncate": _always("truncate cuts files short"),
    "kill": _kill,
    "pkill": _always("pkill terminates processes by name"),
    "killall": _always("killall terminates processes by name"),
    "redis-cli": _redis_cli,
    "docker": _docker,
    "docker-compose": lambda argv: _docker(["docker", "compose", *argv[1:]]),
    "podman": _docker,
    "git": _git,
    "find": _find,
    "dd": _dd,
    "chmod": _recursive("chmod"),
    "chown": _recursive("chown"),
    "mkswap": _always("mkswap overwrites a device or file with swap space"),
    "fallocate": _always("fallocate claims disk space (the first step of a swap file)"),
    "swapoff": _always("swapoff takes memory away from running processes"),
    "wipefs": _always("wipefs erases filesystem signatures"),
    "fdisk": _always("fdisk rewrites partition tables"),
    "parted": _always("parted rewrites partition tables"),
    "dropdb": _always("dropdb deletes a database"),
    "pg_resetwal": _always("pg_resetwal can lose committed transactions"),
    "kubectl": _subcommand(("delete",), "kubectl delete removes cluster resources"),
    "alembic": _subcommand(("downgrade",), "alembic downgrade drops schema and data"),
    "prisma": _subcommand(("migrate", "reset"), "prisma migrate reset drops the database"),
    "shutdown": _always("shutdown stops the machine"),
    "reboot": _always("reboot restarts the machine"),
    "halt": _always("halt stops the machine"),
    "eval": _always("eval runs a command built at run time: nobody can tell what it runs"),
    "poweroff": _always("poweroff stops the machine"),
}
#: Any ``mkfs``, ``mkfs.ext4``, ... formats a device.
_PREFIX_RULES = {"mkfs": "mkfs formats a filesystem, erasing what was on it"}


def _sql_refusal(statement: Statement) -> str | None:
    """SQL that a psql command would run for good (psql commits): data or sessions lost."""
    words = statement.keywords
    first = words[0] if words else ""
    if first == "DROP":
        return "DROP deletes a database object and its data"
    if first == "TRUNCATE":
        return "TRUNCATE deletes every row"
    if first in {"DELETE", "UPDATE"} and "WHERE" not in words:
        return f"{first} without WHERE changes every row"
    if statement.starts_with("ALTER", "SYSTEM"):
        return "ALTER SYSTEM rewrites the server's configuration"
    lowered = statement.text.lower()
    if "pg_terminate_backend" in lowered:
        return "pg_terminate_backend disconnects sessions"
    return None


# Commands that run the command that follows them; their own options are skipped.
_PREFIX_COMMANDS = {
    "sudo": {"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U"},
    "doas": {"-u", "-C"},
    "env": {"-u", "-C", "-S"},
    "nohup": set(),
    "setsid": set(),
    "nsenter": {"-t", "--target", "-S", "--setuid", "-G", "--setgid"},
    "unshare": set(),
    "time": set(),
    "nice": {"-n"},
    "ionice": {"-c", "-n", "-p"},
    "timeout": {"-s", "-k", "--signal", "--kill-after"},
    "xargs": {"-I", "-n", "-P", "-L", "-d", "-E", "-s", "-a"},
    "exec": {"-a"},
    "command": set(),
    "builtin": set(),
    "watch": {"-n", "-d"},
    "stdbuf": {"-i", "-o", "-e"},
    "!": set(),
}
_TAKES_DURATION = {"timeout"}  # the first operand is not the command
_CONTAINER_EXEC_VALUES = {"-u", "--user", "-e", "--env", "-w", "--workdir", "--env-file", "-c",
                          "--container", "-n", "--namespace", "--index"}  # fmt: skip
_KEYWORDS = {"if", "then", "else", "elif", "do", "while", "until", "{", "}", "fi", "done"}


def inner_commands(argv: list[str]) -> Iterator[list[str]]:
    """``argv`` and each command it runs in turn: ``sudo docker compose exec db psql ...``
    yields the whole line, then ``docker compose exec db psql ...``, then ``psql ...``."""
    while argv:
        while argv and (_is_assignment(argv[0]) or argv[0] in _KEYWORDS):
            argv = argv[1:]  # VAR=value assignments, reserved words
        if not argv:
            return
        yield argv
        name = Path(argv[0]).name
        if name in _PREFIX_COMMANDS:
            argv = _skip_options(argv[1:], _PREFIX_COMMANDS[name])
            if name == "env":
                argv = [a for a in argv if "=" not in a] if argv else argv
            if name in _TAKES_DURATION and argv:
                argv = argv[1:]
        elif name in {"docker", "podman", "docker-compose", "kubectl"}:
            argv = _container_command(argv)
        else:
            return


def _is_assignment(word: str) -> bool:
    name, equals, _ = word.partition("=")
    return bool(equals) and name.isidentifier()


def _skip_options(argv: list[str], with_values: set[str]) -> list[str]:
    index = 0
    while index < len(argv) and argv[index].startswith("-") and argv[index] != "--":
        index += 2 if argv[index] in with_values else 1
    if index < len(argv) and argv[index] == "--":
        index += 1
    return argv[index:]


def _container_command(argv: list[str]) -> list[str]:
    """The command after ``docker [compose] exec|run [options] NAME`` or ``kubectl exec -- ``."""
    words = argv[1:]
    if words[:1] == ["compose"]:
        words = words[1:]
    if not words or words[0] not in {"exec", "run"}:
        return []
    if "--" in words and Path(argv[0]).name == "kubectl":
        return words[words.index("--") + 1 :]
    rest = _skip_options(words[1:], _CONTAINER_EXEC_VALUES)
    return rest[1:]  # past the container or service name


def destructive_commands(script: str) -> list[Refusal]:
    """Every command of a shell script that the rules refuse, in reading order.

    Raises :class:`~.words.ShellSyntaxError` when the script cannot be read as bash.
    """
    return refusals_of(parse_commands(script))


def refusals_of(commands: list[Command]) -> list[Refusal]:
    """:func:`destructive_commands` for commands already parsed with ``parse_commands``."""
    refusals: list[Refusal] = []
    for command in commands:
        refusals.extend(_refusals(command))
    return refusals


def _computed(name: str) -> bool:
    """A command name the reader cannot see: ``$cmd``, ``$(echo rm)``, a backquote."""
    return name.startswith("$") or "`" in name


def _refusals(command: Command) -> Iterator[Refusal]:
    shown = " ".join(command.argv)
    for argv in inner_commands(command.argv):
        if _computed(argv[0]):
            reason = f"its name `{argv[0]}` is computed at run time: nobody can tell what it runs"
            yield Refusal(command.line, shown, reason)
            return
        name = Path(argv[0]).name
        rule = RULES.get(name)
        reason = rule(argv) if rule else None
        if reason is None:
            prefix = name.split(".", 1)[0]
            reason = _PREFIX_RULES.get(prefix)
        if reason:
            yield Refusal(command.line, shown, reason)
            return
    for sql in psql_sql(command):
        for statement in parse_script(sql.text).statements:
            reason = _sql_refusal(statement)
            if reason:
                line = sql.line_at(statement.offset)
                yield Refusal(line, statement.text.splitlines()[0], reason)
