"""The guide a page belongs to: the one answer every reader (index, verification) uses.

A guide is a top folder of the docs (``pydbapi/gateway.md`` → ``pydbapi``); a page directly in
the docs folder is its own guide (``contributing.md`` → ``contributing``).
"""

from __future__ import annotations

from pathlib import Path, PurePath, PurePosixPath


def guide_of(page: str | PurePath, docs_dir: Path | None = None) -> str:
    """The guide of ``page``: a path relative to the docs folder, or a file under ``docs_dir``.

    A file outside ``docs_dir`` is given the name of its folder (a page read on its own).
    """
    if docs_dir is not None:
        try:
            relative = PurePath(Path(page).resolve().relative_to(docs_dir.resolve()))
        except ValueError:
            path = PurePath(page)
            return path.parent.name or path.stem
    else:
        relative = PurePosixPath(PurePath(page).as_posix())
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem
