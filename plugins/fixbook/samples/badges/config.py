"""Options of the ``verified-snippets`` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class VerifiedSnippetsConfig(Config):
    enabled = opt.Type(bool, default=True)
    #: Show a badge under ``output`` blocks too (they are shown, not verified).
    output_badges = opt.Type(bool, default=True)
