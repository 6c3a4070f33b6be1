"""``fixbook check PATH...``: verify every fenced block without pytest.

It reads pages with the same page model and verifies them with the same :class:`PageRun` as the
pytest plugin, so a writer gets the suite's verdict on one page in a second. What samples print
stays out of the report (it is kept in the results file); the coverage table goes to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..settings import SettingsError
from . import report, results
from .coverage import Tally
from .expected import Volatile
from .pages import new_context, read_blocks, read_page
from .registry import Registry
from .scope import ScopeError, changed_files, in_shard, parse_shard, touched_by
from .services import Services
from .settings import DocsSettings, schemas_dir, settings_for
from .update import apply_updates
from .verify import Outcome, PageRun, Status


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run code blocks WITHOUT the sandbox (trusted local use only; the report says so)",
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", type=Path, help="Markdown files or folders"
    )
    parser.add_argument(
        "--json", action="store_true", help="print blocks and summary as JSON (= --format json)"
    )
    parser.add_argument(
        "--format",
        choices=report.FORMATS,
        default=None,
        help="report format: text (default), github (workflow annotations), junit (XML), json",
    )
    parser.add_argument(
        "--strict",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="blocks that cannot be verified fail (default: strict in [tool.fixbook])",
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="rewrite drifted expected-output blocks in place with the real output",
    )
    parser.add_argument(
        "--changed",
        metavar="REF",
        help="only pages changed since the git REF, and pages including a changed file",
    )
    parser.add_argument(
        "--shard", metavar="I/N", help="only the I-th of N deterministic shares of the pages"
    )
    parser.add_argument(
        "--results",
        metavar="FILE",
        default=None,
        help="results file to merge this run into (default: .fixbook/results.json at the "
        "project root; '' to write none)",
    )


@dataclass
class CheckRun:
    """What one ``fixbook check`` verified, and where it stands."""

    outcomes: list[Outcome] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    pages: list[tuple[Path, DocsSettings]] = field(default_factory=list)


def markdown_files(paths: list[Path]) -> Iterator[tuple[Path, DocsSettings]]:
    """Each page under the paths, with the settings of the docs it belongs to."""
    for path in paths:
        if path.is_file():
            yield path, settings_for(path, docs_dir=_docs_dir(path.parent))
        else:
            settings = settings_for(path, docs_dir=_docs_dir(path))
            for page in sorted(path.rglob("*.md")):
                if not settings.excluded(page):
                    yield page, settings


def _docs_dir(folder: Path) -> Path:
    """The docs_dir of the mkdocs.yml that owns ``folder``, or ``folder`` itself."""
    settings = settings_for(folder)
    try:
        folder.resolve().relative_to(settings.docs_dir)
    except ValueError:
        return folder.resolve()
    return settings.docs_dir


def project_root(settings: DocsSettings) -> Path:
    """The folder results are written under: that of mkdocs.yml, else the checked folder.

    Never the working directory: checking pages of another folder must not write into the
    results of the project the command happens to run in.
    """
    config_file = getattr(settings, "config_file", None)
    if config_file:
        return config_file.parent
    return getattr(settings, "root", None) or settings.docs_dir


def select_pages(
    pages: list[tuple[Path, DocsSettings]], changed: str | None, shard: tuple[int, int] | None
) -> list[tuple[Path, DocsSettings]]:
    if changed is not None and pages:
        files = changed_files(changed, pages[0][0].parent)
        settings_of = dict(pages)

        def sources_of(page: Path) -> set[Path]:
            lines = read_page(page, settings_of[page]).lines
            return {line.origin.path.resolve() for line in lines if hasattr(line, "origin")}

        kept = set(touched_by([page for page, _ in pages], files, sources_of))
        pages = [(page, settings) for page, settings in pages if page in kept]
    if shard is not None:
        pages = [
            (page, settings)
            for page, settings in pages
            if in_shard(results.relative_path(page, project_root(settings)), shard)
        ]
    return pages


def check(
    paths: list[Path],
    *,
    strict: bool | None = None,
    changed: str | None = None,
    shard: tuple[int, int] | None = None,
) -> tuple[list[Outcome], Tally]:
    run = check_run(paths, strict=strict, changed=changed, shard=shard)
    return run.outcomes, run.tally


def check_run(
    paths: list[Path],
    *,
    strict: bool | None = None,
    changed: str | None = None,
    shard: tuple[int, int] | None = None,
) -> CheckRun:
    run = CheckRun(pages=select_pages(list(markdown_files(paths)), changed, shard))
    registry = Registry()
    services = Services(schemas_dir(run.pages[0][1]) if run.pages else None)  # on first use
    # Blocks' own prints are captured by PageRun; anything else that prints (a service
    # starting) goes to stderr, so stdout holds only the report.
    try:
        with contextlib.redirect_stdout(sys.stderr):
            for page, settings in run.pages:
                run_page(run, page, settings, registry, services, strict)
    finally:
        services.close()
    return run


def run_page(
    run: CheckRun,
    page: Path,
    settings: DocsSettings,
    registry: Registry,
    services: Services,
    strict: bool | None,
) -> None:
    blocks = read_blocks(page, settings)
    context = new_context(page, settings, services)
    page_run = PageRun(
        blocks,
        context,
        registry,
        strict=settings.strict if strict is None else strict,
        volatile=Volatile.of(getattr(settings, "volatile", ())),
    )
    for outcome in page_run.run_all():
        block = outcome.block
        run.tally.record(context.guide, block.language, block.mode, outcome.status, block.invisible)
        run.outcomes.append(outcome)


def write_results(run: CheckRun, option: str | None) -> None:
    if not run.pages:
        return
    root = project_root(run.pages[0][1])
    target = results.results_path(option, root)
    if target is None:
        return
    commit = results.git_commit(root)
    records = [results.record(outcome, root, commit) for outcome in run.outcomes]
    results.write(target, records, tool="fixbook check", commit=commit)


NO_SANDBOX_WARNING = (
    "fixbook check: WARNING: --no-sandbox: code blocks ran UNSANDBOXED, with your files, "
    "network and processes within their reach"
)


def sandbox_problem(args: argparse.Namespace) -> str | None:
    """Fail closed: why samples cannot be sandboxed here (one line), unless --no-sandbox."""
    from .sandbox import NO_SANDBOX_ENV, SandboxUnavailable, no_sandbox_requested, require_sandbox

    if getattr(args, "no_sandbox", False):
        os.environ[NO_SANDBOX_ENV] = "1"  # read by the page workers
    if no_sandbox_requested():
        print(NO_SANDBOX_WARNING, file=sys.stderr)
        return None
    try:
        require_sandbox()
    except SandboxUnavailable as error:
        return str(error)
    return None


def run(args: argparse.Namespace) -> int:
    missing = [str(path) for path in args.paths if not path.exists()]
    if missing:
        print(f"fixbook check: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    problem = sandbox_problem(args)
    if problem:
        print(f"fixbook check: {problem}", file=sys.stderr)
        return 2
    try:
        shard = parse_shard(args.shard) if args.shard else None
        verified = check_run(args.paths, strict=args.strict, changed=args.changed, shard=shard)
    except (ScopeError, SettingsError) as error:
        print(f"fixbook check: {error}", file=sys.stderr)
        return 2
    if not verified.pages and not (args.changed or args.shard):
        print(
            f"fixbook check: no Markdown files under {', '.join(map(str, args.paths))}",
            file=sys.stderr,
        )
        return 2
    outcomes = verified.outcomes
    if args.update:
        outcomes, notes = apply_updates(outcomes)
        verified.outcomes = outcomes
        for note in notes:
            print(note, file=sys.stderr)
    write_results(verified, args.results)
    failed = [outcome for outcome in outcomes if outcome.status is Status.FAILED]
    form = "json" if args.json else (args.format or "text")
    if form == "json":
        print(report.json_document(outcomes, verified.tally))
    elif form == "junit":
        print(report.junit_xml(outcomes))
    else:
        lines = report.github_lines(outcomes) if form == "github" else report.text_lines(outcomes)
        for line in lines:
            print(line)
    if form != "json":
        for line in verified.tally.table():
            print(line, file=sys.stderr)
    if getattr(args, "no_sandbox", False) or os.environ.get("FIXBOOK_NO_SANDBOX"):
        print(NO_SANDBOX_WARNING, file=sys.stderr)
    return 1 if failed else 0
