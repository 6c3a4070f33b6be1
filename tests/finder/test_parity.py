"""One ranking, two implementations: finder.js under node ranks as rank.py does.

Same normalised text, words and statuses for every query, and the same ids in the same order
(top 5) with equal scores: on the shared query set over the handbook, on generated pastes
over a large synthetic index, and on random noise made of the characters the rules care about.
"""

from __future__ import annotations

import random
from typing import Any

from fixbook.finder.index import FinderIndex, build_data, implied_anchor
from fixbook.finder.normalise import analyse
from fixbook.finder.rank import rank
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import entry
from .synthetic import entries as synthetic_entries

LIMIT = 5


def python_rank(entries: list[dict[str, Any]], texts: list[str]) -> list[dict[str, Any]]:
    """What ``rank_in_node.js`` prints, computed by the Python implementation."""
    index = FinderIndex.from_data(build_data(entries))
    return [
        {
            "analysis": list(analyse(text)),
            "results": [result.to_json() for result in rank(index, text, LIMIT)],
        }
        for text in texts
    ]


def random_noise(count: int, seed: int) -> list[str]:
    """Texts mixing words, digits, hex, separators, quotes, paths and non-ASCII characters."""
    rng = random.Random(seed)
    pieces = [
        "Error",
        "connection",
        "refused",
        "429",
        "503 Service Unavailable",
        "0x1f",
        "deadbeef42",
        "2024-01-02T03:04:05Z",
        "12:30:00",
        "10.0.0.1",
        ":8080",
        "redis:6379",
        "/srv/app/x.py",
        "C:\\tmp\\a b",
        "'name'",
        '"value"',
        "it's",
        "user@example.com",
        "api.example.com",
        "https://x.example.org/a?b=1",
        "123e4567-e89b-12d3-a456-426614174000",
        "É",
        "ß",
        "🚨",
        "\u2014",
        "\u00a0",
        "\t",
        "\n",
        " ",
        ".",
        ",",
        "-",
        "_",
        "<",
        ">",
        "<num>",
        "[",
        "]",
        "line 42",
        "HTTP/1.1",
        "OOMKilled",
        "QueuePool",
        "no such table",
        "Token expired",
        # what the status detector reads around a number
        "port ",
        "status code: ",
        "GET /x ",
        " -> ",
        " ms",
        "%",
        "(",
        "`",
        "401 (Unauthorized)",
        " responses",
        "137",
    ]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(count)]


def test_node_ranks_the_query_set_like_python(
    queries: list[dict[str, str]], handbook_entries: list[dict[str, Any]], node_rank: Any
) -> None:
    texts = [item["query"] for item in queries]
    assert node_rank(handbook_entries, texts, LIMIT) == python_rank(handbook_entries, texts)


def test_node_ranks_noisy_pastes_over_a_large_index_like_python(node_rank: Any) -> None:
    entries = synthetic_entries(3000)
    texts = [
        f"[2024-02-0{n % 9 + 1} 1{n % 10}:00:00,{n:03d}] worker-{n} {item['errors'][0]} "
        f"(host 10.0.{n % 255}.7:{8000 + n}, id {n:08x}) HTTP {400 + n % 100}"
        for n, item in enumerate(entries[::30])
    ] + [f"{item['title']} when '{item['components'][0]}'" for item in entries[5::60]]
    assert node_rank(entries, texts, LIMIT) == python_rank(entries, texts)


def test_node_agrees_on_unicode_quotes_and_statuses(node_rank: Any) -> None:
    entries = [
        entry(
            "u/p/accents",
            "Échec de connexion à la base",
            errors=["Échec de connexion: délai dépassé"],
        ),
        entry("u/p/emoji", "Build fails 🚨 on deploy", errors=["🚨 build failed: exit 2"]),
        entry("u/p/status", "Bad gateway", http_status=[502], errors=["502 Bad Gateway"]),
    ]
    texts = [
        "ÉCHEC DE CONNEXION: délai dépassé après 30s",
        "🚨 build failed: exit 3",
        "upstream said 502 Bad Gateway at 12:00:01",
        "\u2018curly\u2019 \u201cquotes\u201d 'x' \"y\"",
    ]
    assert node_rank(entries, texts, LIMIT) == python_rank(entries, texts)


def test_node_analyses_and_ranks_random_noise_like_python(
    handbook_entries: list[dict[str, Any]], node_rank: Any
) -> None:
    texts = random_noise(400, seed=3)
    assert node_rank(handbook_entries, texts, LIMIT) == python_rank(handbook_entries, texts)


def test_node_decodes_and_ranks_noisy_entries_like_python(node_rank: Any) -> None:
    """Titles, anchors and errors made of noise: ids decode and rank the same on both sides."""
    titles = random_noise(150, seed=5)
    entries = [
        entry(f"noise/page/{number}", title, errors=[error], symptoms=[title])
        for number, (title, error) in enumerate(zip(titles, random_noise(150, seed=6), strict=True))
    ]
    for item in entries:  # most anchors are the title's slug, as toc makes them
        item["url"] = f"noise/page.html#{implied_anchor(item['title']) or item['id']}"
    texts = random_noise(200, seed=7)
    assert node_rank(entries, texts, LIMIT) == python_rank(entries, texts)


_PIECES = [
    "Error",
    "a",
    "1",
    ".",
    "-",
    "_",
    "@",
    "/",
    ":",
    "'",
    '"',
    "<",
    ">",
    "[",
    "]",
    "~",
    "\\",
    " ",
    "\n",
    "É",
    "🚨",
    "0x",
    "://",
    "429",
    "example.com",
    "http ",
    "post /",
    "port ",
    " ms",
    "(unauthorized)",
    " on",
    "`",
    "%",
]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(st.text(max_size=60), st.lists(st.sampled_from(_PIECES)).map("".join)),
        min_size=20,
        max_size=40,
    )
)
def test_node_normalises_any_text_like_python(node_rank: Any, texts: list[str]) -> None:
    """Property: whatever the text, both normalisers give the same text, words and statuses."""
    entries = [entry("g/p/e", "Error", errors=["Error: a"])]
    analysed = [answer["analysis"] for answer in node_rank(entries, texts, 1)]
    assert analysed == [list(analyse(text)) for text in texts]
