"""Fence languages: the spellings writers use, their canonical names, and the output set.

Writers label fences the way Material renders them (``py``, ``sh``, ``yml``,
``{.python .annotate}``). Every reader of a page (verification, symptom extraction, badges)
must treat all spellings of one language alike, so the page model hands out only the canonical
names defined here, with the spelling as written beside them.
"""

from __future__ import annotations

from collections.abc import Mapping

ALIASES: dict[str, str] = {
    "py": "python",
    "py3": "python",
    "python3": "python",
    # A `>>>` session is a doctest (its output is compared), not a Python module.
    "pycon": "pycon",
    "python-console": "pycon",
    "sh": "bash",
    "shell": "bash",
    "zsh": "bash",
    "yml": "yaml",
    "js": "javascript",
    "node": "javascript",
    "mjs": "javascript",
    "env": "dotenv",
    "conf": "nginx",
    "postgresql": "sql",
    "postgres": "sql",
    "pgsql": "sql",
    "plpgsql": "sql",
    "cfg": "ini",
    "htm": "html",
    # Output shown to the reader (terminal sessions, logs, tracebacks): never verified.
    "text": "output",
    "txt": "output",
    "plain": "output",
    "plaintext": "output",
    "log": "output",
    "logs": "output",
    # Terminal transcripts: the commands after a prompt are checked, the rest is output.
    "console": "console",
    "shell-session": "console",
    "sh-session": "console",
    "shellsession": "console",
    "terminal": "console",
    "pytb": "output",
    "py3tb": "output",
    "traceback": "output",
    "stderr": "output",
}

#: The canonical name of every output language.
OUTPUT = "output"
#: Every spelling (as written, lower-case) that names output; ``""`` is an unlabelled fence.
OUTPUT_LANGUAGES = frozenset(
    {"", OUTPUT, *(name for name, canon in ALIASES.items() if canon == OUTPUT)}
)
#: The canonical name of terminal transcripts (a prompt, a command, what it printed).
TRANSCRIPT = "console"
#: Every spelling of a transcript: blocks that show a prompt (``$ cmd``) before the command.
PROMPT_LANGUAGES = frozenset(
    {TRANSCRIPT, *(name for name, canon in ALIASES.items() if canon == TRANSCRIPT)}
)
#: Every spelling whose block shows what a program printed (output or transcript): where
#: symptom extraction finds the literal errors a reader will paste.
SHOWN_OUTPUT_LANGUAGES = OUTPUT_LANGUAGES | PROMPT_LANGUAGES


def normalise(language: str, aliases: Mapping[str, str] | None = None) -> str:
    """The canonical name of a fence language (lower-case, aliases resolved); ``aliases``
    are a project's own labels (``[tool.fixbook.aliases]``), which win over the built-in ones."""
    name = language.strip().lower().lstrip(".")
    if aliases and name in aliases:
        return normalise(aliases[name]) if aliases[name].lower() != name else name
    return ALIASES.get(name, name)


def is_output(language: str) -> bool:
    """Whether a language (written or canonical) is output shown to the reader."""
    return language.strip().lower() in OUTPUT_LANGUAGES or normalise(language) == OUTPUT
