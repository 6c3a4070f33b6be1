"""Normalisation and tokenisation of error text, shared by Python and the browser.

A pasted error differs from the one in the handbook in its volatile parts: the timestamp of
the log line, the host and port, the id of the job, the path of the user's checkout, the
name in quotes. Both the query and every indexed string are rewritten with the same rules so
that those parts become placeholders (``<num>``, ``<path>`` ...) and the rest can be compared
literally.

The rules are *data*: ordered ``(kind, pattern, replacement)`` triples. The browser does not
carry its own copy; :func:`fixbook.finder.data.finder_script` ships these very patterns with
the index and ``finder.js`` compiles them with ``new RegExp(pattern, "g")``. That is why every
pattern is written in the common subset of Python ``re`` and JavaScript regular expressions
that :mod:`fixbook.finder.portable` describes. The HTTP statuses a text mentions come from
the one status detector, :mod:`fixbook.finder.statuses`.
"""

from __future__ import annotations

import re
from typing import Final, NamedTuple

from fixbook.finder.portable import TOKEN_CHARS, TOKEN_CHARS_JS, WS, ascii_lower
from fixbook.finder.statuses import http_statuses

_WS_CLASS = f"[{WS}]"
_NOT_WORD_BEFORE = "(?<![a-z0-9_])"
_NOT_WORD_AFTER = "(?![a-z0-9_])"
#: Top-level names that mark a host; not ``io`` or ``app``, which end module names (socket.io).
_TLDS = "com|net|org|dev|cloud|local|internal|localdomain|svc"

