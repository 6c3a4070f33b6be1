"""The runner's handle on the session's zygote: the sandboxed process page workers fork from.

Started lazily by :func:`~fixbook.samples.worker.session.worker_of`, inside ``bwrap`` (see
:mod:`fixbook.samples.sandbox`) or, with ``--no-sandbox``, as a plain child process. Requests go
over a Unix socket pair (file descriptors for a page's pipes travel with ``SCM_RIGHTS``).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
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
        # One datagram per message (requests without an answer follow each other unread).
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
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
        self._ids = 0
        self._spare: tuple[int, int, int] | None = None
        self._removals: queue.SimpleQueue[Path | None] = queue.SimpleQueue()
        self._remover = threading.Thread(target=_remove_each, args=(self._removals,), daemon=True)
        self._remover.start()

    def tell(self, message: dict[str, Any], fds: tuple[int, ...] = ()) -> None:
        """A request that has no answer (``page``, ``go``, ``kill`` without reply)."""
        try:
            socket.send_fds(self.control, [json.dumps(message).encode()], list(fds))
        except OSError:
            said = _tail(self.log)
            self.stop()
            raise WorkerDied(f"the sandbox's zygote stopped answering ({said})") from None

    def prefork(self) -> None:
        """Fork the next page's worker now; it waits, blank, until :meth:`blank` hands it out
        and ``go`` opens its gate (the zygote's docstring says why it is out of reach)."""
        if self._spare is None:
            self._spare = self._fork_blank()

    def blank(self) -> tuple[int, int, int]:
        """A blank worker: its id, the runner's end of its request pipe and of its answers."""
        spare, self._spare = self._spare, None
        return spare if spare is not None else self._fork_blank()

    def _fork_blank(self) -> tuple[int, int, int]:
        self._ids += 1
        requests_r, requests_w = os.pipe()
        answers_r, answers_w = os.pipe()
        try:
            self.tell({"op": "page", "id": self._ids}, (requests_r, answers_w))
        finally:
            os.close(requests_r)
            os.close(answers_w)
        return self._ids, requests_w, answers_r

    def discard(self, folder: Path) -> None:
        """Remove a page's scratch folder in the background, off the pages' critical path."""
        self._removals.put(folder)

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
        if self._spare is not None:
            for fd in self._spare[1:]:
                with contextlib.suppress(OSError):
                    os.close(fd)
            self._spare = None
        self._removals.put(None)
        self._remover.join(timeout=30)
        shutil.rmtree(self.scratch, ignore_errors=True)


def _remove_each(folders: queue.SimpleQueue[Path | None]) -> None:
    while (folder := folders.get()) is not None:
        shutil.rmtree(folder, ignore_errors=True)


def _tail(log: Path) -> str:
    try:
        text = log.read_text(errors="replace").strip()
    except OSError:
        return ""
    return text.splitlines()[-1][:300] if text else ""
