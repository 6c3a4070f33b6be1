"""Link entries about the same problem in different guides.

Each entry becomes a weighted bag of terms: words of its title, symptoms and errors (lightly
stemmed, stop words dropped), each literal error normalised as a whole (numbers, ids, paths,
hosts and quoted names replaced), its HTTP statuses and components. Two entries of different
guides are related when the cosine of their idf-weighted bags reaches the threshold. Candidates
come from an inverted index of terms, and terms shared by a large share of all entries are not
used to find candidates, so the cost grows with the entries that really share words rather than
with the square of the index.
"""

from __future__ import annotations

import functools
import heapq
import math
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from fixbook.finder.normalise import normalise

from .model import Entry

T = TypeVar("T")


class Results(Protocol):
    """Where a result made from every entry is kept across builds (``ExtractionCache``)."""

    def derived(self, name: str, inputs: Any, compute: Callable[[Any], T]) -> T: ...


_STOP_WORDS = """
a an and are as at be but by can't cannot could do does doesn't don't for from has have how i
if in into is isn't it its no not of on or the this to too was were when where which while with
without won't you your after before during than then there they their
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
# Different words for one idea; normalising them is what lets "OOMKilled" meet "out of memory".
SYNONYMS = {
    "oom": "memory",
    "oomkilled": "memory",
    "mem": "memory",
    "ram": "memory",
    "throttl": "ratelimit",
    "throttlingexception": "ratelimit",
    "ratelimit": "ratelimit",
    "429": "ratelimit",
    "timed": "timeout",
    "time": "timeout",
    "timeouterror": "timeout",
    "jwt": "token",
    "db": "database",
    "postgr": "database",
    "postgresql": "database",
    "sql": "database",
    "migrat": "migration",
    "alembic": "migration",
    "login": "log",
    "logged": "log",
    "signin": "log",
    "auth": "authentic",
    "unauthoriz": "authentic",
    "credential": "authentic",
    "refus": "refused",
}
_WORD = re.compile(r"[a-z][a-z0-9]+|\d{3}")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Strip common English endings so "expired"/"expire" and "errors"/"error" meet."""
    for suffix in ("ies", "ing", "ed", "es", "s", "e", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    return SYNONYMS.get(word, word)


def words(text: str) -> list[str]:
    return list(_words(text))


# Titles, symptoms and errors repeat across entries and across the builds of `mkdocs serve`:
# their terms are worked out once per process (pure functions of the text).
@functools.lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in _WORD.findall(text.lower()) if word not in STOP_WORDS)


def normalise_error(text: str) -> list[str]:
    """Keys of a literal error: the whole text with volatile parts replaced, its message
    without a leading exception name (``IntegrityError: FOREIGN KEY constraint failed``), and
    its last clause without ``[Errno 98]``-style tags (``bind: address already in use``)."""
    return list(_error_keys(text))


@functools.lru_cache(maxsize=16384)
def _error_keys(text: str) -> tuple[str, ...]:
    lowered = " ".join(normalise(text).split())  # the finder's normaliser: one idea of "same"
    keys = [lowered]
    message = re.sub(r"^(?:[\w.]+(?:error|exception)|error)\s*:\s*", "", lowered)
    if message != lowered and len(message) >= 8:
        keys.append(message)
    clause = re.sub(r"\[[^\]]*\]", "", lowered.rsplit(": ", 1)[-1]).strip(" .")
    if clause not in keys and len(clause) >= 10 and " " in clause:
        keys.append(clause)
    return tuple(keys)


_QUALIFIED = re.compile(r"^\s*([a-z_]\w*(?:\.\w+)+(?:error|exception|warning))\b", re.IGNORECASE)


@functools.lru_cache(maxsize=16384)
def exception_class(text: str) -> str | None:
    """A qualified exception name (``alembic.util.exc.CommandError``): specific enough to
    say two errors come from the same place, unlike a bare ``ValueError``."""
    match = _QUALIFIED.match(text)
    return match.group(1).lower() if match else None


def title_terms(entry: Entry) -> dict[str, float]:
    return dict.fromkeys(_words(entry.title), 1.0)


def body_terms(entry: Entry) -> dict[str, float]:
    """Words of what the reader sees: symptoms count half, errors and statuses fully."""
    bag: dict[str, float] = {}
    for symptom in entry.symptoms:
        for word in _words(symptom):
            bag.setdefault(word, 0.5)
    for error in entry.errors:
        bag.update(dict.fromkeys(_words(error), 1.0))
    bag.update(dict.fromkeys((f"http:{status}" for status in entry.http_status), 1.0))
    return bag


