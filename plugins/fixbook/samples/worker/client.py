"""The runner's side of a page worker: start it in the sandbox, send blocks, decide verdicts.

The verdict is decided here, in the process that runs pytest or ``fixbook check``, which no
sample can reach. A worker that exits, is killed or stays silent past the block's time limit
fails that block; the page's remaining blocks are "not run: the page's worker died at line N".
A time limit is enforced from outside: the ``bwrap`` process is killed, and with it (the kernel
does that for a PID namespace) every process the page started, whatever the block did with
signals, timers or ``setsid``.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import importlib.util
import json
import os
import re
import secrets
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

from ..model import Block, BlockFailure, PageContext
from ..sandbox import (
    SCRATCH,
    SOCKETS,
    Limits,
    bwrap_argv,
    no_sandbox_requested,
    require_sandbox,
    sandbox_env,
)
from .protocol import LineReader, block_to_json, encode, write_all

#: Seconds a block may run before its worker is killed (the evaluator may stop it sooner);
#: ``FIXBOOK_BLOCK_TIME_LIMIT`` overrides it.
BLOCK_TIME_LIMIT = float(os.environ.get("FIXBOOK_BLOCK_TIME_LIMIT", "90"))
#: Seconds the whole run may spend in workers; past it, blocks are not run.
RUN_TIME_LIMIT = float(os.environ.get("FIXBOOK_RUN_TIME_LIMIT", "3600"))
#: Live page workers at once. One: a page's processes (daemons included) are gone before the
#: next page's worker starts, so no page can reach another page's worker.
MAX_LIVE = 1
_STARTUP_LIMIT = 60.0


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
        command = [sys.executable, "-m", "fixbook.samples.worker.main", "zygote",
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
        self.preloaded: set[str] = set()

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


class PageWorker:
    """One page's worker (a fork of the zygote) and the channel to it."""

    def __init__(self, context: PageContext, zygote: Zygote) -> None:
        self.context = context
        self.zygote = zygote
        self.sandboxed = zygote.sandboxed
        self.sockets = zygote.sockets
        self.dead: str | None = None  # why the worker is gone, once it is
        self.pid = 0
        zygote.pages += 1
        self.scratch = zygote.scratch / f"page-{zygote.pages}"
        self.scratch.mkdir()
        self.scratch.chmod(0o777)  # uid 65534 inside writes here
        self.prepared: set[str] = set()
        requests_r, self._requests = os.pipe()
        self._answers, answers_w = os.pipe()
        try:
            answer = zygote.ask(
                {"op": "page", "scratch": zygote.inside(self.scratch)}, (requests_r, answers_w)
            )
        finally:
            os.close(requests_r)
            os.close(answers_w)
        self.pid = int(answer["pid"])
        self.reader = LineReader(self._answers)
        self._send(
            {
                "op": "start",
                "path": str(context.path),
                "guide": context.guide,
                "services": _services_for_worker(context.services),
                "blocks": [block_to_json(block) for block in context.blocks],
                # Tracebacks quote the page's lines; the worker's working folder is elsewhere.
                "text": _page_text(context.path),
            }
        )

    # -- paths as the worker sees them -------------------------------------------------------

    @property
    def scratch_inside(self) -> str:
        return self.zygote.inside(self.scratch)

    @property
    def sockets_inside(self) -> str | None:
        if self.sockets is None:
            return None
        return SOCKETS if self.sandboxed else str(self.sockets)

    # -- requests ----------------------------------------------------------------------------

    def run_block(self, evaluator: str, block: Block, prepare: list[Block] | None) -> Any:
        """Verify ``block`` with the evaluator at import path ``evaluator`` in the worker."""
        index = self._index(block)
        message: dict[str, Any] = {"op": "block", "evaluator": evaluator, "index": index}
        if prepare is not None:
            message["prepare"] = [self._index(member) for member in prepare]
        answer = self.request(message, block)
        status = answer.get("status")
        output = answer.get("output", "")
        if status == "passed":
            return output
        if status == "failed":
            raise BlockFailure(answer.get("message", ""), answer.get("line"))
        if status == "not-verified":
            from ..model import NotVerified

            raise NotVerified(answer.get("message", ""))
        raise _remote_error(answer.get("type", "Error"), answer.get("message", ""))

    def run_shell(self, block: Block, script: str, env: dict[str, str], timeout: float,
                  tools: dict[str, str]) -> dict[str, Any]:  # fmt: skip
        """Run a shell script in the worker; the answer holds returncode, stdout, stderr, ..."""
        home = self.scratch_inside
        environment = {
            **env,
            "HOME": home,
            "PWD": home,
            "TMPDIR": "/tmp" if self.sandboxed else home,
        }
        environment.setdefault("PATH", sandbox_env({})["PATH"])
        environment["LANG"] = "C.UTF-8"
        message = {"op": "shell", "script": script, "env": environment, "cwd": home,
                   "timeout": timeout, "tools": tools}  # fmt: skip
        return self.request(message, block, limit=timeout + 5)

    def request(
        self, message: dict[str, Any], block: Block, limit: float = BLOCK_TIME_LIMIT
    ) -> dict[str, Any]:
        """Send a request that runs sample code; the answer, or a :class:`BlockFailure`."""
        if self.dead is not None:
            raise BlockFailure(f"not run: {self.dead}")
        remaining = RUN_TIME_LIMIT - _clock.spent()
        if remaining <= 0:
            raise BlockFailure(f"not run: the run's time limit of {RUN_TIME_LIMIT:g} s was reached")
        nonce = secrets.token_hex(16)
        deadline = time.monotonic() + min(limit, remaining)
        try:
            self._send({**message, "nonce": nonce})
            answer = self._await(nonce, deadline, block)
            # Alive after answering? A block that forged its answer and then exited is caught.
            check = secrets.token_hex(16)
            self._send({"op": "ping", "nonce": check})
            pong = self._await(check, time.monotonic() + _STARTUP_LIMIT, block, op="pong")
            del pong
        except WorkerDied as died:
            self.stop()
            self._stop_sql_sessions()
            self.dead = f"the page's worker died at line {block.report_line}"
            raise BlockFailure(f"{died}; the page's worker died while running this block") from None
        return answer

    def _await(
        self, nonce: str, deadline: float, block: Block | None, op: str = "result"
    ) -> dict[str, Any]:
        started = time.monotonic()
        try:
            while True:
                line = self.reader.pending()
                if line is None:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        self._kill()
                        raise WorkerDied(
                            f"killed after the time limit of {deadline - started:.0f} s"
                        )
                    ready, _, _ = select.select([self._answers], [], [], left)
                    if ready and not self.reader.feed():
                        raise WorkerDied(self._exit_reason())
                    continue
                message = json.loads(line)
                if message.get("op") == "service":
                    serving = time.monotonic()
                    self._send(self._serve(message))
                    # Starting PostgreSQL for the page is the runner's time, not the block's.
                    deadline += time.monotonic() - serving
                    continue
                if message.get("op") != op or message.get("nonce") != nonce:
                    self._kill()
                    raise WorkerDied("the worker answered something it was not asked (forged?)")
                return message
        except (ValueError, OSError) as error:
            self._kill()
            raise WorkerDied(f"the worker's answer was not understood ({error})") from None
        finally:
            _clock.add(time.monotonic() - started)

    def _stop_sql_sessions(self) -> None:
        """What the killed page left running in PostgreSQL: cancelled, then terminated."""
        stop = getattr(self.context.services, "stop_sessions_of", None)
        if stop is not None:
            with contextlib.suppress(Exception):
                stop(self.context.guide)

    def _serve(self, question: dict[str, Any]) -> dict[str, Any]:
        """A sample's ``services`` asking for an address; only the page's own guide."""
        try:
            from ..services import services_of

            services = services_of(self.context)
            if question.get("what") == "redis_url":
                _ = services.redis  # started on first use
                return {"value": f"unix://{self.sockets_inside}/redis.sock"}
            if question.get("what") == "postgres_dsn":
                guide = str(question.get("guide"))
                if guide != self.context.guide:
                    raise PermissionError(
                        f"a page of guide {self.context.guide!r} may use only its own guide's "
                        f"database, not {guide!r}"
                    )
                return {"value": services.sample_dsn(guide, host=str(self.sockets_inside))}
            raise ValueError(f"unknown service request {question.get('what')!r}")
        except Exception as error:
            return {"error": f"{type(error).__name__}: {error}"}

    def _send(self, message: dict[str, Any]) -> None:
        try:
            write_all(self._requests, encode(message))
        except (BrokenPipeError, OSError):
            raise WorkerDied(self._exit_reason()) from None

    def _exit_reason(self) -> str:
        try:
            code = self.zygote.ask({"op": "status", "pid": self.pid}, timeout=10)["status"]
        except WorkerDied as died:
            return str(died)
        self.pid = 0  # reaped
        if code is None:
            return "the worker is gone"
        if code > 128:
            return f"the worker was killed by signal {code - 128}"
        return f"the worker exited with status {code}"

    # -- lifecycle ---------------------------------------------------------------------------

    def _index(self, block: Block) -> int:
        for index, candidate in enumerate(self.context.blocks):
            if candidate is block:
                return index
        raise ValueError(f"{block.path}:{block.line}: block is not one of the page's")

    def _kill(self) -> None:
        """Kill the page's init, and with it every process of the page's PID namespace."""
        if self.pid and self.zygote.alive():
            with contextlib.suppress(WorkerDied):  # else the zygote, and its sandbox, are gone
                self.zygote.ask({"op": "kill", "pid": self.pid}, timeout=10)
        self.pid = 0

    def stop(self) -> None:
        """Kill the worker (and so its PID namespace) and remove its scratch folder."""
        if self.pid and self.dead is None:
            with contextlib.suppress(WorkerDied, OSError, ValueError):
                # Before the kill: what the page imported from installed packages, for the
                # zygote to have warm for the next pages.
                self._preload()
        self._kill()
        for fd in (self._requests, self._answers):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self.scratch, ignore_errors=True)
        if self.dead is None:
            self.dead = (
                "the page's worker was stopped when another page started (a page's blocks "
                "run together, in order)"
            )

    def _preload(self) -> None:
        nonce = secrets.token_hex(16)
        self._send({"op": "modules", "nonce": nonce})
        answer = self._await(nonce, time.monotonic() + 5, None, op="modules")
        wanted = [m for m in answer.get("modules", [])[:200] if isinstance(m, str)]
        new = sorted(set(wanted) - self.zygote.preloaded)
        if new:
            self.zygote.preloaded.update(new)
            self.zygote.ask({"op": "preload", "modules": new}, timeout=60)


