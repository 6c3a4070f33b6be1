"""``fixbook check PATH... [--json]``: verify every fenced block without pytest.

It reads pages with the same lexer and verifies them with the same :class:`PageRun` as the
pytest plugin, so a writer gets the suite's verdict on one page in a second.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .coverage import Tally
from .pages import new_context, read_blocks
from .registry import Registry
from .services import Services
from .settings import DocsSettings, schemas_dir, settings_for
from .verify import Outcome, PageRun, Status


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", type=Path, help="Markdown files or folders"
    )
    parser.add_argument("--json", action="store_true", help="print blocks and summary as JSON")


def markdown_files(paths: list[Path]) -> Iterator[tuple[Path, DocsSettings]]:
    """Each page under the paths, with the settings of the docs it belongs to."""
    for path in paths:
        if path.is_file():
            yield path, settings_for(path, docs_dir=_docs_dir(path.parent))
        else:
            settings = settings_for(path, docs_dir=_docs_dir(path))
            for page in sorted(path.rglob("*.md")):
                yield page, settings


def _docs_dir(folder: Path) -> Path:
    """The docs_dir of the mkdocs.yml that owns ``folder``, or ``folder`` itself."""
    settings = settings_for(folder)
    try:
        folder.resolve().relative_to(settings.docs_dir)
    except ValueError:
        return folder.resolve()
    return settings.docs_dir


def check(paths: list[Path]) -> tuple[list[Outcome], Tally]:
    registry = Registry()
    tally = Tally()
    outcomes: list[Outcome] = []
    pages = list(markdown_files(paths))
    services = Services(schemas_dir(pages[0][1]) if pages else None)  # started on first use
    # What blocks print goes to stderr, so that stdout holds only the report (or the JSON).
    with contextlib.redirect_stdout(sys.stderr):
        try:
            _check_pages(pages, registry, services, tally, outcomes)
        finally:
            services.close()
    return outcomes, tally


def _check_pages(
    pages: list[tuple[Path, DocsSettings]],
    registry: Registry,
    services: Services,
    tally: Tally,
    outcomes: list[Outcome],
) -> None:
    for page, settings in pages:
        blocks = read_blocks(page, settings)
        context = new_context(page, settings, services)
        for outcome in PageRun(blocks, context, registry).run_all():
            block = outcome.block
            tally.record(context.guide, block.language, block.mode, outcome.status, block.invisible)
            outcomes.append(outcome)


def as_json(outcome: Outcome) -> dict[str, Any]:
    block = outcome.block
    return {
        "path": str(block.path),
        "line": outcome.line,
        "language": block.language,
        "mode": str(block.mode),
        "status": str(outcome.status),
        "message": outcome.message,
        "invisible": block.invisible,
    }


def run(args: argparse.Namespace) -> int:
    missing = [str(path) for path in args.paths if not path.exists()]
    if missing:
        print(f"fixbook check: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    outcomes, tally = check(args.paths)
    failed = [outcome for outcome in outcomes if outcome.status is Status.FAILED]
    if args.json:
        summary = {status.value: sum(o.status is status for o in outcomes) for status in Status}
        document = {
            "blocks": [as_json(outcome) for outcome in outcomes],
            "summary": {"blocks": len(outcomes), **summary, **tally.as_json()},
        }
        print(json.dumps(document, indent=2))
    else:
        for outcome in failed:
            first, *rest = outcome.message.splitlines() or [""]
            block = outcome.block
            print(f"{block.path}:{outcome.line}: {block.language or '(none)'}: {first}")
            for line in rest:
                print(f"    {line}")
        for line in tally.table():
            print(line, file=sys.stderr)
    return 1 if failed else 0
