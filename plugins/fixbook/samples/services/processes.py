"""Starting and stopping the service processes a test session owns.

Each service runs as a direct child in its own session (so a Ctrl-C in the terminal reaches
pytest, which then stops the services in order) and, when started from the main thread, with
``PR_SET_PDEATHSIG``: if pytest is killed outright, the kernel stops the service too, so no
orphan survives a crashed run. (The death signal follows the *thread* that forked; a service
started from another thread would die with that thread, hence main thread only.)
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

_PR_SET_PDEATHSIG = 1


class ServiceError(RuntimeError):
    """A service could not start: the message names what is missing or what failed."""


def _die_with_parent(death_signal: int) -> Callable[[], None] | None:
    if not sys.platform.startswith("linux") or threading.current_thread() is not (
        threading.main_thread()
    ):
        return None

    def set_death_signal() -> None:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, death_signal)

    return set_death_signal


def spawn(
    argv: list[str],
    *,
    log: Path,
    death_signal: int = signal.SIGTERM,
    user: int | None = None,
    group: int | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    """Start ``argv`` as a child that writes to ``log`` and dies with this process."""
    with log.open("ab") as log_file:
        return subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent(death_signal),
            user=user,
            group=group,
            extra_groups=[] if user is not None else None,
            env=env,
        )


def wait_until(
    ready: Callable[[], bool],
    process: subprocess.Popen[bytes],
    *,
    what: str,
    log: Path,
    timeout: float = 30.0,
) -> None:
    """Poll ``ready`` until true; fail loudly with the log tail if the process dies first."""
    deadline = time.monotonic() + timeout
    delay = 0.005
    while not ready():
        if process.poll() is not None:
            raise ServiceError(
                f"{what} exited with status {process.returncode} while starting; "
                f"its log ({log}) ends with:\n{tail(log)}"
            )
        if time.monotonic() > deadline:
            stop(process, signal.SIGKILL)
            raise ServiceError(
                f"{what} did not become ready within {timeout:.0f} s; log:\n{tail(log)}"
            )
        time.sleep(delay)
        delay = min(delay * 2, 0.05)


def stop(process: subprocess.Popen[bytes], first_signal: int, timeout: float = 10.0) -> None:
    """Send ``first_signal``, wait, then SIGKILL: the process is gone when this returns."""
    if process.poll() is not None:
        return
    try:
        os.kill(process.pid, first_signal)
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    except ProcessLookupError:
        process.wait()


def tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
