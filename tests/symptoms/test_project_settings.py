"""``fixbook index`` reads the project through the one settings object, as the site does.

One configuration: the CLI takes ``mkdocs.yml`` from :mod:`fixbook.settings` (MkDocs' loader)
and reads pages with :meth:`MarkdownOptions.from_settings`, as pytest does; the plugin reads
them with MkDocs' own config. Both must give a heading the same id, also when the site's
slugify is a Python call written in ``mkdocs.yml``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import fixbook.settings
import pytest
from fixbook.cli import main
from mkdocs.commands.build import build
from mkdocs.config import load_config

# toc's default slugify drops the non-ASCII letters; pymdownx's keeps them, lower-cased.
MKDOCS_YML = """\
site_name: Slugs
use_directory_urls: false
markdown_extensions:
  - toc:
      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}
plugins:
  - symptoms:
      cache: false
"""

PAGE = """\
# Troubleshooting

## Ünïcode Fehler: Straße kaputt

`UnicodeDecodeError: 'utf-8' codec can't decode byte`

**Fix**

Save the file as UTF-8.
"""

SLUG = "ünïcode-fehler-straße-kaputt"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "troubleshooting.md").write_text(PAGE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def index_anchors(docs: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["index", "--json", str(docs)]) == 0, capsys.readouterr().err
    entries = json.loads(capsys.readouterr().out)["entries"]
    return [entry["url"].partition("#")[2] for entry in entries]


def test_a_slugify_written_as_a_python_call_gives_the_index_the_sites_ids(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert index_anchors(project / "docs", capsys) == [SLUG]


def test_the_site_gives_the_heading_the_id_the_index_links_to(project: Path) -> None:
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    html = (Path(config.site_dir) / "troubleshooting.html").read_text(encoding="utf-8")
    assert re.search(rf'<h2 id="{SLUG}"', html)


def test_fixbook_index_reads_mkdocs_yml_through_the_one_settings_reader(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[Path] = []
    reader = fixbook.settings.read_mkdocs_yml

    def counting(config_file: Path) -> dict[str, object]:
        read.append(config_file)
        return reader(config_file)

    monkeypatch.setattr(fixbook.settings, "read_mkdocs_yml", counting)
    assert index_anchors(project / "docs", capsys) == [SLUG]
    assert read == [project / "mkdocs.yml"]
