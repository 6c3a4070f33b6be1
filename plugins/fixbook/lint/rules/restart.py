"""After a ``.env`` edit, the next step re-creates the containers; ``restart`` does not.

``docker compose restart`` restarts the container it has, with the environment it was created
with: values changed in ``.env`` (or an ``env_file``) reach it only when ``docker compose up -d``
re-creates it. Within one entry that edits ``.env`` (a ``dotenv`` fence, a fence titled
``.env``, or prose about changing ``.env`` or environment variables), this rule names every
``docker compose restart`` and every "restart the backend / app / server / service /
container" that is not explained (``up -d``, ``re-create``, "keeps the old environment") on the
same line, the one before it or the two after it, within one paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixbook.markdown import Fence, Page

from ..sections import fence_lines, sections, visible_fences
from . import Hit

RULE = "restart-after-env"
RESTART = re.compile(
    r"docker[ -]compose\s+restart\b"
    r"|\brestart(?:ing)?\s+(?:the\s+|your\s+)?(?:backend|app|application|server|service|container|stack)s?\b",
    re.IGNORECASE,
)
ENV_CHANGE = re.compile(r"`\.env`|environment variables? (?:changed|change)|in `?\.env", re.I)
EXPLAINED = re.compile(r"up -d|re-?creat|keeps? the old|old environment|rollout restart", re.I)


def edits_env(fence: Fence) -> bool:
    title = fence.attrs.get("title", "")
    return fence.language == "dotenv" or title == ".env" or title.endswith("/.env")


def _paragraph(lines: list[str], line: int, last: int) -> list[str]:
    """The line, the one before it and the ones after it up to ``last``, within a paragraph."""
    result = [lines[line - 2]] if line >= 2 and lines[line - 2].strip() else []
    for text in lines[line - 1 : last]:
        if not text.strip():
            break
        result.append(text)
    return result


def check(page: Page) -> Iterator[Hit]:
    edits = [fence for fence in visible_fences(page) if edits_env(fence)]
    code = fence_lines(page)
    for section in sections(page):
        prose = [n for n in range(section.start, section.end + 1) if n not in code]
        changes_env = any(section.holds(f.line) for f in edits) or any(
            ENV_CHANGE.search(page.lines[n - 1]) for n in prose
        )
        if not changes_env:
            continue
        for line in range(section.start + 1, section.end + 1):
            text = page.lines[line - 1]
            explanation = " ".join(_paragraph(page.lines, line, min(line + 2, section.end)))
            if RESTART.search(text) and not EXPLAINED.search(explanation):
                yield Hit(
                    line,
                    "restart after a .env edit keeps the old environment: "
                    "`docker compose up -d <service>` re-creates the container with the new values",
                )
