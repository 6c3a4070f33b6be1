"""The finder page's Markdown and the data script the symptoms plugin writes beside it."""

from __future__ import annotations

import json
import re

import jinja2
from fixbook.finder.data import DATA_SCRIPT, GLOBAL_NAME, finder_script
from fixbook.finder.index import (
    VERSION,
    build_data,
    decode_postings,
    encode_postings,
    implied_anchor,
)
from fixbook.finder.page import ASSETS, ASSETS_DIR, finder_markdown

from .conftest import entry
from .synthetic import entries as synthetic_entries

MAX_DATA_BYTES = 2_000_000  # for 12,000 entries


def test_page_has_a_heading_and_a_labelled_text_area() -> None:
    page = finder_markdown()
    assert page.startswith("# ")
    textarea_id = re.search(r'<textarea id="([^"]+)"', page)[1]
    assert f'<label class="fixbook-finder__label" for="{textarea_id}">' in page


def test_page_announces_results_and_explains_without_javascript() -> None:
    page = finder_markdown()
    assert re.search(r'<ol class="fixbook-finder__results"[^>]*aria-live="polite"', page)
    assert "<noscript>" in page


def test_page_loads_the_data_before_the_finder_script() -> None:
    page = finder_markdown()
    assert page.index(f'<script src="{DATA_SCRIPT}">') < page.index('<script src="finder.js">')


def test_page_tells_the_script_where_the_site_root_is() -> None:
    assert 'data-root=".."' in finder_markdown()
    assert 'data-root="."' in finder_markdown(root=".")


def test_assets_exist() -> None:
    assert all((ASSETS_DIR / name).is_file() for name in ASSETS)


def test_data_script_assigns_one_global_with_the_data() -> None:
    script = finder_script([entry("a/p/x", "X", errors=["boom happened here"])])
    prefix = f"window.{GLOBAL_NAME} = "
    assert script.startswith(prefix) and script.endswith(";\n")
    assert json.loads(script[len(prefix) : -2])["version"] == VERSION


def test_ids_and_anchors_that_the_url_implies_are_not_stored() -> None:
    data = build_data([entry("g/page/disk-full", "Disk full")])
    assert data["entries"] == [["Disk full", 0, 0, []]]
    assert data["pages"] == ["g/page.html"]


def test_ids_that_differ_from_the_url_are_stored() -> None:
    odd = {**entry("g/page/disk-full", "Disk full"), "url": "g/other.html#full"}
    assert build_data([odd])["entries"] == [["Disk full", 0, "full", [], "g/page/disk-full", "g"]]


def test_implied_anchor_is_the_toc_slug_of_ascii_titles() -> None:
    assert implied_anchor('"Authentication required" (401)') == "authentication-required-401"
    assert implied_anchor("`prestart` service fails — backend") is None


def test_data_for_12000_entries_stays_under_2_mb() -> None:
    size = len(finder_script(synthetic_entries(12000)).encode())
    print(f"\nfinder data for 12,000 synthetic entries: {size:,} bytes")
    assert size <= MAX_DATA_BYTES


def test_postings_round_trip_through_their_compact_digits() -> None:
    numbers = [0, 1, 2, 33, 1057, 1058, 200_000]
    assert encode_postings([3, 4, 40]) == "31B4"
    assert decode_postings(encode_postings(numbers)) == numbers


def test_a_theme_template_replaces_the_packaged_markup() -> None:
    theme = jinja2.Environment(
        loader=jinja2.DictLoader({"fixbook/finder.html": '<div data-fixbook-finder="{{ root }}">'})
    )
    page = finder_markdown(root="../..", env=theme)
    assert page.startswith("# ")
    assert '<div data-fixbook-finder="../..">' in page
    assert "<textarea" not in page


def test_a_theme_without_the_template_gets_the_packaged_one() -> None:
    page = finder_markdown(env=jinja2.Environment(loader=jinja2.DictLoader({})))
    assert "<textarea" in page


def test_the_root_is_escaped_in_the_markup() -> None:
    assert 'data-root="&#34;&gt;&lt;x"' in finder_markdown(root='"><x')


def test_data_made_again_after_an_edit_is_the_data_made_afresh(monkeypatch) -> None:
    """Analyses are kept for the process (serve rebuilds); an edited text is analysed anew."""
    import fixbook.finder.index as finder_index

    entries = synthetic_entries(60)
    build_data(entries)
    entries[3] = {**entries[3], "title": "Disk quota exceeded", "errors": ["ENOSPC: no space"]}
    kept = build_data(entries)
    monkeypatch.setattr(finder_index, "_ANALYSED", {})
    assert kept == build_data(entries)
    assert "Disk quota exceeded" in json.dumps(kept)
