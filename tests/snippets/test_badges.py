"""The ``verified-snippets`` MkDocs plugin: a badge from the results file under each code block."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import session_share

MKDOCS_YML = """\
site_name: Badges
use_directory_urls: false
theme: {name: material}
markdown_extensions:
  - admonition
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tabbed: {alternate_style: true}
  - pymdownx.snippets: {base_path: [snippets], check_paths: true}
plugins:
  - verified-snippets
"""

PAGE = """\
# Page

```python
x = 1
```

!!! note "In an admonition"

    ```yaml
    a: 1
    ```

=== "Tab"

    <!-- fixbook: expect-error message="ZeroDivisionError" -->
    ```python
    1 / 0
    ```

1. A step:

    <!-- fixbook: skip reason="needs a GPU" -->
    ```bash
    nvidia-smi
    ```

    <!-- invisible-code-block: python
    # a comment that would become a heading

    inside_list = True
    -->

```python
--8<-- "app.py"
```

<!-- invisible-code-block: python
hidden = True
-->

```text
output line
```

## Broken

```python
assert x == 2, "x is not 2"
```
"""


def build(root: Path, *, check: bool) -> str:
    """Build the fixture site (after ``fixbook check`` wrote its results, when ``check``)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if check:
        done = subprocess.run(
            [sys.executable, "-m", "fixbook.cli", "check", "docs"],
            cwd=root, env=env, capture_output=True, text=True, check=False, timeout=300,
        )  # fmt: skip
        assert done.returncode == 1, done.stdout + done.stderr  # the "Broken" block fails
        assert (root / ".fixbook" / "results.json").is_file()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root / "site")],
        cwd=root, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    assert (root / "site" / "assets" / "fixbook" / "verified-snippets.css").is_file()
    return (root / "site" / "index.html").read_text()


def make_site(root: Path, mkdocs_yml: str = MKDOCS_YML) -> Path:
    (root / "mkdocs.yml").write_text(mkdocs_yml)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(PAGE)
    (root / "snippets").mkdir()
    (root / "snippets" / "app.py").write_text("y = 2\n")
    return root


@pytest.fixture(scope="module")
def page_html() -> str:
    """The fixture site checked and built once per run, shared by the xdist workers."""
    made = session_share.once(
        "badges-page", lambda root: {"html": build(make_site(root), check=True)}
    )
    return str(made["html"])


BADGE = re.compile(
    r'<p class="fixbook-badge fixbook-badge--(?P<result>[\w-]+) fixbook-badge--(?P<mode>[\w-]+)"'
    r' data-fixbook-result="(?P=result)" title="[^"]*">'
    r'<span class="fixbook-badge__label">(?P<label>[^<]*)<'
)


def badges(html: str) -> list[tuple[str, str]]:
    return [(m["result"], m["label"]) for m in BADGE.finditer(html)]


def test_every_visible_block_gets_the_badge_of_its_result_in_order(page_html: str) -> None:
    found = badges(page_html)
    assert [result for result, _ in found] == [
        "passed",
        "passed",
        "passed",
        "not-verified",
        "passed",
        "not-verified",
        "failed",
    ]


def test_a_passed_block_says_what_it_ran_against_and_when(page_html: str) -> None:
    _, label = badges(page_html)[0]
    python = sys.version.split()[0]
    assert re.fullmatch(rf"ran · Python {re.escape(python)} · \d{{4}}-\d\d-\d\d", label)


def test_a_failing_block_says_failed_and_why_never_with_a_check_mark(page_html: str) -> None:
    result, label = badges(page_html)[-1]
    assert (result, label) == ("failed", "failed: AssertionError: x is not 2")
    css = Path(fixbook_css()).read_text()
    check_mark_rules = [rule for rule in css.split("}") if "\\2713" in rule]
    assert check_mark_rules and all("--passed" in rule for rule in check_mark_rules)


