"""A cache of decoded finder indexes, so ``fixbook find`` starts fast on a large index.

Compiling 12,000 entries (normalising some 80,000 strings) takes about a second in Python;
loading the result from the cache takes a few milliseconds. The key is the index file's path,
size and modification time (as for ``.pyc`` files) plus the finder's own source, so a changed
index or a changed algorithm is never served stale.
The cache lives in ``$FIXBOOK_CACHE_DIR``, else ``$XDG_CACHE_HOME/fixbook``, else
``~/.cache/fixbook``; when it cannot be written the index is simply compiled every time.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
from collections.abc import Callable
from pathlib import Path

from fixbook.finder.index import FinderIndex

_SOURCES = ("normalise.py", "index.py", "rank.py")


def cache_dir() -> Path:
    if os.environ.get("FIXBOOK_CACHE_DIR"):
        return Path(os.environ["FIXBOOK_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "fixbook"


def cached_index(source: Path, compile_index: Callable[[], FinderIndex]) -> FinderIndex:
    """The index compiled from the file ``source``, from the cache when compiled before.

    One cache file per source file: writing a new one removes the stale ones of that source.
    """
    resolved = source.resolve()
    stat = resolved.stat()
    place = hashlib.sha256(str(resolved).encode()).hexdigest()[:16]
    version = hashlib.sha256(f"{stat.st_size}\0{stat.st_mtime_ns}".encode())
    here = Path(__file__).parent
    for name in _SOURCES:
        version.update((here / name).read_bytes())
    prefix = f"finder-{sys.implementation.cache_tag}-{place}-"
    path = cache_dir() / f"{prefix}{version.hexdigest()[:16]}.marshal"
    try:
        return FinderIndex(*marshal.loads(path.read_bytes()))
    except (OSError, ValueError, EOFError, TypeError):
        pass
    index = compile_index()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for stale in path.parent.glob(f"{prefix}*.marshal"):
            stale.unlink(missing_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps(tuple(index)))
        temporary.replace(path)
    except OSError:
        pass
    return index
