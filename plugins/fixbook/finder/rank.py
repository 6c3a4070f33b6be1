"""Rank finder entries for a pasted error, log excerpt or symptom description.

This docstring is the specification; ``assets/finder.js`` (``rank``) implements the same steps
for the browser, and ``tests/finder/test_parity.py`` checks that both give the same ids, order
and scores on the shared query set.

1. **Normalise** the query (:mod:`fixbook.finder.normalise`): ASCII lower-case, then replace
   volatile parts by placeholders (url, email, timestamp, uuid, ip, host, port, path, hex ids
   and hashes, long ids, numbers, quoted values), collapse whitespace. Index strings went
   through the same rules when the data was built. Before numbers are replaced, standalone
   three-digit numbers 100-599 are collected as the query's HTTP statuses.
2. **Query words**: the distinct tokens of the query in order of first appearance, taken
   just before quoted values are replaced (so a quoted module or table name still counts as a
   word), placeholders excluded, then ``#<status>`` for each status. Words outside the
   vocabulary (stop words, words no entry uses) are ignored. Entry words are taken the same
   way.
3. **Word overlap** (cosine of IDF-weighted binary vectors): for each entry,
   ``dot = sum(idf(w)**2)`` over the query words it holds (title, symptoms, errors,
   components and its statuses); ``overlap = OVERLAP * dot / sqrt(query_norm * entry_norm)``
   with the norms the sums of ``idf**2`` over the query's vocabulary words and the entry's
   words. ``idf(w) = ln(1 + N / df(w))``, doubled for statuses, rounded to 3 decimals in the
   data. The sums are taken in query-word order, each word's entries in ascending order.
4. **Exact error match**: an entry's normalised error string that occurs in the normalised
   query as a whole phrase (no token cut in two) scores ``EXACT + PER_TOKEN * min(tokens,
   TOKEN_CAP)`` (longer errors are more specific), plus ``EXTRA_MATCH`` for every further
   error of the same entry that occurs. Only errors with an anchor are tried: the anchor is
   the error's vocabulary token with the fewest entries (first on ties), and an error is
   tried when its anchor is a query word.
5. ``score = round(exact + overlap, 4)`` where ``round(x) = floor(x * 10**4 + 0.5) / 10**4``.
   Since ``EXACT > OVERLAP``, any exact match outranks any word overlap.
6. Entries with a positive score, sorted by score descending, then by id (the data's entry
   order); the first ``limit``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

from fixbook.finder import normalise as norm

if TYPE_CHECKING:
    from fixbook.finder.index import FinderIndex

#: The constants of the formula above; shipped in the finder data so JS uses the same.
WEIGHTS: dict[str, float] = {
    "exact": 10.0,
    "perToken": 0.1,
    "tokenCap": 20,
    "extraMatch": 0.5,
    "overlap": 5.0,
}
DECIMALS = 4


class Match(NamedTuple):
    id: str
    title: str
    guide: str
    url: str
    score: float

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "guide": self.guide,
            "url": self.url,
            "score": self.score,
        }


def rank(index: FinderIndex, query: str, limit: int = 10) -> list[Match]:
    """The best ``limit`` entries of ``index`` for ``query``, best first (see module doc)."""
    weights = index.weights
    text, words, statuses = norm.analyse(query)
    words = words + [f"#{status}" for status in statuses]

    dot: dict[int, float] = {}
    query_norm = 0.0
    for word in words:
        if word not in index.idf:
            continue
        square = index.idf[word] * index.idf[word]
        query_norm += square
        for number in index.postings[word]:
            dot[number] = dot.get(number, 0.0) + square

    exact: dict[int, list[int]] = {}
    for word in words:
        for number, phrase, length in index.anchored.get(word, ()):
            if norm.contains_phrase(text, phrase):
                exact.setdefault(number, []).append(length)

    scores: list[tuple[float, int]] = []
    for number in dot.keys() | exact.keys():
        score = 0.0
        if number in exact:
            lengths = exact[number]
            longest = min(max(lengths), weights["tokenCap"])
            score = (
                weights["exact"]
                + weights["perToken"] * longest
                + weights["extraMatch"] * (len(lengths) - 1)
            )
        if number in dot:
            score += weights["overlap"] * dot[number] / math.sqrt(query_norm * index.norms[number])
        score = round_score(score)
        if score > 0:
            scores.append((score, number))
    scores.sort(key=lambda item: (-item[0], item[1]))
    return [_match(index, number, score) for score, number in scores[:limit]]


def round_score(score: float) -> float:
    """Round half up to :data:`DECIMALS`, as ``Math.round`` does, so JS gets the same float."""
    scale = 10**DECIMALS
    return math.floor(score * scale + 0.5) / scale


def _match(index: FinderIndex, number: int, score: float) -> Match:
    entry_id, title, guide, url = index.entries[number]
    return Match(entry_id, title, guide, url, score)