def fixbook_css() -> str:
    from fixbook.samples.badges.plugin import STYLESHEET

    return str(STYLESHEET)


def test_a_skipped_block_is_not_verified_with_its_reason(page_html: str) -> None:
    assert ("not-verified", "not verified: needs a GPU") in badges(page_html)


def test_an_output_block_is_an_illustration_not_a_verified_sample(page_html: str) -> None:
    assert ("not-verified", "illustration: not compared") in badges(page_html)


def test_without_results_every_badge_says_not_verified_in_this_build(
    tmp_path: Path,
) -> None:
    found = badges(build(make_site(tmp_path), check=False))
    assert found == [("unknown", "not verified in this build")] * 7


def test_a_block_changed_since_it_was_verified_is_not_verified_in_this_build(
    tmp_path: Path,
) -> None:
    root = make_site(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "fixbook.cli", "check", "docs"],
        cwd=root, env=env, capture_output=True, check=False, timeout=300,
    )  # fmt: skip
    page = root / "docs" / "index.md"
    page.write_text(page.read_text().replace("x = 1", "x = 10"))
    assert badges(build(root, check=False))[0] == ("unknown", "not verified in this build")


def test_a_theme_overrides_the_badge_template_from_its_custom_dir(tmp_path: Path) -> None:
    yml = MKDOCS_YML.replace(
        "theme: {name: material}", "theme: {name: material, custom_dir: overrides}"
    )
    root = make_site(tmp_path, yml)
    (root / "overrides" / "fixbook").mkdir(parents=True)
    (root / "overrides" / "fixbook" / "badge.html").write_text(
        '<div class="my-badge" data-fixbook-result="{{ badge.result }}">{{ badge.label }}</div>'
    )
    html = build(root, check=False)
    assert html.count('<div class="my-badge" data-fixbook-result="unknown">') == 7


def test_entries_can_show_when_their_samples_were_last_verified(tmp_path: Path) -> None:
    yml = MKDOCS_YML.replace(
        "  - verified-snippets", "  - verified-snippets: {last_verified: true}"
    )
    html = build(make_site(tmp_path, yml), check=True)
    assert re.search(
        r'<h2 id="broken">.*?</h2><p class="fixbook-last-verified" data-fixbook-last-verified="'
        r'\d{4}-\d\d-\d\dT[\d:]+Z">Samples last verified \d{4}-\d\d-\d\d</p>',
        html,
        re.DOTALL,
    )


def between(html: str, start: str, end: str) -> str:
    first = html.index(start)
    return html[first : html.index(end, first)]


def test_badge_follows_its_code_block_inside_admonitions_tabs_and_lists(page_html: str) -> None:
    assert "fixbook-badge--check" in between(
        page_html, 'class="admonition note"', 'class="tabbed-set'
    )
    assert "fixbook-badge--expect-error" in between(page_html, 'class="tabbed-block"', "<ol>")
    assert "not verified: needs a GPU" in between(page_html, "<li>", "</li>")


def test_marker_comments_are_dropped_so_code_blocks_are_not_wrapped_in_paragraphs(
    page_html: str,
) -> None:
    assert "fixbook: skip" not in page_html
    assert '<p><div class="highlight">' not in page_html


def test_a_checked_block_says_how_it_is_checked_and_why_it_is_not_run(page_html: str) -> None:
    assert "checked: parsed as yaml" in page_html
    assert "there is nothing to execute" in page_html


def test_hidden_blocks_do_not_reach_the_page_even_inside_list_items(page_html: str) -> None:
    assert "invisible-code-block" not in page_html
    assert "inside_list" not in page_html
    assert "hidden = True" not in page_html


def test_no_marker_is_left_in_the_page(page_html: str) -> None:
    assert "fixbook-badge-marker" not in page_html


def test_stylesheet_is_linked(page_html: str) -> None:
    assert "assets/fixbook/verified-snippets.css" in page_html
