"""Options of the ``external-links`` plugin."""

from __future__ import annotations

from mkdocs.config.base import Config
from mkdocs.config.config_options import ListOfItems, Type


class ExternalLinksConfig(Config):
    """``plugins: [external-links: {...}]`` in ``mkdocs.yml``; every option has a default."""

    enabled = Type(bool, default=True)
    """Turn the plugin off without removing it from ``mkdocs.yml``."""

    report_page = Type(str, default="about/external-links.md")
    """Where the generated report page lives, relative to ``docs_dir``. It is not added to the
    navigation (list it in ``nav`` to show it there); a page of that name in ``docs_dir`` is a
    warning (the report is then not generated)."""

    report_title = Type(str, default="External links")
    """Title of the report page."""

    schemes = ListOfItems(Type(str), default=["http", "https", "ftp"])
    """URL schemes that count as external; protocol-relative URLs (``//host/...``) always do."""
