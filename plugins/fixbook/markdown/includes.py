"""``--8<--`` includes, resolved by ``pymdownx.snippets``' own code, each line keeping its origin.

MkDocs replaces every include, inside fences or not, before Markdown sees the page, so what is
verified and indexed must be the page *after* that step. Rather than imitate the extension,
this module drives its preprocessor: ``parse_snippet_target`` reads the target
(``file.py:3:10``, ``file.py:name``), ``get_snippet_path`` searches the bases
(``restrict_base_path`` included), ``select_snippet_lines`` takes line ranges and
``--8<-- [start:name]`` sections, and ``read_lines`` reads files (one ending in a newline
renders a last, empty line, as on the site). Only the walk over lines is ours, so that each
rendered line can say where it was written: a failure in included code names the included
file's line.

Where pymdownx renders nothing silently (a missing file without ``check_paths``, an include
loop, a remote file), the page model reports a problem at the directive's line: the reader
would see nothing there.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import markdown
from pymdownx.snippets import SnippetMissingError, SnippetPreprocessor

from .problems import Problem


@dataclass(frozen=True)
class Origin:
    """Where a line was written: the page, or the file it includes (1-based line)."""

    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


class SourceLine(str):
    """One line of the page as rendered, remembering where it was written.

    A ``str`` so that pymdownx's own line selection (which slices and matches lines) keeps
    the objects; ``page_line`` is the page line that rendered it (the include directive's
    line for included lines).
    """

    origin: Origin
    page_line: int

    def __new__(cls, text: str, origin: Origin, page_line: int) -> SourceLine:
        line = super().__new__(cls, text)
        line.origin = origin
        line.page_line = page_line
        return line

    def with_text(self, text: str) -> SourceLine:
        return SourceLine(text, self.origin, self.page_line)


def display_path(path: Path) -> Path:
    """``path`` relative to the working directory when it lies under it, as reports show it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


