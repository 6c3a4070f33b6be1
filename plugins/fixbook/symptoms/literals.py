"""What counts as a literal error string or an output block in an entry.

A reader pastes what the program printed, so these helpers keep text a user could have seen
(error lines, quoted messages, ``401 Unauthorized``) and drop what they type (commands). What
is an HTTP status is not decided here: the one detector is :mod:`fixbook.finder.statuses`,
shared with the finder's ranking of a paste.
"""

from __future__ import annotations

import re

from fixbook.finder.statuses import status_phrases
from fixbook.markdown.languages import PROMPT_LANGUAGES, SHOWN_OUTPUT_LANGUAGES

# Fence labels whose blocks show output (and transcripts with a prompt): the page model's.
OUTPUT_LANGUAGES = SHOWN_OUTPUT_LANGUAGES

# Words of failure: a line holding one is worth matching against a pasted log.
ERRORISH = re.compile(
    r"error|exception|fail|denied|refused|invalid|unable|cannot|can't|could not|not found|"
    r"time(?:d)? ?out|exceeded|expired|panic|fatal|killed|unavailable|forbidden|unauthori[sz]ed|"
    r"too many|not set|not defined|does not exist|no such|already in use|conflict|violat|"
    r"traceback|warning|abort|crash|oom|out of memory|limit",
    re.IGNORECASE,
)
_COMMANDS = """
docker docker-compose kubectl curl wget pip pip3 python python3 npm npx yarn pnpm git sudo cd
ls cat psql mysql redis-cli alembic flask gunicorn uvicorn make export systemctl journalctl grep
tail head echo mkdir rm cp mv chmod chown ssh pytest poetry node go cargo helm aws gcloud az
openssl lsof netstat ss kill ps top free df du source playwright celery rq mkdocs fixbook brew
apt apt-get ln env set unset which where type touch find sed awk xargs tar unzip rsync scp
ping dig nslookup nc telnet pipx uv conda hatch tox nox sh bash zsh pwsh cmd setx
"""
_COMMAND_WORDS = frozenset(_COMMANDS.split())
_QUOTED = re.compile(r'"([^"\n]{2,200})"|\u201c([^\u201d\n]{2,200})\u201d')
_PROMPT = re.compile(r"^\s*(?:\$|#|>|PS>|>>>|\w+@[\w.-]+:[^$#]*[$#])\s")
MAX_LITERAL = 200
# Traceback frames and carets, and fence markers of a fence read as an indented code block
# (content tabs, ``=== "macOS"``, indent their fences): never what a reader pastes.
_TRACEBACK_NOISE = re.compile(
    r'^(?:Traceback \(most recent call last\):?|File ".*", line \d+.*|\^+|~+|(?:`{3,}|~{3,}).*)$'
)


def quoted_strings(text: str) -> list[str]:
    """Text between double quotes (straight or curly)."""
    return [(a or b).strip() for a, b in _QUOTED.findall(text) if (a or b).strip()]


# A lower-case program name followed by arguments only, one of them a flag, a pipe, ``&&`` or a
# ``$VARIABLE`` (``uv tool install --force x``, ``env | grep '^PIP_'``): no capital letter starts
# a word and no colon ends one, as in the messages programs print.
_COMMAND_SHAPE = re.compile(r"^[a-z][a-z0-9_.-]*(?:\s+(?:[^\sA-Z:][^\s:]*|\S*=\S*|\||&&))+$")
_COMMAND_MARK = re.compile(r"\s(?:--?[a-z]|\||&&)|\$[A-Za-z{]")


def looks_like_command(line: str) -> bool:
    """A line a user types rather than reads (``docker compose logs app``, ``./run.sh``,
    ``pipx reinstall-all``)."""
    stripped = line.strip()
    if _PROMPT.match(stripped + " "):
        return True
    first = stripped.split(maxsplit=1)[0] if stripped else ""
    if first in _COMMAND_WORDS or first.startswith(("./", "~/")):
        return True
    shaped = _COMMAND_SHAPE.match(stripped) and _COMMAND_MARK.search(stripped)
    return bool(shaped) and not ERRORISH.search(stripped)


def looks_like_error(text: str) -> bool:
    """Inline code or a heading fragment that is an error message, not a name or a path.

    ``ModuleNotFoundError``, ``Connection refused`` and ``401 Unauthorized`` are errors;
    ``/process``, ``pm_session`` and ``OPENAI_API_KEY`` are names a guide mentions.
    """
    text = text.strip()
    if len(text) < 3 or looks_like_command(text):
        return False
    if ERRORISH.search(text) or status_phrases(text):
        return True
    return bool(re.search(r"[A-Za-z]\s+[A-Za-z]", text)) and not re.fullmatch(r"[\w./-]+", text)


def names_failure(text: str) -> bool:
    """Stricter than :func:`looks_like_error`, for code outside a symptom part: text that
    says something failed (``WARNING: Cache entry deserialization failed``), not a command,
    an option (``--output json``) or a name."""
    text = text.strip()
    if len(text) < 3 or text.startswith("-") or looks_like_command(text):
        return False
    return bool(ERRORISH.search(text) or status_phrases(text))


def is_output_fence(language: str, content: str) -> bool:
    """A fenced block that shows output or an error rather than a command or code to run."""
    if language not in OUTPUT_LANGUAGES:
        return False
    lines = [line for line in content.splitlines() if line.strip()]
    if not lines:
        return False
    if language in PROMPT_LANGUAGES:
        return any(not _PROMPT.match(line + " ") for line in lines)
    return not all(looks_like_command(line) for line in lines)


def output_lines(language: str, content: str, limit: int = 3) -> list[str]:
    """The lines of an output block a user would paste: all of a short block, else the error
    lines of a long one (a traceback's last line first of all), else its last line."""
    lines = [line.strip() for line in content.splitlines() if line.strip()]
    if language in PROMPT_LANGUAGES:
        lines = [line for line in lines if not _PROMPT.match(line + " ")]
    # Traceback frames are the same in every Python error; the exception line is the error.
    # A command line in an output block (or in a content tab read as an indented block) is
    # typed, not printed.
    lines = [
        line[:MAX_LITERAL]
        for line in lines
        if not _TRACEBACK_NOISE.match(line) and not looks_like_command(line)
    ]
    if len(lines) <= limit:
        return lines
    errorish = [line for line in lines if ERRORISH.search(line)]
    if lines[-1] in errorish:  # a traceback ends with the exception
        errorish.remove(lines[-1])
        errorish.insert(0, lines[-1])
    return errorish[:limit] or lines[-1:]
