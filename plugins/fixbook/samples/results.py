"""The results file: what every verification run found, per block, for badges and CI.

``fixbook check`` and pytest both write ``.fixbook/results.json`` at the project root (the folder
of ``mkdocs.yml``). The ``verified-snippets`` plugin reads it, so a badge shows the outcome of
the exact content it sits under, not the mode the block asked for.

Schema (version 1)::

    {
      "version": 1,
      "runs": [{"time": "2026-12-01T17:40:00Z", "commit": "abc1234…", "tool": "pytest",
                "pages": 12}],
      "results": [
        {
          "path": "docs/pydbapi/gateway.md",  # relative to the project root, "/"-separated
          "line": 57,                           # the opening fence (or marker) line
          "hash": "3f9c…",                      # sha256: language, mode, source after includes
          "language": "python", "mode": "run", "invisible": false,
          "outcome": "passed",                  # passed | failed | not-verified | skipped
          "reason": "",                         # for not-verified: why
          "message": "",                        # the failure (or skip) message
          "output": "…",                        # what the block printed (≤ 20,000 characters)
          "duration": 0.012,                    # seconds
          "versions": {"python": "3.11.7", "postgresql": "18.6"},
          "time": "2026-12-01T17:40:00Z",       # when it was verified (UTC)
          "commit": "abc1234…"                  # git HEAD of the project then ("" outside git)
        }
      ]
    }

Merging: a run replaces every record of the pages it verified and keeps the others, so shards
of a CI matrix (``--shard I/N``) writing one file, or files merged with :func:`merge_files`,
add up to the whole site. A page's records always come from one run.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import subprocess
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .model import Block
from .verify import Outcome
from .versions import versions_for

SCHEMA_VERSION = 1
DEFAULT_RESULTS = Path(".fixbook") / "results.json"
OUTPUT_LIMIT = 20_000
RUNS_KEPT = 50

Record = dict[str, Any]


def content_hash(block: Block) -> str:
    """What was verified: the block's language, mode and source with includes resolved."""
    text = f"{block.language}\n{block.mode}\n{block.source}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def utc(timestamp: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(timestamp))


def git_commit(root: Path) -> str:
    """The project's git HEAD, or ``""`` when it is not a git checkout."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=root, capture_output=True, text=True, timeout=10, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def relative_path(path: Path, root: Path) -> str:
    """A page's path as results name it: relative to the project root where it can be."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.resolve().as_posix()


def record(outcome: Outcome, root: Path, commit: str) -> Record:
    """One block's result, ready for JSON."""
    block = outcome.block
    output = outcome.output or ""
    if len(output) > OUTPUT_LIMIT:
        output = output[:OUTPUT_LIMIT] + "\n[… output truncated by fixbook]\n"
    return {
        "path": relative_path(block.path, root),
        "line": outcome.line,
        "hash": content_hash(block),
        "language": block.language,
        "mode": str(block.mode),
        "invisible": block.invisible,
        "outcome": str(outcome.status),
        "reason": outcome.reason,
        "message": outcome.message,
        "output": output,
        "duration": round(outcome.duration, 6),
        "versions": versions_for(block.language),
        "time": utc(outcome.started or time.time()),
        "commit": commit,
    }


def empty() -> dict[str, Any]:
    return {"version": SCHEMA_VERSION, "runs": [], "results": []}


def load(path: Path) -> dict[str, Any]:
    """A results document; an absent, unreadable or foreign-version file counts as empty."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return empty()
    if not isinstance(document, dict) or document.get("version") != SCHEMA_VERSION:
        return empty()
    document.setdefault("runs", [])
    document.setdefault("results", [])
    return document


def merge(base: dict[str, Any], newer: dict[str, Any]) -> dict[str, Any]:
    """``base`` with every page that ``newer`` verified replaced by ``newer``'s records."""
    pages = {result["path"] for result in newer["results"]}
    kept = [result for result in base["results"] if result["path"] not in pages]
    results = sorted([*kept, *newer["results"]], key=lambda r: (r["path"], r["line"]))
    runs = [*base["runs"], *newer["runs"]][-RUNS_KEPT:]
    return {"version": SCHEMA_VERSION, "runs": runs, "results": results}


def merge_files(paths: Iterable[Path]) -> dict[str, Any]:
    """Results files of several runs (CI shards) as one document, later runs winning.

    Files are merged in the order of their newest run, so a page verified twice keeps the
    later verdict whatever order the files are named in.
    """
    documents = [load(path) for path in paths]
    documents.sort(key=lambda d: max((run.get("time", "") for run in d["runs"]), default=""))
    merged = empty()
    for document in documents:
        merged = merge(merged, document)
    return merged


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Serialise writers on one machine (shards run side by side, pytest sessions)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def write(path: Path, records: list[Record], *, tool: str, commit: str) -> dict[str, Any]:
    """Merge one run's records into the results file at ``path`` (atomically); return it."""
    run = {
        "time": utc(time.time()),
        "commit": commit,
        "tool": tool,
        "pages": len({r["path"] for r in records}),
        "blocks": len(records),
    }
    newer = {"version": SCHEMA_VERSION, "runs": [run], "results": records}
    with _locked(path):
        document = merge(load(path), newer)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".results-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(document, stream, indent=1, ensure_ascii=False)
            stream.write("\n")
        os.replace(temporary, path)
    return document


def results_path(option: str | None, root: Path) -> Path | None:
    """Where a run writes: ``option`` (relative to the working directory), else the default
    under ``root``; ``""`` turns writing off."""
    if option == "":
        return None
    if option is None:
        return root / DEFAULT_RESULTS
    return Path(option)
