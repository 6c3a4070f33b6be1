"""The Reference section of the site, generated from the code at build time so it cannot drift.

A page under ``docs/reference/`` holds a marker ``<!-- fixbook-reference: NAME -->``; the MkDocs
plugin ``fixbook-reference`` (:mod:`fixbook.reference.plugin`) replaces it with
the Markdown that :data:`RENDERERS` ``[NAME]`` builds from the code: the argparse parsers of
``fixbook`` (``cli``), the ``symptoms.json`` fields (``symptoms-json``), the block markers
(``markers``), ``[tool.fixbook]`` (``configuration``) and the ``Config`` classes of the plugins
(``plugin-options``) and the page model's dataclasses (``page-model``).
"""

from __future__ import annotations

from collections.abc import Callable

from .cli import cli_reference
from .configuration import configuration_reference
from .markers import markers_reference
from .page_model import page_model_reference
from .plugin_options import plugin_options_reference
from .schema import symptoms_json_reference

RENDERERS: dict[str, Callable[[], str]] = {
    "cli": cli_reference,
    "symptoms-json": symptoms_json_reference,
    "markers": markers_reference,
    "configuration": configuration_reference,
    "plugin-options": plugin_options_reference,
    "page-model": page_model_reference,
}
