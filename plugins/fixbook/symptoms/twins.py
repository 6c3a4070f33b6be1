"""Python twins of the default templates rendered once per entry or list.

A build renders ``related.html`` once per entry with related entries and ``index-list.html``
for every list of the index pages: about 1,200 and 50,000 loop turns at 200 pages, where
Jinja's per-turn cost (loop context, attribute lookup, the ``e`` filter) was most of the
plugin's HTML time. While the theme uses our own file, unchanged, in an environment that
renders it plainly, a twin writes the same characters directly; a ``custom_dir`` override
(or an unusual environment) is rendered by Jinja as before. ``tests/symptoms/test_twins.py``
holds each twin to its template's output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

Twin = Callable[..., str]


def _link(link: Mapping[str, Any]) -> str:
    e = markupsafe.escape
    return f'<a href="{e(link["href"])}">{e(link["title"])}</a> · {e(link["guide"])}'


def related(*, title: Any, groups: Iterable[Mapping[str, Any]]) -> str:
    """``related.html``: the "Same problem elsewhere" block."""
    lines = [
        '<div class="admonition info fixbook-related">',
        f'<p class="admonition-title">{markupsafe.escape(title)}</p>',
        "<ul>",
    ]
    for group in groups:
        label = group.get("label")
        if label:
            links = ", ".join(_link(link) for link in group["links"])
            lines.append(f"<li><strong>{markupsafe.escape(label)}</strong>: {links}</li>")
        else:
            lines += [f"<li>{_link(link)}</li>" for link in group["links"]]
    lines += ["</ul>", "</div>"]
    return "\n".join(lines)


def index_list(*, items: Iterable[Mapping[str, Any]]) -> str:
    """``index-list.html``: one list of a generated index page."""
    lines = ['<ul class="fixbook-index">']
    for item in items:
        code = item.get("code")
        head = f"<code>{markupsafe.escape(code)}</code> &mdash; " if code else ""
        lines.append(f"<li>{head}{'; '.join(_link(link) for link in item['links'])}</li>")
    lines.append("</ul>")
    return "\n".join(lines)


TWINS: dict[str, Twin] = {"related.html": related, "index-list.html": index_list}


def _renders_plainly(env: jinja2.Environment) -> bool:
    """The settings our templates' output depends on are Jinja's defaults (MkDocs' are)."""
    return (
        not env.autoescape
        and env.finalize is None
        and not env.trim_blocks
        and not env.lstrip_blocks
        and not env.keep_trailing_newline
        and env.filters.get("e") is markupsafe.escape
        and env.getattr.__func__ is jinja2.Environment.getattr  # type: ignore[attr-defined]
    )


def twin_for(name: str, template: jinja2.Template, default: Path) -> Twin | None:
    """The twin of ``name`` when ``template`` is our unchanged default file (``default``)
    in a plain environment; None otherwise."""
    twin = TWINS.get(name)
    if twin is None or template.filename is None:
        return None
    try:
        if Path(template.filename).resolve() != default.resolve():
            return None
    except OSError:
        return None
    return twin if _renders_plainly(template.environment) else None
