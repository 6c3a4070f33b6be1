"""SQL blocks, verified against the session's real PostgreSQL 18.

Modes (the core passes ``block.mode``):

* ``run`` executes the block in the guide's database (``snippets/<guide>/schema.sql`` loaded)
  inside a transaction that is always rolled back, so every block starts from the same state
  and a block's ``INSERT`` is invisible to the next. Statements that PostgreSQL refuses inside
  a transaction block (``CREATE INDEX CONCURRENTLY``, ``VACUUM``, ``REINDEX DATABASE``, ...,
  see :data:`NON_TRANSACTIONAL`), and blocks with their own ``BEGIN``/``COMMIT``, run instead in
  autocommit against a scratch clone of the guide's database, dropped afterwards.
* ``check`` never executes data access: ``SELECT``/``INSERT``/``UPDATE``/``DELETE``/``MERGE``
  are ``PREPARE``d (parsed *and* analysed: every table, column and function is resolved), DDL
  runs inside the rolled-back transaction (so later statements see its tables; ``CREATE
  INDEX CONCURRENTLY`` runs there without ``CONCURRENTLY``), and the rest of what cannot run
  in a transaction (``VACUUM``, ``REINDEX DATABASE``, ``CALL``, ...) is only parsed by the
  server's grammar (the body of a ``DO`` block that returns before reaching it).
* ``expect-error`` is verified like ``run``: this evaluator raises :class:`BlockFailure` when the
  block fails and returns when it passes; the core inverts that and compares the message.

A failure names the line within the block: the line of the failing statement, refined by the
error position PostgreSQL reports. The session keeps one connection per guide database open
across blocks (``Services.connection``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..model import Block, BlockFailure, Mode, PageContext
from ..services import SchemaError, Services, describe, quote_ident, services_of
from ..services.sql_script import Script, Statement, parse_script
from .psql_table import aligned_table

if TYPE_CHECKING:
    import psycopg

STATEMENT_TIMEOUT_MS = 10_000  # a runaway sample fails instead of hanging the suite
#: Seconds a block's SQL may take in all, whatever the sample SETs: then the runner cancels,
#: then terminates, the sessions of the guide's role.
BLOCK_TIME_LIMIT = float(os.environ.get("FIXBOOK_SQL_TIME_LIMIT", "30"))
PREPARABLE = frozenset({"SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES", "WITH", "TABLE"})
DDL = frozenset({"CREATE", "ALTER", "DROP", "COMMENT", "GRANT", "REVOKE", "TRUNCATE"})
_CHECK_NAME = "fixbook_check"
_SYNTAX_TAG = "$fixbook_syntax$"


def _is_transaction_control(statement: Statement) -> bool:
    """Statements that would end the transaction a ``run`` block is wrapped in."""
    words = statement.keywords
    if not words:
        return False
    if words[0] in {"BEGIN", "START", "COMMIT", "END", "ABORT"}:
        return True
    if words[0] == "ROLLBACK":
        return "TO" not in words[1:3]  # ROLLBACK TO SAVEPOINT stays inside
    return statement.starts_with("PREPARE", "TRANSACTION")


def _concurrently(statement: Statement) -> bool:
    return "CONCURRENTLY" in statement.keywords[:6]


# Statements PostgreSQL cannot run inside a transaction block, by the shape of their first
# words; each is (what it is, test). A statement PostgreSQL refuses that this list misses is
# still caught: the server answers 25001 (active_sql_transaction) and the block is re-run on
# the scratch path.
NON_TRANSACTIONAL: tuple[tuple[str, Callable[[Statement], bool]], ...] = (
    ("VACUUM", lambda s: s.starts_with("VACUUM")),
    ("CREATE INDEX CONCURRENTLY", lambda s: s.starts_with("CREATE") and _concurrently(s)),
    ("DROP INDEX CONCURRENTLY", lambda s: s.starts_with("DROP", "INDEX") and _concurrently(s)),
    (
        "REINDEX DATABASE/SYSTEM/CONCURRENTLY",
        lambda s: s.starts_with("REINDEX")
        and (_concurrently(s) or bool({"DATABASE", "SYSTEM"} & set(s.keywords[:3]))),
    ),
    ("CREATE DATABASE", lambda s: s.starts_with("CREATE", "DATABASE")),
    ("DROP DATABASE", lambda s: s.starts_with("DROP", "DATABASE")),
    ("CREATE/DROP TABLESPACE", lambda s: s.keywords[1:2] == ["TABLESPACE"]),
    ("ALTER SYSTEM", lambda s: s.starts_with("ALTER", "SYSTEM")),
    ("CLUSTER (every table)", lambda s: s.keywords in (["CLUSTER"], ["CLUSTER", "VERBOSE"])),
    ("transaction control", _is_transaction_control),
)  # fmt: skip


def needs_autocommit(statement: Statement) -> bool:
    return any(test(statement) for _, test in NON_TRANSACTIONAL)


@dataclass
class _Sent:
    """A statement as sent: its place in the script and how many characters were prepended."""

    statement: Statement
    prefix: int = 0


class SqlEvaluator:
    """Runs or checks ``sql`` blocks; also verifies SQL found in shell commands."""

    languages = frozenset({"sql"})

    def __init__(self, statement_timeout_ms: int = STATEMENT_TIMEOUT_MS) -> None:
        self.statement_timeout_ms = statement_timeout_ms

    def prepare(self, blocks: list[Block], context: PageContext) -> None:
        """Nothing per page: the guide's database is created on its first block."""

    def __call__(self, block: Block, context: PageContext) -> str:
        if block.mode in (Mode.SKIP, Mode.OUTPUT):
            raise ValueError(f"{block.path}:{block.line}: {block.mode} blocks are not evaluated")
        return self.verify(block.source, context, execute=block.mode is not Mode.CHECK)

    def verify(self, sql: str, context: PageContext, *, execute: bool) -> str:
        """Run (``execute``) or check ``sql``; BlockFailure lines are lines of ``sql``.

        Returns what psql would print for the result sets a run returned (empty for a check),
        for an ``expected-output`` block under it."""
        services = services_of(context)
        script = parse_script(sql)
        if script.meta_commands:
            meta = script.meta_commands[0]
            raise BlockFailure(
                f"psql meta-command {meta.text!r} is not SQL: use a `psql` fence for it",
                line=meta.line,
            )
        if not script.statements:
            raise BlockFailure("the block holds no SQL statement", line=1)
        tables: list[str] = []
        try:
            with _watchdog(services, context.guide, BLOCK_TIME_LIMIT):
                self._verify(script, services, context.guide, execute=execute, tables=tables)
        except SchemaError as error:
            raise BlockFailure(f"the guide's schema does not load: {error}") from error
        return "\n".join(tables)

    def _verify(
        self, script: Script, services: Services, guide: str, *, execute: bool, tables: list[str]
    ) -> None:
        if not execute:
            self._check(script, services, guide)
        elif any(needs_autocommit(s) for s in script.statements):
            self._run_on_scratch(script, services, guide, tables)
        else:
            self._run_in_transaction(script, services, guide, tables)

    # -- run ------------------------------------------------------------------------------

    def _run_in_transaction(
        self, script: Script, services: Services, guide: str, tables: list[str]
    ) -> None:
        import psycopg

        connection = services.connection(guide)
        try:
            connection.execute(f"SET LOCAL statement_timeout = {self.statement_timeout_ms}")
            for statement in script.statements:
                try:
                    _collect(connection.execute(statement.text, prepare=False), tables)
                except psycopg.errors.ActiveSqlTransaction:
                    connection.rollback()
                    tables.clear()
                    self._run_on_scratch(script, services, guide, tables)
                    return
                except psycopg.Error as error:
                    raise _failure(script, _Sent(statement), error) from error
        finally:
            connection.rollback()

    def _run_on_scratch(
        self, script: Script, services: Services, guide: str, tables: list[str]
    ) -> None:
        """Autocommit, one statement at a time, on a clone dropped afterwards."""
        import psycopg

        postgres = services.postgres
        with services.scratch_database(guide) as scratch:
            # Only now: the clone creates the guide's database on first use, and it must be
            # protected even when this is the session's first block of that guide.
            protected = services.managed_databases()
            before = _database_names(postgres)
            try:
                with services.connect_as_guide(guide, scratch, autocommit=True) as connection:
                    connection.execute(f"SET statement_timeout = {self.statement_timeout_ms}")
                    for statement in script.statements:
                        text = _for_scratch(statement, scratch, protected, script)
                        try:
                            _collect(connection.execute(text, prepare=False), tables)
                        except psycopg.Error as error:
                            raise _failure(script, _Sent(statement), error) from error
            finally:
                for name in _database_names(postgres) - before - {scratch}:
                    postgres.drop_database(name)
                if any(s.starts_with("ALTER", "SYSTEM") for s in script.statements):
                    postgres.execute(
                        "postgres", "ALTER SYSTEM RESET ALL", "SELECT pg_reload_conf()"
                    )

    # -- check ----------------------------------------------------------------------------

    def _check(self, script: Script, services: Services, guide: str) -> None:
        import psycopg

        connection = services.connection(guide)
        try:
            connection.execute(f"SET LOCAL statement_timeout = {self.statement_timeout_ms}")
            for statement in script.statements:
                first = statement.keywords[0] if statement.keywords else ""
                if first in PREPARABLE:
                    prefix = f"PREPARE {_CHECK_NAME} AS "
                    sent = [prefix + statement.text, f"DEALLOCATE {_CHECK_NAME}"]
                elif first in DDL and not needs_autocommit(statement):
                    prefix, sent = "", [statement.text]
                elif (index_ddl := _without_concurrently(statement)) is not None:
                    prefix, sent = "", [index_ddl]
                else:
                    tag = _syntax_tag(statement.text)
                    prefix = f"DO {tag}BEGIN RETURN;\n"
                    sent = [f"{prefix}{statement.text};\nEND{tag}"]
                try:
                    for text in sent:
                        connection.execute(text, prepare=False)
                except psycopg.Error as error:
                    raise _failure(script, _Sent(statement, len(prefix)), error) from error
        finally:
            connection.rollback()


