"""The runner's side of a page worker: start it in the sandbox, send blocks, decide verdicts.

The verdict is decided here, in the process that runs pytest or ``fixbook check``, which no
sample can reach. A worker that exits, is killed or stays silent past the block's time limit
fails that block; the page's remaining blocks are "not run: the page's worker died at line N".
A time limit is enforced from outside: the ``bwrap`` process is killed, and with it (the kernel
does that for a PID namespace) every process the page started, whatever the block did with
signals, timers or ``setsid``.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import select
import time
from pathlib import Path
from typing import Any

from ..model import Block, BlockFailure, PageContext
from ..sandbox import (
    SOCKETS,
    sandbox_env,
)
from .protocol import LineReader, block_to_json, encode, write_all
from .spawner import WorkerDied, Zygote

#: Seconds a block may run before its worker is killed (the evaluator may stop it sooner);
#: ``FIXBOOK_BLOCK_TIME_LIMIT`` overrides it.
BLOCK_TIME_LIMIT = float(os.environ.get("FIXBOOK_BLOCK_TIME_LIMIT", "90"))
#: Seconds the whole run may spend in workers; past it, blocks are not run.
RUN_TIME_LIMIT = float(os.environ.get("FIXBOOK_RUN_TIME_LIMIT", "3600"))
_STARTUP_LIMIT = 60.0


class PageWorker:
    """One page's worker (a fork of the zygote) and the channel to it."""

    def __init__(self, context: PageContext, zygote: Zygote) -> None:
        self.context = context
        self.zygote = zygote
        self.sandboxed = zygote.sandboxed
        self.sockets = zygote.sockets
        self.dead: str | None = None  # why the worker is gone, once it is
        # The blank worker forked ahead (see the zygote's docstring); it starts once the zygote
        # has reaped the previous page and created this page's scratch folder.
        self.id, self._requests, self._answers = zygote.blank()
        zygote.pages += 1
        self.scratch = zygote.scratch / f"page-{zygote.pages}"
        self.prepared: set[str] = set()
        zygote.tell({"op": "go", "id": self.id, "scratch": zygote.inside(self.scratch)})
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
        # Alive after answering? The worker's loop, back from the block, answers ``ping`` too:
        # a block that forged its answer and then exited is caught (asked with the request, so
        # one round trip per block; the block could read either from its own process anyway).
        check = secrets.token_hex(16)
        try:
            self._send({**message, "nonce": nonce, "ping": check})
            answer = self._await(nonce, deadline, block)
            pong = self._await(check, time.monotonic() + _STARTUP_LIMIT, block, op="pong")
            del pong
            # The next page's worker, forked once this page has answered (not while its first
            # block starts: on two cores the fork would compete with it).
            self.zygote.prefork()
        except WorkerDied as died:
            self._kill()  # and reaped: nothing of the page reconnects once its SQL is stopped
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
            code = self.zygote.ask({"op": "status", "id": self.id}, timeout=10)["status"]
        except WorkerDied as died:
            return str(died)
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

    def _kill(self, wait: bool = True) -> None:
        """Kill the page's init, and with it every process of the page's PID namespace;
        ``wait``: until the zygote has reaped it (else the next ``go`` waits for that)."""
        if self.id and self.zygote.alive():
            with contextlib.suppress(WorkerDied):  # else the zygote, and its sandbox, are gone
                if wait:
                    self.zygote.ask({"op": "kill", "id": self.id}, timeout=10)
                else:
                    self.zygote.tell({"op": "kill", "id": self.id, "reply": False})
        self.id = 0

    def stop(self) -> None:
        """Kill the worker (and so its PID namespace) without waiting; its scratch folder is
        removed in the background (the zygote reaps the page before the next one starts)."""
        self._kill(wait=False)
        for fd in (self._requests, self._answers):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.zygote.discard(self.scratch)
        if self.dead is None:
            self.dead = (
                "the page's worker was stopped when another page started (a page's blocks "
                "run together, in order)"
            )


class _Clock:
    """Time spent waiting on workers, against :data:`RUN_TIME_LIMIT`."""

    def __init__(self) -> None:
        self.total = 0.0

    def spent(self) -> float:
        return self.total

    def add(self, seconds: float) -> None:
        self.total += seconds


_clock = _Clock()


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


def _page_text(path: Path) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _remote_error(name: str, message: str) -> Exception:
    """An exception named like the one raised in the worker, so messages read the same."""
    kind = type(name if name.isidentifier() else "Error", (Exception,), {})
    return kind(message)
