"""The real services the snippets run against: PostgreSQL and Redis, one set per session.

A :class:`Services` is created once per test session (once per xdist worker) and once per
``fixbook check`` run. Nothing starts until a block needs it; ``close()`` (also run at exit)
stops every process and removes the session's temporary directory. Everything lives in that
directory and talks over Unix sockets, so concurrent sessions and workers never share a port or
a data directory.

Each guide gets its own database, created on first use from ``<snippets>/<guide>/schema.sql``
when that file exists. The schema is loaded once into a template database that nobody connects
to; the guide's database and every throwaway scratch database are clones of it.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ...settings import DEFAULT_SNIPPETS_BASE
from .postgres import PostgresCluster, SchemaError, describe, quote_ident
from .processes import ServiceError
from .redis import RedisServer

if TYPE_CHECKING:
    import psycopg
    import redis

    from ..model import PageContext

__all__ = [
    "PostgresCluster",
    "RedisServer",
    "SchemaError",
    "ServiceError",
    "Services",
    "describe",
    "quote_ident",
    "services_of",
]

_PREFIX = "fixbook-services-"
_OWNER = "owner.pid"
# Unix socket paths are limited to ~107 bytes; a deep TMPDIR would not fit the server sockets.
_MAX_SOCKET_DIR = 80


class Services:
    """Lazily started PostgreSQL and Redis shared by all pages of a session."""

    def __init__(self, snippets_dir: Path | str | None = None) -> None:
        fallback = Path.cwd() / DEFAULT_SNIPPETS_BASE
        self.snippets_dir = Path(snippets_dir) if snippets_dir else fallback
        self._lock = threading.RLock()
        self._root: Path | None = None
        self._postgres: PostgresCluster | None = None
        self._redis: RedisServer | None = None
        self._guides: dict[str, str | SchemaError] = {}  # guide -> database, or why it failed
        self._connections: dict[str, psycopg.Connection] = {}
        self._failed: dict[str, ServiceError] = {}  # service -> why it could not start
        self._closed = False
        atexit.register(self.close)

    # -- the session directory -------------------------------------------------------------

    @property
    def root(self) -> Path:
        if self._closed:
            raise ServiceError("these services were closed")
        if self._root is None:
            base = _base_dir()
            _remove_abandoned(Path(base))
            self._root = Path(tempfile.mkdtemp(prefix=_PREFIX, dir=base))
            (self._root / _OWNER).write_text(str(os.getpid()))
        return self._root

    @property
    def sockets_dir(self) -> Path:
        """The folder holding the services' Unix sockets (and nothing else): the one folder
        the sandboxed page workers see of the session (at ``/tmp/svc``)."""
        sockets = self.root / "sockets"
        if not sockets.exists():
            sockets.mkdir()
            sockets.chmod(0o755)
        return sockets

    # -- PostgreSQL ------------------------------------------------------------------------

    @property
    def postgres(self) -> PostgresCluster:
        """The session's cluster, started on first use."""
        with self._lock:
            if "postgres" in self._failed:
                raise self._failed["postgres"]  # once is enough: the same line, no retry
            if self._postgres is None:
                directory = self.root / "postgres"
                try:
                    directory.mkdir()
                    cluster = PostgresCluster(directory, sockets=self.sockets_dir)
                    cluster.start()
                except BaseException as error:
                    if "cluster" in locals():
                        cluster.stop()
                    shutil.rmtree(directory, ignore_errors=True)
                    if isinstance(error, Exception):
                        failure = ServiceError(f"PostgreSQL did not start: {_one_line(error)}")
                        self._failed["postgres"] = failure
                        raise failure from error
                    raise
                self._postgres = cluster
            return self._postgres

    def postgres_dsn(self, guide: str) -> str:
        """The superuser's connection string for the guide's database (runner and tests only)."""
        return self.postgres.dsn(self.database(guide))

    def role_of(self, guide: str) -> str:
        """The guide's own database role: owns the guide's databases, nothing more."""
        return f"fixbook_{_database_name(guide)}"[:63]

    def sample_dsn(
        self, guide: str, database: str | None = None, *, host: str | None = None
    ) -> str:
        """What a sample gets: the guide's role on the guide's (or a scratch) database.

        ``host`` is the socket folder as the sample sees it (``/tmp/svc`` in the sandbox).
        """
        name = database or self.database(guide)
        return self.postgres.role_dsn(self.role_of(guide), name, host=host)

    def connect_as_guide(
        self, guide: str, database: str | None = None, *, autocommit: bool = False
    ):
        """A connection as the guide's role (how the runner executes a sample's SQL)."""
        import psycopg

        return psycopg.connect(self.sample_dsn(guide, database), autocommit=autocommit)

    def stop_sessions_of(self, guide: str) -> None:
        """Cancel, then terminate, whatever the guide's role runs (a time limit was reached)."""
        if self._postgres is not None:
            self._postgres.stop_sessions_of(self.role_of(guide))

    def database(self, guide: str) -> str:
        """The name of the guide's database, created on first use."""
        with self._lock:
            if guide not in self._guides:
                self._guides[guide] = self._create_guide_database(guide)
            outcome = self._guides[guide]
        if isinstance(outcome, SchemaError):
            raise outcome
        return outcome

    def schema_path(self, guide: str) -> Path:
        return self.snippets_dir / guide / "schema.sql"

    def _create_guide_database(self, guide: str) -> str | SchemaError:
        cluster = self.postgres
        name = _database_name(guide)
        template = f"{name}__template"
        role = self.role_of(guide)
        cluster.ensure_role(role)
        cluster.create_database(template, owner=role)
        schema = self.schema_path(guide)
        if schema.exists():
            try:
                cluster.load_schema(template, schema, role=role)
            except SchemaError as error:
                return error
        # Nobody may connect to the template: CREATE DATABASE ... TEMPLATE needs it idle.
        cluster.execute(
            "postgres",
            f"ALTER DATABASE {quote_ident(template)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false",
        )
        cluster.create_database(name, template=template, owner=role)
        return name

    def connection(self, guide: str) -> psycopg.Connection:
        """The session's one connection to the guide's database (not autocommit)."""
        with self._lock:
            connection = self._connections.get(guide)
            if connection is None or connection.closed:
                connection = self.connect_as_guide(guide)
                self._connections[guide] = connection
            return connection

    @contextmanager
    def scratch_database(self, guide: str) -> Iterator[str]:
        """A throwaway clone of the guide's schema for what a transaction cannot hold.

        Yields the clone's name; it is dropped (with its connections) afterwards.
        """
        template = f"{self.database(guide)}__template"
        scratch = f"{_database_name(guide)}__scratch_{uuid.uuid4().hex[:8]}"
        self.postgres.create_database(scratch, template=template, owner=self.role_of(guide))
        try:
            yield scratch
        finally:
            self.postgres.drop_database(scratch)

    def managed_databases(self) -> set[str]:
        """Databases this session relies on: a sample must never drop them."""
        names = {"postgres", "template0", "template1"}
        for outcome in self._guides.values():
            if isinstance(outcome, str):
                names |= {outcome, f"{outcome}__template"}
        return names

    # -- Redis -----------------------------------------------------------------------------

    @property
    def redis(self) -> RedisServer:
        with self._lock:
            if self._redis is None:
                server = RedisServer(self.root, sockets=self.sockets_dir)
                try:
                    server.start()
                except BaseException:
                    server.stop()
                    raise
                self._redis = server
            return self._redis

    @property
    def redis_url(self) -> str:
        """``unix://…/redis.sock`` of the session's Redis, started on first use."""
        return self.redis.url

    def redis_client(self, **options: object) -> redis.Redis:
        import redis

        return redis.Redis.from_url(self.redis_url, **options)

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Stop every service and remove the session directory; safe to call twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            for connection in self._connections.values():
                connection.close()
            self._connections.clear()
            for service in (self._postgres, self._redis):  # type: ignore[assignment]
                if service is not None:
                    service.stop()
            if self._root is not None:
                shutil.rmtree(self._root, ignore_errors=True)
        atexit.unregister(self.close)

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def services_of(context: PageContext) -> Services:
    """The session's services a page context carries; a clear error when it carries none."""
    if not isinstance(context.services, Services):
        raise RuntimeError(
            f"{context.path}: this block needs the session's services "
            "(fixbook.samples.services.Services) in PageContext.services"
        )
    return context.services