@contextmanager
def _watchdog(services: Services, guide: str, seconds: float) -> Iterator[None]:
    """Stop the guide role's sessions if the block outlives ``seconds`` (``SET statement_timeout
    = 0`` in a sample lifts the server's limit for its session, not this one)."""
    timer = threading.Timer(seconds, services.stop_sessions_of, args=(guide,))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def _without_concurrently(statement: Statement) -> str | None:
    """``CREATE/DROP INDEX CONCURRENTLY`` as the same statement without ``CONCURRENTLY``.

    Only the locking differs; building the index inside the rolled-back transaction resolves
    its table, columns and operator classes. The word is blanked out, not cut, so error
    positions still point into the block.
    """
    keywords = statement.keywords
    if keywords[:1] not in (["CREATE"], ["DROP"]) or "INDEX" not in keywords[:3]:
        return None
    for word in statement.words:
        if word.text == "CONCURRENTLY" and not word.quoted:
            text = statement.text
            return text[: word.start] + " " * (word.end - word.start) + text[word.end :]
    return None


def _failure(script: Script, sent: _Sent, error: psycopg.Error) -> BlockFailure:
    """The server's message at the line its error position points to."""
    statement = sent.statement
    position = error.diag.statement_position
    line = statement.line
    if position:
        within = int(position) - 1 - sent.prefix
        if 0 <= within <= len(statement.text):
            line = script.line_of(statement.offset + within)
    return BlockFailure(describe(error), line=line)


