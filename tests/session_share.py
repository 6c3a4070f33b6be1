"""One of each expensive thing per test run, shared by every xdist worker.

A test run (serial, or ``-n N``) has one *run folder*: the controlling process creates it in
``pytest_configure`` and passes it to the workers in ``FIXBOOK_TEST_RUN_DIR`` (execnet starts
the workers after that hook, with the controller's environment). What goes in it is made by the
first process that needs it, under an ``fcntl`` lock on a file beside it; the others wait on
the lock and then read what was made. Nothing is made for a run that does not need it.

The controller removes the folder in ``pytest_unconfigure``, after the workers have stopped,
and first ends the processes recorded in it (:func:`record_process`): a process one worker
started may serve the others until the very end of the run.

Why a folder and not pytest's own ``tmp_path_factory``: each xdist worker has its own basetemp,
so a session fixture there is per worker; here it is per run.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ENV = "FIXBOOK_TEST_RUN_DIR"
_PREFIX = "fixbook-test-run-"
_OWNER = "owner.pid"
_PROCESSES = "processes"


def is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def start_run(config: pytest.Config) -> None:
    """Called by the controller (or the only process) before any worker starts."""
    if is_worker(config):
        return
    # A pytest started by a test of this run (a subprocess) is a run of its own: its own
    # folder, and the outer run's value back in place when it ends in-process.
    existing = os.environ.get(ENV)
    _remove_abandoned()
    folder = Path(tempfile.mkdtemp(prefix=_PREFIX))
    (folder / _OWNER).write_text(str(os.getpid()))
    (folder / _PROCESSES).mkdir()
    config.stash[_FOLDER] = folder
    config.stash[_PREVIOUS] = existing
    os.environ[ENV] = str(folder)


def end_run(config: pytest.Config) -> None:
    """Called by the controller once every worker has finished: stop what was recorded."""
    folder = config.stash.get(_FOLDER, None)
    if folder is None:
        return
    for record in sorted((folder / _PROCESSES).glob("*.pid")):
        # Recorded processes lead a session of their own: end it, children included.
        with contextlib.suppress(ValueError, ProcessLookupError, PermissionError):
            os.killpg(int(record.read_text()), signal.SIGTERM)
    shutil.rmtree(folder, ignore_errors=True)
    previous = config.stash.get(_PREVIOUS, None)
    if previous is None:
        os.environ.pop(ENV, None)
    else:
        os.environ[ENV] = previous


_FOLDER = pytest.StashKey[Path]()
_PREVIOUS = pytest.StashKey["str | None"]()


def run_folder() -> Path:
    """This run's folder; a test process started without the tests' conftest has none."""
    value = os.environ.get(ENV)
    if not value or not Path(value).is_dir():
        raise RuntimeError(f"{ENV} is not set: tests/conftest.py's pytest_configure did not run")
    return Path(value)


def owner_pid() -> int:
    """The run's controlling process (processes shared by the run stop when it is gone)."""
    return int((run_folder() / _OWNER).read_text())


def _remove_abandoned() -> None:
    """Folders of runs whose controller died without cleaning up (killed, out of time)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*"):
        try:
            os.kill(int((folder / _OWNER).read_text()), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (OSError, ValueError):
            continue


def record_process(name: str, pid: int) -> None:
    """The controller ends this process (SIGTERM) when the run is over."""
    (run_folder() / _PROCESSES / f"{name}.pid").write_text(str(pid))


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def exclusive(name: str) -> Iterator[None]:
    """Hold a lock named ``name`` across every process of this run (the workers share one
    Chromium, and with it one clipboard: a paste test holds it from copy to paste)."""
    with _locked(run_folder() / f"{name}.lock"):
        yield


def once(name: str, make: Callable[[Path], dict[str, Any]]) -> dict[str, Any]:
    """What ``make(folder)`` returned the first time any process of this run asked for ``name``.

    ``make`` gets an empty folder of its own and returns a JSON-able description of what it
    made (paths, an endpoint). When it raises, the error is kept: every later caller fails with
    the same message instead of trying again (a broken build is not fixed by building twice).
    """
    root = run_folder()
    made = root / f"{name}.json"
    failed = root / f"{name}.failed"
    with _locked(root / f"{name}.lock"):
        if made.is_file():
            return json.loads(made.read_text())
        if failed.is_file():
            raise RuntimeError(failed.read_text())
        folder = root / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        try:
            description = make(folder)
        except BaseException as error:
            if isinstance(error, Exception):
                failed.write_text(f"{name}: {error}\n{traceback.format_exc(limit=3)}")
            raise
        made.write_text(json.dumps(description))
        return description


@dataclass(frozen=True)
class HandbookBuild:
    """``mkdocs build --strict`` of the project's own mkdocs.yml, as ``dev.py build`` runs it
    (the ``handbook_build`` fixture of tests/conftest.py)."""

    site_dir: Path
    returncode: int
    stderr: str
