"""Which evaluator verifies which language, loaded by import path when first needed.

Evaluators that need services (SQL against PostgreSQL, shell) live in their own modules and
may be missing or broken while the rest works; loading each by path on first use keeps one
broken evaluator from hiding the results of all the others, and makes its blocks fail loudly.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from .model import Evaluator
from .worker import contain

EVALUATORS: Mapping[str, str] = {
    "python": "fixbook.samples.evaluators.python:PythonEvaluator",
    "yaml": "fixbook.samples.evaluators.config_formats:YamlEvaluator",
    "json": "fixbook.samples.evaluators.config_formats:JsonEvaluator",
    "toml": "fixbook.samples.evaluators.config_formats:TomlEvaluator",
    "ini": "fixbook.samples.evaluators.config_formats:IniEvaluator",
    "dotenv": "fixbook.samples.evaluators.config_formats:DotenvEvaluator",
    "nginx": "fixbook.samples.evaluators.nginx:NginxEvaluator",
    "javascript": "fixbook.samples.evaluators.javascript:JavaScriptEvaluator",
    "html": "fixbook.samples.evaluators.html:HtmlEvaluator",
    "prisma": "fixbook.samples.evaluators.prisma:PrismaEvaluator",
    "markdown": "fixbook.samples.evaluators.markdown:MarkdownEvaluator",
    "md": "fixbook.samples.evaluators.markdown:MarkdownEvaluator",
    "sql": "fixbook.samples.evaluators.sql:SqlEvaluator",
    "psql": "fixbook.samples.evaluators.psql:PsqlEvaluator",
    "bash": "fixbook.samples.evaluators.shell:ShellEvaluator",
}


class EvaluatorUnavailable(LookupError):
    """No evaluator covers a language, or its evaluator cannot be loaded."""


class Registry:
    """One instance of each evaluator for a whole run (a pytest session, a ``fixbook check``)."""

    def __init__(self, paths: Mapping[str, str] = EVALUATORS) -> None:
        self.paths = dict(paths)
        self._instances: dict[str, Evaluator] = {}

    def covers(self, language: str) -> bool:
        return language in self.paths

    def evaluator_for(self, language: str) -> Evaluator:
        path = self.paths.get(language)
        if path is None:
            known = ", ".join(sorted(self.paths))
            raise EvaluatorUnavailable(
                f"no evaluator for language {language!r} (covered: {known}); "
                'mark the block <!-- fixbook: skip reason="..." --> or output'
            )
        if path not in self._instances:
            module_name, _, class_name = path.partition(":")
            try:
                factory = getattr(importlib.import_module(module_name), class_name)
                # Evaluators that execute code run in the page's sandboxed worker.
                self._instances[path] = contain(path, factory())
            except Exception as error:
                raise EvaluatorUnavailable(
                    f"evaluator {path} for {language} cannot be loaded: {error!r}"
                ) from error
        return self._instances[path]
