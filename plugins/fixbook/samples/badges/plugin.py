"""MkDocs events of the ``verified-snippets`` plugin; the work is in :mod:`.render`.

The plugin reads each page with the same lexer as the test suite, so the badge under a block
says exactly what pytest and ``fixbook check`` do with it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..model import Block
from ..pages import read_blocks
from ..settings import DocsSettings, snippet_bases_from
from .config import VerifiedSnippetsConfig
from .render import inject_markers, replace_markers

STYLESHEET = Path(__file__).with_name("verified-snippets.css")
STYLESHEET_URL = "assets/fixbook/verified-snippets.css"


class VerifiedSnippetsPlugin(BasePlugin[VerifiedSnippetsConfig]):
    def __init__(self) -> None:
        self.settings: DocsSettings | None = None
        self.blocks: dict[str, list[Block]] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        # pymdownx.snippets resolves base paths against the working directory; so do we, to read
        # exactly the files MkDocs renders.
        root = Path.cwd()
        raw = {
            "markdown_extensions": [
                {"pymdownx.snippets": config.mdx_configs.get("pymdownx.snippets", {})}
            ]
        }
        bases = (
            snippet_bases_from(raw, root)
            if "pymdownx.snippets" in config.markdown_extensions
            else ()
        )
        self.settings = DocsSettings(Path(config.docs_dir), bases)
        if STYLESHEET_URL not in config.extra_css:
            config.extra_css.append(STYLESHEET_URL)
        return config

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.settings is None or page.file.abs_src_path is None:
            return markdown
        blocks = read_blocks(Path(page.file.abs_src_path), self.settings, markdown)
        if not self.config.output_badges:
            blocks = [block for block in blocks if block.mode != "output"]
        self.blocks[page.file.src_uri] = blocks
        return inject_markers(markdown, blocks)

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        return replace_markers(html, self.blocks.get(page.file.src_uri, []))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.settings is None:
            return
        target = Path(config.site_dir) / STYLESHEET_URL
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(STYLESHEET, target)
