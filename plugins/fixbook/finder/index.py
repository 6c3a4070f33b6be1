"""The finder's index: built once in Python, shipped compactly, loaded the same way everywhere.

:func:`build_data` turns ``symptoms.json`` entries into a plain JSON-able dict, the *finder
data*. Everything that needs judgement (what is a token, which errors are worth an exact match,
the IDF weight of each token) is decided here, once, and written into the data; the browser
(``finder.js``) and Python (:meth:`FinderIndex.from_data`) only decode it. Both then derive the
same few lookup tables in the same order, which is what lets the two rankers agree to the last
digit.

Layout of the data (version 2: the status detector came in as data), kept small because the
browser downloads it whole:

- ``rules``, ``token``, ``tokenChar``: the normalisation patterns (JS flavour); ``status``:
  the HTTP-status detector's patterns, phrases and threshold (:func:`statuses.for_js`);
- ``weights``: the constants of :mod:`fixbook.finder.rank`;
- ``pages``: the url paths (``guide/page.html``); ``entries``: per entry, sorted by id,
  ``[title, page, anchor, [normalised errors]]`` plus ``id`` and ``guide`` only where they
  differ from what the url implies (``guide/page.html#anchor`` -> ``guide/page/anchor``);
  ``anchor`` is ``0`` when it is the title's plain slug (:func:`implied_anchor`), as for
  most headings;
- ``vocab``: ``[token, idf * 1000, postings]`` where postings are the ascending entry numbers,
  delta-encoded (:func:`encode_postings`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from fixbook.finder import normalise as norm
from fixbook.finder import statuses

VERSION = 2

#: The constants of the ranking (:mod:`fixbook.finder.rank` documents the formula); shipped in
#: the finder data so that ``finder.js`` uses the very same.
WEIGHTS: dict[str, float] = {
    "exact": 10.0,
    "perToken": 0.1,
    "tokenCap": 20,
    "extraMatch": 0.5,
    "overlap": 5.0,
    # query words only outside the decisive lines of a paste count this much
    "side": norm.SIDE_WEIGHT,
    # words every error has (normalise.GENERIC_WORDS) count this much in a query
    "generic": norm.GENERIC_WEIGHT,
    # below this confidence the best match is reported as weak (calibrated on the tune part
    # of tests/data/pastes/cases.yml: see tests/finder/test_corpus.py)
    "weakBelow": 0.36,
}
#: Titles of sections that are not a problem (help, how to read errors, checks to run): they
#: always rank after every problem entry that matches.
NOT_A_PROBLEM_PATTERN = (
    "^(?:get(?:ting)? (?:additional |more )?help|additional help|how to read"
    "|find relevant information|file an issue|check your|confirm |before you"
    "|reporting|troubleshooting (?:dns|network)|using older versions|still unresolved)"
)
_NOT_A_PROBLEM = re.compile(NOT_A_PROBLEM_PATTERN)

#: Words that say nothing about which problem it is. Dropped from the vocabulary, so query
#: words that are not in the vocabulary (these, or words no entry uses) are simply ignored.
_STOPWORDS = """a an and are as at be been but by can could did do does for from had has have how
i if in into is it its may might must of on or our should so such than that the their them then
there these they this those to was we were what when where which while who will with would you
your"""
STOPWORDS = frozenset(_STOPWORDS.split())

#: An error string is matched literally only if it is specific enough: two words or more, or
#: one long word (``ModuleNotFoundError``, not ``timeout``).
MIN_SINGLE_WORD_ERROR = 8
#: HTTP statuses are pseudo-tokens (``#429``) whose IDF is multiplied by this.
STATUS_BOOST = 2.0
_FIELDS = ("title", "symptoms", "errors", "components")
_NOT_SLUG = re.compile(f"[^a-z0-9_{norm.WS}-]")
_SLUG_SEPARATORS = re.compile(f"[{norm.WS}-]+")


class FinderDataError(ValueError):
    """An entry given to :func:`build_data` lacks what the finder needs."""


class FinderIndex(NamedTuple):
    """The decoded finder data with the lookup tables the ranking needs.

    Plain tuples and built-in containers only, so that :mod:`fixbook.finder.cache` can store
    it with :mod:`marshal` and load it back with no per-object work.
    """

    #: ``(id, title, guide, url)`` per entry, in id order.
    entries: list[tuple[str, str, str, str]]
    idf: dict[str, float]
    #: Ascending entry numbers per vocabulary word.
    postings: dict[str, list[int]]
    #: Per entry, the sum of ``idf**2`` over its words (summed in vocabulary order).
    norms: list[float]
    #: Per anchor word, ``(entry, normalised error, token count)`` of the errors it anchors.
    anchored: dict[str, list[tuple[int, str, int]]]
    weights: dict[str, float]
    #: Entry numbers of sections that are not a problem (:data:`NOT_A_PROBLEM_PATTERN`).
    help: list[int]
    #: Words every error has (:data:`fixbook.finder.normalise.GENERIC_WORDS`).
    generic: list[str]

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> FinderIndex:
        """Decode the finder data exactly as ``finder.js`` does (same order of every sum)."""
        if data.get("version") != VERSION:
            raise FinderDataError(f"finder data version {data.get('version')!r}, not {VERSION}")
        pages = data["pages"]
        entries = [_decode_entry(row, pages) for row in data["entries"]]
        idf: dict[str, float] = {}
        postings: dict[str, list[int]] = {}
        norms = [0.0] * len(entries)
        for token, weight, encoded in data["vocab"]:
            idf[token] = weight / 1000
            postings[token] = decode_postings(encoded)
            square = idf[token] * idf[token]
            for number in postings[token]:
                norms[number] += square
        anchored: dict[str, list[tuple[int, str, int]]] = {}
        for number, row in enumerate(data["entries"]):
            for text in row[3]:
                words = norm.tokens(text)
                anchor = min(
                    (word for word in words if word in idf),
                    key=lambda word: len(postings[word]),
                )
                anchored.setdefault(anchor, []).append((number, text, len(words)))
        return cls(
            entries,
            idf,
            postings,
            norms,
            anchored,
            dict(data["weights"]),
            list(data["help"]),
            list(data["generic"]),
        )


def build_data(entries: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """Compile ``symptoms.json`` entries into the finder data (see the module docstring)."""
    checked = sorted(
        (_checked(entry, position) for position, entry in enumerate(entries)),
        key=lambda entry: entry["id"],
    )
    words_of, errors_of = _words_and_errors(checked)
    document_frequency: dict[str, int] = {}
    for words in words_of:
        for word in words:
            document_frequency[word] = document_frequency.get(word, 0) + 1
    idf = {word: _idf(word, count, len(checked)) for word, count in document_frequency.items()}
    postings: dict[str, list[int]] = {word: [] for word in document_frequency}
    for number, words in enumerate(words_of):
        for word in words:
            postings[word].append(number)

    pages: dict[str, int] = {}
    rows = [
        _entry_row(entry, [error for error in errors if _specific(error, idf)], pages)
        for entry, errors in zip(checked, errors_of, strict=True)
    ]
    return {
        "version": VERSION,
        "rules": [[pattern, replacement] for _, pattern, replacement in norm.RULES],
        "wordsBefore": norm.WORDS_BEFORE_RULE,
        "status": statuses.for_js(),
        "code": norm.CODE_PATTERN,
        "noise": norm.NOISE_LINE_PATTERN,
        "decisive": norm.DECISIVE_LINE_PATTERN,
        "focus": [norm.LINE_HEAD, norm.MAX_QUERY, norm.MAX_DECISIVE, norm.TAIL],
        "generic": list(norm.GENERIC_WORDS),
        "token": norm.TOKEN_PATTERN_JS,
        "tokenChar": f"[{norm.TOKEN_CHARS_JS}]",
        "weights": WEIGHTS,
        "pages": list(pages),
        "entries": rows,
        # the first step of each entry's fix, where the symptoms plugin found one
        "fixes": {
            str(number): str(entry["fix"])[:200]
            for number, entry in enumerate(checked)
            if isinstance(entry.get("fix"), str) and entry["fix"].strip()
        },
        "help": [
            number
            for number, entry in enumerate(checked)
            if _NOT_A_PROBLEM.search(norm.ascii_lower(entry["title"]))
        ],
        "vocab": [
            [word, round(idf[word] * 1000), encode_postings(postings[word])]
            for word in sorted(document_frequency)
        ],
    }


#: Analyses of entry texts, kept for the process: ``mkdocs serve`` makes the finder data again
#: after an edit, and all but the edited entry's texts are the same (analyse is pure).
_ANALYSED: dict[str, norm.Analysis] = {}
_ANALYSED_MAX = 200_000


def _words_and_errors(
    entries: Sequence[Mapping[str, Any]],
) -> tuple[list[list[str]], list[list[str]]]:
    """Per entry, its distinct vocabulary words and its distinct normalised errors."""
    words_of, errors_of = [], []
    analysed = _ANALYSED  # components and errors repeat across entries, and across rebuilds
    if len(analysed) > _ANALYSED_MAX:
        analysed.clear()
    for entry in entries:
        words: dict[str, None] = {}
        for name in _FIELDS:
            for text in _strings(entry.get(name)):
                if text not in analysed:
                    analysed[text] = norm.analyse(text)
                words.update(dict.fromkeys(w for w in analysed[text].words if _indexable(w)))
        words.update(dict.fromkeys(f"#{status}" for status in entry.get("http_status") or ()))
        for name in ("title", "errors", "symptoms"):
            for text in _strings(entry.get(name)):
                words.update(dict.fromkeys(f"#{code}" for code in analysed[text].codes))
        errors = dict.fromkeys(analysed[text].text for text in _strings(entry.get("errors")))
        words_of.append(list(words))
        errors_of.append(list(errors))
    return words_of, errors_of


def _entry_row(entry: Mapping[str, Any], errors: list[str], pages: dict[str, int]) -> list[Any]:
    """``[title, page, anchor, errors]`` (+ ``id, guide`` when the url does not imply them)."""
    path, _, anchor = entry["url"].partition("#")
    page = pages.setdefault(path, len(pages))
    row: list[Any] = [
        entry["title"],
        page,
        0 if anchor == implied_anchor(entry["title"]) else anchor,
        errors,
    ]
    implied_id = f"{path.removesuffix('.html')}/{anchor}"
    guide = str(entry.get("guide") or entry["id"].split("/")[0])
    if entry["id"] != implied_id or guide != entry["id"].split("/")[0]:
        row += [entry["id"], guide]
    return row


def implied_anchor(title: str) -> str | None:
    """The slug Python-Markdown's ``toc`` gives an ASCII heading (``None`` if not ASCII)."""
    if not title.isascii():
        return None
    text = _NOT_SLUG.sub("", title.lower()).strip(norm.WS)
    return _SLUG_SEPARATORS.sub("-", text)


