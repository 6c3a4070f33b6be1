"""HTTP statuses in text: the one detector of Fixbook.

An entry's ``http_status`` (the symptoms plugin) and a pasted error's statuses (the finder's
ranking, in Python and in ``finder.js``) come from here, so a page and a paste agree on what a
status is. A three-digit number is a status only when the text says so, because error texts are
full of numbers that are not (``exit 137``, ``errno 111``, ``port 5433``, ``500 ms``, ``100%``):

1. it stands alone: no letter, digit or ``_`` on either side, not after ``: . / = # -``
   (times, versions, paths, ports, flags), not before ``: / % -`` nor before a ``.`` that
   goes on (``1.404.2``, ``404.html``; a full stop is fine);
2. it is a status HTTP defines (:data:`PHRASES`);
3. it is not a port (``port 5432``, ``port: 443``) nor a quantity (``500 ms``, ``200 users``,
   ``500 MB``: :data:`UNIT_PATTERN` right after it);
4. and either its reason phrase follows (``429 Too Many Requests``, ``200 OK``, and as
   browsers log it, ``401 (Unauthorized)``), or it is an error status (400-599) in context:
   a status word before it (``HTTP 403``, ``HTTP/1.1 503``, ``status code: 502``,
   ``returned 404``, ``got a 429``), a request before it (``POST /login 401``,
   ``GET https://x/y -> 500``), an opening ``(``, backtick or quote before it, the start of
   the text, or a status word after it (``429 responses``, ``404 on gateway call``,
   ``502 error``).

The patterns are written in the subset of regular expressions both engines share
(:mod:`fixbook.finder.portable`) and run on ASCII-lower-cased text; :func:`for_js` is what
:func:`fixbook.finder.index.build_data` ships, and ``finder.js`` (``httpStatuses``) takes the
same steps with it. Every pattern reads at most one run of whitespace past a fixed word, so the
work is linear in the text (``tests/finder/test_linear.py``).
"""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any, Final

from fixbook.finder.portable import TOKEN_CHARS, TOKEN_CHARS_JS, WS, ascii_lower

#: Error statuses count with context alone; below this, only with their reason phrase.
CONTEXT_FROM: Final = 400

#: Reason phrases beyond :class:`http.HTTPStatus`'s: the names other servers and other
#: Python versions print (RFC 9110 renamed 413, 414, 416 and 422).
_MORE_PHRASES: Final = {
    413: ("Request Entity Too Large", "Payload Too Large", "Content Too Large"),
    414: ("Request-URI Too Long", "URI Too Long"),
    416: ("Requested Range Not Satisfiable", "Range Not Satisfiable"),
    422: ("Unprocessable Entity", "Unprocessable Content"),
    502: ("Bad Gateway",),
    504: ("Gateway Timeout", "Gateway Time-out"),
}


def _phrases() -> dict[int, tuple[str, ...]]:
    phrases: dict[int, list[str]] = {}
    for status in HTTPStatus:
        phrases.setdefault(status.value, []).append(status.phrase)
    for code, names in _MORE_PHRASES.items():
        phrases.setdefault(code, []).extend(name for name in names if name not in phrases[code])
    return {code: tuple(names) for code, names in sorted(phrases.items())}


#: The statuses HTTP defines, each with its reason phrases (the first one that follows a
#: number is the one :func:`status_phrases` reports).
PHRASES: Final = _phrases()
_LOWER_PHRASES: Final = {code: [ascii_lower(p) for p in names] for code, names in PHRASES.items()}

_WS = f"[{WS}]"
#: Words that announce a status when they come right before it (then ``:`` or ``(`` may sit
#: between); ``http/1.1`` is the status line of a response.
BEFORE_WORDS: Final = (
    "http(?:/[0-9.]{1,4})?|status|statuscode|code|returns?|returned|returning|answers?|answered"
    "|got|gets?|received?|with|an?|error|response|throws?|raises?"
)
#: A request before a number makes it the response's status: a method, then a path or url.
METHODS: Final = "get|post|put|patch|delete|head|options"
#: How a reason phrase follows a status: ``(prefix, suffix)`` around the phrase.
PHRASE_FORMS: Final = ((" ", ""), (" (", ")"))
#: Words that say the number before them is a status.
AFTER_WORDS: Final = "errors?|responses?|status|codes?|on|from|when|for|in|if|after|or|and"
#: Units: a number right before one is a quantity (``500 ms``, ``200 users``, ``500 MB``).
UNIT_WORDS: Final = (
    "ms|s|sec|secs|seconds?|minutes?|mins?|hours?|days?|[kmgt]i?b|bytes?|px"
    "|records?|rows?|lines?|users?|items?|times|x"
)


