"""Which pages hold entries: troubleshooting pages, not references, changelogs or tutorials.

A site's configuration reference has a heading per option, its changelog a heading per
release, its tutorial a heading per step with output blocks: every one of those looks like an
entry to a section-level reader. So before reading sections, a page is sorted with zero
configuration:

1. front matter ``symptoms: true`` / ``symptoms: false`` decides (either way);
2. the plugin's ``include`` globs make it a troubleshooting page (``exclude`` drops it earlier);
3. a troubleshooting *name* — in the file or folder name, the page title, or a nav section
   above it: troubleshooting, FAQ, known issues, common problems/issues/errors/pitfalls,
   gotchas, error messages/codes — makes it a troubleshooting page (bare "issues" or
   "errors" do not: "Documentation issues" is about reporting them, "Errors" in an API
   reference lists exception classes);
4. so does its *shape*: a section that follows problem conventions (labels of two roles such
   as Symptoms + Fix, a labelled ``Error: …`` title, an entry table, an error admonition);
5. otherwise it is a reference page when its name says so (reference, API, configuration,
   options, changelog, release notes, tutorial, getting started, installation, usage, CLI,
   glossary …), else an "other" page; both are read the same way (below), the kind only
   names the reason.

On a page that is not a troubleshooting page, only the sections under a troubleshooting-named
heading (``## Troubleshooting``, ``## FAQ``, ``## Known issues``) are read for entries: an
installation guide's own troubleshooting section is found, its steps are not.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Any


class Kind(StrEnum):
    """How much of a page is read for entries."""

    TROUBLESHOOTING = "troubleshooting"  # the whole page
    REFERENCE = "reference"  # only sections under a troubleshooting-named heading
    OTHER = "other"  # the same as reference: not shaped like a troubleshooting page
    OFF = "off"  # front matter ``symptoms: false``: nothing


_TROUBLESHOOTING = re.compile(
    r"\b(?:trouble[- ]?shoot(?:ing|er)?|faqs?|frequently asked(?: questions)?|known issues?|"
    r"known (?:problems|bugs|limitations)|common (?:problems|issues|errors|mistakes|pitfalls)|"
    r"gotchas|pitfalls|error (?:messages|codes|reference))\b"
)
_REFERENCE = re.compile(
    r"\b(?:reference|api|apis|configuration|config|configuring|options|settings|setup|"
    r"set(?:ting)? up|changelog|changes|release notes|releases|release history|history|"
    r"tutorials?|getting started|get started|quick ?start|installation|install(?:ing)?|"
    r"usage|cli|command line|commands|glossary|schema|upgrad(?:e|ing)|migration guide|"
    r"customi[sz]ation|conventions|license|alternatives|comparisons?|examples?|"
    r"how it works|contributing|roadmap|sponsors?|blog|news)\b"
)


SHAPED = "sections follow problem conventions"


def _words(text: str) -> str:
    """Lower-case words: ``known_issues.md`` and "Known Issues" read the same."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def names_troubleshooting(text: str) -> bool:
    """A heading, title or file name that announces troubleshooting content."""
    return bool(_TROUBLESHOOTING.search(_words(text)))


@dataclass(frozen=True)
class Verdict:
    """A page's kind and why (shown by ``fixbook index --pages``)."""

    kind: Kind
    reason: str

    @property
    def whole_page(self) -> bool:
        return self.kind is Kind.TROUBLESHOOTING

    @property
    def named(self) -> bool:
        """Said to be troubleshooting (by name, front matter, include glob, or — for other
        pages — by the names of its troubleshooting sections), not only shaped like it."""
        return self.kind is not Kind.OFF and self.reason != SHAPED


def _names(path: str, title: str, nav: Sequence[str]) -> list[tuple[str, str]]:
    """(what, text) pairs to read names from: the page's own names first."""
    pure = PurePosixPath(path)
    stem = pure.stem if pure.stem.lower() not in {"index", "readme"} else ""
    names = [("file name", stem), ("title", title)]
    names += [("nav section", section) for section in reversed(nav)]
    names += [("folder", folder) for folder in reversed(pure.parts[:-1])]
    return [(what, text) for what, text in names if text]


def classify(
    path: str,
    meta: dict[str, Any],
    title: str,
    nav: Sequence[str],
    include: Iterable[str],
    shaped: bool,
) -> Verdict:
    """The kind of a page (see the module docstring for the order of the rules).

    ``title``: the page's title (front matter ``title`` or its first heading); ``nav``: the
    titles of the nav sections above it, outermost first; ``shaped``: whether one of its
    sections follows problem conventions (:func:`is_shaped`)."""
    forced = meta.get("symptoms")
    if forced is False:
        return Verdict(Kind.OFF, "front matter symptoms: false")
    if forced is True:
        return Verdict(Kind.TROUBLESHOOTING, "front matter symptoms: true")
    if any(fnmatch.fnmatch(path, pattern) for pattern in include):
        return Verdict(Kind.TROUBLESHOOTING, "include glob")
    names = _names(path, str(meta.get("title") or title), nav)
    # The page's own name comes first: "Troubleshooting" under a "Reference" nav section is
    # a troubleshooting page.
    for what, text in names:
        if _TROUBLESHOOTING.search(_words(text)):
            return Verdict(Kind.TROUBLESHOOTING, f"{what} {text!r}")
    # Shape beats a reference-sounding name: "Backend API" whose sections say Symptoms,
    # Cause and Fix is a troubleshooting page; an API reference's sections say none of that.
    if shaped:
        return Verdict(Kind.TROUBLESHOOTING, SHAPED)
    for what, text in names:
        if _REFERENCE.search(_words(text)):
            return Verdict(Kind.REFERENCE, f"{what} {text!r}")
    return Verdict(Kind.OTHER, "no troubleshooting name or shape")


def nav_sections(nav: Any) -> dict[str, list[str]]:
    """Source path -> titles of the nav sections above it (outermost first), from the raw
    ``nav`` of ``mkdocs.yml`` (a list of pages, ``{title: page}`` and ``{title: [..]}``)."""
    found: dict[str, list[str]] = {}

    def walk(items: Any, above: list[str]) -> None:
        if isinstance(items, str):
            found.setdefault(items, above)
            return
        if isinstance(items, dict):
            items = [{key: value} for key, value in items.items()]
        if not isinstance(items, list):
            return
        for item in items:
            if isinstance(item, str):
                found.setdefault(item, above)
            elif isinstance(item, dict):
                for key, value in item.items():
                    if isinstance(value, str):
                        found.setdefault(value, above)
                    else:
                        walk(value, [*above, str(key)])

    walk(nav, [])
    return found
