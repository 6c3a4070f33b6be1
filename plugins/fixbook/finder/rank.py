"""Rank finder entries for a pasted error, log excerpt or symptom description.

This docstring is the specification; ``assets/finder.js`` (``rank``) implements the same steps
for the browser, and ``tests/finder/test_parity.py`` checks that both give the same ids, order
and scores on the shared query set.

0. **Focus** the paste (:func:`fixbook.finder.normalise.focus`): drop noise lines (stack
   frames, INFO/DEBUG), keep the decisive lines (exceptions, errors, FATAL, HTTP status lines,
   error codes) apart, and cut a paste longer than ``MAX_QUERY`` to its first decisive lines
   plus its tail, so the work per query is bounded.
1. **Normalise** the query (:mod:`fixbook.finder.normalise`): ASCII lower-case, then replace
   volatile parts by placeholders (url, email, timestamp, uuid, ip, host, port, path, hex ids
   and hashes, long ids, numbers, quoted values), collapse whitespace. Index strings went
   through the same rules when the data was built. The query's HTTP statuses are those
   :func:`fixbook.finder.statuses.http_statuses` finds in it (the detector that decides an
   entry's ``http_status``: ``exit 137``, ``port 5433``, ``500 ms`` are not statuses).
2. **Query words**: the distinct tokens of the query in order of first appearance, taken
   just before quoted values are replaced (so a quoted module or table name still counts as a
   word; a token with ``_`` also gives its parts), placeholders excluded, then ``#<status>``
   for each status and ``#<code>`` for each error code (``#0x80370102``), both collected before
   the placeholders replace them. A word's weight ``w`` is 1 when it occurs in a decisive line
   (or the paste has none), else ``side``; times ``generic`` for a word nearly every error has
   (``error``, ``failed``, ``cannot``...: ``normalise.GENERIC_WORDS``). Words outside the
   vocabulary (stop words, words no entry uses) are ignored. Entry words are taken the same
   way.
3. **Word overlap** (cosine of IDF-weighted binary vectors): for each entry,
   ``dot = sum(w * idf**2)`` over the query words it holds (title, symptoms, errors,
   components, its statuses and codes); ``cosine = dot / sqrt(query_norm * entry_norm)`` with
   ``query_norm = sum(w**2 * idf**2)`` over the query's vocabulary words and ``entry_norm`` the
   sum of ``idf**2`` over the entry's words; ``overlap = OVERLAP * cosine``.
   ``idf = ln(1 + N / df)``, doubled for statuses and codes, rounded to 3 decimals in the
   data. The sums are taken in query-word order, each word's entries in ascending order.
4. **Exact error match**: an entry's normalised error string that occurs in the normalised
   query as a whole phrase (no token cut in two) scores ``EXACT + PER_TOKEN * min(tokens,
   TOKEN_CAP)`` (longer errors are more specific), plus ``EXTRA_MATCH`` for every further
   error of the same entry that occurs. Only errors with an anchor are tried: the anchor is
   the error's vocabulary token with the fewest entries (first on ties), and an error is
   tried when its anchor is a query word.
5. ``score = round(exact + overlap, 4)`` where ``round(x) = floor(x * 10**4 + 0.5) / 10**4``.
   Since ``EXACT > OVERLAP``, any exact match outranks any word overlap.
6. **Confidence** of a result: 1 for an exact error match, else its ``cosine``; rounded half
   up to 2 decimals. A best result below ``weakBelow`` is a weak answer ("No entry matches
   this error well"): callers say so instead of presenting it as a hit.
7. Entries with a positive score, sorted problems first (a section that is not a problem,
   such as "Get additional help", never ranks above a problem), then by score descending,
   then by id (the data's entry order); the first ``limit``.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from fixbook.finder import normalise as norm
from fixbook.finder.index import WEIGHTS, FinderIndex

__all__ = ["WEIGHTS", "Match", "is_weak", "rank", "round_score"]

DECIMALS = 4


class Match(NamedTuple):
    id: str
    title: str
    guide: str
    url: str
    score: float
    confidence: float

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "guide": self.guide,
            "url": self.url,
            "score": self.score,
            "confidence": self.confidence,
        }


def rank(index: FinderIndex, query: str, limit: int = 10) -> list[Match]:
    """The best ``limit`` entries of ``index`` for ``query``, best first (see module doc)."""
    weights = index.weights
    focused = norm.focus(query)
    text, words, statuses, codes = norm.analyse(focused.text)
    words = words + [f"#{status}" for status in statuses] + [f"#{code}" for code in codes]
    decisive: set[str] | None = None
    if focused.decisive:
        seen = norm.analyse(focused.decisive)
        decisive = {*seen.words, *(f"#{s}" for s in seen.statuses), *(f"#{c}" for c in seen.codes)}

    generic = set(index.generic)
    dot: dict[int, float] = {}
    query_norm = 0.0
    for word in words:
        if word not in index.idf:
            continue
        weight = 1.0 if decisive is None or word in decisive else weights["side"]
        if word in generic:
            weight *= weights["generic"]
        square = index.idf[word] * index.idf[word]
        query_norm += weight * weight * square
        for number in index.postings[word]:
            dot[number] = dot.get(number, 0.0) + weight * square

    exact: dict[int, list[int]] = {}
    for word in words:
        for number, phrase, length in index.anchored.get(word, ()):
            if norm.contains_phrase(text, phrase):
                exact.setdefault(number, []).append(length)

    help_entries = set(index.help)
    scored: list[tuple[bool, float, int, float]] = []
    for number in dot.keys() | exact.keys():
        score = 0.0
        confidence = 0.0
        if number in exact:
            lengths = exact[number]
            longest = min(max(lengths), weights["tokenCap"])
            score = (
                weights["exact"]
                + weights["perToken"] * longest
                + weights["extraMatch"] * (len(lengths) - 1)
            )
            confidence = 1.0
        if number in dot:
            cosine = dot[number] / math.sqrt(query_norm * index.norms[number])
            score += weights["overlap"] * cosine
            confidence = max(confidence, cosine)
        score = round_score(score)
        if score > 0:
            scored.append((number in help_entries, -score, number, _round(confidence, 2)))
    scored.sort(key=lambda item: item[:3])
    return [
        _match(index, number, -negative, confidence)
        for _, negative, number, confidence in scored[:limit]
    ]


def is_weak(index: FinderIndex, results: list[Match]) -> bool:
    """Whether the best result is too weak to present as the answer (or there is none)."""
    return not results or results[0].confidence < index.weights["weakBelow"]


def round_score(score: float) -> float:
    """Round half up to :data:`DECIMALS`, as ``Math.round`` does, so JS gets the same float."""
    return _round(score, DECIMALS)


def _round(value: float, decimals: int) -> float:
    scale = 10**decimals
    return math.floor(value * scale + 0.5) / scale


def _match(index: FinderIndex, number: int, score: float, confidence: float) -> Match:
    entry_id, title, guide, url = index.entries[number]
    return Match(entry_id, title, guide, url, score, confidence)
