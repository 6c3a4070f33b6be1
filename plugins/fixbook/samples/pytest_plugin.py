"""pytest plugin (entry point ``pytest11: fixbook``): the docs' code blocks as test items.

Off unless the project opts in with the ini option ``fixbook_docs`` (or ``--fixbook-docs``), so
installing Fixbook never turns another project's Markdown into tests. With it, every fenced
block of every page under the docs folder is one item named ``page.md:LINE:language``; the
items of a page run on one xdist worker (a page's blocks share a namespace); and the run ends
with a coverage table per guide and language.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .coverage import Tally
from .registry import Registry
from .settings import DocsSettings, schemas_dir, settings_for
from .sybil_integration import DocsSybil, PageFile, docs_sybil

DOCS_OPTION = "fixbook_docs"
MKDOCS_DOCS = "mkdocs"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        DOCS_OPTION,
        "docs folder whose Markdown code blocks are collected as tests "
        f"({MKDOCS_DOCS!r}: docs_dir of the rootdir's mkdocs.yml; empty: off)",
        default="",
    )
    group = parser.getgroup("fixbook")
    group.addoption(
        "--fixbook-docs",
        dest="fixbook_docs",
        default=None,
        help="override the ini option " + DOCS_OPTION,
    )


class DocsCollector:
    """The plugin's state for one pytest process: the docs Sybil, and the coverage tally."""

    def __init__(self, settings: DocsSettings) -> None:
        self.settings = settings
        self.sybil: DocsSybil = docs_sybil(settings, Registry())
        self.tally = Tally()

    def pytest_collect_file(self, file_path: Path, parent: pytest.Collector) -> PageFile | None:
        if file_path.suffix != ".md" or not self.sybil.should_parse(file_path):
            return None
        return PageFile.from_parent(parent, path=file_path, sybils=[self.sybil])

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Count each block once: its call report, or its setup report when setup failed."""
        if report.when != "call" and not (report.when == "setup" and not report.passed):
            return
        properties = dict(report.user_properties).get("fixbook_block")
        if properties is not None:
            self.tally.record(
                properties["guide"],
                properties["language"],
                properties["mode"],
                report.outcome,
                properties["invisible"],
            )

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.tally.counts:
            return
        terminalreporter.section("fixbook: code blocks verified per guide and language")
        for line in self.tally.table():
            terminalreporter.write_line(line)


def docs_settings(config: pytest.Config) -> DocsSettings | None:
    value = config.getoption("fixbook_docs") or config.getini(DOCS_OPTION)
    if not value:
        return None
    root = config.rootpath
    if value == MKDOCS_DOCS:
        return settings_for(root)
    docs = (root / value).resolve()
    return settings_for(docs, docs_dir=docs)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    settings = docs_settings(config)
    if settings is None:
        return
    config.pluginmanager.register(DocsCollector(settings), "fixbook-docs")
    keep_pages_whole(config)


def keep_pages_whole(config: pytest.Config) -> None:
    """With ``-n``, send each page's items to one worker unless ``--dist`` was given.

    xdist's ``loadgroup`` keeps items with one ``xdist_group`` mark together. The controller
    reads ``option.dist``; workers re-parse the command line and decide before any plugin's
    ``pytest_configure`` whether to tag node ids with their group, so they are told directly.
    """
    args = config.invocation_params.args
    if any(arg in ("--dist", "-d") or arg.startswith("--dist=") for arg in args):
        return
    if hasattr(config, "workerinput"):
        config.option.loadgroup = True
    elif getattr(config.option, "dist", "no") == "load":
        config.option.dist = "loadgroup"


@pytest.fixture(scope="session")
def fixbook_services(request: pytest.FixtureRequest) -> Iterator[Any]:
    """PostgreSQL and Redis for the docs, started on first use, once per session (or worker)."""
    from .services import Services

    collector = request.config.pluginmanager.get_plugin("fixbook-docs")
    running = Services(schemas_dir(collector.settings) if collector else None)
    try:
        yield running
    finally:
        running.close()
