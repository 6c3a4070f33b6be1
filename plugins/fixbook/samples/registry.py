"""Which evaluator verifies which language: the ``fixbook.evaluators`` entry-point group.

Every evaluator is registered once, as an entry point (``pyproject.toml``,
``[project.entry-points."fixbook.evaluators"]``), and declares the languages it verifies once,
in its class's ``languages`` attribute. Another installed package adds a language the same way
(see ``evaluators/README.md``). Loading is lazy and per evaluator: the entry point named like
a block's language is imported first (``python`` for ``python`` blocks); the others are
imported only when a language is not an entry point's name (``md``, ``console``), to read their
``languages``. An evaluator that cannot be imported is reported on the blocks of its
languages, and never hides the results of the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.metadata import EntryPoint, entry_points

from .model import Evaluator
from .worker import contain

GROUP = "fixbook.evaluators"


class EvaluatorUnavailable(LookupError):
    """No evaluator covers a language, or its evaluator cannot be loaded."""


def registered() -> list[EntryPoint]:
    """The installed evaluators, in a stable order (entry-point name)."""
    return sorted(entry_points(group=GROUP), key=lambda point: (point.name, point.value))


class Registry:
    """One instance of each evaluator for a whole run (a pytest session, a ``fixbook check``)."""

    def __init__(self, points: Iterable[EntryPoint] | None = None) -> None:
        self.points = {point.name: point for point in (registered() if points is None else points)}
        self._classes: dict[str, type] = {}  # entry-point name -> evaluator class
        self._broken: dict[str, str] = {}  # entry-point name -> why it cannot be imported
        self._languages: dict[str, str] = {}  # language -> entry-point name
        self._instances: dict[str, Evaluator] = {}  # entry-point name -> evaluator
        self._complete = False

    def covers(self, language: str) -> bool:
        return self._point_for(language) is not None

    def languages(self) -> dict[str, str]:
        """Every covered language and the entry point (``module:Class``) that verifies it."""
        self._load_all()
        return {lang: self.points[name].value for lang, name in sorted(self._languages.items())}

    def evaluator_for(self, language: str) -> Evaluator:
        name = self._point_for(language)
        if name is None:
            known = ", ".join(sorted(self._languages))
            broken = "".join(
                f"; evaluator {self.points[n].value} cannot be loaded: {why}"
                for n, why in sorted(self._broken.items())
                if n == language
            )
            raise EvaluatorUnavailable(
                f"no evaluator for language {language!r} (covered: {known}){broken}; "
                'mark the block <!-- fixbook: skip reason="..." --> or output'
            )
        if name not in self._instances:
            value = self.points[name].value
            try:
                # Evaluators that execute code run in the page's sandboxed worker.
                self._instances[name] = contain(value, self._classes[name]())
            except Exception as error:
                raise EvaluatorUnavailable(
                    f"evaluator {value} for {language} cannot be loaded: {error!r}"
                ) from error
        return self._instances[name]

    def _point_for(self, language: str) -> str | None:
        own = language in self.points and self._import(language)
        if own and language in self._classes[language].languages:
            self._languages[language] = language  # its own entry point wins
            return language
        if language in self._languages:
            return self._languages[language]
        self._load_all()
        return self._languages.get(language)

    def _load_all(self) -> None:
        if not self._complete:
            for name in self.points:
                self._import(name)
            self._complete = True

    def _import(self, name: str) -> bool:
        """Import one evaluator class and learn its languages; False when it is broken."""
        if name in self._classes:
            return True
        if name in self._broken:
            return False
        point = self.points[name]
        try:
            cls = point.load()
            languages = frozenset(cls.languages)
        except Exception as error:
            self._broken[name] = repr(error)
            return False
        self._classes[name] = cls
        for language in sorted(languages):
            self._languages.setdefault(language, name)
        return True
