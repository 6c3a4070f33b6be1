"""SQL samples run as their guide's role: no server programs, no other guide's data."""

from __future__ import annotations

import time
from pathlib import Path

from .hostile_project import SECRET, Project


def test_copy_to_program_is_refused(project: Project, marker: Path) -> None:
    project.page(f"# Copy\n\n```sql\nCOPY (SELECT 1) TO PROGRAM 'env > {marker}';\n```\n")

    run = project.check()

    assert run.returncode == 1
    assert "permission denied" in run.stdout or "must be superuser" in run.stdout
    assert not marker.exists()
    assert SECRET not in run.everything


def test_server_files_are_out_of_reach(project: Project) -> None:
    project.page(
        "# Files\n\n```sql\nSELECT pg_read_file('/etc/passwd');\n```\n\n"
        "```sql\nCREATE TABLE loot (line text);\nCOPY loot FROM '/etc/passwd';\n```\n"
    )

    run = project.check()

    assert run.returncode == 1
    assert run.stdout.count("permission denied") == 2, run.stdout


def test_another_guides_database_cannot_be_dropped_or_read(project: Project) -> None:
    project.page("# Victim\n\n```sql\nSELECT 1;\n```\n", guide="alpha")
    project.page(
        "# Attacker\n\n```python\nimport psycopg\n"
        "dsn = services.postgres_dsn('shop')\n"
        "own = psycopg.connect(dsn, autocommit=True)\n"
        "own.execute('DROP DATABASE alpha WITH (FORCE)')\n```\n\n"
        "```python\nservices.postgres_dsn('alpha')\n```\n\n"
        "```python\nimport psycopg\n"
        "psycopg.connect(dsn.replace('/shop?', '/alpha?'))\n```\n\n"
        "```sql\nALTER SYSTEM SET work_mem = '1GB';\nSELECT pg_reload_conf();\n```\n",
        guide="shop",
        name="zz.md",
    )

    run = project.check()

    assert run.returncode == 1
    assert "must be owner of database alpha" in run.stdout
    assert "may use only its own guide's database" in run.stdout
    assert 'permission denied for database "alpha"' in run.stdout
    assert "permission denied for function pg_reload_conf" in run.stdout
    assert "docs/alpha/page.md" not in run.stdout  # the victim's block still passed


def test_setting_the_statement_timeout_to_zero_does_not_lift_the_limit(
    project: Project,
) -> None:
    project.page(
        "# Sleep\n\n```sql\nSET statement_timeout = 0;\nSELECT pg_sleep(120);\n```\n\n"
        "```python\nimport psycopg\n"
        "with psycopg.connect(services.postgres_dsn('shop')) as connection:\n"
        "    connection.execute('SET statement_timeout = 0')\n"
        "    connection.execute('SELECT pg_sleep(120)')\n```\n"
    )

    began = time.monotonic()
    run = project.check()

    assert run.returncode == 1
    assert time.monotonic() - began < 90
    assert "docs/shop/page.md:3: sql:" in run.stdout
    assert "docs/shop/page.md:8: python:" in run.stdout
