"""The finder page's body: a form to paste an error into, and a live list of results.

The symptoms plugin writes this into the generated ``symptoms/finder.md`` and puts the
browser files (:data:`ASSETS` and :data:`fixbook.finder.data.DATA_SCRIPT`) beside it, which
is why the scripts are referenced by bare file name.

The markup is a Jinja template, ``fixbook/finder.html`` (:data:`TEMPLATES_DIR`), so that a site
can change it the way it changes Material's partials: a file of that name in the theme's
``custom_dir`` wins when the caller passes the theme's environment
(``config.theme.get_env()``).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import jinja2

from fixbook.finder.data import DATA_SCRIPT

#: The static files of the finder, to copy beside the finder page.
ASSETS_DIR = Path(str(files("fixbook.finder") / "assets"))
ASSETS = ("finder.js", "finder.css")
#: Where the page template lives (``fixbook/finder.html`` under it).
TEMPLATES_DIR = Path(str(files("fixbook.finder") / "templates"))
TEMPLATE = "fixbook/finder.html"

_HEADING = """\
# Find a fix by error message

Paste an error message, a stack trace or a few log lines. The entries that match are listed
below, best first; timestamps, hosts, ports, ids and paths in what you paste do not matter.
Share what you pasted with a link of the form `finder.html#q=...`: the part after `#` never
reaches a server.

"""


def finder_markdown(root: str = "..", env: jinja2.Environment | None = None) -> str:
    """The Markdown (with raw HTML) of the finder page; ``root`` is the site root from it.

    ``env``: the theme's Jinja environment; its ``fixbook/finder.html`` (from ``custom_dir``)
    replaces the packaged template when it has one.
    """
    template = _template(env)
    body = template.render(
        root=root, data_script=DATA_SCRIPT, script=ASSETS[0], stylesheet=ASSETS[1]
    )
    return _HEADING + body.strip() + "\n"


def _template(env: jinja2.Environment | None) -> jinja2.Template:
    if env is not None:
        try:
            return env.get_template(TEMPLATE)
        except jinja2.TemplateNotFound:
            pass
    packaged = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True, keep_trailing_newline=True
    )
    return packaged.get_template(TEMPLATE)
