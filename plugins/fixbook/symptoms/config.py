"""Typed options of the ``symptoms`` plugin; every option has a default so that a bare
``plugins: [search, symptoms]`` indexes any docs folder (the README lists them in a table)."""

from __future__ import annotations

from mkdocs.config.base import Config
from mkdocs.config.config_options import ListOfItems, Type


class SymptomsConfig(Config):
    """Options of the ``symptoms`` plugin."""

    enabled = Type(bool, default=True)
    """Turn the plugin off (e.g. ``enabled: !ENV [FIXBOOK_SYMPTOMS, true]``) without removing it."""

    components = ListOfItems(Type(str), default=[])
    """Allowed component tags; a page tagging one outside the list gets a warning. ``[]``: any."""

    include = ListOfItems(Type(str), default=[])
    """Glob patterns of source paths (relative to docs_dir) that are troubleshooting pages
    whatever their name or shape (``exclude`` still wins). Other pages are indexed when they
    look like troubleshooting pages (``pagekind.py``)."""

    exclude = ListOfItems(Type(str), default=[])
    """Glob patterns of source paths (relative to docs_dir) that hold no entries."""

    published_ids = Type(str, default="")
    """The committed list of published entry ids, relative to ``mkdocs.yml``; a published id
    that vanished without an alias fails the strict build. ``""``: ``published-ids.txt`` when
    that file exists, else no check."""

    index_dir = Type(str, default="symptoms")
    """Folder (in the site) of the generated index pages and the finder page."""

    nav_section = Type(str, default="Symptom index")
    """Title of the nav section that holds the index pages when ``mkdocs.yml`` has an explicit
    ``nav`` (see ``add_to_nav``)."""

    add_to_nav = Type(bool, default=True)
    """Append the index pages to an explicit ``nav`` (without an explicit nav MkDocs lists them)."""

    export_file = Type(str, default="symptoms.json")
    """Name of the JSON export at the site root."""

    finder = Type(bool, default=True)
    """Generate the offline finder page (``<index_dir>/finder.md``) and its scripts."""

    related_threshold = Type(float, default=0.33)
    """Minimum similarity (0..1) for two entries of different guides to be "the same problem"."""

    related_limit = Type(int, default=5)
    """At most this many related entries per entry, best first."""

    related_block = Type(bool, default=True)
    """Append a "Same problem elsewhere" block to each entry that has related entries."""

    related_block_title = Type(str, default="Same problem elsewhere")
    """Title of that block."""

    cache = Type(bool, default=True)
    """Keep extraction results across builds in ``cache_dir`` (keyed by each page's content
    hash, the options and the plugin's code), so a rebuild extracts only the pages that changed."""

    cache_dir = Type(str, default=".cache/plugin/symptoms")
    """Folder of that cache, relative to ``mkdocs.yml`` (Material's plugins keep theirs in
    ``.cache/plugin/``): a CI cache of it speeds up CI builds too."""

    applies_to_box = Type(bool, default=True)
    """Show an "Applies to" box (``fixbook/symptoms/applies-to.html``) under the title of each
    page with entries, and of each guide's ``index.md``, listing the versions from front matter
    ``applies_to`` (the guide's ``index.md``, overridden by the page's own keys)."""
