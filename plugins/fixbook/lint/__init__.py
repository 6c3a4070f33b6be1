"""House-style lint of the handbook's guides: what a reader could copy into trouble.

The snippet suite proves that code runs; this lint reads pages the way a reviewer does and
names, as ``path:line: message [rule]``, what the house style of ``docs/contributing.md``
forbids: destructive commands outside a ``danger`` box, ``restart`` after a ``.env`` edit, shell
variables used before anything sets them, literal secrets, and entry titles that name a task
instead of a symptom. ``lint_paths(paths)`` lints pages and folders; ``python -m fixbook.lint``
is the command line. Each rule is a small module of :mod:`.rules`; opt-outs are in
:mod:`.ignores`.
"""

from __future__ import annotations

from .finding import Finding
from .runner import RULES, lint_page, lint_paths

__all__ = ["RULES", "Finding", "lint_page", "lint_paths"]
