"""The accessibility audit: axe-core, the engine behind most accessibility checkers, run inside
every page of a site.

axe-core is an npm package pinned in ``package.json``/``package-lock.json`` at the repository
root (``python3 dev.py test`` runs ``npm ci`` when it is missing). It is injected from the file
system into each page, so the audit sends nothing anywhere either.
"""

from __future__ import annotations

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

    rules_passed: dict[str, int] = field(default_factory=dict)
    violations: list[Violation] = field(default_factory=list)


def axe_script() -> str:
    if not AXE.is_file():
        raise AssertionError(
            f"{AXE.relative_to(ROOT)} is missing: run `npm ci --no-audit --no-fund` at the "
            "repository root (python3 dev.py test does it)"
        )
    return str(AXE)


def audit_site(browser: Browser, site: Site, **context_options: Any) -> Audit:
    """Every page of ``site`` checked by axe-core once its scripts have run (``load``)."""
    script = axe_script()
    tab = Tab(browser, **context_options)
    audit = Audit()
    try:
        for path in site.pages():
            tab.page.goto(site.url(path), wait_until="load")
            tab.page.add_script_tag(path=script)
            found = tab.page.evaluate(RUN_AXE)
            audit.rules_passed[path] = found["passed"]
            audit.violations += [Violation(path, **each) for each in found["violations"]]
    finally:
        tab.close()
    return audit