#: Postings are written as deltas, each in 5-bit digits, most significant first: the last digit
#: from :data:`FINAL_DIGITS`, the ones before it from :data:`MORE_DIGITS`. No separators, so
#: the common small delta takes one character.
FINAL_DIGITS = "0123456789abcdefghijklmnopqrstuv"
MORE_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_"
_DIGIT_VALUE = {c: v for digits in (FINAL_DIGITS, MORE_DIGITS) for v, c in enumerate(digits)}


def encode_postings(numbers: Sequence[int]) -> str:
    """Ascending entry numbers as delta digits: ``[3, 4, 40]`` -> ``"31B4"`` (36 = 1*32 + 4)."""
    out, previous = [], 0
    for number in numbers:
        delta, previous = number - previous, number
        digits = FINAL_DIGITS[delta & 31]
        delta >>= 5
        while delta:
            digits = MORE_DIGITS[delta & 31] + digits
            delta >>= 5
        out.append(digits)
    return "".join(out)


def decode_postings(encoded: str) -> list[int]:
    numbers, current, delta = [], 0, 0
    for char in encoded:
        delta = delta * 32 + _DIGIT_VALUE[char]
        if char in FINAL_DIGITS:
            current += delta
            numbers.append(current)
            delta = 0
    return numbers


def _idf(word: str, count: int, total: int) -> float:
    weight = math.log(1 + total / count)
    return weight * STATUS_BOOST if word.startswith("#") else weight