class Includes:
    """Expands a page's ``--8<--`` directives with ``pymdownx.snippets`` configured as the site."""

    def __init__(self, options: dict[str, Any], bases: Sequence[Path], tab_length: int = 4):
        self.options = {**options, "base_path": [str(base) for base in bases]}
        self.tab_length = tab_length
        self.read: set[str] = set()  # every file included, for a cache to check freshness
        self.page = Path()

    @cached_property
    def _pymdownx(self) -> SnippetPreprocessor:
        return _preprocessor(self.options, self.tab_length)

    def renders_as_written(self, text: str) -> bool:
        """Whether the page renders line for line as written: no ``auto_append`` and no line
        that could be a directive or a section marker (pymdownx's patterns all need ``8<``)."""
        return not self.options.get("auto_append") and "8<" not in text

    def expand(self, path: Path, text: str) -> tuple[list[SourceLine], list[Problem]]:
        """The page's lines as rendered, and the includes that render nothing."""
        self.page = path
        lines = [SourceLine(t, Origin(path, n), n) for n, t in enumerate(text.splitlines(), 1)]
        appended = self.options.get("auto_append") or []
        if appended:  # as pymdownx's run(): a block include of each file after the page
            end = len(lines)
            block = "\n\n-8<-\n{}\n-8<-\n".format("\n\n".join(appended)).split("\n")
            lines += [SourceLine(t, Origin(path, end), end) for t in block]
        problems: list[Problem] = []
        out = self._walk(path, lines, (os.path.abspath(path),), None, False, problems)
        return out, problems

    def _walk(
        self,
        path: Path,
        lines: list[SourceLine],
        seen: tuple[str, ...],
        page_line: int | None,
        is_section: bool,
        problems: list[Problem],
    ) -> list[SourceLine]:
        """pymdownx's ``parse_snippets`` loop, with origins and problems instead of silence."""
        pre = self._pymdownx
        out: list[SourceLine] = []
        block = False
        for line in lines:
            at = line.page_line if page_line is None else page_line
            inline = False
            match = pre.RE_ALL_SNIPPETS.match(line)
            if match:
                if match.group("escape"):
                    out.append(SourceLine(line.replace(";", "", 1), line.origin, at))
                    continue
                if block and match.group("inline_marker"):
                    continue  # pymdownx: no inline notation directly inside a block
                if match.group("inline_marker"):
                    inline = True
                else:
                    block = not block
                    continue
            elif not block:
                if not is_section:
                    section = pre.match_section(line)
                    if section and section.group("escape"):
                        text = (
                            section.group("pre")
                            + section.group("escape").replace(";", "", 1)
                            + section.group("inline_marker")
                            + section.group("section")
                            + section.group("post")
                        )
                        out.append(SourceLine(text, line.origin, at))
                        continue
                    if section is not None:
                        continue  # section markers never render
                out.append(SourceLine(str(line), line.origin, at))
                continue
            if block and not inline:
                match = pre.RE_SNIPPET.match(line)
            if not match:
                continue
            space = match.group("space").expandtabs(self.tab_length)
            target = (
                match.group("snippet")[1:-1].strip() if inline else match.group("snippet").strip()
            )
            if not inline and not target:
                out.append(SourceLine("", line.origin, at))
                continue
            if target.startswith(";"):
                continue
            out += self._include(target, line, space, seen, at, problems)
        return out

    def _include(
        self,
        written: str,
        line: SourceLine,
        space: str,
        seen: tuple[str, ...],
        at: int,
        problems: list[Problem],
    ) -> list[SourceLine]:
        pre = self._pymdownx

        def problem(message: str) -> list[SourceLine]:
            # At the page line that renders the directive; a directive written in an
            # included file also names where it was written.
            if line.origin.path != self.page:
                message = f"{line.origin}: {message}"
            problems.append(Problem(self.page, at, message, "include"))
            return []

        target = pre.parse_snippet_target(written)
        if target is None:
            return problem(f"include {written!r} names no file")
        name = target["path"]
        if name.lower().startswith(("http://", "https://")):
            return problem(f"remote include {name!r} cannot be verified offline")
        found = pre.get_snippet_path(name)
        if found:
            self.read.add(found)
        if not found:
            searched = ", ".join(self.options["base_path"]) or "no base path"
            return problem(f"included file {name!r} not found (searched {searched})")
        if found in seen:
            return problem(f"include loop through {display_path(Path(found))}")
        file = display_path(Path(found))
        try:
            raw = pre.read_lines(found)
        except UnicodeDecodeError as error:
            return problem(f"included file {file} is not UTF-8 ({error.reason})")
        except OSError as error:
            return problem(f"included file {file} cannot be read ({error.strerror})")
        numbered = [SourceLine(t, Origin(file, n), at) for n, t in enumerate(raw, 1)]
        try:
            selected = pre.select_snippet_lines(numbered, target)
        except SnippetMissingError as error:
            return problem(f"{error} in {file}")
        if not all(isinstance(text, SourceLine) for text in selected):
            selected = _with_origins(pre, numbered, target, selected)
        nested = self._walk(
            file, selected, (*seen, found), at, target["section"] is not None, problems
        )
        return [SourceLine(space + text, text.origin, at) for text in nested]


#: One configured ``pymdownx.snippets`` per configuration: building a Markdown instance costs
#: more than reading most pages.
_PREPROCESSORS: OrderedDict[str, SnippetPreprocessor] = OrderedDict()


def _preprocessor(options: dict[str, Any], tab_length: int) -> SnippetPreprocessor:
    # bases are made absolute at init; _with_origins flips an option for a moment: per thread
    key = repr((sorted(options.items()), tab_length, os.getcwd(), threading.get_ident()))
    processor = _PREPROCESSORS.get(key)
    if processor is None:
        md = markdown.Markdown(
            extensions=["pymdownx.snippets"],
            extension_configs={"pymdownx.snippets": options},
            tab_length=tab_length,
        )
        processor = md.preprocessors["snippet"]
        assert isinstance(processor, SnippetPreprocessor)
        _PREPROCESSORS[key] = processor
        while len(_PREPROCESSORS) > 16:
            _PREPROCESSORS.popitem(last=False)
    processor.bases = None  # as pymdownx's run(): the bases are looked up once per page
    return processor


def _with_origins(
    pre: SnippetPreprocessor, numbered: list[SourceLine], target: dict, texts: list[str]
) -> list[SourceLine]:
    """``dedent_subsections`` joined and split the lines: select again without it, for origins."""
    pre.dedent_subsections = False
    try:
        plain = pre.select_snippet_lines(numbered, target)
    finally:
        pre.dedent_subsections = True
    return [line.with_text(text) for line, text in zip(plain, texts, strict=False)]
