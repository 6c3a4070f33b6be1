"""MkDocs plugin ``external-links``: a generated page listing every external link of the site.

Only wiring lives here: the page is added in ``on_files`` (so navigation and link validation know
it) and filled in ``on_env``, the first event after every page's HTML exists.
"""

from __future__ import annotations

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from fixbook.links import report
from fixbook.links.config import ExternalLinksConfig

log = get_plugin_logger("external-links")


class ExternalLinksPlugin(BasePlugin[ExternalLinksConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.report_file: File | None = None

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.report_file = None
        if not self.config.enabled:
            return files
        uri = self.config.report_page
        if files.get_file_from_path(uri) is not None:
            log.warning(
                f"{uri} exists in the docs; the external links report is not generated "
                "(set report_page of the external-links plugin to another path)"
            )
            return files
        placeholder = f"# {report.escape_markdown(self.config.report_title)}\n"
        self.report_file = File.generated(
            config, uri, content=placeholder, inclusion=InclusionLevel.NOT_IN_NAV
        )
        files.append(self.report_file)
        return files

    # Late, so that content other plugins add to pages in ``on_page_content`` is seen too.
    @event_priority(-50)
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        report_page = self.report_file.page if self.report_file else None
        if report_page is None:
            return env
        pages = [
            (report.SourcePage(file.src_uri, file.page.title or file.src_uri), file.page.content)
            for file in files.documentation_pages()
            if file is not self.report_file and file.page is not None and file.page.content
        ]
        links = report.collect(pages, frozenset(self.config.schemes))
        report_page.markdown = report.render(
            links, title=self.config.report_title, report_uri=self.report_file.src_uri
        )
        report_page.render(config, files)
        log.debug(f"external-links: {len(links)} links listed in {self.report_file.src_uri}")
        return env
