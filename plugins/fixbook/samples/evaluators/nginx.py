"""nginx configuration, parsed by crossplane with nginx's own directive and context tables.

Guides show fragments: a ``location`` block or a few ``proxy_*`` lines. A fragment is parsed
inside the context nginx would hold it in (main, ``http``, ``server``, ``location``), chosen
from crossplane's table of where its first directive is allowed, and in the other contexts only
if that fails with "not allowed here"; so a fragment passes exactly when it would be valid
somewhere nginx reads it, usually after a single parse.

``conf`` is only a file extension: a ``conf`` fence is verified as nginx when it reads like
nginx (its first directive is one nginx knows, or it opens a ``{`` block); anything else
(``KEY=value`` lines, an app's own format) is *not verified*, never a failure.
"""

from __future__ import annotations

import os
import re
import tempfile
import weakref
from pathlib import Path

try:
    import crossplane
    from crossplane import analyzer
    from crossplane.errors import NgxParserBaseException
except ModuleNotFoundError:  # fixbook[parsers] not installed: nginx blocks are not verified
    crossplane = analyzer = None  # type: ignore[assignment]
    NgxParserBaseException = Exception  # type: ignore[assignment,misc]

from ..model import Block, BlockFailure, NotVerified, PageContext
from .base import ParsingEvaluator
from .extras import install_hint

#: (context mask, opening text); each opening is one line, so block lines shift by one.
CONTEXTS = (
    (
        (analyzer.NGX_MAIN_CONF, ""),
        (analyzer.NGX_HTTP_MAIN_CONF, "http {\n"),
        (analyzer.NGX_HTTP_SRV_CONF, "http { server {\n"),
        (analyzer.NGX_HTTP_LOC_CONF, "http { server { location / {\n"),
    )
    if analyzer is not None
    else ()
)
NOT_ALLOWED = "is not allowed here"
MEMORY_DIR = "/dev/shm"
FIRST_DIRECTIVE = re.compile(r"^\s*(?!#)(?P<name>[A-Za-z_][\w]*)", re.MULTILINE)


def contexts_for(source: str) -> list[tuple[int, str]]:
    """The wrapping contexts to try, those allowing the fragment's first directive first."""
    match = FIRST_DIRECTIVE.search(source)
    masks = analyzer.DIRECTIVES.get(match["name"], []) if match else []
    allowed = 0
    for mask in masks:
        allowed |= mask
    return sorted(CONTEXTS, key=lambda context: not allowed & context[0])


def written_label(info: str) -> str:
    """The label a fence was written with (``conf`` in ``conf title="x"``)."""
    first = info.strip().strip("{}").split(maxsplit=1)
    return first[0].lstrip(".").lower() if first else ""


def reads_like_nginx(source: str) -> bool:
    """Whether a ``conf`` block is nginx: a known first directive, or a ``{`` block."""
    match = FIRST_DIRECTIVE.search(source)
    if match and analyzer is not None and match["name"] in analyzer.DIRECTIVES:
        return True
    return bool(re.search(r"^\s*[\w$~^*/.-]+(?:\s+[^\s{;]+)*\s*\{\s*$", source, re.MULTILINE))


class NginxEvaluator(ParsingEvaluator):
    languages = frozenset({"nginx"})  # `conf` is an alias: see reads_like_nginx

    def __call__(self, block: Block, context: PageContext) -> None:
        if written_label(block.info) != "nginx" and not reads_like_nginx(block.source):
            raise NotVerified("conf: not nginx, and no evaluator for its format")
        if crossplane is None:
            raise NotVerified(install_hint("crossplane") or "crossplane is not installed")
        self.parse(block.source)

    def __init__(self) -> None:
        # crossplane reads a file; rewriting one on a disk costs ms, in memory (tmpfs) µs.
        memory = MEMORY_DIR if os.access(MEMORY_DIR, os.W_OK) else None
        folder = tempfile.TemporaryDirectory(prefix="fixbook-nginx-", dir=memory)
        weakref.finalize(self, folder.cleanup)
        self._config = Path(folder.name) / "nginx.conf"

    def parse(self, source: str) -> None:
        first_error: tuple[str, int | None] | None = None
        for _, opening in contexts_for(source):
            closing = "}" * opening.count("{")
            self._config.write_text(f"{opening}{source}\n{closing}\n", encoding="utf-8")
            error = self._first_error()
            if error is None:
                return
            message, line = error
            shifted = (line - opening.count("\n")) if line else None
            first_error = first_error or (message, shifted)
            if NOT_ALLOWED not in message:
                raise BlockFailure(f"nginx: {message}", line=shifted)
        assert first_error is not None
        raise BlockFailure(f"nginx: {first_error[0]}", line=first_error[1])

    def _first_error(self) -> tuple[str, int | None] | None:
        """crossplane's first error for the file, without its ``in file:line`` suffix."""
        config = str(self._config)
        try:
            payload = crossplane.parse(config, single=True, strict=True, comments=False)
        except NgxParserBaseException as error:  # raised by some versions despite catch_errors
            return error.strerror, error.lineno
        for error in payload["errors"]:
            return str(error["error"]).split(f" in {config}")[0], error.get("line")
        return None