class _Space:
    """Unit tf-idf vectors of one kind of terms, with an inverted index over the rarer ones."""

    def __init__(self, bags: list[dict[str, float]]) -> None:
        frequency: dict[str, int] = defaultdict(int)
        for bag in bags:
            for term in bag:
                frequency[term] += 1
        total = max(len(bags), 1)
        self.frequency = frequency
        idf = {term: math.log(1 + total / count) for term, count in frequency.items()}
        self.vectors: list[dict[str, float]] = []
        for bag in bags:
            vector = {t: w * idf[t] for t, w in bag.items()}
            norm = math.sqrt(sum([value * value for value in vector.values()])) or 1.0
            self.vectors.append({term: value / norm for term, value in vector.items()})
        self.common = max(20, total // 5)  # a term this frequent does not find candidates
        self.postings: dict[str, list[int]] = defaultdict(list)
        for number, bag in enumerate(bags):
            for term in bag:
                if frequency[term] <= self.common:
                    self.postings[term].append(number)

    def similarity(self, first: int, second: int) -> float:
        """The cosine of two entries. Only shared terms are multiplied: the others would add
        ``0.0``, which leaves a float sum unchanged, so the result is the same to the bit."""
        a, b = self.vectors[first], self.vectors[second]
        if len(b) < len(a):
            a, b = b, a
        return sum([value * b[term] for term, value in a.items() if term in b])

    def shares(self, first: int, second: int) -> bool:
        """Whether the cosine is above zero (all weights are positive): a shared term."""
        return not self.vectors[first].keys().isdisjoint(self.vectors[second])


TITLE_WEIGHT = 0.7  # the title names the problem; the body (errors, symptoms) confirms it
SAME_ERROR_BONUS = 0.5  # both print the same normalised error
SAME_CLASS_BONUS = 0.25  # both raise the same qualified exception class
SAME_STATUS_BONUS = 0.15  # both answer the same HTTP status
MIN_BODY = 0.1  # below this, only nearly identical titles make two entries related
SAME_TITLE = 0.95
# Work per entry is bounded, whatever the size of the docs: postings of its rarest terms are
# read up to SCAN_LIMIT entries, and only the SHORTLIST best of those are scored exactly.
SCAN_LIMIT = 200
SHORTLIST = 10


def _shortlist(number: int, guides: Sequence[str], spaces: Sequence[_Space]) -> list[int]:
    """Entries of other guides sharing the entry's rarest terms, most shared weight first."""
    terms = sorted(
        (space.frequency[term], position, term)
        for position, space in enumerate(spaces)
        for term in space.vectors[number]
        if term in space.postings
    )
    shared: dict[int, float] = defaultdict(float)
    guide = guides[number]
    scanned = 0
    for _, position, term in terms:
        weight = spaces[position].vectors[number][term]
        postings = spaces[position].postings[term][: SCAN_LIMIT - scanned]
        for other in postings:
            if guides[other] != guide:
                shared[other] += weight
        scanned += len(postings)  # every posting read counts, the entry's own guide's too
        if scanned >= SCAN_LIMIT:
            break
    best = heapq.nsmallest(SHORTLIST, [(-weight, other) for other, weight in shared.items()])
    return [other for _, other in best]


def link_related(
    entries: Sequence[Entry],
    threshold: float = 0.33,
    limit: int = 5,
    *,
    exhaustive: bool = False,
    cache: Results | None = None,
) -> None:
    """Fill ``entry.related`` with the ids of the most similar entries of other guides,
    best first (ties by id, so the result is the same on every build). ``exhaustive``: score
    every entry of the other guides instead of the shortlist (quadratic; what the shortlist
    is checked against). ``cache``: the lists are kept under a hash of all that scoring reads
    (every entry's id, guide, title, symptoms, errors and statuses, in order), so a build
    whose entries did not change reuses them."""
    if cache is None or exhaustive:
        found = _related_ids(entries, threshold, limit, exhaustive)
    else:
        inputs = {
            "threshold": threshold,
            "limit": limit,
            "entries": [
                [e.id, e.guide, e.title, list(e.symptoms), list(e.errors), list(e.http_status)]
                for e in entries
            ],
        }
        found = cache.derived(
            "related", inputs, lambda _: _related_ids(entries, threshold, limit, False)
        )
    for entry, related in zip(entries, found, strict=True):
        entry.related = list(related)  # a copy: the kept lists are never changed


def _related_ids(
    entries: Sequence[Entry], threshold: float, limit: int, exhaustive: bool
) -> list[list[str]]:
    """Per entry, in order, the ids of its related entries (see :func:`link_related`)."""
    found: list[list[str]] = []
    titles = _Space([title_terms(entry) for entry in entries])
    bodies = _Space([body_terms(entry) for entry in entries])
    keys = _Space(
        [
            {f"err:{key}": 1.0 for error in entry.errors for key in _error_keys(error)}
            for entry in entries
        ]
    )
    classes = _Space(
        [
            {name: 1.0 for error in entry.errors if (name := exception_class(error))}
            for entry in entries
        ]
    )
    guides = [entry.guide for entry in entries]
    statuses = [set(entry.http_status) for entry in entries]
    spaces = (keys, classes, titles, bodies)
    everyone = range(len(entries))
    for number in everyone:
        ranked: list[tuple[float, str]] = []
        if exhaustive:
            candidates = [other for other in everyone if guides[other] != guides[number]]
        else:
            candidates = _shortlist(number, guides, spaces)
        for other in candidates:
            title = titles.similarity(number, other)
            body = bodies.similarity(number, other)
            same_error = keys.shares(number, other)
            if body < MIN_BODY and title < SAME_TITLE and not same_error:
                continue
            score = TITLE_WEIGHT * title + (1 - TITLE_WEIGHT) * body
            if same_error:
                score += SAME_ERROR_BONUS
            elif classes.shares(number, other):
                score += SAME_CLASS_BONUS
            if statuses[number] & statuses[other]:
                score += SAME_STATUS_BONUS
            if score >= threshold:
                ranked.append((score, entries[other].id))
        ranked.sort(key=lambda pair: (-pair[0], pair[1]))
        found.append([entry_id for _, entry_id in ranked[:limit]])
    return found
