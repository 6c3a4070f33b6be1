"""``fixbook find TEXT [--index PATH] [--limit N] [--json]``: rank entries for a pasted error.

Uses the same index compiler and ranking as the finder page (:mod:`fixbook.finder.index`,
:mod:`fixbook.finder.rank`). Given a ``symptoms.json`` it imports nothing of MkDocs or Markdown,
so it answers in well under a second even for a large index; given a docs folder it extracts
the entries first, as ``fixbook index`` does.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from fixbook.finder.cache import cached_index
from fixbook.finder.index import FinderDataError, FinderIndex, build_data
from fixbook.finder.rank import rank

DEFAULT_LIMIT = 10


class UsageError(Exception):
    """Bad arguments: reported on one line, exit status 2."""


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "text", metavar="TEXT", help="the pasted error, log excerpt or symptom; - reads stdin"
    )
    parser.add_argument(
        "--index",
        metavar="PATH",
        type=Path,
        help="a symptoms.json file or a docs folder (default: this project's docs/)",
    )
    parser.add_argument(
        "--limit",
        metavar="N",
        default=str(DEFAULT_LIMIT),
        help=f"show at most N entries (default: {DEFAULT_LIMIT})",
    )
    parser.add_argument(
        "--json", action="store_true", help='print {"query": ..., "results": [...]} instead'
    )

    def one_line_error(message: str) -> NoReturn:
        parser.exit(2, f"{parser.prog}: error: {message}\n")

    parser.error = one_line_error  # type: ignore[method-assign]


def run(args: argparse.Namespace) -> int:
    try:
        limit = _limit(args.limit)
        query = sys.stdin.read() if args.text == "-" else args.text
        if not query.strip():
            raise UsageError("TEXT is empty: paste an error message, or pass - to read stdin")
        index = load_index(args.index or default_docs())
    except UsageError as error:
        print(f"fixbook find: error: {error}", file=sys.stderr)
        return 2
    results = rank(index, query, limit)
    if args.json:
        document = {"query": query, "results": [result.to_json() for result in results]}
        print(json.dumps(document, indent=2, ensure_ascii=False))
    elif not results:
        print("fixbook find: no entry matches", file=sys.stderr)
    for result in [] if args.json else results:
        print(f"{result.score:.4f}  {result.title}  {result.url}")
    return 0


def load_index(path: Path) -> FinderIndex:
    """The finder index of a ``symptoms.json`` file or of a docs folder."""
    if path.is_dir():
        return _compile(_docs_entries(path), path)
    if not path.is_file():
        raise UsageError(f"--index {path}: no such file or folder")
    return cached_index(path, lambda: _compile(_json_entries(path.read_bytes(), path), path))


def default_docs() -> Path:
    """This project's ``docs/``: under the working directory, else beside the package."""
    package_root = Path(__file__).resolve().parents[3]
    for candidate in (Path.cwd() / "docs", package_root / "docs"):
        if candidate.is_dir():
            return candidate
    raise UsageError("no docs/ folder here or in the Fixbook checkout; pass --index PATH")


def _limit(value: str) -> int:
    try:
        limit = int(value)
    except ValueError:
        raise UsageError(f"--limit {value!r}: not a whole number") from None
    if limit < 1:
        raise UsageError(f"--limit {limit}: must be at least 1")
    return limit


def _json_entries(content: bytes, path: Path) -> list[Any]:
    try:
        document = json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        where = f"{path}:{error.lineno}" if isinstance(error, json.JSONDecodeError) else path
        raise UsageError(f"{where}: not a symptoms.json ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise UsageError(f'{path}: not a symptoms.json (no "entries" list)')
    return document["entries"]


def _docs_entries(docs: Path) -> list[Any]:
    from fixbook.symptoms.index import build_index  # imports Markdown: only for a docs folder

    return build_index(docs).to_json()["entries"]


def _compile(entries: list[Any], path: Path) -> FinderIndex:
    try:
        return FinderIndex.from_data(build_data(entries))
    except FinderDataError as error:
        raise UsageError(f"{path}: {error}") from None
