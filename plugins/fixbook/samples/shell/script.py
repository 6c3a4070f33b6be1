"""Running a shell block's script with bash, and naming the line that failed.

This runs whatever it is given with the rights of the current process: the page worker calls it
inside the sandbox (:mod:`fixbook.samples.sandbox`), which is what keeps the machine safe.
"""

from __future__ import annotations

import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

_LINE_MARK = "__fixbook_failed_line__"
#: ``bash -e``: the first failing command fails the block, and the ERR trap names its line.
PROLOGUE = f"set -eE\ntrap 'echo \"{_LINE_MARK}$LINENO\" >&2' ERR\n"


@dataclass
class ScriptResult:
    returncode: int
    stdout: str
    stderr: str
    timed_out: bool
    failed_line: int | None = None  # from the ERR trap: line of the command that failed

    def as_json(self) -> dict[str, object]:
        return self.__dict__.copy()


def run_script(
    script: str,
    *,
    cwd: Path,
    env: dict[str, str],
    timeout: float,
    tools: dict[str, str] | None = None,
) -> ScriptResult:
    """Run ``script`` with ``bash -e`` in ``cwd`` with exactly ``env``.

    ``tools`` maps command names to small scripts written to ``cwd/.fixbook-bin``, ahead on
    ``PATH`` (``redis-cli`` bound to the session's Redis socket).
    """
    environment = dict(env)
    if tools:
        tool_dir = cwd / ".fixbook-bin"
        tool_dir.mkdir(exist_ok=True)
        for name, text in tools.items():
            (tool_dir / name).write_text(text)
            (tool_dir / name).chmod(0o755)
        environment["PATH"] = f"{tool_dir}{os.pathsep}{environment.get('PATH', '')}"
    process = subprocess.Popen(
        ["bash", "--noprofile", "--norc", "-c", PROLOGUE + script],
        cwd=cwd,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
    )
    timed_out = False
    try:
        stdout, stderr = process.communicate(timeout=timeout)
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
                failed_line = int(number) - PROLOGUE.count("\n")
        else:
            kept.append(text)
    return ScriptResult(process.returncode, stdout, "\n".join(kept), timed_out, failed_line)
