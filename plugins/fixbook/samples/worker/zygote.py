"""One warm process inside the sandbox that forks a fresh worker for each page.

Starting Python and importing the evaluators (``respx``, ``requests``, ``pyflakes``, ...) costs
about a second; paid per page it would make the suite several times slower. So the sandbox holds
one *zygote* per session: it imports what every page needs, never runs a sample itself, and for
each page forks a child that

1. starts a new session and, when ``isolate`` (always inside bubblewrap), new user, PID and
   mount namespaces of its own: the page's worker is PID 1 of a namespace that the kernel tears
   down, every process in it, when that worker dies or is killed (``nohup setsid`` children
   included);
2. mounts a private ``/tmp`` and works in its own scratch folder, so pages do not see each
   other's files (the runner keeps one page alive at a time: a page's processes are gone
   before the next page starts, and the zygote is not dumpable, so no page can trace it);
3. serves the page on the two pipe ends the runner passed (``SCM_RIGHTS`` over the control
   socket), once the zygote opens its *gate*.

**The next page's worker is forked ahead** (``page``), while the current page still runs, and
waits, blank, on its gate. ``go`` opens it, and only after the zygote has killed and reaped
every page started before (so :data:`~.session.MAX_LIVE` = 1 holds here, whatever the runner
asks: a page's processes are gone before the next page's first block runs) and created the
page's scratch folder (so a running page cannot plant files in the next one's). Until then the
blank worker is out of the running page's reach: it is in a sibling PID namespace (``kill``
and ``ptrace`` resolve PIDs in the caller's namespace, where it has none), a sibling user
namespace (a page's capabilities, in its own namespace, give it nothing there), it is not
dumpable (inherited from the zygote: its ``/proc`` files and ``/proc/PID/root`` stay closed),
its ``/tmp`` is a mount namespace of its own, and its pipes were created after the running page
was forked (and the zygote's control socket is closed in every worker), so the page holds no
descriptor of it. It has run no code of any page. Killing a page needs no answer either
(``kill`` with ``reply: false``): the zygote kills and reaps it while the runner goes on, and
the next ``go`` waits for that.

Before the first page the zygote imports the installed packages the docs' pages import
(``preload``, found by the runner in the pages' text; never a page's own code) and reads the
settings of each folder of pages, so every page finds them warm, as it would in one pytest
process.
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import json
import os
import signal
import socket
import sys
from pathlib import Path
from typing import Any

from .main import apply_limits, serve_page

_CLONE_NEWNS = 0x00020000
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWPID = 0x20000000
_MS_RDONLY, _MS_NOSUID, _MS_NODEV = 1, 2, 4
_MS_REMOUNT, _MS_BIND, _MS_REC = 32, 4096, 16384
_PR_SET_DUMPABLE = 4
#: Imported before the first page: what executing evaluators need.
WARM = ("fixbook.samples.evaluators.python", "fixbook.samples.evaluators.doctest")


def serve_zygote(control_fd: int, *, isolate: bool) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_DUMPABLE, 0, 0, 0, 0)  # pages cannot ptrace or read this process
    for name in WARM:
        with contextlib.suppress(Exception):
            importlib.import_module(name)
    control = socket.socket(fileno=control_fd)
    reader = control.makefile("rb")
    pages: dict[int, _Page] = {}  # the runner's id of a page -> its processes
    while True:
        message, fds = _receive(control, reader)
        if message is None:
            return
        op = message["op"]
        if op == "page":  # fork the next page's worker; it waits, blank, for "go"
            pages[message["id"]] = _fork_page(libc, fds, isolate=isolate, control=control)
        elif op == "go":
            for other in [key for key in pages if key != message["id"]]:
                _kill(pages.pop(other))  # one live page: its processes gone before the next's
            page = pages.get(message["id"])
            if page is not None:
                page.open_gate(message["scratch"])
        elif op == "kill":
            # Killing the page's init ends its PID namespace: every process of the page.
            page = pages.pop(message["id"], None)
            status = _kill(page) if page is not None else None
            if message.get("reply", True):
                _reply(control, {"op": "kill", "status": status})
        elif op == "status":
            page = pages.get(message["id"])
            status = _reap(page.reaper, wait=True) if page is not None else None
            if page is not None:
                page.reaped = True
            _reply(control, {"op": "status", "status": status})
        elif op == "preload":
            for name in message["modules"]:
                with contextlib.suppress(BaseException):
                    importlib.import_module(name)
            _read_settings(message.get("folders", []))
            _reply(control, {"op": "preload"})


def _read_settings(folders: list[str]) -> None:
    """The settings of every folder of pages, read once here (MkDocs' loader, pyproject.toml)
    rather than in each page's worker: an evaluator's ``prepare`` asks for them."""
    with contextlib.suppress(Exception):
        from ...settings import settings_of

        for folder in folders:
            with contextlib.suppress(Exception):
                settings_of(Path(folder))


class _Page:
    """A page's worker as the zygote holds it: the PID to kill it by (its namespace's init),
    the PID to reap (the zygote's child) and the write end of its gate while it waits."""

    def __init__(self, init: int, reaper: int, gate: int | None) -> None:
        self.init, self.reaper, self.gate = init, reaper, gate
        self.reaped = False

    def open_gate(self, scratch: str) -> None:
        """Create the page's scratch folder (now that no other page lives) and let it start."""
        if self.gate is None:
            return
        with contextlib.suppress(OSError):
            os.mkdir(scratch, 0o700)
            os.chmod(scratch, 0o777)  # the page's uid writes here (same uid, or 65534 inside)
        with contextlib.suppress(OSError):
            os.write(self.gate, scratch.encode())
        os.close(self.gate)
        self.gate = None


def _kill(page: _Page) -> int | None:
    if page.gate is not None:
        os.close(page.gate)  # a blank worker that never started: it exits at end of file
        page.gate = None
    if page.reaped:  # gone, and its PID may be another process's by now
        return None
    with contextlib.suppress(ProcessLookupError):
        os.kill(page.init, signal.SIGKILL)
    return _reap(page.reaper, wait=True)


def _receive(control: socket.socket, reader: Any) -> tuple[dict[str, Any] | None, list[int]]:
    try:
        data, fds, _, _ = socket.recv_fds(control, 65536, 4)
    except OSError:
        return None, []
    if not data:
        return None, []
    return json.loads(data.decode()), list(fds)


def _reply(control: socket.socket, message: dict[str, Any]) -> None:
    control.sendall(json.dumps(message).encode() + b"\n")


def _reap(pid: int, wait: bool = False) -> int | None:
    """The page's exit status (128 + N: killed by signal N; negative: this process's child
    was itself killed by a signal)."""
    try:
        _, status = os.waitpid(pid, 0 if wait else os.WNOHANG)
    except ChildProcessError:
        return None
    if os.WIFSIGNALED(status):
        return -os.WTERMSIG(status)
    return os.WEXITSTATUS(status) if os.WIFEXITED(status) else None


def _fork_page(
    libc: ctypes.CDLL, fds: list[int], *, isolate: bool, control: socket.socket
) -> _Page:
    """Fork a page's worker, blank until its gate opens (:meth:`_Page.open_gate`)."""
    ready_r, ready_w = os.pipe()
    gate_r, gate_w = os.pipe()
    pid = os.fork()
    if pid:
        for fd in (*fds, ready_w, gate_r):
            os.close(fd)
        # The child reports the PID of the page's init as this process sees it.
        with os.fdopen(ready_r, "rb") as ready:
            said = ready.read()
        return _Page(int(said) if said.strip().isdigit() else pid, pid, gate_w)
    # -- in the child -------------------------------------------------------------------
    try:
        # The control socket, for real (the zygote's reader still refers to it): a page must
        # not talk to the zygote, nor write into the runner's control channel.
        os.close(control.detach())
        os.close(ready_r)
        os.close(gate_w)
        os.setsid()
        if isolate:
            _own_namespaces(libc)
            init = os.fork()
            if init:
                os.write(ready_w, str(init).encode())
                for fd in (ready_w, gate_r, *fds):
                    os.close(fd)
                _, status = os.waitpid(init, 0)
                code = os.waitstatus_to_exitcode(status)
                os._exit(128 - code if code < 0 else code)  # 128 + signal, as shells say
            _private_tmp(libc)
        os.close(ready_w)
        scratch = _wait_for_gate(gate_r)
        if not scratch:
            os._exit(0)  # killed before it served a page
        os.chdir(scratch)
        os.environ["HOME"] = os.environ["PWD"] = scratch
        if not isolate:
            os.environ["TMPDIR"] = scratch
        serve_page(fds[0], fds[1])
        os._exit(0)
    except BaseException as error:  # never return into the zygote's loop
        with contextlib.suppress(BaseException):
            os.write(2, f"fixbook worker: {error!r}\n".encode())
        os._exit(70)


def _wait_for_gate(gate: int) -> str:
    """The page's scratch folder, once the zygote opens the gate; "" when it closes it."""
    said = b""
    while chunk := os.read(gate, 4096):
        said += chunk
    os.close(gate)
    return said.decode()


def _own_namespaces(libc: ctypes.CDLL) -> None:
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWPID | _CLONE_NEWNS) != 0:
        raise OSError(ctypes.get_errno(), "unshare of the page's namespaces failed")
    with open("/proc/self/setgroups", "w") as setgroups:
        setgroups.write("deny")
    with open("/proc/self/uid_map", "w") as uid_map:
        uid_map.write(f"{uid} {uid} 1")
    with open("/proc/self/gid_map", "w") as gid_map:
        gid_map.write(f"{gid} {gid} 1")