class _Clock:
    """Time spent waiting on workers, against :data:`RUN_TIME_LIMIT`."""

    def __init__(self) -> None:
        self.total = 0.0

    def spent(self) -> float:
        return self.total

    def add(self, seconds: float) -> None:
        self.total += seconds


_clock = _Clock()
_live: OrderedDict[int, PageWorker] = OrderedDict()


_zygote: Zygote | None = None


def worker_of(context: PageContext) -> PageWorker:
    """The page's worker, started on first use (at most :data:`MAX_LIVE` stay alive)."""
    global _zygote
    worker: PageWorker | None = getattr(context, "_fixbook_worker", None)
    if worker is not None:
        if id(worker) in _live:
            _live.move_to_end(id(worker))
        return worker
    sockets = _sockets_dir(context)
    readable = _readable(context)
    if (
        _zygote is None
        or not _zygote.alive()
        or _zygote.sockets != sockets
        or _zygote.readable != readable
    ):  # a page of another docs folder, or another session's services: a sandbox of its own
        if _zygote is not None:
            stop_all()
        sandboxed = not no_sandbox_requested()
        if sandboxed:
            require_sandbox()
        _zygote = Zygote(readable=readable, sockets=sockets, sandboxed=sandboxed)
        modules = installed_imports(readable[0]) if readable else []
        _zygote.preloaded.update(modules)
        _zygote.ask({"op": "preload", "modules": modules}, timeout=120)
    worker = PageWorker(context, _zygote)
    context._fixbook_worker = worker  # type: ignore[attr-defined]
    _live[id(worker)] = worker
    while len(_live) > MAX_LIVE:
        _, oldest = _live.popitem(last=False)
        oldest.stop()
    return worker


