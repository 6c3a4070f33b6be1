"""Plain data shared by extraction, related-entry linking, the index pages and the exports.

An :class:`Entry` is one problem of a guide: a heading section or one row of a symptom table.
Its public fields are the ``symptoms.json`` schema (docs/reference/symptoms-json.md); the rest
is what the plugin needs later in the build (whether it has a fix, which table row or
admonition gets the injected ``id``, the heading to recognise in the rendered toc) so that no
page is parsed twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from fixbook.markdown import guide_of


@dataclass(frozen=True)
class Problem:
    """A validation message about the docs, reported as ``path:line: message``."""

    path: str  # relative to docs_dir, POSIX separators
    line: int  # 1-based; 0 for a problem of the whole file (``path: cannot read: not UTF-8``)
    message: str

    def __str__(self) -> str:
        if not self.line:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class TableRow:
    """Where a table-style entry sits, so its ``<tr>`` can be found in the rendered page."""

    header: tuple[str, ...]  # the table's header cells as plain text
    occurrence: int  # 0-based among the page's entry tables with this header
    row: int  # 0-based index among the table's body rows
    first_cell: str  # plain text of the row's first cell, to check the match


@dataclass
class Entry:
    """One problem: a section whose heading names a symptom or an error, or a table row."""

    id: str
    guide: str
    title: str
    url: str
    path: str  # source path relative to docs_dir
    line: int  # 1-based line of the heading, or of the table row
    anchor: str
    symptoms: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    http_status: list[int] = field(default_factory=list)
    components: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    # Extension fields (symptoms.json carries them beside the stable ones).
    codes: list[str] = field(default_factory=list)  # stable codes: "SQLSTATE 53300", "P2024"
    applies_to: dict[str, str] = field(default_factory=dict)  # name -> version
    fix: str = ""  # the first step of the fix, plain text, at most 200 characters
    aliases: list[str] = field(default_factory=list)  # published ids that resolve here
    # Internal: not exported.
    has_fix: bool = False
    table_row: TableRow | None = None
    heading: str = ""  # the heading's plain text, to recognise it in the rendered page's toc
    admonition: str = ""  # for an admonition entry: its title, to find it in the rendered page
    own_applies_to: dict[str, str] = field(default_factory=dict)  # its "Applies to:" line

    def to_json(self) -> dict[str, Any]:
        """The entry as ``symptoms.json`` holds it (and the finder's data script receives)."""
        return {
            "id": self.id,
            "guide": self.guide,
            "title": self.title,
            "url": self.url,
            "source": {"path": self.path, "line": self.line},
            "symptoms": list(self.symptoms),
            "errors": list(self.errors),
            "http_status": list(self.http_status),
            "components": list(self.components),
            "related": list(self.related),
            "codes": list(self.codes),
            "applies_to": dict(self.applies_to),
            "fix": self.fix,
            "aliases": list(self.aliases),
        }


@dataclass
class PageEntries:
    """What extraction found in one page."""

    path: str
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    kind: Any = None  # the page's pagekind.Verdict (None when it could not be read)
    applies_to: dict[str, str] = field(default_factory=dict)  # its own front matter's
    applies_to_all: dict[str, str] = field(default_factory=dict)  # with its guide's (assemble)


@dataclass
class PageInfo:
    """Where a page sits: its source path, url, guide, and the page's components."""

    path: str  # relative to docs_dir, POSIX
    url: str  # the page's url relative to the site root
    guide: str
    components: list[str]

    @classmethod
    def of(cls, path: str, url: str, components: list[str] | None = None) -> PageInfo:
        pure = PurePosixPath(path)
        guide = guide_of(pure)
        area = pure.stem if pure.stem.lower() not in {"index", "readme"} else guide
        area = re.sub(r"[^a-z0-9]+", "-", area.lower()).strip("-") or guide.lower()
        return cls(path, url, guide, components if components is not None else [area])

    def entry(self, anchor: str, **fields: Any) -> Entry:
        """An entry of this page at ``anchor``: id, url, guide and components filled in."""
        return Entry(
            id=f"{PurePosixPath(self.path).with_suffix('').as_posix()}/{anchor}",
            guide=self.guide,
            url=f"{self.url}#{anchor}",
            path=self.path,
            anchor=anchor,
            components=list(self.components),
            **fields,
        )
