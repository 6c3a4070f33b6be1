"""A SQL script cut into statements, each knowing where it stands in the script.

PostgreSQL reports a failing statement's error position relative to the text it was sent; to
name the line of a block (or of a ``schema.sql``) we send one statement at a time and keep its
offset. The splitter understands what can hide a ``;``: quoted strings (``'...'``, ``E'...'``),
quoted identifiers, dollar quotes (``$fn$ ... $fn$``) and both kinds of comments. It also lists
each statement's top-level words (outside parentheses, strings and comments), which is all the
evaluators need to classify a statement (``VACUUM``, ``DELETE`` without ``WHERE``, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*")
_DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")


@dataclass(frozen=True)
class Word:
    """A bare word (keyword or unquoted identifier) or a quoted identifier at depth 0."""

    text: str  # upper-cased for bare words, as written (without quotes) for quoted ones
    start: int  # offset in the statement
    end: int
    quoted: bool = False


@dataclass
class Statement:
    """One statement of a script: its text (without the ``;``) and where it starts."""

    text: str
    offset: int  # offset of ``text`` in the script
    line: int  # 1-based line of the statement's first character in the script
    words: list[Word] = field(default_factory=list)  # top-level words, in order

    @property
    def keywords(self) -> list[str]:
        """Top-level bare words, upper-cased: ``["SELECT", "FROM", ...]``."""
        return [word.text for word in self.words if not word.quoted]

    def starts_with(self, *keywords: str) -> bool:
        return self.keywords[: len(keywords)] == list(keywords)


@dataclass
class MetaCommand:
    """A psql backslash command (``\\dt``) met where SQL was expected."""

    text: str
    line: int


@dataclass
class Script:
    source: str
    statements: list[Statement]
    meta_commands: list[MetaCommand]

    def line_of(self, offset: int) -> int:
        """1-based line of a 0-based character offset of the script."""
        return self.source.count("\n", 0, max(0, min(offset, len(self.source)))) + 1


def parse_script(source: str) -> Script:
    """Split ``source`` into statements at top-level semicolons."""
    statements: list[Statement] = []
    meta_commands: list[MetaCommand] = []
    start = 0
    words: list[Word] = []
    depth = 0
    i = 0
    n = len(source)

    def finish(end: int) -> None:
        text = source[start:end]
        stripped = text.lstrip()
        if _has_code(text):
            lead = len(text) - len(stripped)
            offset = start + lead
            statements.append(
                Statement(
                    text=stripped.rstrip(),
                    offset=offset,
                    line=source.count("\n", 0, offset) + 1,
                    words=[Word(w.text, w.start - lead, w.end - lead, w.quoted) for w in words],
                )
            )

    while i < n:
        char = source[i]
        if char == "-" and source.startswith("--", i):
            i = _line_end(source, i)
        elif char == "/" and source.startswith("/*", i):
            i = _comment_end(source, i)
        elif char == "'":
            escapes = i > 0 and source[i - 1] in "eE" and not _is_word_char(source, i - 2)
            i = _string_end(source, i, backslash_escapes=escapes)
        elif char == '"':
            end = _string_end(source, i, backslash_escapes=False)
            if depth == 0:
                words.append(Word(source[i + 1 : end - 1], i - start, end - start, True))
            i = end
        elif (
            char == "$"
            and (match := _DOLLAR_TAG.match(source, i))
            and not _is_word_char(source, i - 1)
        ):
            closing = source.find(match.group(0), match.end())
            i = n if closing < 0 else closing + len(match.group(0))
        elif char == "\\" and _at_line_start(source, i, start):
            end = _line_end(source, i)
            meta_commands.append(MetaCommand(source[i:end].strip(), source.count("\n", 0, i) + 1))
            i = end
            start = i
            words = []
        elif char == "(":
            depth += 1
            i += 1
        elif char == ")":
            depth = max(0, depth - 1)
            i += 1
        elif char == ";":
            finish(i)
            i += 1
            start = i
            words = []
            depth = 0
        elif (match := _WORD.match(source, i)) and not _is_word_char(source, i - 1):
            if depth == 0:
                words.append(Word(match.group(0).upper(), i - start, match.end() - start))
            i = match.end()
        else:
            i += 1
    finish(n)
    return Script(source, statements, meta_commands)


def _has_code(text: str) -> bool:
    """True when ``text`` holds more than whitespace and comments."""
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
        elif text.startswith("--", i):
            i = _line_end(text, i)
        elif text.startswith("/*", i):
            i = _comment_end(text, i)
        else:
            return True
    return False


def _is_word_char(source: str, index: int) -> bool:
    return index >= 0 and (source[index].isalnum() or source[index] in "_$")


def _at_line_start(source: str, index: int, statement_start: int) -> bool:
    """A backslash is a psql meta-command when it opens a line outside a statement."""
    line_start = source.rfind("\n", 0, index) + 1
    return not source[line_start:index].strip() and not _has_code(source[statement_start:index])


def _line_end(source: str, index: int) -> int:
    end = source.find("\n", index)
    return len(source) if end < 0 else end


def _comment_end(source: str, index: int) -> int:
    """End of a ``/* */`` comment; PostgreSQL nests them."""
    depth = 0
    i = index
    while i < len(source):
        if source.startswith("/*", i):
            depth += 1
            i += 2
        elif source.startswith("*/", i):
            depth -= 1
            i += 2
            if depth == 0:
                return i
        else:
            i += 1
    return len(source)


def _string_end(source: str, index: int, *, backslash_escapes: bool) -> int:
    """End (exclusive) of a quoted string or identifier; a doubled quote stays inside."""
    quote = source[index]
    i = index + 1
    while i < len(source):
        if backslash_escapes and source[i] == "\\":
            i += 2
        elif source[i] == quote:
            if source.startswith(quote, i + 1):
                i += 2
            else:
                return i + 1
        else:
            i += 1
    return len(source)
