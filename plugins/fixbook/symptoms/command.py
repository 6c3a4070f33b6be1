"""``fixbook index DOCS_DIR [--json]``: the symptom entries of a docs folder, no site built.

Uses the plugin's own extraction (:func:`fixbook.symptoms.index.build_index`), with urls as
MkDocs makes them with ``use_directory_urls: false``. Exit 0 when the docs are clean, 1 when
they hold problems (each printed as ``path:line: message`` on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .index import build_index


def _docs_dir(value: str) -> Path:
    path = Path(value)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"not a directory: {value}")
    return path


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("docs_dir", metavar="DOCS_DIR", type=_docs_dir, help="the docs folder")
    parser.add_argument(
        "--json", action="store_true", help="print the symptoms.json document instead of a list"
    )


def run(args: argparse.Namespace) -> int:
    index = build_index(args.docs_dir)
    if args.json:
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
