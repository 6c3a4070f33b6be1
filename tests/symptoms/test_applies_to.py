"""Entries carry the versions they apply to (guide, page, entry line), the page shows them, and
the HTML the plugin writes comes from templates a theme's custom_dir overrides."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from fixbook.symptoms.applies import parse_line
from fixbook.symptoms.index import assemble, default_config

from .conftest import Site, extract_md

GUIDE = "---\napplies_to:\n  product: app 1.2\n  PostgreSQL: 16\n---\n# App\n\nThe guide.\n"
PAGE = """
---
applies_to:
  postgresql: "17"
  redis: "7.2"
---
# Troubleshooting

## Too many connections

**Applies to:** postgresql: 15; pgbouncer: 1.22

**Symptoms**

- `FATAL: sorry, too many clients already`

**Fix**

1. Lower the pool size.

## Redis refuses writes

**Symptoms**

- `OOM command not allowed`

**Fix**

1. Raise `maxmemory`.
"""


def entries(*pages: tuple[str, str]) -> list[dict[str, object]]:
    index = assemble([extract_md(text, path=path) for path, text in pages], default_config())
    return index.to_json()["entries"]


def test_guide_then_page_then_entry_line_each_override_keys() -> None:
    found = entries(("app/index.md", GUIDE), ("app/faq.md", PAGE))
    assert [entry["applies_to"] for entry in found] == [
        {"product": "app 1.2", "postgresql": "15", "redis": "7.2", "pgbouncer": "1.22"},
        {"product": "app 1.2", "postgresql": "17", "redis": "7.2"},
    ]


def test_the_applies_to_line_is_not_part_of_the_entry_text() -> None:
    entry = entries(("app/faq.md", PAGE))[0]
    assert entry["symptoms"] == ["FATAL: sorry, too many clients already"]
    assert not any("pgbouncer" in text for text in entry["errors"])


def test_an_applies_to_line_without_pairs_is_reported_at_its_line() -> None:
    page = extract_md("# T\n\n## `Timeout`\n\nApplies to: every version\n\n**Fix**\n\nRetry.\n")
    assert [str(p) for p in page.problems] == [
        "guide/area.md:5: an 'Applies to:' line needs name: version pairs separated by ';'"
    ]


def test_applies_to_front_matter_that_is_no_mapping_is_reported() -> None:
    page = extract_md("---\napplies_to: [postgres]\n---\n# T\n\n## `Timeout`\n\nRetry.\n")
    assert [str(p) for p in page.problems] == [
        "guide/area.md:1: front matter `applies_to` must be a mapping of name: version"
    ]


def test_lines_parse_names_lower_case_and_versions_as_written() -> None:
    assert parse_line("Applies to: PostgreSQL: 16.4; docker compose: v2.29") == {
        "postgresql": "16.4",
        "docker compose": "v2.29",
    }
    assert parse_line("Applies to all versions") is None


def test_the_page_shows_an_applies_to_box(build_site: Callable[..., Site]) -> None:
    site = build_site({"app/index.md": GUIDE, "app/faq.md": PAGE}, strict=True)
    page = site.html("app/faq/index.html")
    box = page[page.index('<div class="admonition note fixbook-applies-to">') :]
    assert page.index("</h1>") < page.index("fixbook-applies-to")
    assert "<li><strong>postgresql</strong>: 17</li>" in box[: box.index("</div>")]
    document = json.loads((site.site / "symptoms.json").read_text(encoding="utf-8"))
    assert document["entries"][1]["applies_to"]["redis"] == "7.2"


def test_a_theme_custom_dir_overrides_a_template(
    build_site: Callable[..., Site], tmp_path: Path
) -> None:
    overrides = tmp_path / "overrides" / "fixbook" / "symptoms"
    overrides.mkdir(parents=True)
    (overrides / "related.html").write_text(
        '<aside class="see-also">{% for group in groups %}{% for link in group.links %}'
        '<a href="{{ link.href }}">{{ link.title | e }}</a>{% endfor %}{% endfor %}</aside>\n',
        encoding="utf-8",
    )
    one = "# A\n\n## `Connection refused`\n\n**Fix**\n\nStart the database.\n"
    two = "# B\n\n## `Connection refused`\n\n**Fix**\n\nStart Redis.\n"
    theme = {"name": "mkdocs", "custom_dir": "overrides"}
    site = build_site({"a/faq.md": one, "b/faq.md": two}, strict=True, theme=theme)
    page = site.html("a/faq/index.html")
    assert '<aside class="see-also"><a href="../../b/faq/#connection-refused">' in page
    assert "fixbook-related" not in page
    # the templates not overridden still come from the plugin
    assert "fixbook-index" in site.html("symptoms/by-symptom/index.html")
