"""The accessibility audit: axe-core, the engine behind most accessibility checkers, run inside
every page of a site.

axe-core is an npm package pinned in ``package.json``/``package-lock.json`` at the repository
root (``python3 dev.py test`` runs ``npm ci`` when it is missing). It is injected from the file
system into each page (as an init script of the audit's browser context: one injection per
page, before the page's own scripts), so the audit sends nothing anywhere either.

What it costs, and so what is audited where: loading a page and running axe take ~0.3 s and
~0.4-0.6 s of Chromium's time per page, whatever part of the page axe reads (leaving the header,
tabs and navigation out saved 13 %). The handbook's pages are the same bytes from either origin,
so the light colour scheme is audited on every page (over HTTP, ``404.html`` included) and the
dark one on :func:`representative_pages`: the fewest pages that together hold every kind of
element the site has (tag, classes and role, each under each kind of parent). Colours come from
the stylesheets by element kind and context, never from inline styles in the pages, so a kind
that passes in one page passes in the others. What a dark audit of one page alone would
catch, it does not: a contrast problem of one page's own text in the dark scheme only. What
varies by page whatever the scheme (one h1, alt text, console errors, requests, overflow) is
checked on every page of both origins by the survey (site_browsing.py).
"""

from __future__ import annotations

import html.parser
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Browser

from .site_browsing import ROOT, Site, Tab

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
#: The impacts the handbook must have none of (axe's scale: minor, moderate, serious, critical).
BLOCKING = frozenset({"serious", "critical"})

RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return {
    passed: results.passes.length,
    violations: results.violations.flatMap(rule => rule.nodes.map(node => ({
      rule: rule.id,
      impact: node.impact || rule.impact || "unknown",
      target: node.target.join(" "),
      summary: (node.failureSummary || "").split("\\n").slice(1).join(" ").trim(),
    }))),
  };
}"""


@dataclass(frozen=True)
class Violation:
    """One element breaking one axe rule on one page."""

    page: str
    rule: str
    impact: str
    target: str  # axe's CSS selector of the element
    summary: str  # what to fix, in axe's words

    def __str__(self) -> str:
        return f"{self.page}: {self.rule} ({self.impact}) at {self.target}: {self.summary}"


@dataclass
class Audit:
    """What axe found on a site: the rules each page passed (how many) and every violation."""

    scheme: str  # the colour scheme the pages were read in: "light" or "dark"
    rules_passed: dict[str, int] = field(default_factory=dict)
    violations: list[Violation] = field(default_factory=list)


def axe_script() -> str:
    if not AXE.is_file():
        raise AssertionError(
            f"{AXE.relative_to(ROOT)} is missing: run `npm ci --no-audit --no-fund` at the "
            "repository root (python3 dev.py test does it)"
        )
    return str(AXE)


def audit_site(browser: Browser, site: Site, pages: list[str], **context_options: Any) -> Audit:
    """``pages`` of ``site`` checked by axe-core once their scripts have run (``load``)."""
    script = axe_script()
    tab = Tab(browser, **context_options)
    tab.context.add_init_script(path=script)
    audit = Audit(context_options.get("color_scheme", "light"))
    try:
        for path in pages:
            tab.page.goto(site.url(path), wait_until="load")
            found = tab.page.evaluate(RUN_AXE)
            audit.rules_passed[path] = found["passed"]
            audit.violations += [Violation(path, **each) for each in found["violations"]]
    finally:
        tab.close()
    return audit


class _ElementKinds(html.parser.HTMLParser):
    """The kinds of element in one HTML page: ``parent > element``, each named by its tag,
    sorted classes and role (``ul.md-nav__list[navigation] > li.md-nav__item``)."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                      "meta", "source", "track", "wbr"})  # fmt: skip

    def __init__(self) -> None:
        super().__init__()
        self.kinds: set[str] = set()
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        kind = ".".join([tag, *sorted((attributes.get("class") or "").split())])
        if attributes.get("role"):
            kind += f"[{attributes['role']}]"
        self.kinds.add(f"{self._open[-1] if self._open else ''} > {kind}")
        if tag not in self.VOID:
            self._open.append(kind)

    def handle_endtag(self, tag: str) -> None:
        if self._open:
            self._open.pop()


def element_kinds(site: Site, path: str) -> set[str]:
    parser = _ElementKinds()
    parser.feed((site.root / path).read_text(encoding="utf-8"))
    return parser.kinds


def representative_pages(site: Site) -> list[str]:
    """The fewest pages (greedy set cover, in site order) holding every kind of element of the
    site (:func:`element_kinds`)."""
    kinds = {path: element_kinds(site, path) for path in site.pages()}
    missing = set().union(*kinds.values())
    chosen: list[str] = []
    while missing:
        best = max(kinds, key=lambda path: len(kinds[path] & missing))
        chosen.append(best)
        missing -= kinds[best]
    return sorted(chosen, key=site.pages().index)
