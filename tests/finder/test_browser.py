"""The finder in Chromium: fast on a large index, keyboard-only, index text shown as text.

A minimal page (the real markup, assets and data script) opened from ``file://``, as the
offline site is; the full handbook page is covered by ``tests/browser/test_finder.py``.
"""

from __future__ import annotations

import statistics
from typing import Any
from urllib.parse import quote

from .conftest import entry
from .synthetic import entries as synthetic_entries

TIMED_QUERIES = """(queries) => {
  const loading = performance.now();
  const index = FixbookFinder.load(window.FIXBOOK_FINDER_DATA);
  const loaded = performance.now() - loading;
  FixbookFinder.rank(index, queries[0], 10);  // warm up the JIT once
  const timings = queries.map((query) => {
    const start = performance.now();
    const results = FixbookFinder.rank(index, query, 10);
    return [performance.now() - start, results.length];
  });
  return [loaded, timings];
}"""

SHOP = [
    entry(
        "shop/db/no-such-table",
        "No such table",
        errors=["sqlite3.OperationalError: no such table: jobs"],
        components=["database"],
    ),
    entry(
        "shop/gateway/throttled",
        "Gateway calls are throttled",
        errors=["429 Too Many Requests"],
        http_status=[429],
    ),
]


def noisy_paste(error: str, number: int) -> str:
    return (
        f"2026-03-0{number % 9 + 1}T10:{number % 60:02d}:07.123Z INFO [web-{number}] "
        "GET /healthz 200\n"
        "Traceback (most recent call last):\n"
        f'  File "/srv/app/jobs/runner.py", line {number}, in run\n'
        "    result = handler(payload)\n"
        f"{error}\n"
        f"2026-03-01T10:00:09.502Z WARN host=10.4.2.{number % 250}:8443 request_id={number:06x}\n"
    )


def test_noisy_queries_over_10000_entries_all_find_entries(finder_page: Any) -> None:
    """Prints the timings (``-s``); no time is asserted (figures belong to benchmarks)."""
    entries = synthetic_entries(10000)
    page = finder_page(entries)
    queries = [noisy_paste(item["errors"][0], n) for n, item in enumerate(entries[::500])]
    queries += [f"{item['title']} {item['symptoms'][0]}" for item in entries[7::1000]]
    loaded, timings = page.evaluate(TIMED_QUERIES, queries)
    durations = sorted(ms for ms, _ in timings)
    median = statistics.median(durations)
    print(f"\nfinder in Chromium: decoding the data of 10,000 entries (once) {loaded:.0f} ms")
    print(
        f"finder in Chromium, 10,000 entries, {len(durations)} queries: median {median:.2f} ms, "
        f"max {durations[-1]:.2f} ms"
    )
    assert all(count > 0 for _, count in timings)


def test_results_follow_typing_and_link_relative_to_the_page(finder_page: Any) -> None:
    page = finder_page(SHOP)
    page.locator("textarea").fill("sqlite3.OperationalError: no such table: users")
    first = page.locator(".fixbook-finder__results li a").first
    first.wait_for()
    assert first.text_content() == "No such table"
    assert first.get_attribute("href") == "../shop/db.html#no-such-table"
    site = page.url.rsplit("/symptoms/", 1)[0]
    assert first.evaluate("link => link.href") == f"{site}/shop/db.html#no-such-table"
    assert "1 matching entry" in page.locator(".fixbook-finder__status").text_content()


def test_keyboard_alone_pastes_searches_and_reaches_the_first_result(finder_page: Any) -> None:
    page = finder_page(SHOP)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    page.keyboard.insert_text("HTTP/1.1 429 Too Many Requests")
    page.keyboard.press("Control+Enter")
    focused = page.evaluate("[document.activeElement.tagName, document.activeElement.textContent]")
    assert focused == ["A", "Gateway calls are throttled"]


def test_index_text_is_rendered_as_text_never_as_html(finder_page: Any) -> None:
    hostile = entry(
        "evil/page/img",
        "<img src=x onerror=alert(1)>",
        errors=["<script>alert(2)</script> injected error text"],
    )
    hostile["url"] = "javascript:alert(3)"
    page = finder_page([hostile])
    page.locator("textarea").fill("<script>alert(2)</script> injected error text")
    title = page.locator(".fixbook-finder__results li .fixbook-finder__title").first
    title.wait_for()
    assert title.text_content() == "<img src=x onerror=alert(1)>"
    assert (
        page.locator(".fixbook-finder__results img, .fixbook-finder__results script").count() == 0
    )
    assert page.locator(".fixbook-finder__results a").count() == 0  # no javascript: link
    page.wait_for_timeout(200)
    assert page.dialogs == []


def test_missing_data_is_said_not_silently_ignored(finder_page: Any) -> None:
    page = finder_page(SHOP)
    page.route("**/finder-data.js", lambda route: route.abort())
    page.reload()
    status = page.locator(".fixbook-finder__status")
    assert "did not load" in status.text_content()


def test_a_result_shows_product_matched_line_and_first_fix_step(finder_page: Any) -> None:
    with_fix = [{**SHOP[0], "fix": "Run the migrations: alembic upgrade head."}, SHOP[1]]
    page = finder_page(with_fix)
    page.locator("textarea").fill(
        "INFO starting worker\nsqlite3.OperationalError: no such table: users\n"
    )
    item = page.locator(".fixbook-finder__results li").first
    item.locator("a").wait_for()
    assert item.locator(".fixbook-finder__meta").text_content() == "shop"
    assert item.locator(".fixbook-finder__matched mark").text_content() == (
        "sqlite3.OperationalError: no such table: users"
    )
    assert item.locator(".fixbook-finder__fix").text_content() == (
        "First step: Run the migrations: alembic upgrade head."
    )
    assert "score" not in item.text_content()


def test_a_weak_best_match_is_called_weak(finder_page: Any) -> None:
    page = finder_page(SHOP)
    page.locator("textarea").fill("the gateway feels slow today")
    page.locator(".fixbook-finder__results li a").first.wait_for()
    status = page.locator(".fixbook-finder__status").text_content()
    assert status == "No entry matches this error well. Closest: Gateway calls are throttled"


def test_a_deep_link_fills_the_box_and_runs_the_query(finder_page: Any) -> None:
    paste = "sqlite3.OperationalError: no such table: users & 100%"
    page = finder_page(SHOP, "#q=" + quote(paste, safe=""))
    first = page.locator(".fixbook-finder__results li a").first
    first.wait_for()
    assert page.locator("textarea").input_value() == paste
    assert first.text_content() == "No such table"
