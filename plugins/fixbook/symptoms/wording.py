"""Titles and texts of entries: a heading's clean title, whether it *is* the error, the
errors it quotes, and the small text helpers every kind of entry shares (unique lists,
statuses, short texts)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from markdown_it.token import Token

from fixbook.finder.statuses import http_statuses, status_phrases

from .conventions import (
    NUMBERING,
    TITLE_PREFIX,
)
from .document import Section
from .literals import (
    MAX_LITERAL,
    is_output_fence,
    looks_like_error,
    output_lines,
    quoted_strings,
)

MAX_ERRORS = 10

MAX_SYMPTOM = 300


def clean_title(text: str) -> tuple[str, str | None]:
    """The entry title and the prefix kind it had (``Error: "x"`` -> ``x``, ``"error"``)."""
    title = NUMBERING.sub("", text.strip())
    title = re.sub(r"^[^\w\"'`(\[/.<-]+", "", title)  # leading emoji and symbols
    kind = None
    if match := TITLE_PREFIX.match(title):
        kind, title = match.group("kind").lower(), title[match.end() :]
    title = title.strip()
    if len(title) > 2 and title[0] == title[-1] and title[0] in "\"'`":
        title = title[1:-1].strip()
    return title or text.strip(), kind


def names_an_error(text: str, inline: Sequence[Token]) -> bool:
    """A title that is the error: quoted, in backticks, ``Error: …``, or an HTTP status."""
    title, kind = clean_title(text)
    quotes = quoted_strings(" ".join(t.content for t in inline if t.type == "text"))
    # Code that is the error (`ModuleNotFoundError`), or the whole title in code; a command
    # or option name in code (`reinstall-all` fixes most issues, `use_directory_urls`) is not.
    spans = [token.content.strip() for token in inline if token.type == "code_inline"]
    whole = len(inline) == 1 and bool(spans)
    codes = whole or any(looks_like_error(span) for span in spans)
    return bool(kind or codes or quotes or http_statuses(title))


def is_error_title(section: Section) -> bool:
    return names_an_error(section.text, section.inline)


def unique(values: Iterable[str], limit: int) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        value = " ".join(value.split())[:MAX_LITERAL]
        if value and value not in seen:
            seen[value] = None
    return list(seen)[:limit]


def fence_errors(fences: Iterable[tuple[str, str]]) -> Iterator[str]:
    for language, content in fences:
        if is_output_fence(language, content):
            yield from output_lines(language, content)


def heading_errors(text: str, inline: Sequence[Token]) -> list[str]:
    """Errors a heading (or an admonition title) quotes: the whole title when it is the
    error, its error-looking code spans, its quoted text, its status phrases."""
    title, kind = clean_title(text)
    codes = [t.content.strip() for t in inline if t.type == "code_inline"]
    quotes = quoted_strings(" ".join(t.content for t in inline if t.type == "text"))
    whole = text.strip().strip("\"'`") == title and text.strip()[:1] in "\"'`"
    declared = kind in {"error", "warning", "pattern"}  # "Error: X" says X is the error
    found = [title] if declared or (whole and looks_like_error(title)) else []
    return (
        found + [code for code in codes if looks_like_error(code)] + quotes + status_phrases(title)
    )


def statuses(*texts: str) -> list[int]:
    found: list[int] = []
    for text in texts:
        found += [code for code in http_statuses(text) if code not in found]
    return found


MAX_FIX = 200


def short(text: str, limit: int = MAX_FIX) -> str:
    """Plain text cut at a word boundary to at most ``limit`` characters (an ellipsis ends a
    cut text)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:") + "\N{HORIZONTAL ELLIPSIS}"
