"""The ``symptoms`` MkDocs plugin: wires MkDocs events to extraction, the index pages, the
finder and the exports. The work happens in the modules next to this one."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Iterable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from fixbook.finder.data import DATA_SCRIPT, finder_script
from fixbook.finder.page import ASSETS, ASSETS_DIR, finder_markdown
from fixbook.markdown import MarkdownOptions, parse_page

from .cache import FILE_NAME as CACHE_FILE
from .cache import ExtractionCache, page_key
from .config import SymptomsConfig
from .extract import extract
from .index import SymptomIndex, assemble, decode_page, is_excluded
from .model import Entry, PageEntries, Problem
from .pagekind import nav_sections
from .pages import (
    FINDER_PAGE,
    INDEX_PAGES,
    GeneratedPage,
    applies_to_box,
    href_from,
    moved_page,
    overview,
)
from .project import published_list
from .published import Alias, Published
from .render import (
    inject_ids,
    insert_aliases,
    insert_applies_to,
    insert_related_blocks,
    missing_anchors,
    toc_titles,
)
from .templates import DEFAULT as DEFAULT_TEMPLATES
from .templates import TEMPLATES, Templates

log = get_plugin_logger("symptoms")


class SymptomsPlugin(BasePlugin[SymptomsConfig]):
    """Index troubleshooting entries by symptom, error, HTTP status and component."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self._reset()
        # Extraction results by content hash, kept across builds (`mkdocs serve` re-extracts
        # only the pages that changed) and on disk (cache.py).
        self._cache: ExtractionCache | None = None

    def _reset(self) -> None:
        """Per-build state: ``mkdocs serve`` keeps this instance across rebuilds."""
        self.index = SymptomIndex()
        self.pages: dict[str, list[Entry]] = {}
        self.lookup: dict[str, Entry] = {}
        self.generated: dict[str, GeneratedPage] = {}
        self.slug_options = MarkdownOptions()
        self.nav: dict[str, list[str]] = {}
        self.published: Published | None = None
        self.aliases: dict[str, list[Alias]] = {}  # page path -> aliases to put on it
        self.moved_pages: set[str] = set()  # stand-ins generated for removed pages
        self.applies_to: dict[str, dict[str, str]] = {}  # page path -> its versions
        self.templates = DEFAULT_TEMPLATES

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps one plugin instance across `mkdocs serve` rebuilds; the
        # state is reset in on_config, which runs at the start of every build.
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._reset()
        if not self.config.enabled:
            return config
        # The page model reads each page as the site renders it (toc's slugify, includes),
        # with the options every Fixbook plugin of this build uses: one parse per page.
        self.slug_options = MarkdownOptions.for_build(config)
        self.nav = nav_sections(config.nav)
        # Last in the theme's search path: a theme's custom_dir overrides our templates.
        if str(TEMPLATES) not in config.theme.dirs:
            config.theme.dirs.append(str(TEMPLATES))
        base = Path(config.config_file_path or ".").resolve().parent
        self.published = published_list(self.config, base)
        if config.nav is not None and self.config.add_to_nav:
            self._add_nav(config)
        return config

    def _page_list(self) -> list[tuple[str, str]]:
        """(docs path, nav title) of every generated page, the section's index first."""
        folder = self.config.index_dir.strip("/")
        pages = [(f"{folder}/index.md", "Overview")]
        if self.config.finder:
            pages.append((f"{folder}/{FINDER_PAGE}", "Find by error"))
        pages += [(f"{folder}/{page.name}", page.title) for page in INDEX_PAGES]
        return pages

    def _add_nav(self, config: MkDocsConfig) -> None:
        """An explicit nav lists every page: add the generated ones as one section, unless
        the nav already names them."""
        if self.config.index_dir.strip("/") + "/" in json.dumps(config.nav):
            return
        (first, _), *rest = self._page_list()
        config.nav.append({self.config.nav_section: [first, *({t: p} for p, t in rest)]})

    @event_priority(-50)  # after other plugins have added or removed pages
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled:
            return files
        results: list[PageEntries] = []
        cache = self._extraction_cache(config)
        for file in list(files.documentation_pages()):
            if file.generated_by is not None or is_excluded(file.src_uri, self.config):
                continue
            source, problem = self._read(file)
            if source is None:
                # MkDocs would stop on it with a traceback: the page leaves the build, and
                # the one line below names it (a warning: the strict build fails).
                files.remove(file)
                self._warn(problem or Problem(file.src_uri, 0, "cannot read"))
                continue
            nav = tuple(self.nav.get(file.src_uri, ()))
            include = self.config.include
            key = page_key(source, file.src_uri, file.url, self.slug_options, include, nav)
            page = cache.get(key)
            if page is None:
                # The absolute source path, as the badges plugin and pytest name the page:
                # the page model's cache then serves them this parse.
                source_path = Path(file.abs_src_path or file.src_uri)
                page = extract(
                    source,
                    path=file.src_uri,
                    url=file.url,
                    options=self.slug_options,
                    include=include,
                    nav=nav,
                    source_path=source_path,
                )
                included = parse_page(source_path, source, self.slug_options).included
                cache.put(key, page, included)
            results.append(page)
        cache.save()
        # The theme's environment (custom_dir first, our templates last): page contents are
        # rendered before `on_env` fires.
        self.templates = Templates(config.theme.get_env())
        self.index = assemble(results, self.config, self.published, cache)
        self.applies_to = {page.path: page.applies_to_all for page in results}
        for alias in self.index.aliases:
            page_path = alias.entry.path if alias.same_page else alias.old_page
            self.aliases.setdefault(page_path, []).append(alias)
        self.pages = self.index.by_path()
        self.lookup = {entry.id: entry for entry in self.index.entries}
        for problem in self.index.problems:
            self._warn(problem)
        self._generate(files, config)
        return files

    def _extraction_cache(self, config: MkDocsConfig) -> ExtractionCache:
        """The cache of this plugin instance (one per `mkdocs serve` session), begun anew."""
        folder = None
        if self.config.cache:
            base = Path(config.config_file_path or ".").resolve().parent
            folder = base / self.config.cache_dir
        if self._cache is None or self._cache.file != (folder and folder / CACHE_FILE):
            self._cache = ExtractionCache(folder)
        self._cache.begin()
        return self._cache

    def _read(self, file: File) -> tuple[str | None, Problem | None]:
        """The page as MkDocs will read it (``File.content_string``: UTF-8, BOM dropped,
        newlines as text mode makes them): the text every plugin of the build parses."""
        try:
            data = file.content_bytes
        except OSError as error:
            return None, Problem(file.src_uri, 0, f"cannot read: {error.strerror or error}")
        text, problem = decode_page(data, file.src_uri)
        if text is not None and "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        return text, problem

    def _generate(self, files: Files, config: MkDocsConfig) -> None:
        folder = self.config.index_dir.strip("/")
        entries = self.index.entries
        for path, aliases in self.aliases.items():
            if files.get_file_from_path(path) is None:  # the old page is gone: a stand-in
                url = File.generated(config, path, content="").url
                self._add(
                    files,
                    File.generated(
                        config, path, content=moved_page(aliases, href_from(url), self.templates)
                    ),
                )
                self.moved_pages.add(path)
        document = self.index.to_json()  # symptoms.json; its entries also make the finder data
        overview_file = File.generated(
            config, f"{folder}/index.md", content=overview(entries, self.config.finder)
        )
        self._add(files, overview_file)
        for listing in INDEX_PAGES:
            uri = f"{folder}/{listing.name}"
            url = File.generated(config, uri, content="").url
            page = listing.build(entries, href_from(url))
            if self._add(files, File.generated(config, uri, content=page.markdown)):
                self.generated[uri] = page
        if self.config.finder:
            uri = f"{folder}/{FINDER_PAGE}"
            # The finder's scripts sit beside the page in the site, whatever the url style.
            beside = posixpath.dirname(File.generated(config, uri, content="").url)
            root = posixpath.relpath(".", beside or ".")
            self._add(files, File.generated(config, uri, content=finder_markdown(root=root)))
            for name in ASSETS:
                asset = posixpath.join(beside, name)
                self._add(files, File.generated(config, asset, abs_src_path=str(ASSETS_DIR / name)))
            # Made from every entry: remade only when one changed (ExtractionCache.derived).
            cache = self._cache or ExtractionCache(None)
            data = cache.derived("finder-data", document["entries"], finder_script)
            self._add(
                files, File.generated(config, posixpath.join(beside, DATA_SCRIPT), content=data)
            )
        export = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
        self._add(files, File.generated(config, self.config.export_file, content=export))

    def _add(self, files: Files, file: File) -> bool:
        if files.get_file_from_path(file.src_uri) is not None:
            log.warning(f"{file.src_uri} exists in the docs; the generated one is not written")
            return False
        files.append(file)
        return True

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        if (generated := self.generated.get(uri)) is not None:
            self._register_links(page, generated.linked, files)
            return generated.html(html, self.templates)
        aliases = self.aliases.get(uri, []) if uri not in self.moved_pages else []
        entries = self.pages.get(uri, [])
        versions = self.applies_to.get(uri)
        if self.config.applies_to_box and versions and (entries or uri.endswith("index.md")):
            html = insert_applies_to(html, applies_to_box(versions, self.templates))
        if not entries and not aliases:
            return html
        html, added, problems = inject_ids(html, entries)
        href = href_from(page.url)
        html, alias_ids, alias_problems = insert_aliases(html, aliases, href, self.templates)
        self._register_links(page, [alias.entry for alias in aliases if not alias.same_page], files)
        present = page.present_anchor_ids if page.present_anchor_ids is not None else set()
        present |= added | alias_ids
        page.present_anchor_ids = present
        problems += alias_problems + missing_anchors(entries, present, toc_titles(page.toc))
        for problem in problems:
            self._warn(problem)
        if entries and self.config.related_block:
            title = self.config.related_block_title
            html, linked = insert_related_blocks(
                html, entries, self.lookup, href, title, self.templates
            )
            self._register_links(page, linked, files)
        return html

    def _register_links(self, page: Page, entries: Iterable[Entry], files: Files) -> None:
        """Hand the links this plugin writes as HTML to MkDocs' own anchor validation."""
        if page.links_to_anchors is None:  # MkDocs collects them only above DEBUG level
            return
        by_uri = files.src_uris  # entry paths are src_uris; get_file_from_path re-normalises
        for entry in entries:
            target = by_uri.get(entry.path)
            if target is not None:
                links = page.links_to_anchors.setdefault(target, {})
                links.setdefault(entry.anchor, f"{entry.path}#{entry.anchor}")

    def _warn(self, problem: Problem) -> None:
        log.warning(str(problem))

    def on_shutdown(self) -> None:
        self._reset()