def _indexable(word: str) -> bool:
    return len(word) > 1 and word not in STOPWORDS


def _specific(error: str, idf: Mapping[str, float]) -> bool:
    """Worth an exact match: anchored by a vocabulary word, and not a single short word."""
    words = [word for word in norm.tokens(error) if not norm.is_placeholder(word)]
    if not any(word in idf for word in words):
        return False
    return len(words) >= 2 or (len(words) == 1 and len(words[0]) >= MIN_SINGLE_WORD_ERROR)


def _strings(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]  # type: ignore[union-attr]


def _checked(entry: object, position: int) -> Mapping[str, Any]:
    """The entry itself, or a clear error naming it (by id, else by its 1-based position)."""
    if not isinstance(entry, Mapping):
        raise FinderDataError(f"entry #{position + 1}: not an object")
    label = entry.get("id") or f"#{position + 1}"
    for name in ("id", "title", "url"):
        if not isinstance(entry.get(name), str) or not entry[name]:
            raise FinderDataError(f"entry {label}: {name!r} must be a non-empty string")
    statuses = entry.get("http_status") or []
    if not isinstance(statuses, list) or not all(type(s) is int for s in statuses):
        raise FinderDataError(f"entry {label}: 'http_status' must be a list of integers")
    return entry


def _decode_entry(row: Sequence[Any], pages: Sequence[str]) -> tuple[str, str, str, str]:
    title, page, anchor = row[0], row[1], row[2]
    if anchor == 0:
        anchor = implied_anchor(title)
    path = pages[page]
    url = f"{path}#{anchor}"
    entry_id = row[4] if len(row) > 4 else f"{path.removesuffix('.html')}/{anchor}"
    guide = row[5] if len(row) > 5 else entry_id.split("/")[0]
    return (entry_id, title, guide, url)