def stop_all() -> None:
    """Stop every page's worker and the zygote (end of the session)."""
    global _zygote
    while _live:
        _, worker = _live.popitem()
        worker.stop()
    if _zygote is not None:
        _zygote.stop()
        _zygote = None


atexit.register(stop_all)


_IMPORT = re.compile(r"^[ \t>.]*(?:from|import)[ \t]+([A-Za-z_]\w*)", re.MULTILINE)


def installed_imports(docs_dir: Path) -> list[str]:
    """Top-level modules the docs' pages import that are installed packages (not a page's own
    code, not the docs' support files): the zygote imports them once, before the first page."""
    names: set[str] = set()
    for page in docs_dir.rglob("*.md"):
        with contextlib.suppress(OSError, UnicodeDecodeError):
            names.update(_IMPORT.findall(page.read_text(encoding="utf-8")))
    roots = tuple({sys.prefix, sys.base_prefix})
    installed = []
    for name in sorted(names):
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        origin = (spec.origin or "") if spec else ""
        if origin.startswith(roots) or (spec is not None and origin in ("built-in", "frozen")):
            installed.append(name)
    return installed


def _readable(context: PageContext) -> list[Path]:
    """What the worker may read besides Python: the docs and the folders of included files,
    never the whole project (a ``--8<--`` base of ``.`` is the project: only its ``snippets``)."""
    return list(_readable_from(str(Path(context.path).resolve().parent)))


