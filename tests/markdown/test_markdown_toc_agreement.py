"""The page model's heading ids are the ones Python-Markdown's ``toc`` really gives.

Each page is rendered by Python-Markdown with the handbook's extensions, and the ids of the
rendered headings are compared with the page model's: one behaviour per page shape.
"""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path

import markdown
import pytest
from fixbook.markdown import MarkdownOptions, parse_page

EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tabbed",
]
PAGES = {
    "duplicates": "# Fix\n\n## Fix\n\n### Fix\n",
    "explicit id reserved first": "## Renamed\n\n## New title {#renamed}\n",
    "markup and entities": "## `KeyError` &amp; **bold** <em>tag</em>\n",
    "punctuation and unicode": "## Ça « marche » : 100% — vraiment?\n",
    "setext": "Title\n=====\n\nSub\n---\n",
    "heading in an admonition": "!!! note\n\n    ## Inside\n\n## After\n",
    "comment in a fence is no heading": "# T\n\n```bash\n# not a heading\n```\n",
    "tabs": '=== "Linux"\n\n    ## In a tab\n\n## Fix\n\n## Fix\n',
}


def rendered_ids(text: str) -> list[str]:
    out = markdown.Markdown(extensions=EXTENSIONS).convert(text)
    return [html.unescape(i) for i in re.findall(r'<h[1-6][^>]*\sid="([^"]+)"', out)]


@pytest.mark.parametrize("shape", sorted(PAGES))
def test_ids_agree_with_toc(shape: str, tmp_path: Path) -> None:
    text = textwrap.dedent(PAGES[shape])
    options = MarkdownOptions.from_markdown_config(EXTENSIONS, root=tmp_path)
    page = parse_page(tmp_path / "page.md", text, options)
    assert page.ids() == rendered_ids(text)
