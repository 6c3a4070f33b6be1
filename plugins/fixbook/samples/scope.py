"""Which pages a run verifies: all, those a change touched (``--changed``), or a shard.

CI verifies what a pull request changed (its pages, and every page that includes a changed
snippet file), and splits a large doc set over a matrix of machines (``--shard I/N``) whose
results files merge. Both select whole pages: a page's blocks share one namespace.
"""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Callable
from pathlib import Path


class ScopeError(ValueError):
    """A ``--changed`` or ``--shard`` value that cannot be used (one line)."""


def parse_shard(value: str) -> tuple[int, int]:
    """``"2/4"`` → ``(2, 4)``; shards count from 1."""
    index, slash, count = value.partition("/")
    try:
        shard = (int(index), int(count))
    except ValueError:
        shard = (0, 0)
    if not slash or not 1 <= shard[0] <= shard[1]:
        raise ScopeError(f"--shard wants I/N with 1 <= I <= N, got {value!r}")
    return shard


def shard_of(page: str, count: int) -> int:
    """The shard (1-based) a page belongs to: a hash of its path, so adding a page never moves
    the others to another shard."""
    digest = hashlib.sha256(page.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def in_shard(page: str, shard: tuple[int, int]) -> bool:
    return shard_of(page, shard[1]) == shard[0]


def changed_files(ref: str, cwd: Path) -> set[Path]:
    """Files changed since ``ref`` (committed, staged, unstaged, and new untracked files)."""

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60
        )
        if done.returncode != 0:
            message = (done.stderr.strip().splitlines() or ["git failed"])[-1]
            raise ScopeError(f"--changed {ref}: {message}")
        return done.stdout

    top = Path(git("rev-parse", "--show-toplevel").strip())
    names = git("diff", "--name-only", ref, "--").splitlines()
    names += git("ls-files", "--others", "--exclude-standard").splitlines()
    return {(top / name).resolve() for name in names if name}


def touched_by(
    pages: list[Path], changed: set[Path], sources_of: Callable[[Path], set[Path]]
) -> list[Path]:
    """The pages that changed, or whose text includes (``--8<--``) a changed file."""
    return [page for page in pages if page.resolve() in changed or sources_of(page) & changed]
