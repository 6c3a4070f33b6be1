"""The mode each fence language gets by default (aliases live in the page model).

Writers label fences the way Material renders them (`py`, `sh`, `yml`, `{.python .annotate}`);
the page model (:mod:`fixbook.markdown.languages`) turns every spelling into one canonical
name; this module only says how strongly a block of each canonical language is verified.
"""

from __future__ import annotations

from collections.abc import Mapping

from fixbook.markdown.languages import ALIASES, OUTPUT, normalise

from .model import Mode

__all__ = ["ALIASES", "OUTPUT_LANGUAGES", "RUN_BY_DEFAULT", "default_mode", "normalise"]

#: Languages whose blocks run unless a marker says otherwise; the rest are checked.
RUN_BY_DEFAULT = frozenset({"python", "pycon", "sql", "psql"})
#: Languages that are output shown to the reader, never verified.
OUTPUT_LANGUAGES = frozenset({OUTPUT})


def default_mode(language: str, modes: Mapping[str, str] | None = None) -> Mode:
    """The mode a block gets when no marker is written above it; ``modes`` is the project's
    ``[tool.fixbook.modes]`` (language -> run, check, skip, output), which wins."""
    if modes and language in modes:
        return Mode(modes[language])
    if language in OUTPUT_LANGUAGES:
        return Mode.OUTPUT
    if language in RUN_BY_DEFAULT:
        return Mode.RUN
    return Mode.CHECK