def _patterns(word: str) -> dict[str, str]:
    """The patterns, for a flavour of the word-character class (Python's or JS's)."""
    return {
        # found anywhere (global search)
        "number": f"(?<![{word}:./=#-])[1-5][0-9][0-9](?![{word}:/%-]|\\.[{word}])",
        # found anywhere; each match ends where a number in context starts
        "before": (
            f'(?:(?<![{word}])(?:{BEFORE_WORDS}){_WS}*[:(]?|[(`"]'
            f"|(?<![{word}])(?:{METHODS}){_WS}+(?:/|[a-z]+://)[^{WS}]*{_WS}+(?:->)?)"
            f"{_WS}*(?=[0-9])"
        ),
        "port": f"(?<![{word}])port{_WS}*[:=]?{_WS}*(?=[0-9])",
        # matched right where a number ends (Python ``match(text, end)``, JS sticky)
        "after": f"{_WS}*(?:(?:{AFTER_WORDS})(?![{word}])|\\))",
        "unit": f"{_WS}*(?:(?:{UNIT_WORDS})(?![{word}])|%)",
        # matched at the start of the text
        "leading": f"{_WS}*",
    }


#: The patterns as Python compiles them.
PATTERNS: Final = _patterns(TOKEN_CHARS)
_PY: Final = {name: re.compile(pattern) for name, pattern in PATTERNS.items()}
_NUMBER, _BEFORE, _PORT = _PY["number"], _PY["before"], _PY["port"]
_AFTER, _UNIT, _LEADING = _PY["after"], _PY["unit"], _PY["leading"]


def for_js() -> dict[str, Any]:
    """The detector as data for ``finder.js``: its patterns (JS flavour), phrases (lower case)
    and the forms they take, :data:`CONTEXT_FROM`."""
    return {
        **_patterns(TOKEN_CHARS_JS),
        "phrases": {str(code): names for code, names in _LOWER_PHRASES.items()},
        "phraseForms": [list(form) for form in PHRASE_FORMS],
        "contextFrom": CONTEXT_FROM,
    }


def http_statuses(text: str) -> list[int]:
    """The HTTP statuses ``text`` reports, in order of appearance, without repeats (the rules
    are in the module docstring)."""
    text = ascii_lower(text)
    start_of_text = _LEADING.match(text).end()  # type: ignore[union-attr]  # always matches
    in_context = {found.end() for found in _BEFORE.finditer(text)}
    ports = {found.end() for found in _PORT.finditer(text)}
    statuses: list[int] = []
    for number in _NUMBER.finditer(text):
        code = int(number.group())
        start, end = number.span()
        if code not in PHRASES or start in ports or _UNIT.match(text, end):
            continue
        named = _phrase_at(code, text, end) is not None
        said = code >= CONTEXT_FROM and (
            start in in_context or start == start_of_text or bool(_AFTER.match(text, end))
        )
        if (named or said) and code not in statuses:
            statuses.append(code)
    return statuses


def status_phrases(text: str) -> list[str]:
    """``429 Too Many Requests``-style literals (a status and its reason phrase, also
    ``401 (Unauthorized)``), as written in ``text``."""
    lower = ascii_lower(text)
    found = []
    for number in _NUMBER.finditer(lower):
        length = _phrase_at(int(number.group()), lower, number.end())
        if length is not None:
            found.append(text[number.start() : number.end() + length])
    return found


def _phrase_at(code: int, lower: str, end: int) -> int | None:
    """How many characters ``code``'s reason phrase takes up when it follows ``end`` in one
    of the :data:`PHRASE_FORMS` (separator and brackets included)."""
    for phrase in _LOWER_PHRASES.get(code, ()):
        for prefix, suffix in PHRASE_FORMS:
            if lower.startswith(prefix + phrase + suffix, end):
                return len(prefix) + len(phrase) + len(suffix)
    return None
