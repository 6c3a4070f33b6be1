"""Shell variables are set before a command uses them, or fail loudly when they are not.

A command that uses ``$TOKEN`` when nothing set it runs with an empty string: ``curl`` sends
``Bearer `` and the reader debugs the wrong problem. A variable used in a shell fence must be
set earlier on the page (an assignment, ``export``, ``read``, ``for``, a sourced ``.env``), be
introduced in the page's prose before that fence (named in inline code: `` `TOKEN` ``), be one
the shell always has (``HOME``, ``PWD``, ...), or use the house placeholder
``${VAR:?set VAR}``, which stops with that message while it is unset.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixbook.markdown import Page

from ..sections import fence_lines, visible_fences
from . import Hit
from .destructive import SHELL_LANGUAGES, shell_script

RULE = "unset-variable"
ALWAYS_SET = {
    "HOME", "PWD", "OLDPWD", "PATH", "USER", "SHELL", "HOSTNAME", "RANDOM", "LINENO",
    "SECONDS", "BASH_SOURCE", "IFS", "UID", "EUID", "PPID", "TMPDIR", "LANG", "TERM",
}  # fmt: skip
ASSIGNED = re.compile(
    r"(?:^|[\s;&|(])(?:export\s+|local\s+|declare\s+(?:-\w+\s+)*|readonly\s+)?"
    r"(?P<name>[A-Za-z_]\w*)=|\bread\s+(?:-\w+\s+(?:\S+\s+)?)*(?P<read>[A-Za-z_]\w*)"
    r"|\bfor\s+(?P<loop>[A-Za-z_]\w*)\s+in\b|\bexport\s+(?P<bare>[A-Za-z_]\w*)\b"
)
SOURCES_ENV = re.compile(r"(?:^|[\s;])(?:\.|source)\s+\S*\.env\b")
INLINE_CODE = re.compile(r"`+([^`]+)`+")
NAME = re.compile(r"\$?\{?([A-Z_][A-Z0-9_]*)")
EXPANSION = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_]\w*)(?P<op>[^}]*)\}|(?P<bare>[A-Za-z_]\w*))")
#: ``${NAME<op>…}`` forms that say what happens when NAME is unset (fail, default, alternative).
HANDLES_UNSET = (":?", "?", ":-", "-", ":=", "=", ":+", "+")


def uses(script: str) -> Iterator[tuple[int, str]]:
    """``(line, name)`` for every ``$NAME``/``${NAME}`` the shell expands: not inside single
    quotes, not in a heredoc with a quoted delimiter, not a ``${NAME:?…}``/``${NAME:-…}``
    form (those say what happens when it is unset)."""
    heredoc: str | None = None
    for number, line in enumerate(script.splitlines(), 1):
        if heredoc is not None:
            if line.strip() == heredoc:
                heredoc = None
            continue
        quoted = re.search(r"<<-?\s*(['\"])(\w+)\1", line)
        if quoted:
            heredoc = quoted[2]
        single = double = False
        index = 0
        while index < len(line):
            char = line[index]
            if char == "\\" and not single:
                index += 2
                continue
            if char == "'" and not double:
                single = not single
            elif char == '"' and not single:
                double = not double
            elif char == "#" and not (single or double) and (index == 0 or line[index - 1] == " "):
                break  # a comment
            elif char == "$" and not single:
                match = EXPANSION.match(line, index)
                if match:
                    if not (match["op"] or "").lstrip().startswith(HANDLES_UNSET):
                        yield number, match["braced"] or match["bare"]
                    index = match.end()
                    continue
            index += 1


def check(page: Page) -> Iterator[Hit]:
    code = fence_lines(page)
    introduced: dict[str, int] = {}  # name -> first page line that sets or names it
    for line, text in enumerate(page.lines, 1):
        if line in code:
            continue
        for span in INLINE_CODE.findall(text):
            for name in NAME.findall(span):
                introduced.setdefault(name, line)
    sourced_env_at: int | None = None
    fences = sorted(visible_fences(page), key=lambda f: f.line)
    for fence in (f for f in page.fences if f.language in SHELL_LANGUAGES):
        script = shell_script(fence)
        for match in ASSIGNED.finditer(script):
            name = match["name"] or match["read"] or match["loop"] or match["bare"]
            introduced.setdefault(name, fence.line)
        if SOURCES_ENV.search(script) and sourced_env_at is None:
            sourced_env_at = fence.line
    for fence in fences:
        if fence.language not in SHELL_LANGUAGES:
            continue
        for offset, name in uses(shell_script(fence)):
            if name in ALWAYS_SET or (sourced_env_at is not None and sourced_env_at <= fence.line):
                continue
            if introduced.get(name, len(page.lines) + 1) <= fence.line + offset:
                continue
            yield Hit(
                fence.line + offset,
                f"`${name}` is used but nothing on the page sets it before: set it, name it in "
                f"the text first, or write `${{{name}:?set {name}}}`",
                fence.line,
            )
