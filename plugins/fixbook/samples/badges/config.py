"""Options of the ``verified-snippets`` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class VerifiedSnippetsConfig(Config):
    enabled = opt.Type(bool, default=True)
    #: Show a badge under ``output`` blocks too (illustrations are shown, not verified).
    output_badges = opt.Type(bool, default=True)
    #: Results files to read, relative to the folder of ``mkdocs.yml``; several (one per CI
    #: shard) are merged, the later run winning for a page. Globs are allowed.
    results = opt.ListOfItems(opt.Type(str), default=[".fixbook/results.json"])
    #: Add "Samples last verified …" under each heading whose section holds verified blocks.
    last_verified = opt.Type(bool, default=False)
