"""Reading the URLs of built HTML and CSS: what the report and the offline check rely on."""

from __future__ import annotations

from fixbook.links.references import css_references, html_references, is_external


def test_links_scripts_and_images_are_read_with_their_tag_attribute_and_line() -> None:
    html = '<p><a href="https://a.example/x">a</a>\n<img src="b.png" alt="b">\n<script src="c.js">'

    found = [(ref.url, ref.tag, ref.attribute, ref.line) for ref in html_references(html)]

    assert found == [
        ("https://a.example/x", "a", "href", 1),
        ("b.png", "img", "src", 2),
        ("c.js", "script", "src", 3),
    ]


def test_character_references_in_an_href_are_decoded() -> None:
    (reference,) = html_references('<a href="https://a.example/?q=1&amp;r=2">x</a>')

    assert reference.url == "https://a.example/?q=1&r=2"


def test_every_candidate_of_a_srcset_is_read() -> None:
    html = '<img alt="" srcset="small.png 1x, https://cdn.example/big.png 2x">'

    assert [ref.url for ref in html_references(html)] == [
        "small.png",
        "https://cdn.example/big.png",
    ]


def test_link_relations_are_kept_lower_case() -> None:
    (reference,) = html_references('<link rel="Preconnect DNS-Prefetch" href="https://f.example">')

    assert reference.rel == {"preconnect", "dns-prefetch"}


def test_css_in_style_elements_and_attributes_is_read() -> None:
    html = (
        "<style>\n@import 'https://fonts.example/css';\nb { background: url(x.png) }\n</style>\n"
        '<p style="background-image: url(&quot;https://img.example/y.png&quot;)">'
    )

    found = [(ref.url, ref.attribute, ref.line) for ref in html_references(html)]

    assert found == [
        ("https://fonts.example/css", "@import", 2),
        ("x.png", "url()", 3),
        ("https://img.example/y.png", "url()", 5),
    ]


def test_a_data_url_holding_a_namespace_url_is_one_data_url() -> None:
    css = "a{mask:url(\"data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg'/>\")}"

    (reference,) = css_references(css)

    assert reference.url.startswith("data:image/svg+xml")
    assert not is_external(reference.url)


def test_http_https_and_protocol_relative_urls_are_external() -> None:
    assert is_external("https://example.com/")
    assert is_external("HTTP://example.com/")
    assert is_external("//cdn.example.com/lib.js")


def test_relative_fragment_and_mail_urls_are_not_external() -> None:
    for url in ("page.html#a", "#top", "/abs/page.html", "mailto:x@example.com", "data:,x"):
        assert not is_external(url), url
