"""Run every rule over pages and folders; place each hit where it was written."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

from fixbook.markdown import MarkdownOptions, Page, parse_page
from fixbook.settings import load_settings

from .finding import Finding
from .ignores import line_ignores, page_ignores, waived
from .rules import Hit, destructive, restart, secrets, titles, variables

#: Rule name -> module; the order findings of one line are printed in.
RULES: dict[str, ModuleType] = {
    module.RULE: module for module in (destructive, restart, variables, secrets, titles)
}


def _place(page: Page, hit: Hit, rule: str) -> Finding:
    """The file and line the hit was written at (an included file's own line, if any)."""
    if 1 <= hit.line <= len(page.lines):
        origin = page.lines[hit.line - 1].origin
        return Finding(Path(origin.path), origin.line, rule, hit.message)
    return Finding(page.path, hit.line, rule, hit.message)


def lint_page(path: Path, options: MarkdownOptions | None = None) -> list[Finding]:
    """Every finding of one page, waived ones left out, sorted by line."""
    if options is None:
        options = MarkdownOptions.from_settings(load_settings(path))
    page = parse_page(path, options=options)
    if not page.lines:
        return [Finding(path, p.line, "read", p.message) for p in page.problems]
    off_for_page = page_ignores(page)
    off_for_lines = line_ignores(page)
    findings = []
    for name, rule in RULES.items():
        if name in off_for_page:
            continue
        for hit in rule.check(page):
            if not waived(name, (hit.line, hit.anchor), off_for_lines):
                findings.append(_place(page, hit, name))
    return sorted(set(findings))


def lint_paths(paths: Iterable[Path]) -> list[Finding]:
    """Lint Markdown pages, and every ``*.md`` under folders, with their project's settings."""
    findings: list[Finding] = []
    for path in paths:
        pages = sorted(path.rglob("*.md")) if path.is_dir() else [path]
        if not pages:
            continue
        options = MarkdownOptions.from_settings(load_settings(pages[0]))
        for page in pages:
            findings.extend(lint_page(page, options))
    return findings
