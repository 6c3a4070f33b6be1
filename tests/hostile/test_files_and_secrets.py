"""What a page can read and write: not the caller's secrets, not the caller's files."""

from __future__ import annotations

from pathlib import Path

from .hostile_project import SECRET, Project


def test_the_callers_environment_is_not_in_the_sandbox(project: Project) -> None:
    project.page(
        "# Env\n\n```python\nimport os\n"
        "print(dict(os.environ))\n"
        "for pid in ('self', '1', '2'):\n"
        "    try:\n"
        "        print(open(f'/proc/{pid}/environ').read())\n"
        "    except OSError as error:\n"
        "        print(error)\n"
        "assert 'FIXBOOK_HOSTILE_SECRET' not in os.environ\n```\n"
    )

    run = project.check()

    assert SECRET not in run.everything
    assert "docs/shop/page.md:3: python" not in run.stdout  # the block itself passed


def test_a_shell_block_cannot_read_the_callers_environment_through_proc(
    project: Project,
) -> None:
    project.page(
        "# Proc\n\n<!-- fixbook: run -->\n```bash\n"
        'cat "/proc/$PPID/environ" /proc/1/environ | tr "\\0" "\\n"\n'
        "env\n"
        'test -z "${FIXBOOK_HOSTILE_SECRET:-}"\n```\n'
    )

    run = project.check()

    assert SECRET not in run.everything
    assert run.returncode == 0, run.stdout


def test_writes_outside_the_scratch_folder_never_reach_the_host(
    project: Project, marker: Path
) -> None:
    docs_page = project.root / "docs" / "shop" / "page.md"
    project.page(
        "# Write\n\n```python\nimport pathlib, subprocess\n"
        f"for target in [{str(marker)!r}, {str(docs_page)!r}, '/root/.bashrc', "
        "'/etc/fixbook-was-here']:\n"
        "    try:\n"
        "        pathlib.Path(target).write_text('pwned')\n"
        "    except OSError as error:\n"
        "        print(error)\n"
        f"subprocess.run(['touch', {str(marker) + '-by-child'!r}])\n```\n"
    )
    before = docs_page.read_text()

    project.check()

    assert not marker.exists()
    assert not Path(str(marker) + "-by-child").exists()
    assert docs_page.read_text() == before
    assert not Path("/etc/fixbook-was-here").exists()


def test_the_callers_home_and_the_repository_are_not_visible(project: Project) -> None:
    project.page(
        "# Look\n\n```python\nimport os\n"
        "import sys\n"
        "# only the folder that leads to Python's own installation, when it lives there\n"
        "python = {p.split('/')[2] for p in (sys.base_prefix,) if p.startswith('/root/')}\n"
        "assert set(os.listdir('/root')) <= python, os.listdir('/root')\n"
        "assert set(os.listdir('/home')) <= {p.split('/')[2] for p in (sys.base_prefix,) "
        "if p.startswith('/home/')}\n"
        "try:\n"
        "    assert open('/etc/shadow').read() == ''\n"
        "except PermissionError:\n"
        "    pass\n"
        f"assert not os.path.exists({str(project.root / 'mkdocs.yml')!r})\n```\n"
    )

    run = project.check()

    assert run.returncode == 0, run.stdout


def test_a_3_gib_allocation_fails_the_block(project: Project) -> None:
    project.page("# Memory\n\n```python\nblob = bytearray(3 * 1024**3)\n```\n")

    run = project.check()

    assert run.returncode == 1
    assert "MemoryError" in run.stdout
