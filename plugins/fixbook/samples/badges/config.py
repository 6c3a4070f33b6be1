"""Options of the ``verified-snippets`` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class VerifiedSnippetsConfig(Config):
    """``plugins: [verified-snippets: {...}]`` in ``mkdocs.yml``; every option has a default."""

    enabled = opt.Type(bool, default=True)
    """Turn the plugin off without removing it from ``mkdocs.yml``."""

    output_badges = opt.Type(bool, default=True)
    """Show a badge under ``output`` blocks too (illustrations are shown, not verified)."""

    results = opt.ListOfItems(opt.Type(str), default=[".fixbook/results.json"])
    """Results files to read, relative to the folder of ``mkdocs.yml``; several (one per CI
    shard) are merged, the later run winning for a page. Globs are allowed."""

    last_verified = opt.Type(bool, default=False)
    """Add "Samples last verified …" under each heading whose section holds verified blocks."""
