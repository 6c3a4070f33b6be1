"""Helpers of the hostile corpus: a hostile docs project, run with ``fixbook check`` in a
child process, judged from outside.

Each test writes the page an attacker would send in a pull request, runs the real command the
way CI does (a secret in the caller's environment, the sandbox on), and asserts only what can be
seen from outside the run: the exit code and report, files that must not exist, a listener on
127.0.0.1 that must hear nothing, and processes that must not be left behind.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

FIXBOOK = Path(sys.executable).parent / "fixbook"
SECRET = "fixbook-hostile-secret-" + uuid.uuid4().hex


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    results: str  # the results file the run wrote, if any

    @property
    def everything(self) -> str:
        return self.stdout + self.stderr + self.results


@dataclass
class Project:
    root: Path
    env: dict[str, str] = field(default_factory=dict)

    def page(self, text: str, guide: str = "shop", name: str = "page.md") -> Path:
        path = self.root / "docs" / guide / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return path

    def check(self, *args: str, timeout: float = 240) -> Run:
        """``fixbook check docs`` as CI runs it, with a secret in the caller's environment."""
        env = {**os.environ, "FIXBOOK_HOSTILE_SECRET": SECRET, **self.env}
        env.pop("FIXBOOK_NO_SANDBOX", None)
        done = subprocess.run(
            [str(FIXBOOK), "check", *args, "docs"],
            cwd=self.root,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        results = self.root / ".fixbook" / "results.json"
        text = results.read_text() if results.exists() else ""
        return Run(done.returncode, done.stdout, done.stderr, text)


class Listener:
    """TCP and UDP on 127.0.0.1 (the host's loopback), recording anything that arrives."""

    def __init__(self) -> None:
        self.heard: list[str] = []
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.bind(("127.0.0.1", 0))
        self.tcp.listen(8)
        self.tcp.settimeout(0.2)
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", self.port))
        self.udp.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._listen, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return self.tcp.getsockname()[1]

    def _listen(self) -> None:
        while not self._stop.is_set():
            try:
                connection, address = self.tcp.accept()
                self.heard.append(f"tcp from {address}")
                connection.close()
            except OSError:
                pass
            try:
                data, address = self.udp.recvfrom(4096)
                self.heard.append(f"udp {data!r} from {address}")
            except OSError:
                pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.tcp.close()
        self.udp.close()


def processes_with(token: str) -> list[str]:
    """Command lines of live processes mentioning ``token`` (leftovers of a page)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if token in command and "pytest" not in command:
            found.append(f"{entry.name}: {command}")
    return found
