"""Normalising is linear: no rule reads far ahead from many starting points.

A regular expression backtracks quadratically when a match attempt from *every* position of a
long run reads on to the end of the run before it fails (the old url pattern on 30,000 letters
with no ``://``). That is a property of the pattern, not of the machine, so it is measured as a
count, not as a time: with :mod:`regex`'s partial matching, an attempt at position ``i`` that
reads to the end of the text comes back ``partial``. For texts that end inside an adversarial
run, the number of such attempts (at the positions ``re.sub`` would try) must stay below a
constant whatever the length: each rule gives up within a bounded distance, or starts only
where a run starts. ``finder.js`` compiles the same patterns (its engine also backtracks), so
the property holds for both.
"""

from __future__ import annotations

import regex
from fixbook.finder import normalise as norm
from fixbook.finder import statuses
from hypothesis import given, settings
from hypothesis import strategies as st

#: Attempts allowed to reach the end of the text: the bounded parts (a 32-character url scheme,
#: a 64-character e-mail local part) plus a margin; a quadratic rule makes about one per char.
MAX_LONG_ATTEMPTS = 140
#: Pieces that feed the rules' classes: letters, digits, the separators of hosts, paths,
#: e-mails, urls, quotes, placeholders and Windows paths.
PIECES = [
    *"az09.-_@/:'\"<>[]~\\ ",
    *("a.", "1.", "a-", "0x", "://", "c:\\", "<num>", "INFO", "Ierror", "http/1.1", "ora-"),
    *("404", "status", "port", "(", "`"),
]


def long_attempts(pattern: str, text: str) -> int:
    """How many match attempts of ``pattern``, at the positions ``re.sub`` tries, read to the
    end of ``text``."""
    compiled = regex.compile(pattern)
    count, position = 0, 0
    while position < len(text):
        found = compiled.match(text, position, partial=True)
        if found is not None and found.partial:
            count += 1
            position += 1
        elif found is not None and found.end() > position:
            position = found.end()
        else:
            position += 1
    return count


def stages(text: str) -> list[tuple[str, str]]:
    """Each pattern with the text it sees: the code, line and status patterns see the paste
    (the line patterns only ever see one line head, a stricter test here), each rule the output
    of the rules before it, the token pattern the normalised text. Of the status patterns, those
    searched for anywhere; the others are only tried where a number ends, each reading at most
    the run of whitespace after it."""
    raw, text = text, norm.ascii_lower(text)
    seen = [
        *((statuses.PATTERNS[name], text) for name in ("number", "before", "port")),
        (norm.CODE_PATTERN, text),
        (norm.DECISIVE_LINE_PATTERN, text),
        (norm.NOISE_LINE_PATTERN, raw),
    ]
    for (_, pattern, replacement), (compiled, _) in zip(norm.RULES, norm._COMPILED, strict=True):
        seen.append((pattern, text))
        text = compiled.sub(replacement, text)
    return [*seen, (norm.TOKEN_PATTERN, text)]


adversarial = st.builds(
    lambda prefix, unit, repeat: prefix + unit * repeat,
    st.lists(st.sampled_from(PIECES), max_size=5).map("".join),
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=4).map("".join),
    st.integers(min_value=300, max_value=700),
)


@settings(max_examples=60, deadline=None)
@given(adversarial)
def test_no_rule_reads_to_the_end_from_many_starts(text: str) -> None:
    for pattern, seen in stages(text):
        assert long_attempts(pattern, seen) <= MAX_LONG_ATTEMPTS, (pattern, seen[:60])


def test_the_measure_catches_a_quadratic_pattern() -> None:
    """The pre-fix url pattern: every letter of a run without ``://`` reads to the end."""
    assert long_attempts("[a-z][a-z0-9+.-]*://[^ ]+", "a" * 500) == 500
    assert long_attempts(norm.RULES[0][1], "a" * 500) <= 32


def test_a_long_run_without_separators_is_one_attempt_per_start_of_run() -> None:
    for pattern, seen in stages("x" * 5000 + "." + "y-" * 5000):
        assert long_attempts(pattern, seen) <= MAX_LONG_ATTEMPTS, pattern
