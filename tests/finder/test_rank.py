"""Ranking: exact error text first, then word overlap; HTTP status counts; stable order."""

from __future__ import annotations

from fixbook.finder.rank import WEIGHTS, rank, round_score
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import entry, index_of

POOL = entry(
    "shop/database/pool-exhausted",
    "Connection pool exhausted",
    symptoms=["Requests hang, then fail with a pool timeout"],
    errors=["sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached"],
    components=["database"],
)
REFUSED = entry(
    "shop/database/connection-refused",
    "Database connection refused",
    symptoms=["The database refuses connections; pool and timeout errors follow"],
    errors=["Connection refused"],
    components=["database", "pool", "timeout"],
)
GATEWAY_429 = entry(
    "shop/gateway/too-many-requests",
    "Gateway calls are throttled",
    symptoms=["Calls answer too many requests"],
    http_status=[429],
    components=["gateway"],
)
GATEWAY_503 = entry(
    "shop/gateway/unavailable",
    "Gateway calls are rejected",
    symptoms=["Calls answer service unavailable under load"],
    http_status=[503],
    components=["gateway"],
)


ANY_INDEX = index_of(POOL, REFUSED, GATEWAY_429, GATEWAY_503)


def ids(results: list) -> list[str]:
    return [result.id for result in results]


def test_exact_error_text_outranks_word_overlap() -> None:
    index = index_of(POOL, REFUSED)
    query = (
        "2024-05-01 10:00:00 ERROR sqlalchemy.exc.TimeoutError: QueuePool limit of size 20 "
        "overflow 3 reached (database pool timeout, the database refuses connections)"
    )
    results = rank(index, query)
    assert ids(results)[0] == POOL["id"]
    assert results[0].score >= WEIGHTS["exact"] > results[1].score


def test_exact_match_ignores_volatile_parts() -> None:
    index = index_of(POOL)
    query = "sqlalchemy.exc.TimeoutError: QueuePool limit of size 99 overflow 0 reached"
    assert rank(index, query)[0].score >= WEIGHTS["exact"]


def test_longer_matching_error_scores_higher() -> None:
    short = entry("a/p/short", "Short", errors=["permission denied while reading"])
    long = entry("a/p/long", "Long", errors=["open /data/x: permission denied while reading"])
    query = "ERROR open /var/lib/y/z: permission denied while reading"
    assert ids(rank(index_of(short, long), query)) == ["a/p/long", "a/p/short"]


def test_word_overlap_ranks_entries_when_no_error_matches() -> None:
    results = rank(index_of(POOL, REFUSED, GATEWAY_429), "the database refuses connections")
    assert ids(results)[0] == REFUSED["id"]
    assert 0 < results[0].score < WEIGHTS["exact"]


def test_http_status_in_the_query_selects_entries_with_that_status() -> None:
    index = index_of(GATEWAY_429, GATEWAY_503)
    assert ids(rank(index, "gateway call failed: HTTP/1.1 503"))[0] == GATEWAY_503["id"]
    assert ids(rank(index, "gateway call failed: HTTP/1.1 429"))[0] == GATEWAY_429["id"]


def test_status_alone_finds_the_entry() -> None:
    assert ids(rank(index_of(GATEWAY_429, POOL), "got a 429")) == [GATEWAY_429["id"]]


def test_equal_scores_are_ordered_by_id() -> None:
    twin_b = entry("g/p/b-twin", "Disk full", symptoms=["No space left on device"])
    twin_a = entry("g/p/a-twin", "Disk full", symptoms=["No space left on device"])
    results = rank(index_of(twin_b, twin_a), "No space left on device")
    assert ids(results) == ["g/p/a-twin", "g/p/b-twin"]
    assert results[0].score == results[1].score


def test_unrelated_text_finds_nothing() -> None:
    assert rank(index_of(POOL, REFUSED), "lorem ipsum dolor") == []


def test_limit_caps_the_results() -> None:
    assert len(rank(index_of(POOL, REFUSED, GATEWAY_429), "database gateway calls", 2)) == 2


def test_short_generic_error_is_left_to_word_overlap() -> None:
    vague = entry("a/p/vague", "Vague", errors=["Timeout"])
    assert rank(index_of(vague), "Timeout")[0].score < WEIGHTS["exact"]


def test_scores_round_half_up_like_javascript() -> None:
    assert round_score(0.00005) == 0.0001
    assert round_score(2.71828) == 2.7183


#: Twins (same text, different ids) so that equal scores are common, not a rare accident.
TWINS = index_of(
    POOL,
    REFUSED,
    GATEWAY_429,
    GATEWAY_503,
    {**POOL, "id": "shop/database/a-pool-twin", "url": "shop/database.html#a-pool-twin"},
    {**GATEWAY_429, "id": "shop/gateway/b-throttled", "url": "shop/gateway.html#b-throttled"},
    {**REFUSED, "id": "shop/database/z-refused", "url": "shop/database.html#z-refused"},
)
_WORDS = "database connection refused pool timeout gateway calls 429 503 queuepool error the"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS.split()), max_size=12).map(" ".join) | st.text(max_size=200))
def test_any_text_ranks_best_first_and_ties_by_id(text: str) -> None:
    results = rank(TWINS, text, 5)
    assert len(results) <= 5
    assert all(r.score > 0 for r in results)
    order = [(-r.score, r.id) for r in results]  # entries are numbered in id order
    assert order == sorted(order)


def test_the_tie_property_sees_ties() -> None:
    """The generated queries above do produce equal scores (else the id order goes untested)."""
    results = rank(TWINS, "database connection refused", 5)
    assert len({r.score for r in results}) < len(results)


def test_a_section_that_is_not_a_problem_never_ranks_above_a_problem() -> None:
    help_section = entry(
        "shop/help/get-additional-help",
        "Get additional help",
        symptoms=["Database connection refused? Collect the pool timeout logs first"],
        components=["database", "pool", "timeout"],
    )
    problem = entry("shop/database/refused", "Database refuses connections")
    results = rank(index_of(help_section, problem), "database pool timeout connection refused")
    assert ids(results) == [problem["id"], help_section["id"]]
    assert results[1].score > results[0].score  # it matched better, and still comes second


def test_an_error_code_finds_its_table_row_before_the_table_heading() -> None:
    heading = entry(
        "wsl/troubleshooting/error-codes",
        "Installation error codes",
        symptoms=["0x80370102, 0x80040306, 0x80040154 and other codes when installing"],
    )
    row = entry(
        "wsl/troubleshooting/0x80040306",
        "Error: 0x80040306 on installation",
        errors=["Error: 0x80040306"],
    )
    results = rank(index_of(heading, row), "WslRegisterDistribution failed with error: 0x80040306")
    assert ids(results)[0] == row["id"]


def test_a_code_inside_a_path_still_counts() -> None:
    coded = entry("wsl/t/vm", "Error 0x80370102 when starting", errors=["Error: 0x80370102"])
    other = entry("wsl/t/other", "Starting WSL returns an error code")
    query = "Error code: Wsl/Service/CreateInstance/CreateVm/0x80370102"
    assert ids(rank(index_of(coded, other), query))[0] == coded["id"]


def test_confidence_is_one_for_an_exact_error_match_and_below_otherwise() -> None:
    index = index_of(POOL, REFUSED)
    exact = rank(index, "sqlalchemy.exc.TimeoutError: QueuePool limit of size 1 overflow 2 reached")
    assert exact[0].confidence == 1.0
    overlap = rank(index, "the database refuses connections")
    assert 0 < overlap[0].confidence < 1
