"""MkDocs events of the ``verified-snippets`` plugin; the work is in :mod:`.render`.

The plugin reads each page with the same page model as the test suite and looks each block up
in the results file(s) the suite wrote, so the badge under a block says what the last
verification of exactly that content found (see :mod:`.render`).

It reads the page's source as MkDocs read it (``File.content_string``, front matter included),
under its absolute path and with :meth:`MarkdownOptions.for_build`: exactly what the
``symptoms`` plugin parsed in ``on_files``, so the page model's cache serves that one parse,
and the blocks' lines are the file's lines, as in the suite's results. The Markdown
``on_page_markdown`` receives is that source without its front matter; when an earlier plugin
changed it (it is no longer the source's tail), the plugin reads that Markdown instead, since
markers can only go into the text MkDocs renders. Badge markup comes from the
``fixbook/badge.html`` template, looked up through the theme, so a site overrides it from its
``custom_dir`` as it overrides Material's partials.
"""

from __future__ import annotations

import glob
import shutil
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from fixbook.markdown import MarkdownOptions, parse_page

from ..lexer import blocks_of
from ..model import Block
from ..results import Record, content_hash, merge_files, relative_path
from ..settings import DocsSettings, settings_for
from .config import VerifiedSnippetsConfig
from .render import badge_for, inject_markers, replace_markers, sections_with_blocks

STYLESHEET = Path(__file__).with_name("verified-snippets.css")
STYLESHEET_URL = "assets/fixbook/verified-snippets.css"
TEMPLATES = Path(__file__).with_name("templates")
BADGE_TEMPLATE = "fixbook/badge.html"
LAST_VERIFIED_TEMPLATE = "fixbook/last-verified.html"

log = get_plugin_logger("verified-snippets")


class ResultIndex:
    """Results by (page path relative to the project, content hash)."""

    def __init__(self, records: list[Record]) -> None:
        self.by_key: dict[tuple[str, str], list[Record]] = {}
        for record in records:
            self.by_key.setdefault((record["path"], record["hash"]), []).append(record)

    def find(self, path: str, block: Block) -> Record | None:
        """The result for this content; among equal blocks of a page, the one at its line."""
        candidates = self.by_key.get((path, content_hash(block)), [])
        same_line = [record for record in candidates if record.get("line") == block.report_line]
        return (same_line or candidates or [None])[0]


class VerifiedSnippetsPlugin(BasePlugin[VerifiedSnippetsConfig]):
    def __init__(self) -> None:
        self.settings: DocsSettings | None = None
        self.options = MarkdownOptions()
        self.root = Path.cwd()
        self.results = ResultIndex([])
        self.blocks: dict[str, list[Block]] = {}
        self.env: jinja2.Environment | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.settings = settings_for(self.root, docs_dir=Path(config.docs_dir).resolve())
        self.options = MarkdownOptions.for_build(config, self.settings)
        # Last in the theme's search path: a theme's custom_dir may override our templates.
        if str(TEMPLATES) not in config.theme.dirs:
            config.theme.dirs.append(str(TEMPLATES))
        if STYLESHEET_URL not in config.extra_css:
            config.extra_css.append(STYLESHEET_URL)
        self.results = ResultIndex(self._load_results())
        return config

    def _load_results(self) -> list[Record]:
        files = sorted(
            {Path(found) for pattern in self.config.results
             for found in glob.glob(str(self.root / pattern))}
        )  # fmt: skip
        if not files:
            log.info("no results file (%s): badges say 'not verified in this build'",
                     ", ".join(self.config.results))  # fmt: skip
        return merge_files(files)["results"] if files else []

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        # The theme's own environment (custom_dir first, our templates last). Pages are
        # rendered before ``on_env`` fires, so the plugin asks the theme for it here.
        self.env = config.theme.get_env()
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.settings is None or page.file.abs_src_path is None:
            return markdown
        path = Path(page.file.abs_src_path)
        source = page.file.content_string
        if source.endswith(markdown):
            head = len(source) - len(markdown)  # the front matter MkDocs took off
            marked = self._marked(path, source, page.file.src_uri)
            if marked.startswith(source[:head]):  # markers go after fences, never above
                return marked[head:]
        # An earlier plugin rewrote the page: read what MkDocs will render (a second parse).
        return self._marked(path, markdown, page.file.src_uri)

    def _marked(self, path: Path, text: str, uri: str) -> str:
        """``text`` with a marker after each block, the blocks kept for ``on_page_content``."""
        modes = self.settings.modes if self.settings is not None else None
        blocks = blocks_of(parse_page(path, text, self.options), modes)
        if not self.config.output_badges:
            blocks = [block for block in blocks if block.mode != "output"]
        self.blocks[uri] = blocks
        return inject_markers(text, blocks)

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        blocks = {block.index: block for block in self.blocks.get(page.file.src_uri, [])}
        if not blocks or self.env is None:
            return html
        path = relative_path(Path(page.file.abs_src_path or ""), self.root)
        found = {index: self.results.find(path, block) for index, block in blocks.items()}
        if self.config.last_verified:
            html = self._last_verified(html, found)
        template = self.env.get_template(BADGE_TEMPLATE)

        def render(index: int) -> str:
            block = blocks.get(index)
            badge = badge_for(block, found.get(index)) if block is not None else None
            return template.render(badge=badge) if badge is not None else ""

        return replace_markers(html, render)

    def _last_verified(self, html: str, found: dict[int, Record | None]) -> str:
        """A "Samples last verified" line under each h2/h3 whose blocks all have results."""
        template = self.env.get_template(LAST_VERIFIED_TEMPLATE)  # type: ignore[union-attr]
        for offset, indices in reversed(sections_with_blocks(html)):
            records = [found.get(index) for index in indices]
            if not records or any(record is None for record in records):
                continue
            latest = max(records, key=lambda record: record["time"])  # type: ignore[index]
            last = {
                "time": latest["time"],  # type: ignore[index]
                "date": latest["time"][:10],  # type: ignore[index]
                "commit": latest.get("commit", ""),  # type: ignore[union-attr]
                "results": records,
            }
            html = html[:offset] + template.render(last=last) + html[offset:]
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.settings is None:
            return
        target = Path(config.site_dir) / STYLESHEET_URL
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(STYLESHEET, target)
