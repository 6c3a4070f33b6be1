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
from typing import Any

from fixbook.finder.cache import cached_index
from fixbook.finder.index import FinderDataError, FinderIndex, build_data
from fixbook.finder.rank import is_weak, rank

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
        help="a symptoms.json file or a docs folder (default: the docs_dir of ./mkdocs.yml, "
        "else ./docs)",
    )
    parser.add_argument(
        "--limit",
        metavar="N",
        default=str(DEFAULT_LIMIT),
        help=f"show at most N entries (default: {DEFAULT_LIMIT})",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='print {"query": ..., "results": [...]} instead, each result with its confidence',
    )


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
        return 0
    if not results:
        print("fixbook find: no entry matches this error", file=sys.stderr)
        return 0
    if is_weak(index, results):
        print("No entry matches this error well. Closest:", file=sys.stderr)
    for result in results:  # readers get titles and links, never raw scores
        print(f"{result.title}  {result.url}")
    return 0


def load_index(path: Path) -> FinderIndex:
    """The finder index of a ``symptoms.json`` file or of a docs folder."""
    if path.is_dir():
        return _compile(_docs_entries(path), path)
    if not path.is_file():
        raise UsageError(f"--index {path}: no such file or folder")
    return cached_index(path, lambda: _compile(_json_entries(path.read_bytes(), path), path))


def default_docs() -> Path:
    """The current project's docs: ``docs_dir`` of ``./mkdocs.yml`` (default ``docs``), else
    ``./docs``. Never the installed package's own handbook: that would answer from the wrong
    project."""
    here = Path.cwd()
    docs = here / _docs_dir(here / "mkdocs.yml")
    if docs.is_dir():
        return docs
    raise UsageError(f"no index: {docs} is not a folder; pass --index PATH")


def _docs_dir(config: Path) -> str:
    """``docs_dir`` of a ``mkdocs.yml`` read as plain YAML (its ``!!python`` tags ignored)."""
    if not config.is_file():
        return "docs"
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        document = yaml.load(config.read_text(encoding="utf-8"), Loader=Loader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return "docs"
    value = document.get("docs_dir") if isinstance(document, dict) else None
    return value if isinstance(value, str) and value else "docs"


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
