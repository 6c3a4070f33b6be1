"""Entries about the same problem in other guides are linked; nothing else is."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixbook.symptoms.index import build_index

# One problem, described the way two different guides describe it.
PAIRS = {
    "cors": (
        "### Issue: CORS Errors on Login\n\n**Symptoms:**\n- Browser console shows CORS policy "
        "error\n\n**Solutions:**\nAllow the origin.\n",
        "### API calls fail with CORS errors\n\n```\nAccess to fetch at 'https://api.example.com' "
        "from origin 'https://dash.example.com' has been blocked by CORS policy\n```\n\n"
        "**Fix:** Add the origin.\n",
    ),
    "pool": (
        '### Issue: Connection Pool Exhausted\n\n**Symptoms:**\n- Error: "Cannot acquire '
        'connection from pool"\n\n**Solutions:**\nRaise the pool size.\n',
        "### Connection Pool Exhausted\n```\nsqlalchemy.exc.TimeoutError: QueuePool limit "
        "exceeded\n```\n\n**Solution**:\nRaise `pool_size`.\n",
    ),
    "rate-limit": (
        "### Frequent 429 responses\n- Increase `RATE_LIMIT_PER_MIN`.\n",
        "### 429 Too Many Requests\n\n**Cause:** Rate limit exceeded.\n\n**Fix:** Wait.\n",
    ),
    "jwt": (
        '### Issue: JWT Token Expired\n\n**Symptoms:**\n- 401 Unauthorized on requests\n- "Token'
        ' expired" error message\n\n**Solutions:**\nRefresh the token.\n',
        "### JWT Token Invalid\n```\n401 Unauthorized: Token has expired\n```\n\n"
        "**Solution**:\nRefresh it.\n",
    ),
    "migration": (
        "### Migration fails during prestart\n\n```\nalembic.util.exc.CommandError: Can't locate "
        "revision identified by 'abc'\n```\n\n**Fix:** Stamp the head.\n",
        "### Migration Conflict\n```\nalembic.util.exc.CommandError: Target database is not up "
        "to date\n```\n\n**Solution**:\nUpgrade.\n",
    ),
    "port": (
        "### Port conflicts\n\n```\nError starting userland proxy: listen tcp4 0.0.0.0:5432: "
        "bind: address already in use\n```\n\n**Fix:** Stop the other service.\n",
        "### Symptom: Port 5000 already in use\n```\nOSError: [Errno 98] Address already in "
        "use\n```\n\n**Solution**:\nKill it.\n",
    ),
    "oom": (
        "### Issue: High Memory Usage\n\n**Symptoms:**\n- Pods restarting with OOMKilled status"
        "\n\n**Solutions:**\nRaise the limit.\n",
        "### High Memory Usage\n\n#### Symptoms:\n- Out of memory errors\n\n#### Solutions:\n"
        "Add swap.\n",
    ),
}
UNRELATED = (
    "### Dashboard loads slowly\n- Add indexes.\n",
    "### Stripe webhook signature invalid\n\n**Fix:** Use the raw body.\n",
)


def write_guides(docs: Path) -> None:
    first = ["# Alpha\n", *(pair[0] for pair in PAIRS.values()), UNRELATED[0]]
    second = ["# Beta\n", *(pair[1] for pair in PAIRS.values()), UNRELATED[1]]
    for guide, sections in (("alpha", first), ("beta", second)):
        (docs / guide).mkdir(parents=True)
        (docs / guide / "problems.md").write_text("\n".join(sections), encoding="utf-8")


@pytest.fixture
def index(tmp_path: Path):
    write_guides(tmp_path / "docs")
    return build_index(tmp_path / "docs")


TITLES = {
    "cors": ("CORS Errors on Login", "API calls fail with CORS errors"),
    "pool": ("Connection Pool Exhausted", "Connection Pool Exhausted"),
    "rate-limit": ("Frequent 429 responses", "429 Too Many Requests"),
    "jwt": ("JWT Token Expired", "JWT Token Invalid"),
    "migration": ("Migration fails during prestart", "Migration Conflict"),
    "port": ("Port conflicts", "Port 5000 already in use"),
    "oom": ("High Memory Usage", "High Memory Usage"),
}


@pytest.mark.parametrize("problem", list(PAIRS))
def test_same_problem_in_two_guides_is_related_both_ways(index, problem: str) -> None:
    by_title = {(e.guide, e.title): e for e in index.entries}
    alpha = by_title["alpha", TITLES[problem][0]]
    beta = by_title["beta", TITLES[problem][1]]
    assert beta.id in alpha.related, (alpha.title, alpha.related)
    assert alpha.id in beta.related, (beta.title, beta.related)


def test_different_problems_are_not_related(index) -> None:
    dashboard = next(e for e in index.entries if e.title == "Dashboard loads slowly")
    stripe = next(e for e in index.entries if e.title == "Stripe webhook signature invalid")
    assert dashboard.related == []
    assert stripe.related == []


def test_entries_of_the_same_guide_are_never_related(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    text = (
        "# A\n\n### `Connection refused`\nStart it.\n\n### `Connection refused` again\nStart it.\n"
    )
    (docs / "one.md").write_text(text, encoding="utf-8")
    assert all(entry.related == [] for entry in build_index(docs).entries)


def test_ids_and_related_are_the_same_on_every_build(tmp_path: Path) -> None:
    write_guides(tmp_path / "docs")
    first = build_index(tmp_path / "docs").to_json()
    second = build_index(tmp_path / "docs").to_json()
    assert first == second
    ids = [entry["id"] for entry in first["entries"]]
    assert len(ids) == len(set(ids))


def test_related_work_is_not_quadratic_in_unrelated_entries(tmp_path: Path) -> None:
    """A term every entry shares (here: "error") does not make everything a candidate."""
    docs = tmp_path / "docs"
    for guide in range(40):
        folder = docs / f"g{guide}"
        folder.mkdir(parents=True)
        sections = [f"## `Error {guide}-{n} zq{guide}x{n}`\nFix it.\n" for n in range(25)]
        (folder / "faq.md").write_text("# P\n\n" + "\n".join(sections), encoding="utf-8")
    index = build_index(docs)
    assert len(index.entries) == 1000
    assert all(entry.related == [] for entry in index.entries)


def test_the_inverted_index_finds_what_scoring_every_pair_finds(index) -> None:
    """On docs this small no candidate is cut: the shortlist loses nothing."""
    from fixbook.symptoms.related import link_related

    found = {entry.id: list(entry.related) for entry in index.entries}
    link_related(index.entries, exhaustive=True)
    assert {entry.id: entry.related for entry in index.entries} == found
    assert sum(bool(related) for related in found.values()) >= 2 * len(PAIRS)


def test_kept_related_lists_are_reused_while_the_entries_are_the_same(
    index, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fixbook.symptoms.related as related
    from fixbook.symptoms.cache import ExtractionCache

    found = [list(entry.related) for entry in index.entries]
    related.link_related(index.entries, cache=ExtractionCache(tmp_path))
    monkeypatch.setattr(related, "_shortlist", None)  # scoring again would fail
    for entry in index.entries:
        entry.related = []
    related.link_related(index.entries, cache=ExtractionCache(tmp_path))  # the next build
    assert [entry.related for entry in index.entries] == found


def test_an_edited_entry_is_linked_anew_despite_kept_lists(index, tmp_path: Path) -> None:
    from fixbook.symptoms.cache import ExtractionCache
    from fixbook.symptoms.related import link_related

    cache = ExtractionCache(tmp_path)
    link_related(index.entries, cache=cache)
    dashboard = next(e for e in index.entries if e.title == "Dashboard loads slowly")
    dashboard.title = "Connection Pool Exhausted"
    dashboard.errors = ["sqlalchemy.exc.TimeoutError: QueuePool limit exceeded"]
    link_related(index.entries, cache=cache)
    with_cache = [list(entry.related) for entry in index.entries]
    link_related(index.entries)
    assert with_cache == [entry.related for entry in index.entries]
    assert dashboard.related != []
