"""Destructive commands stand inside a ``danger`` box, whose warning the reader meets first.

The commands are the ones :func:`fixbook.samples.shell.policy.destructive_commands` names (the
same reading of a shell block the sandbox uses; a ``sql`` fence is read as the SQL a ``psql``
command sends: ``DROP``, ``TRUNCATE``, ``DELETE``/``UPDATE`` without ``WHERE``, ...), minus a
few that the policy refuses to *run* but that lose nothing of the reader's
(:data:`HARMLESS_FOR_READERS`): a plain ``kill`` asks a process to stop cleanly;
``fallocate``/``mkswap`` make a new swap file; ``ALTER SYSTEM`` writes a setting that
``ALTER SYSTEM RESET`` takes back. A fence inside a
``danger`` admonition (``!!! danger``/``??? danger``) is fine: the box's title and text come
before the code. A ``danger`` box that comes *after* the command is named in the message.
"""

from __future__ import annotations

from collections.abc import Iterator

from fixbook.markdown import Fence, Page
from fixbook.samples.shell.policy import destructive_commands

from ..sections import visible_fences
from . import Hit

RULE = "destructive-outside-danger"
SHELL_LANGUAGES = {"bash", "sh", "shell", "console", "zsh"}
SQL_LANGUAGES = {"sql", "postgresql", "psql", "plpgsql"}
#: (command name, reason prefix) pairs the policy refuses to run that a reader may run safely.
HARMLESS_FOR_READERS = ("fallocate", "mkswap")
_SIGKILL = {"-9", "-KILL", "-SIGKILL", "-s KILL", "--signal=KILL"}


def shell_script(fence: Fence) -> str:
    """The commands of a shell fence: a ``console`` session keeps only its ``$ `` lines."""
    if fence.language != "console":
        return fence.source
    return "\n".join(
        line[2:] if line.startswith("$ ") else "" for line in fence.source.splitlines()
    )


def in_danger_box(fence: Fence) -> bool:
    return any(c.kind in {"admonition", "details"} and c.type == "danger" for c in fence.containers)


def harmless(command: str) -> bool:
    """Whether the refused command is one of :data:`HARMLESS_FOR_READERS`, or a plain ``kill``
    (SIGTERM), also behind ``sudo``/``xargs``."""
    words = command.split()
    while words and (words[0].rsplit("/", 1)[-1] in {"sudo", "xargs"} or words[0].startswith("-")):
        words = words[1:]
    name = words[0].rsplit("/", 1)[-1] if words else ""
    if name in HARMLESS_FOR_READERS or command.upper().startswith("ALTER SYSTEM"):
        return True
    return name == "kill" and not (_SIGKILL & set(words[1:]))


def _later_danger_box(page: Page, fence: Fence) -> int | None:
    """The line of a ``danger`` box opened within a few lines after the fence, if any."""
    for line in range(fence.end_line + 1, min(fence.end_line + 4, len(page.lines)) + 1):
        text = page.lines[line - 1].strip().lower()
        if text.startswith(("!!! danger", "??? danger", "???+ danger")):
            return line
        if text:
            return None
    return None


def refusals(fence: Fence) -> list[tuple[int, str, str]]:
    """``(page line, command, reason)`` of the fence's destructive commands: its shell
    commands, or its SQL read as the policy reads the SQL a ``psql`` command sends."""
    if fence.language in SHELL_LANGUAGES:
        found = destructive_commands(shell_script(fence))
        return [(fence.line + r.line, r.command, r.reason) for r in found]
    if fence.language in SQL_LANGUAGES:
        found = destructive_commands(f"psql <<'SQL'\n{fence.source}\nSQL\n")
        return [(fence.line + r.line - 1, r.command, r.reason) for r in found]
    return []


def check(page: Page) -> Iterator[Hit]:
    for fence in visible_fences(page):
        if in_danger_box(fence):
            continue
        for line, command, reason in refusals(fence):
            if harmless(command):
                continue
            after = _later_danger_box(page, fence)
            where = (
                f"; the danger box at line {after} comes after it: put the code inside it"
                if after
                else "; put it inside a `!!! danger` box that says what is lost"
            )
            yield Hit(
                line,
                f"destructive command `{command}` outside a danger box ({reason}){where}",
                fence.line,
            )