#: The volatile parts, in the order they are replaced. Earlier rules see the raw text, later
#: ones see placeholders, so a URL is one ``<url>`` and not a host plus a path.
RULES: Final[tuple[tuple[str, str, str], ...]] = (
    # the scheme and the e-mail's local part are bounded (RFC 5321: 64), so a long run of
    # letters with no "://" or "@" is given up after a few characters from each start
    ("url", "[a-z][a-z0-9+.-]{0,31}://[^" + WS + "'\"<>`]+", "<url>"),
    (
        "email",
        "[a-z0-9._%+-]{1,64}@[a-z0-9-]{1,63}(?:\\.[a-z0-9-]{1,63})+",
        "<email>",
    ),
    (
        "timestamp",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[t ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?"
        "(?:z|[+-][0-9]{2}:?[0-9]{2})?)?",
        "<time>",
    ),
    ("time", "[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:[.,][0-9]+)?", "<time>"),
    (
        "uuid",
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        "<uuid>",
    ),
    (
        "ip",
        "(?<![0-9.])[0-9]{1,3}(?:\\.[0-9]{1,3}){3}(?![0-9])|\\[[0-9a-f]*:[0-9a-f]*:[0-9a-f:]*\\]",
        "<ip>",
    ),
    (
        "host",
        # starts only where a run of host characters starts: one try per run, not per dot
        "(?<![a-z0-9_.-])(?:localhost|(?:[a-z0-9-]+\\.)+(?:" + _TLDS + "))(?![a-z0-9_.-])",
        "<host>",
    ),
    ("windows-path", "[a-z]:\\\\[^" + WS + "'\"<>`:*?|]*", "<path>"),
    (
        "path",
        # absolute (or ~, ./, ../) with two segments or more, or relative with a file extension
        "(?:~|\\.{1,2})?(?:/[a-z0-9_.@%+~=-]+){2,}/?"
        "|(?<![a-z0-9_./-])[a-z0-9_.-]+(?:/[a-z0-9_.-]+)+\\.[a-z][a-z0-9]{0,4}(?![a-z0-9_])",
        "<path>",
    ),
    # a bare service name with a port, as Docker Compose hosts are (redis:6379); after the
    # paths, so that the line number of /app/lib.js:12 is a port and lib.js not a host
    ("service", "(?<![a-z0-9_.-])[a-z][a-z0-9_.-]*:[0-9]{2,5}(?![0-9])", "<host>:<port>"),
    ("port", "(?<=>):[0-9]{1,5}(?![0-9])", ":<port>"),
    ("hex", _NOT_WORD_BEFORE + "0x[0-9a-f]+" + _NOT_WORD_AFTER, "<hex>"),
    (
        "hash",
        _NOT_WORD_BEFORE + "(?=[0-9a-f]*[0-9])(?=[0-9a-f]*[a-f])[0-9a-f]{7,}" + _NOT_WORD_AFTER,
        "<hex>",
    ),
    (
        "id",
        # starts only where a run of id characters starts (not after each "-")
        "(?<![a-z0-9_-])"
        + "(?=[a-z0-9_-]*[0-9])(?=[a-z0-9_-]*[a-z])[a-z0-9_-]{16,}"
        + _NOT_WORD_AFTER,
        "<id>",
    ),
    (
        "number",
        _NOT_WORD_BEFORE + "[0-9]+(?:\\.[0-9]+)*(?:ms|s|kb|mb|gb|k|m|h)?" + _NOT_WORD_AFTER,
        "<num>",
    ),
    ("quoted", "'[^'" + WS + ']+\'|"[^"' + WS + ']+"', "<q>"),
    ("space", _WS_CLASS + "+", " "),
    ("trim", "^ | $", ""),
)

#: A token is a placeholder or a run of token characters.
TOKEN_PATTERN: Final = f"<[a-z]+>|[{TOKEN_CHARS}]+"
TOKEN_PATTERN_JS: Final = f"<[a-z]+>|[{TOKEN_CHARS_JS}]+"

#: Error codes: hex result codes (``0x80370102``), Azure AD (``AADSTS7000215``), Oracle
#: (``ORA-12154``), SQLSTATE, Rust/TypeScript-style ``E0308``/``TS2307``, Node's ``ENOSPC``-style
#: errno names are words already. Collected from the lower-cased raw text before any rule, so a
#: code survives the ``hex``/``path`` placeholders (``Wsl/Service/CreateVm/0x80370102``). Bounded
#: repetitions only: linear.
CODE_PATTERN: Final = (
    "(?<![a-z0-9_])(?:0x[0-9a-f]{3,16}|aadsts[0-9]{2,10}|ora-[0-9]{4,5}"
    "|sqlstate[\\[ :=]{0,3}[0-9a-z]{5}|e[0-9]{4}|ts[0-9]{4})(?![a-z0-9_])"
)
#: Lines that carry no diagnosis: stack frames, INFO/DEBUG/TRACE log lines. Their words are
#: left out of the query (unless every line is such a line). Tested, case-sensitively (log
#: levels are upper case), on a line's first :data:`LINE_HEAD` characters.
NOISE_LINE_PATTERN: Final = (
    "^[" + WS + ']*(?:at |frame #|File "|\\.\\.\\. [0-9]+ more|(?:info|verb|debug) )'
    # a level name that is a word of its own; the look-behind comes after the first letter so
    # that the engine can skip ahead to candidate letters instead of trying every position
    "|[DITV](?<![A-Za-z][DITV])(?:NFO|EBUG|RACE|ERBOSE)(?![A-Za-z])"
)
#: The decisive lines: exception and error lines, FATAL, HTTP status lines, error codes
#: (tested on the lower-cased line head). Words that appear only outside them weigh
#: :data:`SIDE_WEIGHT` in the ranking. Plain alternatives, no look-behind in front, so the
#: engine scans for their first letters.
DECISIVE_LINE_PATTERN: Final = (
    "error|exception|err!|fatal|fail|panic|denied|refused|mismatch|not found|cannot|can't"
    "|unable|invalid|missing|no such|not permitted|not supported"
    '|http/[0-9.]+"? [45][0-9][0-9]|0x[0-9a-f]{3}'
)
LINE_HEAD: Final = 300
#: A paste longer than this is cut to its decisive lines (at most :data:`MAX_DECISIVE` of them,
#: :data:`LINE_HEAD` characters each) plus its last :data:`TAIL` characters: the work per query is
#: bounded whatever is pasted (a 1 MB log, or one 1 MB token).
MAX_QUERY: Final = 20000
MAX_DECISIVE: Final = 40
TAIL: Final = 12000
#: Weight of a query word found only outside the decisive lines.
SIDE_WEIGHT: Final = 0.5
#: Words nearly every error message has: in a query they say little about *which* error it is,
#: so they weigh :data:`GENERIC_WEIGHT` (times the side weight, if any).
GENERIC_WORDS: Final = (
    *("error", "errors", "failed", "fail", "failure", "cannot", "not", "unable", "invalid"),
    *("file", "module", "code", "exception", "warning", "command"),
)
#: The mildest value that gave the best top-1 on the tune part of the real-paste corpus.
GENERIC_WEIGHT: Final = 0.5

#: Index of the first rule whose output words are not taken from (``quoted``).
WORDS_BEFORE_RULE: Final = next(i for i, rule in enumerate(RULES) if rule[0] == "quoted")

_COMPILED = tuple((re.compile(pattern), replacement) for _, pattern, replacement in RULES)
_TOKEN = re.compile(TOKEN_PATTERN)
_TOKEN_CHAR = re.compile(f"[{TOKEN_CHARS}]")
_CODE = re.compile(CODE_PATTERN)
#: Separators dropped from a code, so ``ORA-12154`` and ``SQLSTATE[08006]`` become one word.
NOT_CODE_CHAR_PATTERN: Final = "[^a-z0-9]"
_NOT_CODE_CHAR = re.compile(NOT_CODE_CHAR_PATTERN)
_NOISE = re.compile(NOISE_LINE_PATTERN)
_DECISIVE = re.compile(DECISIVE_LINE_PATTERN)


class Analysis(NamedTuple):
    """What the ranking needs of a text."""

    #: The normalised text, for exact phrase matches.
    text: str
    #: Its distinct words in order of first appearance, placeholders left out, taken before
    #: quoted values become ``<q>`` so that ``No module named 'flask_socketio'`` still has
    #: the word ``flask_socketio`` to overlap with.
    words: list[str]
    #: The HTTP statuses it reports (:func:`fixbook.finder.statuses.http_statuses`).
    statuses: list[int]
    #: The error codes it mentions (:data:`CODE_PATTERN`), in order, without repeats.
    codes: list[str]


class Focus(NamedTuple):
    """A paste cut to what diagnoses it (see :func:`focus`)."""

    #: The lines to rank on: noise lines left out, bounded in size.
    text: str
    #: The decisive lines among them ("" when there are none).
    decisive: str


def normalise(text: str) -> str:
    """Return ``text`` lower-cased with every volatile part replaced by its placeholder.

    The one volatile-text normaliser of Fixbook: anything that compares error texts across
    pastes and pages (the finder, related entries) should use this, so that they agree on
    what "the same error" is."""
    return analyse(text).text


def error_codes(text: str) -> list[str]:
    """The error codes ``text`` mentions (:data:`CODE_PATTERN`), lower-cased and without
    separators (``ora12154``), in order."""
    return analyse(text).codes


def analyse(text: str) -> Analysis:
    """Normalise ``text``, collecting its words, HTTP statuses and error codes on the way
    (statuses and codes from the text before any placeholder replaces a part of it)."""
    text = ascii_lower(text)
    codes = list(dict.fromkeys(_NOT_CODE_CHAR.sub("", code) for code in _CODE.findall(text)))
    statuses = http_statuses(text)
    words: list[str] = []
    for position, (pattern, replacement) in enumerate(_COMPILED):
        if position == WORDS_BEFORE_RULE:
            words = list(dict.fromkeys(_with_parts(tokens(text))))
        text = pattern.sub(replacement, text)
    return Analysis(text, words, statuses, codes)


def _with_parts(found: list[str]) -> list[str]:
    """Tokens without placeholders, each followed by its ``_``-separated parts
    (``err_require_esm`` also gives ``err``, ``require``, ``esm``)."""
    words = []
    for token in found:
        if is_placeholder(token):
            continue
        words.append(token)
        if "_" in token:
            words.extend(part for part in token.split("_") if len(part) > 1)
    return words


def focus(paste: str) -> Focus:
    """The lines of ``paste`` worth ranking on, and its decisive lines.

    Noise lines (stack frames, INFO/DEBUG) are dropped unless they are decisive themselves (an
    access log's ``INFO: "POST /x HTTP/1.1" 429``) or nothing else is left. A paste
    longer than :data:`MAX_QUERY` keeps its first :data:`MAX_DECISIVE` decisive lines and its
    last :data:`TAIL` characters, so ranking a 1 MB paste costs what a 20 kB one does.
    """
    lines = paste.split("\n")
    kept, decisive = [], []
    for line in lines:
        is_decisive = bool(_DECISIVE.search(ascii_lower(line[:LINE_HEAD])))
        if is_decisive or not _NOISE.search(line[:LINE_HEAD]):
            kept.append(line)
            if is_decisive:
                decisive.append(line)
    if not kept:
        kept = lines
    text = "\n".join(kept)
    if len(text) > MAX_QUERY:
        head = [line[:LINE_HEAD] for line in decisive[:MAX_DECISIVE]]
        text = "\n".join([*head, text[len(text) - TAIL :]])
        decisive = head
    return Focus(text, "\n".join(decisive))


def tokens(normalised: str) -> list[str]:
    """The tokens of normalised text, placeholders included, in order (with repeats)."""
    return _TOKEN.findall(normalised)


def is_placeholder(token: str) -> bool:
    return token.startswith("<")


def contains_phrase(text: str, phrase: str) -> bool:
    """Whether ``phrase`` occurs in ``text`` without cutting a token in two.

    ``"connection refused"`` is in ``"error: connection refused (os error 111)"`` but not in
    ``"reconnection refused"``; a phrase that starts or ends with punctuation needs no
    boundary on that side.
    """
    start = text.find(phrase)
    while start != -1:
        end = start + len(phrase)
        if not (start > 0 and _joins(text[start - 1], phrase[0])) and not (
            end < len(text) and _joins(phrase[-1], text[end])
        ):
            return True
        start = text.find(phrase, start + 1)
    return False


def _joins(left: str, right: str) -> bool:
    return bool(_TOKEN_CHAR.match(left)) and bool(_TOKEN_CHAR.match(right))
