"""Which worker serves a page: one zygote per session and docs folder, one live page at a time.

Only one page's worker lives at a time (:data:`MAX_LIVE`): a page's processes, daemons included,
are gone before the next page's first block runs, so no page reaches another page's worker. The
next page's worker is forked ahead, blank, and let go only once the zygote has reaped the page
before it (the zygote's docstring says why a blank worker is out of the running page's reach).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import importlib.util
import re
import sys
from collections import OrderedDict
from pathlib import Path

from ..model import PageContext
from ..sandbox import no_sandbox_requested, require_sandbox
from .client import PageWorker
from .spawner import Zygote

#: Live page workers at once. One: a page's processes (daemons included) are gone before the
#: next page's first block runs, so no page can reach another page's worker (the zygote holds
#: to it too: it reaps every other page before it lets one start).
MAX_LIVE = 1
_live: OrderedDict[int, PageWorker] = OrderedDict()


_zygote: Zygote | None = None


def worker_of(context: PageContext) -> PageWorker:
    """The page's worker, started on first use (at most :data:`MAX_LIVE` stay alive)."""
    global _zygote
    worker: PageWorker | None = getattr(context, "_fixbook_worker", None)
    if worker is not None:
        if id(worker) in _live:
            _live.move_to_end(id(worker))
        return worker
    sockets = _sockets_dir(context)
    readable = _readable(context)
    if (
        _zygote is None
        or not _zygote.alive()
        or _zygote.sockets != sockets
        or _zygote.readable != readable
    ):  # a page of another docs folder, or another session's services: a sandbox of its own
        if _zygote is not None:
            stop_all()
        sandboxed = not no_sandbox_requested()
        if sandboxed:
            require_sandbox()
        _zygote = Zygote(readable=readable, sockets=sockets, sandboxed=sandboxed)
        modules, folders = installed_imports(readable[0]) if readable else ([], [])
        _zygote.ask({"op": "preload", "modules": modules, "folders": folders}, timeout=120)
    while len(_live) >= MAX_LIVE:  # before the new page's worker is let go (the zygote also
        _, oldest = _live.popitem(last=False)  # reaps every other page before it opens a gate)
        oldest.stop()
    worker = PageWorker(context, _zygote)
    context._fixbook_worker = worker  # type: ignore[attr-defined]
    _live[id(worker)] = worker
    return worker


def stop_all() -> None:
    """Stop every page's worker and the zygote (end of the session)."""
    global _zygote
    while _live:
        _, worker = _live.popitem()
        worker.stop()
    if _zygote is not None:
        _zygote.stop()
        _zygote = None


atexit.register(stop_all)


_IMPORT = re.compile(r"^[ \t>.]*(?:from|import)[ \t]+([A-Za-z_]\w*)", re.MULTILINE)


def installed_imports(docs_dir: Path) -> tuple[list[str], list[str]]:
    """Top-level modules the docs' pages import that are installed packages (not a page's own
    code, not the docs' support files): the zygote imports them once, before the first page;
    and the folders of the pages, whose settings the zygote reads once."""
    names: set[str] = set()
    folders: set[str] = set()
    for page in docs_dir.rglob("*.md"):
        folders.add(str(page.parent.resolve()))
        with contextlib.suppress(OSError, UnicodeDecodeError):
            names.update(_IMPORT.findall(page.read_text(encoding="utf-8")))
    roots = tuple({sys.prefix, sys.base_prefix})
    installed = []
    for name in sorted(names):
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        origin = (spec.origin or "") if spec else ""
        if origin.startswith(roots) or (spec is not None and origin in ("built-in", "frozen")):
            installed.append(name)
    return installed, sorted(folders)


def _readable(context: PageContext) -> list[Path]:
    """What the worker may read besides Python: the docs and the folders of included files,
    never the whole project (a ``--8<--`` base of ``.`` is the project: only its ``snippets``)."""
    return list(_readable_from(str(Path(context.path).resolve().parent)))


@functools.lru_cache(maxsize=64)
def _readable_from(folder: str) -> tuple[Path, ...]:
    """:func:`_readable` for the pages of one folder (reading the settings takes a while)."""
    from ..settings import settings_for

    settings = settings_for(Path(folder))
    top = settings.root or (settings.config_file.parent if settings.config_file else None)
    root = top.resolve() if top else None
    candidates = [settings.docs_dir, *settings.snippet_bases]
    if settings.schemas_dir is not None:
        candidates.append(settings.schemas_dir)
    if root is not None:
        candidates.append(root / "snippets")
    paths = []
    for path in candidates:
        resolved = path.resolve()
        inside_root = root is None or not root.is_relative_to(resolved)  # never root or above
        if resolved.exists() and inside_root and resolved not in paths:
            paths.append(resolved)
    return tuple(paths)


def _sockets_dir(context: PageContext) -> Path | None:
    services = context.services
    sockets = getattr(services, "sockets_dir", None)
    return sockets if isinstance(sockets, Path) else None
