"""Extraction results kept across builds, keyed by what the extraction reads.

Extraction (one page model parse and the section walk of each page) is most of the plugin's
own time. Its result depends only on the page's text, path and url, the slug options, the
``include`` globs, the nav titles above the page and the code doing it; so it is stored under a
hash of exactly those, and a build reuses every page whose hash it has seen. That serves
``mkdocs serve`` (only the edited page is extracted again) and repeated builds alike, including
CI runs that keep the cache folder (``.cache/plugin/symptoms`` beside ``mkdocs.yml``, as
Material's own plugins keep theirs).

Results are stored pickled, and unpickled on every use: the index mutates entries while it
assembles them (aliases, related entries), and a reused result must not carry the last
build's. The cache file is the project's own, written by this plugin, trusted as
``mkdocs.yml`` is. Anything odd about it (unreadable, another format, another code version)
means an empty cache, never a failed build.

Results made from every page's entries together (the finder data) are kept the same way,
under a hash of their inputs (:meth:`ExtractionCache.derived`): a build whose entries did not
change, or a ``mkdocs serve`` rebuild after an edit that changed no entry, reuses them.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import markdown_it

from fixbook.markdown import MarkdownOptions

from .model import PageEntries

FILE_NAME = "extraction.pickle"
DERIVED_PREFIX = "derived-"  # + name + ".pickle": a result made from every page's entries
T = TypeVar("T")
_FORMAT = 1
_PACKAGE = Path(__file__).resolve().parents[1]  # fixbook/


@functools.cache
def code_version() -> str:
    """Changes when any module of the fixbook package (or markdown-it) changes: a cached
    result is only as good as the code that made it."""
    digest = hashlib.sha256(f"{_FORMAT} {markdown_it.__version__}".encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        stat = path.stat()
        digest.update(f"{path.relative_to(_PACKAGE)} {stat.st_mtime_ns} {stat.st_size}".encode())
    return digest.hexdigest()


def _callable_identity(function: Callable[..., Any]) -> str | None:
    """A name for a slugify function that is the same in every process, or None."""
    if isinstance(function, functools.partial):
        inner = _callable_identity(function.func)
        keywords = sorted(function.keywords.items())
        described = f"{inner}{function.args!r}{keywords!r}" if inner else None
    else:
        name = getattr(function, "__qualname__", None)
        if name is None:
            return None
        cells = tuple(cell.cell_contents for cell in function.__closure__ or ())
        described = f"{function.__module__}.{name}{cells!r}{function.__defaults__!r}"
    if described is None or " at 0x" in described:  # an address: differs per process
        return None
    return described


def page_key(
    source: str,
    path: str,
    url: str,
    options: MarkdownOptions,
    include: Sequence[str],
    nav: Sequence[str],
) -> str | None:
    """The hash a page's extraction is stored under; None when it cannot be named stably
    (a slugify function defined in a way that differs per process)."""
    described_options = []
    for value in options.key():
        if callable(value):
            value = _callable_identity(value)
            if value is None:
                return None
        described_options.append(value)
    described = repr((path, url, described_options, tuple(include), tuple(nav)))
    digest = hashlib.sha256(described.encode())
    digest.update(source.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _file_hash(file: str) -> str | None:
    try:
        return hashlib.sha256(Path(file).read_bytes()).hexdigest()
    except OSError:
        return None


class ExtractionCache:
    """The stored results, kept by the plugin for the life of its process (``mkdocs serve``
    rebuilds): ``begin`` a build, ``get`` what is known, ``put`` what was extracted, ``save``
    what this build used (results of pages that are gone are dropped from the file).

    A record holds the content hash of every file the page includes (``--8<--``): an edited
    snippet makes the pages that include it misses.
    """

    def __init__(self, folder: Path | None) -> None:
        self.file = folder / FILE_NAME if folder is not None else None
        self._stored: dict[str, Record] = {}
        self._used: dict[str, Record] = {}
        self._hashes: dict[str, str | None] = {}  # included file -> content hash, this build
        self._changed = False
        self._version = code_version()
        self._derived: dict[str, tuple[str, Any]] = {}  # name -> (inputs digest, result)
        self._load()

    def _load(self) -> None:
        if self.file is None:
            return
        try:
            with open(self.file, "rb") as handle:
                version, stored = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            return
        if version == self._version and isinstance(stored, dict):
            self._stored = stored

    def begin(self) -> None:
        """A new build: files may have changed since the last one."""
        self._stored.update(self._used)
        self._used = {}
        self._hashes = {}

    def _hash(self, file: str) -> str | None:
        if file not in self._hashes:
            self._hashes[file] = _file_hash(file)
        return self._hashes[file]

    def get(self, key: str | None) -> PageEntries | None:
        if key is None:
            return None
        record = self._used.get(key) or self._stored.get(key)
        if record is None:
            return None
        included, data = record
        if any(self._hash(file) != digest for file, digest in included.items()):
            return None
        try:
            page = pickle.loads(data)
        except Exception:  # a damaged record is a miss, never a failed build
            return None
        if not isinstance(page, PageEntries):
            return None
        self._used[key] = record
        return page

    def put(self, key: str | None, page: PageEntries, included: Iterable[str] = ()) -> None:
        """Store a page's fresh extraction (before the index changes its entries)."""
        if key is None:
            return
        hashes = {file: self._hash(file) for file in included}
        data = pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL)
        self._used[key] = ({f: h for f, h in hashes.items() if h is not None}, data)
        self._changed = True

    def save(self) -> None:
        """Write this build's results when they differ from what was stored (atomically)."""
        if self.file is None:
            return
        if not self._changed and self._used.keys() == self._stored.keys():
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            partial = self.file.with_name(f".{FILE_NAME}.{os.getpid()}")
            with open(partial, "wb") as handle:
                pickle.dump((self._version, self._used), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, self.file)
        except OSError:
            return  # a read-only checkout builds as well, only without the cache
        self._stored = dict(self._used)
        self._changed = False

    def derived(self, name: str, inputs: Any, compute: Callable[[Any], T]) -> T:
        """``compute(inputs)``, reused while the inputs (JSON-able: every entry as
        ``symptoms.json`` has it) and the code are the same. The finder data is made from the
        whole index, so it is remade only when some entry changed: kept in memory for the
        rebuilds of ``mkdocs serve``, and in ``derived-<name>.pickle`` beside the extraction
        results for the next build."""
        encoded = json.dumps(inputs, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        digest = hashlib.sha256(encoded.encode("utf-8", "surrogatepass")).hexdigest()
        known = self._derived.get(name) or self._load_derived(name)
        if known is not None and known[0] == digest:
            return known[1]  # type: ignore[no-any-return]
        result = compute(inputs)
        self._derived[name] = (digest, result)
        self._save_derived(name, digest, result)
        return result

    def _derived_file(self, name: str) -> Path | None:
        return self.file.with_name(f"{DERIVED_PREFIX}{name}.pickle") if self.file else None

    def _load_derived(self, name: str) -> tuple[str, Any] | None:
        file = self._derived_file(name)
        if file is None:
            return None
        try:
            with open(file, "rb") as handle:
                version, digest, result = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            return None
        return (digest, result) if version == self._version else None

    def _save_derived(self, name: str, digest: str, result: Any) -> None:
        file = self._derived_file(name)
        if file is None:
            return
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            partial = file.with_name(f".{file.name}.{os.getpid()}")
            with open(partial, "wb") as handle:
                pickle.dump((self._version, digest, result), handle, pickle.HIGHEST_PROTOCOL)
            os.replace(partial, file)
        except OSError:
            return


#: Content hashes of the files a page includes, and the pickled extraction.
Record = tuple[dict[str, str], bytes]
