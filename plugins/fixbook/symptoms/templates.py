"""The HTML the plugin writes comes from Jinja templates a site can override.

Like Material's partials: the defaults live in ``templates/fixbook/symptoms/`` beside this
module, appended last to the theme's search path, so a file of the same name in the theme's
``custom_dir`` (``overrides/fixbook/symptoms/related.html``) wins. The templates:

- ``index-list.html``: a list of a generated index page; ``items``: ``[{code, links}]``.
- ``related.html``: the "Same problem elsewhere" block; ``title``, ``groups``:
  ``[{label, links}]``.
- ``applies-to.html``: the "Applies to" box under a page's title; ``applies_to``:
  ``{name: version}``.
- ``alias.html``: the old anchor of a renamed entry; ``old_anchor``.
- ``moved.html``: notes for entries moved to another page; ``moved``:
  ``[{old_anchor, href, title, guide}]``.

A link is ``{href, title, guide}``. MkDocs' theme environment does not autoescape, so every
template escapes what it prints (``| e``): texts from the guides are shown, never interpreted.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from .twins import Twin, twin_for

TEMPLATES = Path(__file__).parent / "templates"
PREFIX = "fixbook/symptoms/"


class Templates:
    """Renders the plugin's templates from an environment (the theme's during a build)."""

    def __init__(self, env: jinja2.Environment | None = None) -> None:
        self.env = env or jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)), auto_reload=False
        )
        self._cache: dict[str, jinja2.Template] = {}
        self._twins: dict[str, Twin | None] = {}

    def render(self, name: str, **context: Any) -> str:
        template = self._cache.get(name)
        if template is None:
            template = self._cache[name] = self.env.get_template(PREFIX + name)
            self._twins[name] = twin_for(name, template, TEMPLATES / PREFIX / name)
        twin = self._twins[name]
        # Our own default file renders through its Python twin (twins.py): same output.
        return twin(**context) if twin is not None else template.render(**context)


DEFAULT = Templates()
