"""The extraction cache: a rebuild reuses what it stored, and never serves a stale entry."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from pathlib import Path

import fixbook.symptoms.plugin as plugin_module
import pytest
from fixbook.symptoms.cache import FILE_NAME, ExtractionCache
from fixbook.symptoms.model import PageEntries

from .conftest import Site

PAGE = """
# Workers

## {title}

**Symptoms**

- Jobs fail with `{error}`.

**Fix**

1. Restart the worker.
"""
SNIPPET_PAGE = """
# Queue

## Backlog grows

**Symptoms**

--8<-- "symptom.md"

**Fix**

1. Add workers.
"""


def docs(title: str = "Worker stuck", error: str = "worker lost") -> dict[str, str]:
    return {
        "index.md": "# Home\n",
        "alpha/workers.md": PAGE.format(title=title, error=error),
        "beta/workers.md": PAGE.format(title="Worker stuck too", error="worker gone"),
    }


def titles(site: Site) -> set[str]:
    index = json.loads((site.site / "symptoms.json").read_text(encoding="utf-8"))
    return {entry["title"] for entry in index["entries"]}


def errors(site: Site) -> set[str]:
    index = json.loads((site.site / "symptoms.json").read_text(encoding="utf-8"))
    return {error for entry in index["entries"] for error in entry["errors"]}


@pytest.fixture
def extractions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages the plugin extracts (rather than takes from the cache), in order."""
    seen: list[str] = []
    real = plugin_module.extract

    def counting(source: str, **options: object) -> PageEntries:
        seen.append(str(options["path"]))
        return real(source, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(plugin_module, "extract", counting)
    return seen


def test_a_rebuild_extracts_no_unchanged_page(
    build_site: Callable[..., Site], extractions: list[str]
) -> None:
    first = build_site(docs())
    assert sorted(extractions) == ["alpha/workers.md", "beta/workers.md", "index.md"]
    extractions.clear()
    second = build_site(docs())
    assert extractions == []
    assert titles(second) == titles(first) == {"Worker stuck", "Worker stuck too"}
    assert (first.root / ".cache" / "plugin" / "symptoms" / FILE_NAME).is_file()


def test_an_edited_title_is_extracted_again_and_indexed(
    build_site: Callable[..., Site], extractions: list[str]
) -> None:
    build_site(docs())
    extractions.clear()
    site = build_site(docs(title="Worker hangs"))
    assert extractions == ["alpha/workers.md"]
    assert titles(site) == {"Worker hangs", "Worker stuck too"}
    assert 'id="worker-hangs"' in site.html("alpha/workers/index.html")


def test_an_edited_snippet_is_read_again_by_the_pages_that_include_it(
    build_site: Callable[..., Site], extractions: list[str]
) -> None:
    def build() -> Site:
        # The snippet lives outside docs/, as snippets/ does in the handbook.
        return build_site(
            {"index.md": "# Home\n", "ops/queue.md": SNIPPET_PAGE},
            markdown_extensions=[{"pymdownx.snippets": {"base_path": [str(base)]}}],
        )

    base = build_site({"index.md": "# Home\n"}).root / "snippets"
    base.mkdir()
    (base / "symptom.md").write_text("- Jobs fail with `backlog over 1000`.\n")
    assert "backlog over 1000" in errors(build())
    extractions.clear()
    (base / "symptom.md").write_text("- Jobs fail with `backlog over 5000`.\n")
    site = build()
    assert extractions == ["ops/queue.md"]
    assert errors(site) == {"backlog over 5000"}


def test_a_damaged_cache_file_is_ignored(build_site: Callable[..., Site]) -> None:
    first = build_site(docs())
    (first.root / ".cache" / "plugin" / "symptoms" / FILE_NAME).write_bytes(b"not a pickle")
    assert titles(build_site(docs())) == {"Worker stuck", "Worker stuck too"}


def test_cache_false_writes_no_cache(build_site: Callable[..., Site]) -> None:
    site = build_site(docs(), plugins=["search", {"symptoms": {"cache": False}}])
    assert titles(site) == {"Worker stuck", "Worker stuck too"}
    assert not (site.root / ".cache").exists()


def test_a_stored_result_comes_back_as_a_fresh_copy(tmp_path: Path) -> None:
    """The index changes entries while it assembles them; a reused result must not carry that."""
    cache = ExtractionCache(tmp_path)
    page = PageEntries("a.md")
    cache.put("key", page)
    cache.save()
    again = ExtractionCache(tmp_path)
    again.begin()
    first, second = again.get("key"), again.get("key")
    assert first == page and second == page
    assert first is not second
    assert pickle.loads((tmp_path / FILE_NAME).read_bytes())[1].keys() == {"key"}


@pytest.fixture
def finder_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many entries each build that makes the finder data anew makes it from."""
    made: list[int] = []
    real = plugin_module.finder_script

    def counting(entries: list[dict]) -> str:
        made.append(len(entries))
        return real(entries)

    monkeypatch.setattr(plugin_module, "finder_script", counting)
    return made


def finder_data(site: Site) -> str:
    (data,) = site.site.glob("symptoms/**/finder-data.js")
    return data.read_text(encoding="utf-8")


def test_a_rebuild_with_the_same_entries_reuses_the_finder_data(
    build_site: Callable[..., Site], finder_builds: list[int]
) -> None:
    first = finder_data(build_site(docs()))
    second = finder_data(build_site(docs()))
    assert finder_builds == [2]
    assert second == first


def test_an_edited_entry_makes_the_finder_data_anew(
    build_site: Callable[..., Site], finder_builds: list[int]
) -> None:
    build_site(docs())
    site = build_site(docs(title="Worker hangs"))
    assert finder_builds == [2, 2]
    assert "Worker hangs" in finder_data(site)
    assert 'Worker stuck"' not in finder_data(site)


def test_a_derived_result_is_kept_while_its_inputs_are_the_same(tmp_path: Path) -> None:
    calls: list[list[str]] = []

    def compute(inputs: list[str]) -> str:
        calls.append(inputs)
        return "|".join(inputs)

    assert ExtractionCache(tmp_path).derived("joined", ["a", "b"], compute) == "a|b"
    again = ExtractionCache(tmp_path)  # the next build: from the file
    assert again.derived("joined", ["a", "b"], compute) == "a|b"
    assert again.derived("joined", ["a", "c"], compute) == "a|c"
    assert again.derived("joined", ["a", "c"], compute) == "a|c"  # from memory (serve)
    assert calls == [["a", "b"], ["a", "c"]]


def test_a_derived_result_of_other_code_is_not_used(tmp_path: Path) -> None:
    ExtractionCache(tmp_path).derived("joined", ["a"], lambda inputs: "old code")
    (file,) = tmp_path.glob("derived-joined.pickle")
    file.write_bytes(pickle.dumps(("another version", *pickle.loads(file.read_bytes())[1:])))
    assert ExtractionCache(tmp_path).derived("joined", ["a"], lambda inputs: "new") == "new"


def test_without_a_folder_derived_results_stay_in_memory(tmp_path: Path) -> None:
    cache = ExtractionCache(None)
    assert cache.derived("joined", ["a"], lambda inputs: "x") == "x"
    assert cache.derived("joined", ["a"], lambda inputs: "y") == "x"
    assert ExtractionCache(None).derived("joined", ["a"], lambda inputs: "z") == "z"
