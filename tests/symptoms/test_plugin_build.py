"""Building a small site with the plugin: index pages, related blocks, symptoms.json."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from .conftest import Site

ALPHA = """
---
components: [database]
---
# Database

## Connection Pool Exhausted

**Symptoms**

- Requests fail with `Cannot acquire connection from pool`.

**Cause**

The pool is too small.

**Fix**

1. Raise the pool size.

## Startup failures

| Symptom | Cause | Fix |
|---|---|---|
| `Connection refused` loop | DB not ready | Wait for it. |

!!! tip "Error: `FATAL: too many connections for role`"

    Close idle sessions.
"""
BETA = """
# Workers

## 429 Too Many Requests

**Symptoms**

- The API answers `429 Too Many Requests`.

**Fix**

Wait and retry.

## Connection pool exhausted

```text
sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached
```

**Fix**

Raise `pool_size`.
"""
DOCS = {"index.md": "# Home\n", "alpha/database.md": ALPHA, "beta/workers.md": BETA}
INDEX_PAGES = [
    "index",
    "finder",
    "by-symptom",
    "by-error",
    "by-http-status",
    "by-code",
    "by-component",
    "cross-guide",
]


def ids_of(page_html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', page_html))


def assert_every_url_resolves(site: Site, directory_urls: bool) -> dict:
    document = json.loads((site.site / "symptoms.json").read_text(encoding="utf-8"))
    assert document["entries"]
    for entry in document["entries"]:
        path, _, anchor = entry["url"].partition("#")
        assert anchor, entry
        page = path + "index.html" if directory_urls else path
        assert anchor in ids_of(site.html(page)), entry["url"]
    return document


def test_strict_build_writes_index_pages_related_blocks_and_symptoms_json(
    build_site: Callable[..., Site],
) -> None:
    site = build_site(
        DOCS,
        strict=True,
        theme={"name": "material"},
        use_directory_urls=False,
        markdown_extensions=["admonition", "attr_list", {"toc": {"permalink": True}}],
        nav=["index.md", {"Alpha": "alpha/database.md"}, {"Beta": "beta/workers.md"}],
    )
    assert site.warnings == []
    document = assert_every_url_resolves(site, directory_urls=False)
    by_title = {entry["title"]: entry for entry in document["entries"]}
    pool = by_title["Connection Pool Exhausted"]
    assert pool["related"] == ["beta/workers/connection-pool-exhausted"]
    assert (
        by_title["Connection refused loop"]["url"] == "alpha/database.html#connection-refused-loop"
    )
    assert '<tr id="connection-refused-loop">' in site.html("alpha/database.html")
    tip = by_title["FATAL: too many connections for role"]
    assert tip["url"] == "alpha/database.html#error-fatal-too-many-connections-for-role"
    assert '<div class="admonition tip" id="error-fatal-too-many-connections-for-role">' in (
        site.html("alpha/database.html")
    )

    alpha = site.html("alpha/database.html")
    block = alpha[alpha.index('<p class="admonition-title">Same problem elsewhere</p>') :]
    assert 'href="../beta/workers.html#connection-pool-exhausted"' in block.split("</div>")[0]
    assert alpha.index("Same problem elsewhere") < alpha.index('id="startup-failures"')

    for name in INDEX_PAGES:
        assert (site.site / "symptoms" / f"{name}.html").exists(), name
    by_error = site.html("symptoms/by-error.html")
    assert "<code>Cannot acquire connection from pool</code>" in by_error
    assert 'href="../alpha/database.html#connection-pool-exhausted"' in by_error
    by_status = site.html("symptoms/by-http-status.html")
    assert 'id="429-too-many-requests">429 Too Many Requests<' in by_status
    assert 'href="../beta/workers.html#429-too-many-requests"' in by_status
    assert 'href="../alpha/database.html#connection-refused-loop"' in site.html(
        "symptoms/by-symptom.html"
    )
    assert 'id="database">database<' in site.html("symptoms/by-component.html")
    cross = site.html("symptoms/cross-guide.html")
    assert "../alpha/database.html#connection-pool-exhausted" in cross
    assert "../beta/workers.html#connection-pool-exhausted" in cross
    assert "Symptom index" in site.html("index.html")  # the nav section


def test_finder_page_loads_its_scripts_from_beside_it(build_site: Callable[..., Site]) -> None:
    site = build_site(DOCS, use_directory_urls=False)
    finder = site.html("symptoms/finder.html")
    for name in ("finder.js", "finder.css", "finder-data.js"):
        assert (site.site / "symptoms" / name).exists(), name
    assert '<script src="finder-data.js">' in finder
    data = (site.site / "symptoms" / "finder-data.js").read_text(encoding="utf-8")
    assert "Connection Pool Exhausted" in data


def test_bare_config_with_directory_urls_uses_the_pages_urls(
    build_site: Callable[..., Site],
) -> None:
    site = build_site(DOCS)  # plugins: [search, symptoms], theme mkdocs, use_directory_urls
    document = assert_every_url_resolves(site, directory_urls=True)
    urls = {entry["url"] for entry in document["entries"]}
    assert "alpha/database/#connection-pool-exhausted" in urls
    assert (site.site / "symptoms" / "finder" / "finder-data.js").exists()
    finder = site.html("symptoms/finder/index.html")
    assert 'data-root="../.."' in finder
    by_symptom = site.html("symptoms/by-symptom/index.html")
    assert 'href="../../alpha/database/#connection-pool-exhausted"' in by_symptom
    related = site.html("alpha/database/index.html")
    assert '<p class="admonition-title">Same problem elsewhere</p>' in related
    assert 'href="../../beta/workers/#connection-pool-exhausted"' in related


def test_strict_build_fails_on_an_entry_without_fix(build_site: Callable[..., Site]) -> None:
    docs = {"troubleshooting.md": "# G\n\n## `Gateway latency spikes`\n\n**Symptoms**\n\n- slow\n"}
    with pytest.raises(Abort):
        build_site(docs, strict=True)


def test_warnings_name_path_and_line(build_site: Callable[..., Site]) -> None:
    page = "---\ncomponents: [gatway]\n---\n# G\n\n## `Gateway latency spikes`\n\n**Symptoms**\n"
    docs = {"troubleshooting.md": page + "\n- slow\n"}
    site = build_site(docs, plugins=["search", {"symptoms": {"components": ["gateway"]}}])
    no_fix = "entry 'Gateway latency spikes' has no fix: add a **Fix** label with the steps"
    assert f"symptoms: troubleshooting.md:6: {no_fix}" in site.warnings
    assert any(
        w.startswith("symptoms: troubleshooting.md:6: component 'gatway'") for w in site.warnings
    )


def test_anchor_on_another_heading_in_the_rendered_page_is_reported(
    build_site: Callable[..., Site],
) -> None:
    # Python-Markdown reads "#Tïmeout" as a heading (id "timeout"), CommonMark does not: the
    # entry's computed "timeout" is the id of that other heading in the rendered page.
    docs = {"faq.md": "#Tïmeout\n\n## `Timeout`\n\nRetry.\n"}
    site = build_site(docs)
    assert any(
        "faq.md:3: anchor '#timeout' of entry 'Timeout' is the id of another heading" in w
        for w in site.warnings
    ), site.warnings


def test_two_builds_with_one_plugin_instance_give_the_same_site(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for path, text in DOCS.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text.lstrip("\n"), encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\nuse_directory_urls: false\nplugins: [search, symptoms]\n"
        "nav: [index.md, alpha/database.md, beta/workers.md]\n",
        encoding="utf-8",
    )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    outputs = []
    for _ in range(2):
        config.plugins.run_event("config", config)
        build(config)
        outputs.append((tmp_path / "site" / "symptoms.json").read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    entries = json.loads(outputs[1])["entries"]
    assert len(entries) == len({entry["id"] for entry in entries}) == 4  # no admonition ext
    assert sum(1 for item in config.nav if isinstance(item, dict) and "Symptom index" in item) == 1
    assert urlsplit(entries[0]["url"]).fragment


def test_links_of_the_generated_lists_go_through_mkdocs_anchor_validation(
    build_site: Callable[..., Site],
) -> None:
    # CommonMark lets a table interrupt a paragraph, Python-Markdown does not: the row entry
    # has no `<tr>` to carry its anchor, and MkDocs itself reports the links to it.
    table = "| Error | Fix |\n|---|---|\n| `Boom` | Restart |\n"
    docs = {"guide.md": "# G\n\n## Errors\nSee below.\n" + table}
    site = build_site(docs, validation={"anchors": "warn"})
    assert (
        "symptoms: guide.md:7: table row of entry 'Errors: Boom' not found in the rendered page"
    ) in site.warnings
    assert any(
        "Doc file 'symptoms/by-symptom.md' contains a link 'guide.md#boom'" in warning
        and "does not contain an anchor '#boom'" in warning
        for warning in site.warnings
    ), site.warnings


def test_a_rebuild_extracts_only_the_pages_that_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fixbook.symptoms.plugin as plugin_module

    calls: list[str] = []
    real_extract = plugin_module.extract

    def counting_extract(source: str, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs["path"])
        return real_extract(source, **kwargs)

    monkeypatch.setattr(plugin_module, "extract", counting_extract)
    docs = tmp_path / "docs"
    for path, text in DOCS.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text.lstrip("\n"), encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: T\nplugins: [search, symptoms]\n")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    config.plugins.run_event("config", config)
    build(config)
    assert sorted(calls) == ["alpha/database.md", "beta/workers.md", "index.md"]
    calls.clear()
    (docs / "beta" / "workers.md").write_text(BETA.replace("Wait and retry", "Back off"))
    config.plugins.run_event("config", config)
    build(config)
    assert calls == ["beta/workers.md"]


def test_related_block_stays_above_the_rule_that_closes_the_section(
    build_site: Callable[..., Site],
) -> None:
    one = "# A\n\n## `Connection refused`\n\n- Start the database.\n\n---\n\n## Other\n\nText.\n"
    two = "# B\n\n## `Connection refused`\n\n- Start Redis.\n"
    everything = {"symptoms": {"include": ["*"]}}  # not named or shaped as troubleshooting
    site = build_site({"a.md": one, "b.md": two}, plugins=["search", everything])
    page = site.html("a/index.html")
    assert page.index("Same problem elsewhere") < page.index("<hr />") < page.index('id="other"')
