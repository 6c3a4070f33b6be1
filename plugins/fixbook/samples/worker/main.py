"""The page worker: runs a page's executed blocks, inside the sandbox, and answers the runner.

Each page's worker is a fork of the session's zygote (``python -m fixbook.samples.worker.zygote
zygote FD LIMITS_JSON`` inside the sandbox, see :mod:`.zygote`), which serves it with
:func:`serve_page`. Before anything
else it sets its resource limits (soft and hard: a sample cannot raise them back); a page's
worker marks both of its pipe ends close-on-exec, so the processes a sample starts do not
inherit the channel.

This process holds the page's namespace and runs sample code in it; the verdict is the runner's,
in another process (see the threat model for what a block can still say about its own page).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import linecache
import os
import resource
import sys
import tempfile
import traceback
from pathlib import Path
from typing import Any

from ..model import Block, BlockFailure, NotVerified, PageContext
from ..pages import page_module
from ..shell.script import run_script
from .protocol import MAX_OUTPUT, LineReader, block_from_json, encode, write_all

_LIMITS = {
    "address_space": resource.RLIMIT_AS,
    "cpu_seconds": resource.RLIMIT_CPU,
    "processes": resource.RLIMIT_NPROC,
    "open_files": resource.RLIMIT_NOFILE,
    "file_size": resource.RLIMIT_FSIZE,
}


def apply_limits(limits: dict[str, int]) -> None:
    for name, value in limits.items():
        resource.setrlimit(_LIMITS[name], (value, value))


class Channel:
    """The worker's end of the pipes; also how a sample's ``services`` asks the runner."""

    def __init__(self, fd_in: int, fd_out: int) -> None:
        for fd in (fd_in, fd_out):
            os.set_inheritable(fd, False)
        self.reader = LineReader(fd_in)
        self.fd_out = fd_out

    def send(self, message: dict[str, Any]) -> None:
        write_all(self.fd_out, encode(message))

    def receive(self) -> dict[str, Any] | None:
        line = self.reader.read_line()
        return None if line is None else json.loads(line)

    def ask(self, question: dict[str, Any]) -> Any:
        self.send({"op": "service", **question})
        answer = self.receive()
        if answer is None:
            raise SystemExit(0)  # the runner went away
        if "error" in answer:
            raise RuntimeError(answer["error"])
        return answer["value"]


class SampleServices:
    """What a page's Python sees as ``services``: connection details, asked of the runner.

    The runner starts the service on first use and answers with an address inside the sandbox
    (a Unix socket under ``/tmp/svc``) and the page's own database role.
    """

    def __init__(self, channel: Channel, guide: str) -> None:
        self._channel = channel
        self._guide = guide

    def postgres_dsn(self, guide: str) -> str:
        return self._channel.ask({"what": "postgres_dsn", "guide": guide})

    @property
    def redis_url(self) -> str:
        return self._channel.ask({"what": "redis_url"})

    def redis_client(self, **options: object):  # -> redis.Redis
        import redis

        return redis.Redis.from_url(self.redis_url, **options)


class Worker:
    def __init__(self, channel: Channel) -> None:
        self.channel = channel
        self.context: PageContext | None = None
        self.evaluators: dict[str, Any] = {}
        self.prepare_errors: dict[str, str] = {}

    def serve(self) -> None:
        while (message := self.channel.receive()) is not None:
            self.answer(message)
            if "ping" in message:  # back in this loop after the block: alive
                self.channel.send({"op": "pong", "nonce": message["ping"]})

    def answer(self, message: dict[str, Any]) -> None:
        """One request of the runner (a block's request also asks ``ping``: see :meth:`serve`)."""
        op = message["op"]
        if op == "start":
            self.start(message)
        elif op == "block":
            self.channel.send(self.block(message))
        elif op == "shell":
            result = run_script(
                message["script"],
                cwd=Path(message["cwd"]),
                env=message["env"],
                timeout=message["timeout"],
                tools=message.get("tools"),
            )
            self.channel.send({"op": "result", "nonce": message["nonce"], **result.as_json()})
        elif op == "ping":
            self.channel.send({"op": "pong", "nonce": message["nonce"]})

    def start(self, message: dict[str, Any]) -> None:
        path = Path(message["path"])
        namespace = page_module(path).__dict__
        given = message["services"] or {}
        services: Any = given.get("value")
        if given.get("proxy"):
            services = SampleServices(self.channel, message["guide"])
        if services is not None:
            namespace["services"] = services
        blocks = [block_from_json(data) for data in message["blocks"]]
        if message.get("text"):
            lines = message["text"].splitlines(True)
            linecache.cache[str(path)] = (len(message["text"]), None, lines, str(path))
        self.context = PageContext(path, message["guide"], namespace, services, blocks)

    def evaluator(self, path: str) -> Any:
        if path not in self.evaluators:
            module_name, _, class_name = path.partition(":")
            self.evaluators[path] = getattr(importlib.import_module(module_name), class_name)()
        return self.evaluators[path]

    def block(self, message: dict[str, Any]) -> dict[str, Any]:
        assert self.context is not None
        answer: dict[str, Any] = {"op": "result", "nonce": message["nonce"]}
        block = self.context.blocks[message["index"]]
        with _Capture() as capture:
            try:
                evaluator = self.evaluator(message["evaluator"])
                if message.get("prepare") is not None:
                    self._prepare(message, evaluator)
                if message["evaluator"] in self.prepare_errors:
                    raise RuntimeError(self.prepare_errors[message["evaluator"]])
                returned = evaluator(block, self.context)
                answer["status"] = "passed"
            except NotVerified as reason:
                answer |= {"status": "not-verified", "message": reason.reason}
                returned = None
            except BlockFailure as failure:
                answer |= {"status": "failed", "message": failure.message, "line": failure.line}
                returned = None
            except BaseException as error:  # SystemExit and KeyboardInterrupt too
                answer |= {"status": "error", "type": type(error).__name__, "message": str(error)}
                answer["traceback"] = traceback.format_exc(limit=-3)
                returned = None
        output = returned if isinstance(returned, str) else capture.text
        answer["output"] = output[-MAX_OUTPUT:]
        return answer

    def _prepare(self, message: dict[str, Any], evaluator: Any) -> None:
        assert self.context is not None
        blocks: list[Block] = [self.context.blocks[index] for index in message["prepare"]]
        try:
            evaluator.prepare(blocks, self.context)
        except Exception as error:
            self.prepare_errors[message["evaluator"]] = f"could not prepare: {error!r}"


class _Capture:
    """Everything written to file descriptors 1 and 2 while a block runs, child processes too."""

    def __enter__(self) -> _Capture:
        sys.stdout.flush()
        sys.stderr.flush()
        self.file = tempfile.TemporaryFile()
        self.saved = os.dup(1), os.dup(2)
        os.dup2(self.file.fileno(), 1)
        os.dup2(self.file.fileno(), 2)
        self.text = ""
        return self

    def __exit__(self, *exc_info: object) -> None:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):  # a sample may have closed or replaced it
                stream.flush()
        os.dup2(self.saved[0], 1)
        os.dup2(self.saved[1], 2)
        for fd in self.saved:
            os.close(fd)
        self.file.seek(0)
        self.text = self.file.read(MAX_OUTPUT * 4).decode(errors="replace")
        self.file.close()


def serve_page(fd_in: int, fd_out: int) -> None:
    """Serve one page on the two pipe ends (in a forked child of the zygote)."""
    for stream in (sys.stdout, sys.stderr):  # prints reach the capture in the order made
        with contextlib.suppress(Exception):
            stream.reconfigure(line_buffering=True, write_through=True)  # type: ignore[union-attr]
    Worker(Channel(fd_in, fd_out)).serve()
