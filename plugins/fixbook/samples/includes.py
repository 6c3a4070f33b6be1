"""pymdownx.snippets includes (``--8<--``), resolved before the page is lexed.

MkDocs replaces every ``--8<-- "file"`` line, inside fences or not, with the file's lines before
Markdown sees the page; we do the same so that what is tested is what is rendered. Each line
remembers where it came from, so a failure in included code names the included file's line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .model import SourceLocation


def display_path(path: Path) -> Path:
    """``path`` relative to the working directory when it lies under it, as reports show it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


INLINE = re.compile(
    r"^(?P<space>[ \t]*)(?P<escape>;*)-+8<-+[ \t]+"
    r"""(?P<target>"(?:\\"|[^"])+?"|'(?:\\'|[^'])+?')\s*$"""
)
BLOCK_MARKER = re.compile(r"^[ \t]*(?P<escape>;*)-+8<-+\s*$")
SECTION = re.compile(r"-+8<-+\s*\[\s*(?:start|end)\s*:[^\]]*\]")
LINES_SPEC = re.compile(r"^(?P<path>.+?)(?P<spans>(?::-?\d*(?::-?\d*)?)(?:,-?\d*(?::-?\d*)?)*)$")


class IncludeError(ValueError):
    """An include that MkDocs could not render; reported at the directive's line."""

    def __init__(self, message: str, location: SourceLocation, page_line: int = 0) -> None:
        super().__init__(f"{location}: {message}")
        self.message = message
        self.location = location
        self.page_line = page_line or location.line  # the page line whose include failed


@dataclass(frozen=True)
class Line:
    """One line of the page as rendered, and where it was written."""

    text: str
    origin: SourceLocation
    page_line: int  # the page line that rendered it (the include directive, for included lines)


def _select(lines: list[str], spans: str) -> list[tuple[int, str]]:
    numbered = list(enumerate(lines, start=1))
    if not spans:
        return numbered
    chosen: list[tuple[int, str]] = []
    for span in spans[1:].split(","):
        start_text, _, end_text = span.partition(":")
        start = int(start_text) if start_text else 1
        end = int(end_text) if end_text else len(lines)
        chosen.extend(numbered[max(start, 1) - 1 : end])
    return chosen


class IncludeResolver:
    """Expands ``--8<--`` directives against pymdownx.snippets base paths."""

    def __init__(self, bases: Sequence[Path]) -> None:
        self.bases = tuple(bases)

    def find(self, target: str, location: SourceLocation, page_line: int) -> tuple[Path, str]:
        match = LINES_SPEC.match(target)
        name, spans = (match["path"], match["spans"]) if match else (target, "")
        for base in self.bases:
            candidate = base / name
            if candidate.is_file():
                return display_path(candidate), spans
        searched = ", ".join(str(base) for base in self.bases) or "no base path"
        message = f"included file {name!r} not found (searched {searched})"
        raise IncludeError(message, location, page_line)

    def expand(self, path: Path, text: str) -> tuple[list[Line], list[IncludeError]]:
        """The page's lines as rendered, and the includes that could not be resolved.

        A failed include renders nothing, as with pymdownx.snippets' ``check_paths: false``;
        the caller reports it, and the rest of the page is still verified.
        """
        errors: list[IncludeError] = []
        lines = self._expand(path, text.splitlines(), "", (path.resolve(),), None, errors)
        return lines, errors

    def _expand(
        self,
        path: Path,
        raw_lines: Sequence[str] | Sequence[tuple[int, str]],
        indent: str,
        seen: tuple[Path, ...],
        page_line: int | None,
        errors: list[IncludeError],
    ) -> list[Line]:
        numbered = [(n, t) if isinstance(t, str) else t for n, t in enumerate(raw_lines, 1)]
        out: list[Line] = []
        in_block = False
        for number, text in numbered:
            location = SourceLocation(path, number)
            rendered_at = number if page_line is None else page_line
            inline = INLINE.match(text)
            block_marker = BLOCK_MARKER.match(text)
            if (inline and inline["escape"]) or (block_marker and block_marker["escape"]):
                out.append(Line(indent + text.replace(";", "", 1), location, rendered_at))
            elif block_marker:
                in_block = not in_block
            elif inline or (in_block and text.strip()):
                target = inline["target"][1:-1] if inline else text.strip()
                space = inline["space"] if inline else text[: len(text) - len(text.lstrip())]
                if target.startswith(";"):
                    continue
                try:
                    out.extend(
                        self._include(target, location, indent + space, seen, rendered_at, errors)
                    )
                except IncludeError as error:
                    errors.append(error)
            elif in_block:
                out.append(Line(indent, location, rendered_at))
            elif SECTION.search(text):
                continue  # section markers of included files never render
            else:
                out.append(Line(indent + text if text else text, location, rendered_at))
        return out

    def _include(
        self,
        target: str,
        location: SourceLocation,
        indent: str,
        seen: tuple[Path, ...],
        page_line: int,
        errors: list[IncludeError],
    ) -> list[Line]:
        if target.lower().startswith(("http://", "https://")):
            message = f"remote include {target!r} cannot be verified offline"
            raise IncludeError(message, location, page_line)
        file, spans = self.find(target, location, page_line)
        if file.resolve() in seen:
            raise IncludeError(f"include loop through {file}", location, page_line)
        lines = file.read_text(encoding="utf-8").splitlines()
        selected = _select(lines, spans)
        return self._expand(file, selected, indent, (*seen, file.resolve()), page_line, errors)
