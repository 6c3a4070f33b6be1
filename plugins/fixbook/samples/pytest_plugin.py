"""pytest plugin (entry point ``pytest11: fixbook``): the docs' code blocks as test items.

Off unless the project opts in with the ini option ``fixbook_docs`` (or ``--fixbook-docs``), so
installing Fixbook never turns another project's Markdown into tests. With it, every fenced
block of every page under the docs folder is one item named ``page.md:LINE:language``; the
items of a page run on one xdist worker (a page's blocks share a namespace); the run ends
with a coverage table per guide and language, and merges every block's result into
``.fixbook/results.json`` (the controller writes it, from the results workers report).

A block that is *not verified* (no evaluator, a missing module, …) is a pytest skip whose
reason starts with ``not verified:``; with ``strict = true`` under ``[tool.fixbook]`` it fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ..settings import SettingsError
from . import results
from .coverage import Tally
from .registry import Registry
from .settings import DocsSettings, schemas_dir, settings_for
from .sybil_integration import RESULT_PROPERTY, DocsSybil, PageFile, docs_sybil

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
    group.addoption(
        "--fixbook-no-sandbox",
        dest="fixbook_no_sandbox",
        action="store_true",
        help="run the docs' code blocks WITHOUT the sandbox (trusted local use only)",
    )
    group.addoption(
        "--fixbook-results",
        dest="fixbook_results",
        default=None,
        metavar="FILE",
        help="results file this session merges into (default: .fixbook/results.json under the "
        "rootdir; '' to write none)",
    )


class DocsCollector:
    """The plugin's state for one pytest process: the docs Sybil, and the coverage tally."""

    def __init__(self, settings: DocsSettings, results_file: Path | None) -> None:
        self.settings = settings
        self.sybil: DocsSybil = docs_sybil(settings, Registry())
        self.tally = Tally()
        self.results_file = results_file
        self.records: list[results.Record] = []

    def pytest_collect_file(self, file_path: Path, parent: pytest.Collector) -> PageFile | None:
        if file_path.suffix != ".md" or not self.sybil.should_parse(file_path):
            return None
        return PageFile.from_parent(parent, path=file_path, sybils=[self.sybil])

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """Count each block once: its call report, or its setup report when setup failed."""
        if report.when != "call" and not (report.when == "setup" and not report.passed):
            return
        reported = dict(report.user_properties)
        properties = reported.get("fixbook_block")
        result = reported.get(RESULT_PROPERTY)
        if result is not None:
            self.records.append(result)
        if properties is not None:
            self.tally.record(
                properties["guide"],
                properties["language"],
                properties["mode"],
                result["outcome"] if result is not None else report.outcome,
                properties["invisible"],
            )

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """The controller (or a run without xdist) merges the session's results into the file."""
        if hasattr(session.config, "workerinput") or self.results_file is None:
            return
        if self.records:
            commit = self.records[0]["commit"]
            results.write(self.results_file, self.records, tool="pytest", commit=commit)

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
    try:
        settings = docs_settings(config)
    except SettingsError as error:  # one line naming file and key, not a traceback
        raise pytest.UsageError(f"fixbook: {error}") from None
    if settings is None:
        return
    option = config.getoption("fixbook_results")
    target = results.results_path(
        option, settings.config_file.parent if settings.config_file else config.rootpath
    )
    if option and target is not None and not target.is_absolute():
        target = Path(config.invocation_params.dir) / target
    sandbox_or_exit(config)
    config.pluginmanager.register(DocsCollector(settings, target), "fixbook-docs")
    keep_pages_whole(config)


def sandbox_or_exit(config: pytest.Config) -> None:
    """Fail closed: no sandbox here stops the session with one line, unless the caller said
    ``--fixbook-no-sandbox`` (then the report says so, loudly)."""
    from .sandbox import NO_SANDBOX_ENV, SandboxUnavailable, no_sandbox_requested, require_sandbox

    if config.getoption("fixbook_no_sandbox"):
        os.environ[NO_SANDBOX_ENV] = "1"  # read by the page workers; xdist workers re-parse
    if no_sandbox_requested():
        return
    try:
        require_sandbox()
    except SandboxUnavailable as error:
        raise pytest.UsageError(str(error)) from None


def pytest_report_header(config: pytest.Config) -> str | None:
    from .sandbox import no_sandbox_requested

    return NO_SANDBOX_WARNING if no_sandbox_requested() else None


def pytest_terminal_summary(terminalreporter: Any) -> None:
    from .sandbox import no_sandbox_requested

    if no_sandbox_requested():
        terminalreporter.write_line(NO_SANDBOX_WARNING, red=True, bold=True)


NO_SANDBOX_WARNING = (
    "fixbook: WARNING: --no-sandbox: the docs' code blocks ran UNSANDBOXED, with your files, "
    "network and processes within their reach"
)


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
