"""The ``symptoms`` MkDocs plugin: wires MkDocs events to extraction, the index pages, the
finder and the exports. The work happens in the modules next to this one."""

from __future__ import annotations

import json
import posixpath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from fixbook.finder.data import DATA_SCRIPT, finder_script
from fixbook.finder.page import ASSETS, ASSETS_DIR, finder_markdown

from .anchors import SlugOptions
from .config import SymptomsConfig
from .extract import extract
from .index import SymptomIndex, assemble, is_excluded
from .model import Entry, PageEntries, Problem
from .pages import FINDER_PAGE, INDEX_PAGES, overview, relative_href
from .render import (
    inject_ids,
    insert_related_blocks,
    missing_anchors,
    source_offset,
    toc_titles,
)

log = get_plugin_logger("symptoms")


class SymptomsPlugin(BasePlugin[SymptomsConfig]):
    """Index troubleshooting entries by symptom, error, HTTP status and component."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        """Per-build state: ``mkdocs serve`` keeps this instance across rebuilds."""
        self.index = SymptomIndex()
        self.sources: dict[str, str] = {}
        self.pages: dict[str, list[Entry]] = {}
        self.lookup: dict[str, Entry] = {}
        self.admonition = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps one plugin instance across `mkdocs serve` rebuilds; the
        # state is reset in on_config, which runs at the start of every build.
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()
        if not self.config.enabled:
            return config
        self.slug_options = SlugOptions.from_markdown_config(
            config.markdown_extensions, config.mdx_configs
        )
        self.admonition = any(
            name in {"admonition", "markdown.extensions.admonition"}
            for name in config.markdown_extensions
            if isinstance(name, str)
        )
        if config.nav is not None and self.config.add_to_nav:
            self._add_nav(config)
        return config

    def _pages(self) -> list[tuple[str, str]]:
        """(docs path, title) of every generated page, the section's index first."""
        folder = self.config.index_dir.strip("/")
        pages = [(f"{folder}/index.md", "Overview")]
        if self.config.finder:
            pages.append((f"{folder}/{FINDER_PAGE}", "Find by error"))
        pages += [(f"{folder}/{page.name}", page.title) for page in INDEX_PAGES]
        return pages

    def _add_nav(self, config: MkDocsConfig) -> None:
        """An explicit nav lists every page: add the generated ones as one section, unless
        the nav already names them."""
        folder = self.config.index_dir.strip("/") + "/"
        if folder in json.dumps(config.nav):
            return
        first, *rest = self._pages()
        config.nav.append({self.config.nav_section: [first[0], *({t: p} for p, t in rest)]})

    @event_priority(-50)  # after other plugins have added or removed pages
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        results: list[PageEntries] = []
        for file in files.documentation_pages():
            if file.generated_by is not None or is_excluded(file.src_uri, self.config):
                continue
            try:
                source = file.content_string
            except (OSError, UnicodeDecodeError) as error:
                self._warn(Problem(file.src_uri, 1, f"cannot read: {error}"))
                continue
            self.sources[file.src_uri] = source
            results.append(
                extract(source, path=file.src_uri, url=file.url, options=self.slug_options)
            )
        self.index = assemble(results, self.config)
        self.pages = self.index.by_path()
        self.lookup = {entry.id: entry for entry in self.index.entries}
        for problem in self.index.problems:
            self._warn(problem)
        self._generate(files, config)
        return files

    def _generate(self, files: Files, config: MkDocsConfig) -> None:
        folder = self.config.index_dir.strip("/")
        entries = self.index.entries
        href = relative_href(folder)
        documents = {f"{folder}/index.md": overview(entries, self.config.finder)}
        for page in INDEX_PAGES:
            documents[f"{folder}/{page.name}"] = page.render(entries, href)
        if self.config.finder:
            finder_uri = f"{folder}/{FINDER_PAGE}"
            finder_file = File.generated(config, finder_uri, content="")
            # The finder's scripts sit beside the page in the site, whatever the url style.
            beside = posixpath.dirname(finder_file.url)
            root = posixpath.relpath(".", beside or ".")
            documents[finder_uri] = finder_markdown(root=root)
            for name in ASSETS:
                self._add(
                    files,
                    File.generated(
                        config, posixpath.join(beside, name), abs_src_path=str(ASSETS_DIR / name)
                    ),
                )
            data = finder_script([entry.to_json() for entry in entries])
            self._add(
                files, File.generated(config, posixpath.join(beside, DATA_SCRIPT), content=data)
            )
        for uri, content in documents.items():
            self._add(files, File.generated(config, uri, content=content))
        export = json.dumps(self.index.to_json(), ensure_ascii=False, indent=2) + "\n"
        self._add(files, File.generated(config, self.config.export_file, content=export))

    def _add(self, files: Files, file: File) -> None:
        if files.get_file_from_path(file.src_uri) is not None:
            log.warning(f"{file.src_uri} exists in the docs; the generated one is not written")
            return
        files.append(file)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        entries = self.pages.get(page.file.src_uri)
        if not entries or not self.config.related_block:
            return markdown
        offset = source_offset(self.sources[page.file.src_uri], markdown)
        if offset is None:
            log.debug(f"{page.file.src_uri}: Markdown changed by another plugin, no related blocks")
            return markdown
        folder = posixpath.dirname(page.file.src_uri)
        return insert_related_blocks(
            markdown,
            offset,
            entries,
            self.lookup,
            relative_href(folder),
            self.config.related_block_title,
            self.admonition,
        )

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        entries = self.pages.get(page.file.src_uri)
        if not entries:
            return html
        html, added, problems = inject_ids(html, entries)
        present = page.present_anchor_ids if page.present_anchor_ids is not None else set()
        present |= added
        page.present_anchor_ids = present
        headings = toc_titles(page.toc)
        for problem in problems + missing_anchors(entries, present, headings):
            self._warn(problem)
        return html

    def _warn(self, problem: Problem) -> None:
        log.warning(str(problem))

    def on_shutdown(self) -> None:
        self._reset()
