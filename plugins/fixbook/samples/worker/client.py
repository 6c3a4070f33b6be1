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
import json
import os
import secrets
import select
import shutil
import signal
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

#: Seconds a block may run before its worker is killed (the evaluator may stop it sooner).
BLOCK_TIME_LIMIT = 90.0
#: Seconds the whole run may spend in workers; past it, blocks are not run.
RUN_TIME_LIMIT = float(os.environ.get("FIXBOOK_RUN_TIME_LIMIT", "3600"))
#: Live workers kept at once (pages whose blocks are still coming); the oldest is stopped.
MAX_LIVE = 2
_STARTUP_LIMIT = 60.0


class WorkerDied(Exception):
    """The worker exited or was killed; ``reason`` says how."""


class PageWorker:
    """One page's worker process and the channel to it."""

    def __init__(self, context: PageContext, *, readable: list[Path], sandboxed: bool) -> None:
        self.context = context
        self.sandboxed = sandboxed
        self.dead: str | None = None  # why the worker is gone, once it is
        self.scratch = Path(tempfile.mkdtemp(prefix="fixbook-worker-"))
        self.scratch.chmod(0o777)  # uid 65534 inside writes here
        self.sockets = _sockets_dir(context)
        self.prepared: set[str] = set()
        requests_r, self._requests = os.pipe()
        self._answers, answers_w = os.pipe()
        limits = Limits.from_env()
        command = [sys.executable, "-m", "fixbook.samples.worker.main", str(requests_r),
                   str(answers_w), json.dumps(limits.as_json())]  # fmt: skip
        self.log = self.scratch.parent / f"{self.scratch.name}.log"
        env = {"PYTHONPATH": str(Path(__file__).resolve().parents[3])}
        if sandboxed:
            argv = bwrap_argv(
                scratch=self.scratch, readable=readable, sockets=self.sockets, env=env
            )
            argv += command
            environment = None
            cwd = None
        else:
            argv = command
            environment = sandbox_env(env) | {
                "HOME": str(self.scratch),
                "TMPDIR": str(self.scratch),
            }
            cwd = self.scratch
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=(requests_r, answers_w),
                start_new_session=True,
                env=environment,
                cwd=cwd,
            )
        os.close(requests_r)
        os.close(answers_w)
        self.reader = LineReader(self._answers)
        self.started = time.monotonic()
        self._send(
            {
                "op": "start",
                "path": str(context.path),
                "guide": context.guide,
                "services": context.services is not None,
                "blocks": [block_to_json(block) for block in context.blocks],
            }
        )

    # -- paths as the worker sees them -------------------------------------------------------

    @property
    def scratch_inside(self) -> str:
        return SCRATCH if self.sandboxed else str(self.scratch)

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
            self.dead = f"the page's worker died at line {block.report_line}"
            raise BlockFailure(f"{died}; the page's worker died while running this block") from None
        return answer

    def _await(
        self, nonce: str, deadline: float, block: Block, op: str = "result"
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
                    self._send(self._serve(message))
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

    def _serve(self, question: dict[str, Any]) -> dict[str, Any]:
        """A sample's ``services`` asking for an address; only the page's own guide."""
        try:
            from ..services import services_of

            services = services_of(self.context)
            if question.get("what") == "redis_url":
                services.redis  # started on first use
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
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._kill()
            return "the worker stopped answering"
        said = _tail(self.log)
        detail = f"; it said: {said}" if said else ""
        if code < 0:
            return f"the worker was killed by signal {-code}{detail}"
        return f"the worker exited with status {code}{detail}"

    # -- lifecycle ---------------------------------------------------------------------------

    def _index(self, block: Block) -> int:
        for index, candidate in enumerate(self.context.blocks):
            if candidate is block:
                return index
        raise ValueError(f"{block.path}:{block.line}: block is not one of the page's")

    def _kill(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait()

    def stop(self) -> None:
        """Kill the worker (and so its PID namespace) and remove its scratch folder."""
        self._kill()
        for fd in (self._requests, self._answers):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.scratch, ignore_errors=True)
        self.log.unlink(missing_ok=True)
        if self.dead is None:
            self.dead = "the page's worker was stopped"


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


def worker_of(context: PageContext) -> PageWorker:
    """The page's worker, started on first use (at most :data:`MAX_LIVE` stay alive)."""
    worker: PageWorker | None = getattr(context, "_fixbook_worker", None)
    if worker is not None:
        _live.move_to_end(id(worker), last=True) if id(worker) in _live else None
        return worker
    sandboxed = not no_sandbox_requested()
    if sandboxed:
        require_sandbox()
    worker = PageWorker(context, readable=_readable(context), sandboxed=sandboxed)
    context._fixbook_worker = worker  # type: ignore[attr-defined]
    _live[id(worker)] = worker
    while len(_live) > MAX_LIVE:
        _, oldest = _live.popitem(last=False)
        oldest.stop()
    return worker


def stop_all() -> None:
    while _live:
        _, worker = _live.popitem()
        worker.stop()


atexit.register(stop_all)


def _readable(context: PageContext) -> list[Path]:
    """What the worker may read besides Python: the docs and the snippets folder."""
    from ..settings import settings_for

    settings = settings_for(Path(context.path))
    paths = [settings.docs_dir]
    if settings.root is not None:
        paths.append(settings.root / "snippets")
    if settings.schemas_dir is not None:
        paths.append(settings.schemas_dir)
    root = settings.root.resolve() if settings.root else None
    paths += [base for base in settings.snippet_bases if base.resolve() != root]
    return [path for path in paths if path.exists()]


def _sockets_dir(context: PageContext) -> Path | None:
    services = context.services
    sockets = getattr(services, "sockets_dir", None)
    return sockets if isinstance(sockets, Path) else None


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
