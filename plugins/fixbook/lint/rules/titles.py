"""Entry titles name what the reader sees (an error, a symptom), not a task to perform.

Readers search for the message on their screen; "Rolling back a failed migration" is found by
nobody who sees ``alembic is NOT at head``. A heuristic: an entry heading (``##`` on a guide's
area page) that starts with a task verb ("How to", "Rolling back", "Configure", "Set up", ...)
and quotes nothing (no ``"…"``, no inline code, no status code) is named. Pages that hold no
entries (``index``, ``diagnostics``, ``recovery``, ``commands``, ``getting-help``, ``resources``)
are not read. Opt out for one heading with ``<!-- fixbook-lint: ignore task-title -->`` above
it, or for a page with front matter ``lint: {ignore: [task-title]}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixbook.markdown import Page

from . import Hit

RULE = "task-title"
NO_ENTRIES = {"index", "diagnostics", "recovery", "commands", "getting-help", "resources"}
TASK = re.compile(
    r"^(?:how\s+(?:to|do\s+i)\b|rolling\s+back|roll\s+back|configur(?:e|ing)|set(?:ting)?\s+up|"
    r"install(?:ing)?|enabl(?:e|ing)|add(?:ing)?|migrat(?:e|ing)|upgrad(?:e|ing)|"
    r"deploy(?:ing)?|creat(?:e|ing)|us(?:e|ing)|increas(?:e|ing)|reset(?:ting)?|"
    r"restor(?:e|ing)|rotat(?:e|ing)|back(?:ing)?\s+up|tun(?:e|ing)|optimi[sz](?:e|ing))\b",
    re.IGNORECASE,
)
QUOTES = re.compile(r"[\"“`]|\b[1-5]\d\d\b|\bP\d{4}\b")


def check(page: Page) -> Iterator[Hit]:
    if page.path.stem in NO_ENTRIES:
        return
    for heading in page.headings:
        if heading.level != 2 or QUOTES.search(heading.title):
            continue
        if TASK.match(heading.title.strip()):
            yield Hit(
                heading.line,
                f"title '{heading.title}' names a task, not what the reader sees: use the "
                f"error message or symptom (keep the old anchor with {{#{heading.id}}})",
                heading.line,
            )
