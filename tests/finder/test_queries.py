"""The ranking test set against the handbook: the entry that fixes each paste comes first.

Prints top-1 and top-3 accuracy (``pytest -s`` shows it) and asserts top-3 >= 95%.
"""

from __future__ import annotations

from typing import Any

from fixbook.finder.index import FinderIndex, build_data
from fixbook.finder.rank import rank

from .conftest import entry, index_of

TOP3_REQUIRED = 0.95


def test_query_set_is_large_enough(queries: list[dict[str, str]]) -> None:
    assert len(queries) >= 40


def test_every_expected_entry_exists_in_the_handbook(
    queries: list[dict[str, str]], handbook_entries: list[dict[str, Any]]
) -> None:
    known = {item["id"] for item in handbook_entries}
    missing = [item["expect"] for item in queries if item["expect"] not in known]
    assert missing == [], f"queries.yml expects entries the handbook lacks: {missing}"


def test_top3_accuracy_on_the_handbook(
    queries: list[dict[str, str]], handbook_entries: list[dict[str, Any]]
) -> None:
    index = FinderIndex.from_data(build_data(handbook_entries))
    top1 = top3 = 0
    misses = []
    for item in queries:
        found = [result.id for result in rank(index, item["query"], 3)]
        top1 += found[:1] == [item["expect"]]
        top3 += item["expect"] in found
        if found[:1] != [item["expect"]]:
            misses.append(f"{item['expect']} -> {found}")
    total = len(queries)
    print(
        f"\nfinder accuracy over {total} queries: top-1 {top1}/{total} = {top1 / total:.1%}, "
        f"top-3 {top3}/{total} = {top3 / total:.1%}"
    )
    print("\n".join(f"  not first: {miss}" for miss in misses))
    assert top3 / total >= TOP3_REQUIRED, "\n".join(misses)


def test_fixture_index_answers_pastes_with_noise() -> None:
    """Independent of the handbook's wording: a small index of its own."""
    index = index_of(
        entry(
            "app/startup/port-in-use",
            "Port already in use",
            errors=["OSError: [Errno 98] Address already in use"],
            components=["startup"],
        ),
        entry(
            "app/db/no-such-table",
            '"no such table"',
            errors=["sqlite3.OperationalError: no such table: jobs"],
            components=["database"],
        ),
        entry(
            "app/cache/redis-down",
            "Redis connection refused",
            errors=["Error 111 connecting to redis:6379. Connection refused."],
            components=["redis"],
        ),
    )
    pastes = {
        "[2025-01-01 09:00:00 +0000] [4242] [ERROR] Connection in use: ('0.0.0.0', 8001)\n"
        "OSError: [Errno 98] Address already in use": "app/startup/port-in-use",
        'File "/home/x/app.py", line 9\nsqlite3.OperationalError: no such table: users': (
            "app/db/no-such-table"
        ),
        "redis.exceptions.ConnectionError: Error 111 connecting to cache-a:6390. "
        "Connection refused.": "app/cache/redis-down",
    }
    for paste, expected in pastes.items():
        assert rank(index, paste, 1)[0].id == expected, paste
