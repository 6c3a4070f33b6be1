"""The ``verified-snippets`` MkDocs plugin puts a badge under each rendered code block."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

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
"""


@pytest.fixture(scope="module")
def page_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("site")
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(PAGE)
    (root / "snippets").mkdir()
    (root / "snippets" / "app.py").write_text("y = 2\n")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root / "site")],
        cwd=root, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    assert (root / "site" / "assets" / "fixbook" / "verified-snippets.css").is_file()
    return (root / "site" / "index.html").read_text()


def badges(html: str) -> list[str]:
    label = r'class="fixbook-badge fixbook-badge--[\w-]+"[^>]*>'
    return re.findall(label + r'<span class="fixbook-badge__label">([^<]*)<', html)


def test_every_visible_block_gets_its_badge_in_order(page_html: str) -> None:
    assert badges(page_html) == [
        "ran",
        "checked: parsed as yaml",
        "expected error",
        "skipped: needs a GPU",
        "ran",
        "output",
    ]


def between(html: str, start: str, end: str) -> str:
    first = html.index(start)
    return html[first : html.index(end, first)]


def test_badge_follows_its_code_block_inside_admonitions_tabs_and_lists(page_html: str) -> None:
    assert "fixbook-badge--check" in between(
        page_html, 'class="admonition note"', 'class="tabbed-set'
    )
    assert "fixbook-badge--expect-error" in between(page_html, 'class="tabbed-block"', "<ol>")
    assert "skipped: needs a GPU" in between(page_html, "<li>", "</li>")


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