@functools.lru_cache(maxsize=64)
def _readable_from(folder: str) -> tuple[Path, ...]:
    """:func:`_readable` for the pages of one folder (reading the settings takes a while)."""
    from ..settings import settings_for

    settings = settings_for(Path(folder))
    top = settings.root or (settings.config_file.parent if settings.config_file else None)
    root = top.resolve() if top else None
    candidates = [settings.docs_dir, *settings.snippet_bases]
    if settings.schemas_dir is not None:
        candidates.append(settings.schemas_dir)
    if root is not None:
        candidates.append(root / "snippets")
    paths = []
    for path in candidates:
        resolved = path.resolve()
        inside_root = root is None or not root.is_relative_to(resolved)  # never root or above
        if resolved.exists() and inside_root and resolved not in paths:
            paths.append(resolved)
    return tuple(paths)


def _services_for_worker(services: Any) -> Any:
    """How the page's ``services`` crosses into the sandbox: the session's services as a proxy
    that asks the runner (``{"proxy": true}``), plain data (a project's own stand-in) as is."""
    if services is None:
        return None
    if hasattr(services, "sample_dsn"):
        return {"proxy": True}
    try:
        return {"value": json.loads(json.dumps(services))}
    except (TypeError, ValueError):
        return None  # an object that cannot leave this process: pages see no `services`


def _sockets_dir(context: PageContext) -> Path | None:
    services = context.services
    sockets = getattr(services, "sockets_dir", None)
    return sockets if isinstance(sockets, Path) else None


def _page_text(path: Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _tail(log: Path) -> str:
    try:
        text = log.read_text(errors="replace").strip()
    except OSError:
        return ""
    return text.splitlines()[-1][:300] if text else ""


def _remote_error(name: str, message: str) -> Exception:
    """An exception named like the one raised in the worker, so messages read the same."""
    kind = type(name if name.isidentifier() else "Error", (Exception,), {})
    return kind(message)
