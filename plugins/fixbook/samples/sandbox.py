"""Where shell blocks marked ``run`` execute, and what they may never run.

A guide's commands are written for the reader's machine; the suite runs the ones marked
``run`` here, in a sandbox that keeps the machine and the test session safe:

* a fresh temporary directory is both ``HOME`` and the working directory, removed afterwards;
* the environment is minimal: ``PATH`` (the venv, the PostgreSQL client, a ``redis-cli`` bound
  to the session's Redis, the system), ``HOME``, ``LANG``, ``TMPDIR``, and the connection
  settings of the session's services (``DATABASE_URL``, ``PG*``, ``REDIS_URL``); nothing of the
  caller's environment (tokens, keys) leaks in;
* no network: the script runs in a new network namespace (``unshare -n``, or ``unshare -rn``
  with a user namespace when we are not root) where only a downed loopback exists; on a
  platform that allows neither, :attr:`Sandbox.network_isolated` is False and the first run
  warns that blocks run with the network reachable;
* a time limit (10 s): the whole process group is killed when it is reached;
* ``bash -e``: the first failing command fails the block, and an ``ERR`` trap names its line.

The destructive-command lint lives in :mod:`fixbook.samples.shell.policy`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .shell.policy import Refusal, destructive_commands

__all__ = ["Refusal", "Sandbox", "SandboxResult", "destructive_commands", "network_isolation"]

DEFAULT_TIMEOUT = 10.0
_SYSTEM_PATH = ("/usr/local/bin", "/usr/bin", "/bin")
_LINE_MARK = "__fixbook_failed_line__"


# -- running ------------------------------------------------------------------------------------


@cache
def network_isolation() -> tuple[str, ...] | None:
    """The command prefix that cuts the network here, or None when the platform allows none."""
    unshare = shutil.which("unshare")
    if unshare is not None and sys.platform.startswith("linux"):
        for prefix in ((unshare, "-n", "--"), (unshare, "-rn", "--")):
            try:
                probe = subprocess.run(
                    [*prefix, "true"], capture_output=True, timeout=10, check=False
                )
            except (OSError, subprocess.TimeoutExpired):
                continue
            if probe.returncode == 0:
                return prefix
    warnings.warn(
        "shell blocks marked run execute WITH network access: this platform allows neither "
        "`unshare -n` nor `unshare -rn`",
        RuntimeWarning,
        stacklevel=2,
    )
    return None


@dataclass
class SandboxResult:
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool
    home: Path  # removed by the time you read this
    failed_line: int | None = None  # from the ERR trap: line of the command that failed


@dataclass
class Sandbox:
    timeout: float = DEFAULT_TIMEOUT

    @property
    def network_isolated(self) -> bool:
        return network_isolation() is not None

    def run(
        self,
        script: str,
        *,
        env: dict[str, str] | None = None,
        path: list[Path] | None = None,
        tools: dict[str, str] | None = None,
    ) -> SandboxResult:
        """Run ``script`` with bash in a fresh HOME.

        ``path`` goes first on ``PATH``; ``tools`` maps command names to shell scripts that
        stand in for them (``redis-cli`` bound to the session's Redis), ahead of everything.
        """
        root = Path(tempfile.mkdtemp(prefix="fixbook-sandbox-"))
        home = root / "home"
        try:
            home.mkdir()
            (root / "tmp").mkdir()
            tool_dir = root / "bin"
            tool_dir.mkdir()
            for name, text in (tools or {}).items():
                (tool_dir / name).write_text(text)
                (tool_dir / name).chmod(0o755)
            search_path = [tool_dir, *(path or []), Path(sys.executable).parent, *_SYSTEM_PATH]
            environment = {
                "PATH": os.pathsep.join(map(str, search_path)),
                "HOME": str(home),
                "PWD": str(home),
                "TMPDIR": str(root / "tmp"),
                "LANG": "C.UTF-8",
                "TERM": "dumb",
                **(env or {}),
            }  # fmt: skip
            prologue = f"set -eE\ntrap 'echo \"{_LINE_MARK}$LINENO\" >&2' ERR\n"
            argv = [*(network_isolation() or ()), "bash", "--noprofile", "--norc", "-c"]
            process = subprocess.Popen(
                [*argv, prologue + script],
                cwd=home,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
            timed_out = False
            try:
                stdout, stderr = process.communicate(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                os.killpg(process.pid, signal.SIGKILL)
                stdout, stderr = process.communicate()
            failed_line = None
            kept = []
            for text in stderr.splitlines():
                if text.startswith(_LINE_MARK):
                    number = text[len(_LINE_MARK) :]
                    if number.isdigit() and failed_line is None:
                        failed_line = int(number) - prologue.count("\n")
                else:
                    kept.append(text)
            return SandboxResult(
                process.returncode, stdout, "\n".join(kept), timed_out, home, failed_line
            )
        finally:
            shutil.rmtree(root, ignore_errors=True)
