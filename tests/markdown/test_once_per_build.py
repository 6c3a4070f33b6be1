"""A page is parsed once per build: every Fixbook plugin gets its model from the same parse.

The ``symptoms`` plugin reads every page in ``on_files``; ``verified-snippets`` reads each one
again in ``on_page_markdown``. Both name the page by its absolute source path, parse the source
as MkDocs read it and use :meth:`MarkdownOptions.for_build`, so the page model's cache hands the
second reader the first one's parse. These tests count the parses the page model really does.
"""

from __future__ import annotations

import collections
import os
from pathlib import Path

import pytest
import yaml
from fixbook.markdown import MarkdownOptions, page
from fixbook.settings import load_settings
from mkdocs.commands.build import build
from mkdocs.config import load_config

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
ROOT = Path(__file__).resolve().parents[2]

TROUBLESHOOTING = """\
---
components: [api]
---
# Troubleshooting

## Connection refused on port 5432

```console
$ psql
psql: error: connection refused
```

**Fix**

```bash
--8<-- "start.sh"
```
"""

PLAIN = "# Plain page\n\nNo blocks.\n"
# Written with Windows newlines: MkDocs reads it in text mode, and so must every plugin.
WINDOWS = "# Windows page\r\n\r\n```python\r\nx = 1\r\n```\r\n"

MKDOCS_YML = {
    "site_name": "Once",
    "use_directory_urls": False,
    "markdown_extensions": [
        "admonition",
        "attr_list",
        {"toc": {"permalink": True}},
        {"pymdownx.snippets": {"base_path": ["snippets"], "check_paths": True}},
        "pymdownx.superfences",
    ],
    "plugins": ["search", {"symptoms": {"cache": False}}, "verified-snippets"],
}


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> collections.Counter[str]:
    """Every real (uncached) parse of the page model from now on, by path; the process
    cache starts empty so that earlier tests do not hide a parse."""
    counted: collections.Counter[str] = collections.Counter()
    parse = page._parse

    def counting(path: Path, text: str, options: MarkdownOptions) -> page.Page:
        counted[str(path)] += 1
        return parse(path, text, options)

    monkeypatch.setattr(page, "_parse", counting)
    monkeypatch.setattr(page, "_CACHE", collections.OrderedDict())
    return counted


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The project folder, current while a test runs: MkDocs builds from there, and
    ``pymdownx.snippets`` resolves ``base_path`` against it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build_site(root: Path, pages: dict[str, bytes]) -> None:
    """A small site with both plugins, built in this process (the cache is per process)."""
    for name, data in pages.items():
        (root / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / name).write_bytes(data)
    (root / "snippets").mkdir(exist_ok=True)
    (root / "snippets" / "start.sh").write_text("pg_ctl start\n")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(MKDOCS_YML))
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def test_each_page_of_a_site_with_both_plugins_is_parsed_once(
    project: Path, parses: collections.Counter[str]
) -> None:
    pages = {
        "api/troubleshooting.md": TROUBLESHOOTING.encode(),
        "index.md": PLAIN.encode(),
        "api/windows.md": WINDOWS.encode(),
    }
    build_site(project, pages)
    docs = (project / "docs").resolve()
    assert dict(parses) == {str(docs / name): 1 for name in pages}


def test_the_badges_of_a_page_with_front_matter_sit_under_their_blocks(
    project: Path, parses: collections.Counter[str]
) -> None:
    build_site(project, {"api/troubleshooting.md": TROUBLESHOOTING.encode()})
    html = (project / "site" / "api" / "troubleshooting.html").read_text()
    assert html.count('class="fixbook-badge ') == 2
    assert "data-fixbook-block" not in html  # every marker became a badge
    assert "components:" not in html  # the front matter stayed out of the page


def test_both_plugins_read_pages_with_equal_options(project: Path) -> None:
    """``for_build`` from MkDocs' config; pytest and the CLI from the one settings object."""
    build_site(project, {"index.md": PLAIN.encode()})
    config = load_config(str(project / "mkdocs.yml"))
    first, second = MarkdownOptions.for_build(config), MarkdownOptions.for_build(config)
    assert first.key() == second.key()
    assert MarkdownOptions.from_settings(load_settings(project)).key() == first.key()


@pytest.mark.skipif(
    os.environ.get("FIXBOOK_HANDBOOK_PARSES") != "1",
    reason="builds the whole handbook in-process (~20 s): set FIXBOOK_HANDBOOK_PARSES=1",
)
def test_each_handbook_page_is_parsed_once(
    tmp_path: Path, parses: collections.Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    # Extractions kept from an earlier build would spare the symptoms plugin its parse.
    config.plugins["symptoms"].config.cache = False
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    pages = {str(path.resolve()) for path in (ROOT / "docs").rglob("*.md")}
    assert dict(parses) == {path: 1 for path in pages}