def _private_tmp(libc: ctypes.CDLL) -> None:
    """A ``/tmp`` of the page's own (scratch and sockets live under ``/run/fixbook``).

    What the sandbox bound under ``/tmp`` (docs of a project that lives there) is bound again,
    read-only, into the new ``/tmp``.
    """
    kept = [(point, os.open(point, os.O_PATH)) for point in _mounts_under("/tmp/")]
    if libc.mount(b"tmpfs", b"/tmp", b"tmpfs", _MS_NOSUID | _MS_NODEV, b"size=512m") != 0:
        raise OSError(ctypes.get_errno(), "mounting the page's /tmp failed")
    for point, fd in kept:
        os.makedirs(point, exist_ok=True)
        source = f"/proc/self/fd/{fd}".encode()
        if libc.mount(source, point.encode(), None, _MS_BIND | _MS_REC, None) != 0:
            raise OSError(ctypes.get_errno(), f"binding {point} into the page's /tmp failed")
        flags = _MS_REMOUNT | _MS_BIND | _MS_RDONLY | _MS_NOSUID | _MS_NODEV
        libc.mount(None, point.encode(), None, flags, None)
        os.close(fd)


def _mounts_under(prefix: str) -> list[str]:
    """Mount points below ``prefix``, outermost first (``/proc/self/mountinfo``)."""
    points = []
    with open("/proc/self/mountinfo") as mountinfo:
        for line in mountinfo:
            point = line.split()[4].replace("\\040", " ")
            if point.startswith(prefix):
                points.append(point)
    return sorted(set(points), key=len)


def main(argv: list[str]) -> None:
    """``zygote CONTROL_FD LIMITS_JSON [isolate]``: the process the sandbox starts."""
    control, limits = int(argv[2]), json.loads(argv[3])
    apply_limits(limits)
    sys.argv = ["fixbook-worker"]
    serve_zygote(control, isolate=len(argv) > 4 and argv[4] == "isolate")


if __name__ == "__main__":
    main(sys.argv)