def _for_scratch(statement: Statement, scratch: str, protected: set[str], script: Script) -> str:
    """The statement as run on the scratch clone.

    ``REINDEX DATABASE <name>`` must name the database it runs in; a sample names the
    reader's database, so the name is replaced by the clone's. Dropping a database the
    session depends on is refused.
    """
    words = statement.words
    keywords = statement.keywords
    if keywords[:1] == ["REINDEX"]:
        for index, word in enumerate(words):
            if word.text in {"DATABASE", "SYSTEM"} and not word.quoted:
                rest = [w for w in words[index + 1 :] if w.text != "CONCURRENTLY" or w.quoted]
                if rest:
                    name = rest[0]
                    return (
                        statement.text[: name.start]
                        + quote_ident(scratch)
                        + statement.text[name.end :]
                    )
                break
    if statement.starts_with("DROP", "DATABASE"):
        names = [w.text if w.quoted else w.text.lower() for w in words[2:]]
        names = [n for n in names if n.upper() not in {"IF", "EXISTS", "WITH", "FORCE"}]
        if names and names[0] in protected:
            raise BlockFailure(
                f"refusing to drop the test session's database {names[0]!r}",
                line=statement.line,
            )
    if superuser_only(statement):
        # Samples run as the guide's role, which may not do this: the server's grammar checks
        # the statement (a DO block that returns before reaching it), nothing runs.
        tag = _syntax_tag(statement.text)
        return f"DO {tag}BEGIN RETURN;\n{statement.text};\nEND{tag}"
    return statement.text


def superuser_only(statement: Statement) -> bool:
    """Statements only a superuser (or a role with CREATEDB/CREATEROLE) may run."""
    return (
        statement.starts_with("ALTER", "SYSTEM")
        or statement.starts_with("CREATE", "DATABASE")
        or statement.starts_with("CREATE", "TABLESPACE")
        or statement.starts_with("CREATE", "ROLE")
        or statement.starts_with("CREATE", "USER")
    )


def _database_names(postgres) -> set[str]:
    with postgres.connect("postgres", autocommit=True) as connection:
        return {row[0] for row in connection.execute("SELECT datname FROM pg_database")}


def _syntax_tag(text: str) -> str:
    tag = _SYNTAX_TAG
    while tag in text:
        tag = tag[:-1] + "x$"
    return tag


def _collect(cursor: Any, tables: list[str]) -> None:
    """Keep a statement's result set, as psql would print it (statements without rows print
    nothing here)."""
    if cursor.description is None:
        return
    columns = [column.name for column in cursor.description]
    tables.append(aligned_table(columns, cursor.fetchall()))