def _remove_abandoned(base: Path) -> None:
    """Delete session directories whose owner died without closing (killed with SIGKILL).

    Its servers died with it (see ``processes``); only the files stay behind, and in
    ``/dev/shm`` they would hold memory until the next reboot.
    """
    for directory in base.glob(f"{_PREFIX}*"):
        try:
            owner = int((directory / _OWNER).read_text())
            os.kill(owner, 0)
        except ProcessLookupError:
            shutil.rmtree(directory, ignore_errors=True)
        except (OSError, ValueError):
            continue  # being created right now, or not ours to judge


def _base_dir() -> str:
    """Where session directories go: ``$FIXBOOK_SERVICES_DIR``, else memory, else TMPDIR.

    A data directory in memory (``/dev/shm``) makes initdb three times faster than on disk,
    and the cluster is thrown away anyway.
    """
    chosen = os.environ.get("FIXBOOK_SERVICES_DIR")
    if chosen:
        return chosen
    shm = "/dev/shm"
    if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK):
        return shm
    base = tempfile.gettempdir()
    return base if len(base) <= _MAX_SOCKET_DIR else "/tmp"


def _one_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


def _database_name(guide: str) -> str:
    """A database name for a guide slug: lower-case letters, digits and underscores."""
    slug = re.sub(r"[^a-z0-9_]+", "_", guide.lower()).strip("_") or "guide"
    return slug[:40]
