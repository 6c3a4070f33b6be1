"""The offline check finds what a built page would fetch from another host, and only that."""

from __future__ import annotations

from pathlib import Path

from fixbook.links.remote_assets import (
    remote_in_css,
    remote_in_html,
    remote_in_javascript,
    scan_site,
)


def test_a_remote_script_stylesheet_image_and_font_preconnect_are_found() -> None:
    html = """<head>
<script src="https://unpkg.com/iframe-worker/shim"></script>
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
<link rel="preconnect" href="https://fonts.gstatic.com" crossorigin>
</head><body><img alt="logo" src="//cdn.example.com/logo.png"></body>"""

    found = list(remote_in_html(html))

    assert found == [
        (2, "https://unpkg.com/iframe-worker/shim", "script src"),
        (3, "https://fonts.googleapis.com/css?family=Roboto", "link href"),
        (4, "https://fonts.gstatic.com", "link href"),
        (5, "//cdn.example.com/logo.png", "img src"),
    ]


def test_links_a_reader_follows_are_not_fetches() -> None:
    html = """<link rel="canonical" href="https://fixbook.example/">
<a href="https://www.postgresql.org/docs/">docs</a>
<form action="https://search.example/"></form>"""

    assert list(remote_in_html(html)) == []


def test_local_assets_are_not_remote() -> None:
    html = '<script src="../assets/vendor/iframe-worker/shim.js"></script><img alt="" src="a.png">'

    assert list(remote_in_html(html)) == []


def test_remote_fonts_and_imports_in_css_are_found() -> None:
    css = (
        '@import "https://fonts.example/a.css";\n@font-face{src:url(https://fonts.example/r.woff2)}'
    )

    assert [(line, url) for line, url, _ in remote_in_css(css)] == [
        (1, "https://fonts.example/a.css"),
        (2, "https://fonts.example/r.woff2"),
    ]


def test_literal_remote_script_imports_are_found_and_mere_url_strings_are_not() -> None:
    script = 'importScripts("https://cdn.example/lunr.js");\nconst docs = "https://example.com";'

    assert [(line, url) for line, url, _ in remote_in_javascript(script)] == [
        (1, "https://cdn.example/lunr.js")
    ]


def test_scanning_a_site_names_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "page.html").write_text(
        '<p>x</p>\n<img alt="" src="https://x.example/a.png">'
    )
    (tmp_path / "style.css").write_text("b{}")

    (asset,) = scan_site(tmp_path)

    assert str(asset) == "guide/page.html:2: img src https://x.example/a.png"
