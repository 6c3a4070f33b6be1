"""``fixbook index DOCS_DIR [--json]``: the symptom entries of a docs folder, no site built.

Uses the plugin's own extraction (:func:`fixbook.symptoms.index.build_index`) and the plugin's
options from the project's ``mkdocs.yml`` (so the same pages are indexed as in the site), with
urls as MkDocs makes them with ``use_directory_urls: false``. Exit 0 when the docs are clean, 1
when they hold problems (each printed as ``path:line: message`` on stderr), 2 for bad
arguments, an invalid plugin configuration or a folder without Markdown.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from .index import build_index, markdown_files
from .model import PageEntries
from .project import load_project
from .published import listing


def _docs_dir(value: str) -> Path:
    path = Path(value)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"not a directory: {value}")
    return path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("docs_dir", metavar="DOCS_DIR", type=_docs_dir, help="the docs folder")
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument(
        "--json", action="store_true", help="print the symptoms.json document instead of a list"
    )
    shown.add_argument(
        "--pages",
        action="store_true",
        help="print each page's kind (troubleshooting, reference, other, off), why, and its "
        "number of entries",
    )
    shown.add_argument(
        "--published",
        action="store_true",
        help="print the published-ids list to commit: the project's list plus today's new ids",
    )


def run(args: argparse.Namespace) -> int:
    try:
        project = load_project(args.docs_dir)
    except (ValueError, OSError, yaml.YAMLError) as error:
        print(f"fixbook index: error: {' '.join(str(error).split())}", file=sys.stderr)
        return 2
    if not markdown_files(args.docs_dir, project.config, project.exclude_docs):
        print(f"fixbook index: error: {args.docs_dir}: no Markdown files found", file=sys.stderr)
        return 2
    pages: list[PageEntries] = []
    index = build_index(
        args.docs_dir,
        project.config,
        project.slug_options,
        project.published,
        nav=project.nav,
        excluded=project.exclude_docs,
        pages_out=pages,
    )
    if args.pages:
        for page in pages:
            kind = page.kind.kind if page.kind else "unreadable"
            reason = f" ({page.kind.reason})" if page.kind else ""
            print(f"{page.path}: {kind}{reason}, {len(page.entries)} entries")
    elif args.published:
        sys.stdout.write(listing(index.entries, project.published))
    elif args.json:
        json.dump(index.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for entry in index.entries:
            print(f"{entry.path}:{entry.line}: {entry.title}  [{entry.url}]")
        guides = len({entry.guide for entry in index.entries})
        print(f"{len(index.entries)} entries in {guides} guides", file=sys.stderr)
    for problem in index.problems:
        print(problem, file=sys.stderr)
    return 1 if index.problems else 0
