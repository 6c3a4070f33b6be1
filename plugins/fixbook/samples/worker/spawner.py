"""The runner's handle on the session's zygote: the sandboxed process page workers fork from.

Started lazily by :func:`~fixbook.samples.worker.session.worker_of`, inside ``bwrap`` (see
:mod:`fixbook.samples.sandbox`) or, with ``--no-sandbox``, as a plain child process. Requests go
over a Unix socket pair (file descriptors for a page's pipes travel with ``SCM_RIGHTS``).
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..sandbox import SCRATCH, Limits, bwrap_argv, sandbox_env


class WorkerDied(Exception):
    """The worker exited or was killed; ``reason`` says how."""


class Zygote:
    """The session's warm process in the sandbox; each page's worker is a fork of it."""

    def __init__(self, *, readable: list[Path], sockets: Path | None, sandboxed: bool) -> None:
        self.sandboxed = sandboxed
        self.sockets = sockets
        self.readable = readable
        self.scratch = Path(tempfile.mkdtemp(prefix="fixbook-worker-"))
        self.scratch.chmod(0o755)
        self.log = self.scratch / "zygote.log"
        ours, theirs = socket.socketpair()
        self.control = ours
        self._answers = ours.makefile("rb")
        limits = Limits.from_env()
        command = [sys.executable, "-m", "fixbook.samples.worker.zygote", "zygote",
                   str(theirs.fileno()), json.dumps(limits.as_json())]  # fmt: skip
        env = {"PYTHONPATH": str(Path(__file__).resolve().parents[3])}
        if sandboxed:
            argv = [*bwrap_argv(scratch=self.scratch, readable=readable, sockets=sockets, env=env),
                    *command, "isolate"]  # fmt: skip
            environment = None
        else:
            argv = command
            environment = sandbox_env(env) | {"HOME": str(self.scratch)}
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=(theirs.fileno(),),
                start_new_session=True,
                env=environment,
                cwd=self.scratch,
            )
        theirs.close()
        self.pages = 0

    def ask(self, message: dict[str, Any], fds: tuple[int, ...] = (), timeout: float = 30) -> Any:
        """One request and its answer; :class:`WorkerDied` when the zygote is gone or stuck."""
        try:
            socket.send_fds(self.control, [json.dumps(message).encode()], list(fds))
            ready, _, _ = select.select([self.control], [], [], timeout)
            line = self._answers.readline() if ready else b""
        except OSError:
            line = b""
        if not line:
            said = _tail(self.log)
            self.stop()
            raise WorkerDied(f"the sandbox's zygote stopped answering ({said})")
        return json.loads(line)

    def alive(self) -> bool:
        return self.process.poll() is None

    def inside(self, path: Path) -> str:
        """Where a folder under the scratch root appears to the workers."""
        if not self.sandboxed:
            return str(path)
        return f"{SCRATCH}/{path.relative_to(self.scratch)}"

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        self.control.close()
        shutil.rmtree(self.scratch, ignore_errors=True)


def _tail(log: Path) -> str:
    try:
        text = log.read_text(errors="replace").strip()
    except OSError:
        return ""
    return text.splitlines()[-1][:300] if text else ""
