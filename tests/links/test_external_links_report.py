"""The ``external-links`` plugin lists every external link with the pages using it, in a
generated report page, without ever fetching one."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from fixbook.links.report import ExternalLink, SourcePage, render
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

GUIDE = """\
# Gateway

Read [the rate limits](https://api.example.com/limits) and
[RFC 6585](https://www.rfc-editor.org/rfc/rfc6585#section-4), or the [home page](index.md).
Mail [support](mailto:help@example.com).
"""
HOME = """\
# Home

Start with the [gateway](gateway.md); limits are [here](https://api.example.com/limits).
"""


def make_site(tmp_path: Path, plugin: str = "external-links", **pages: str) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in {"index.md": HOME, "gateway.md": GUIDE, **pages}.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text)
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Links\nuse_directory_urls: false\nplugins:\n  - {plugin}\n"
    )
    return tmp_path / "mkdocs.yml"


def build_strict(config_file: Path) -> Path:
    config = load_config(str(config_file), strict=True)
    build(config)
    return Path(config.site_dir)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection attempt fails the test: links are listed, never fetched."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the build opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def report_text(site: Path, path: str = "about/external-links.html") -> str:
    return (site / path).read_text()


def test_the_report_lists_each_external_link_once_with_every_page_using_it(
    tmp_path: Path, no_network: None
) -> None:
    site = build_strict(make_site(tmp_path))

    report = report_text(site)

    assert report.count('href="https://api.example.com/limits"') == 1
    row = report[report.index('href="https://api.example.com/limits"') :].split("</tr>")[0]
    assert 'href="../gateway.html">Gateway</a>' in row
    assert 'href="../index.html">Home</a>' in row
    assert 'href="https://www.rfc-editor.org/rfc/rfc6585#section-4"' in report


def test_the_report_groups_links_by_site(tmp_path: Path, no_network: None) -> None:
    site = build_strict(make_site(tmp_path))

    report = report_text(site)

    assert report.index('<h2 id="apiexamplecom">api.example.com') < report.index(
        '<h2 id="wwwrfc-editororg">www.rfc-editor.org'
    )
    assert "2 links to 2 sites." in report


def test_internal_and_mail_links_are_not_in_the_report(tmp_path: Path, no_network: None) -> None:
    site = build_strict(make_site(tmp_path))

    report = report_text(site)

    assert "mailto:" not in report
    assert "index.md" not in report


def test_a_site_without_external_links_gets_a_report_saying_so(tmp_path: Path) -> None:
    site = build_strict(
        make_site(tmp_path, **{"gateway.md": "# Gateway\n\nNo links.\n", "index.md": "# Home\n"})
    )

    assert "The handbook links to no other site." in report_text(site)


def test_the_report_page_can_live_elsewhere(tmp_path: Path) -> None:
    plugin = "external-links:\n      report_page: reference/links.md\n      report_title: Outside"
    site = build_strict(make_site(tmp_path, plugin=plugin))

    assert '<h1 id="outside">Outside' in report_text(site, "reference/links.html")


def test_a_docs_page_at_the_report_path_fails_the_strict_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config_file = make_site(tmp_path, **{"about/external-links.md": "# Mine\n"})

    with pytest.raises(Abort):
        build_strict(config_file)

    assert "about/external-links.md exists in the docs" in caplog.text


def test_link_text_and_urls_that_look_like_markdown_stay_literal() -> None:
    link = ExternalLink(
        "https://example.com/a|b_(c)*", [SourcePage("x/[y].md", "Use *this* | that")]
    )

    markdown = render([link], title="Links", report_uri="about/links.md")

    assert "[https://example.com/a\\|b\\_\\(c\\)\\*](<https://example.com/a%7Cb_(c)*>)" in markdown
    assert "[Use \\*this\\* \\| that \\(x\\)](<../x/[y].md>)" in markdown


def test_pages_in_a_guide_folder_are_named_with_their_guide(tmp_path: Path) -> None:
    help_page = "# Getting help\n\nWrite to [support](https://support.example.com/).\n"
    site = build_strict(make_site(tmp_path, **{"revrx/getting-help.md": help_page}))

    assert 'href="../revrx/getting-help.html">Getting help (revrx)</a>' in report_text(site)
