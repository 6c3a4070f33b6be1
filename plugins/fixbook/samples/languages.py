"""Fence languages: the aliases writers use, and the mode each language gets by default.

Writers label fences the way Material renders them (`py`, `sh`, `yml`, `{.python .annotate}`);
the suite must treat all spellings of one language alike, so every other module sees only the
canonical names defined here.
"""

from __future__ import annotations

from .model import Mode

ALIASES: dict[str, str] = {
    "py": "python",
    "py3": "python",
    "python3": "python",
    "pycon": "python",
    "sh": "bash",
    "shell": "bash",
    "zsh": "bash",
    "shell-session": "output",
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
    "text": "output",
    "txt": "output",
    "console": "output",
    "log": "output",
    "plaintext": "output",
    "plain": "output",
    "cfg": "ini",
    "htm": "html",
}

#: Languages whose blocks run unless a marker says otherwise; the rest are checked.
RUN_BY_DEFAULT = frozenset({"python", "sql", "psql"})
#: Languages that are output shown to the reader, never verified.
OUTPUT_LANGUAGES = frozenset({"output"})


def normalise(language: str) -> str:
    """The canonical name of a fence language (lower-case, aliases resolved)."""
    name = language.strip().lower().lstrip(".")
    return ALIASES.get(name, name)


def default_mode(language: str) -> Mode:
    """The mode a block gets when no marker is written above it."""
    if language in OUTPUT_LANGUAGES:
        return Mode.OUTPUT
    if language in RUN_BY_DEFAULT:
        return Mode.RUN
    return Mode.CHECK
