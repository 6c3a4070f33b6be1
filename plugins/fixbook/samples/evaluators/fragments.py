"""How documentation writes code that is not meant to be complete, recognised by meaning.

Docs elide (a line of ``...`` or ``…``), leave blanks for the reader (``<your-token>``), show a
terminal transcript (``$ command`` then its output) or a directory tree under a shell label, or
show a Markdown fence inside a block. None of that is a defect of the sample; the evaluators
use these helpers to verify what *is* there and to say plainly what they did not verify.
Each helper keeps line numbers: a removed line becomes an empty (or comment) line.
"""

from __future__ import annotations

import re

#: A line that only says "something omitted here": ``...``, ``…``, ``# ...``, ``// ...``, ``...,``.
OMISSION_LINE = re.compile(r"^[ \t]*(?:(?:#|//)[ \t]*)?(?:\.\.\.|…)[ \t]*,?[ \t]*$")
#: A blank for the reader to fill: ``<your_username>``, ``<token>``, ``<project-id>``.
PLACEHOLDER = re.compile(r"(?<![<\w])<(?P<name>[A-Za-z][\w.-]*)>(?!>)")
#: A shell prompt starting a transcript line: ``$ cmd``, ``% cmd``, ``> cmd``, ``PS> cmd``.
PROMPT = re.compile(
    r"^[ \t]*(?:\(\S+\)[ \t]*)?(?:PS[^>\n]*>|[\w@.~:/-]*[$%>])[ \t](?P<command>.*)$"
)
#: Box-drawing of a directory tree (``├─ docs/``, ``│  └─ index.md``).
TREE_LINE = re.compile(r"^[ \t]*(?:[│|][ \t]*)*(?:├|└|\|--|`--|\+--)")
FENCE_LINE = re.compile(r"^[ \t]*(?:`{3,}|~{3,})")


def has_omissions(source: str) -> bool:
    return any(OMISSION_LINE.match(line) for line in source.splitlines())


def without_omissions(source: str, comment: str = "") -> str:
    """``source`` with each omission line replaced by ``comment`` (indented) or nothing."""
    lines = []
    for line in source.splitlines():
        if OMISSION_LINE.match(line):
            indent = line[: len(line) - len(line.lstrip())]
            lines.append(f"{indent}{comment}" if comment else "")
        else:
            lines.append(line)
    return "\n".join(lines) + ("\n" if source.endswith("\n") else "")


def fill_placeholders(source: str, value: str = "placeholder") -> str:
    """``<name>`` blanks replaced by ``value`` (the reader types something there)."""
    return PLACEHOLDER.sub(value, source)


def is_directory_tree(source: str) -> bool:
    """A ``tree``-style listing (Material's ``.`` / ``├─ docs/`` blocks), not commands."""
    lines = [line for line in source.splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    tree = sum(bool(TREE_LINE.match(line)) for line in lines)
    return tree >= (len(lines) - 1) / 2


def shows_a_fence(source: str) -> bool:
    """The block shows Markdown that itself contains a fence (a ```` example of ``` syntax)."""
    first = next((line for line in source.splitlines() if line.strip()), "")
    return bool(FENCE_LINE.match(first))


def is_transcript(source: str) -> bool:
    """Whether a shell block is a terminal transcript: its first command line has a prompt.

    ``$ cmd`` and ``% cmd`` are prompts wherever they appear; ``> cmd`` only when the block
    opens with it (elsewhere ``>`` continues a quoted string in a real script).
    """
    first = next((line for line in source.splitlines() if line.strip()), "")
    if first.lstrip().startswith("#"):
        return False
    return bool(PROMPT.match(first))


def transcript_commands(source: str) -> str:
    """The commands of a transcript, each on its own line; output lines become empty lines.

    A command continued with a trailing backslash keeps its continuation lines; a heredoc's
    body is kept until its terminator. Line numbers stay those of the block.
    """
    lines = []
    continuing = False
    heredoc: str | None = None
    for line in source.splitlines():
        if heredoc is not None:
            lines.append(line)
            if line.strip() == heredoc:
                heredoc = None
            continue
        match = PROMPT.match(line)
        if match or continuing:
            command = match["command"] if match and not continuing else line
            lines.append(command)
            continuing = command.rstrip().endswith("\\")
            opened = re.search(r"<<-?[ \t]*['\"]?(?P<word>\w+)['\"]?", command)
            heredoc = opened["word"] if opened else None
        else:
            lines.append("")
    return "\n".join(lines) + "\n"


def shell_script(source: str, *, transcript: bool | None = None) -> str:
    """What of a shell block is a script to lint: commands only, blanks filled, elisions out.

    ``transcript`` forces (``console`` blocks) or forbids transcript reading; by default a
    block is a transcript when it opens with a prompt.
    """
    if transcript is None:
        transcript = is_transcript(source)
    script = transcript_commands(source) if transcript else source
    return fill_placeholders(without_omissions(script, comment="# ..."))
