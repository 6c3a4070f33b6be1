"""Evaluators are registered once, in the ``fixbook.evaluators`` entry-point group."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from fixbook.samples.registry import GROUP, EvaluatorUnavailable, Registry, registered


@pytest.fixture
def installed_plugin(tmp_path: Path) -> Iterator[None]:
    """A separate distribution on sys.path that adds a ``rot13`` language."""
    (tmp_path / "rot13_evaluator.py").write_text(
        textwrap.dedent(
            """
            class Rot13Evaluator:
                languages = frozenset({"rot13", "r13"})

                def prepare(self, blocks, context):
                    pass

                def __call__(self, block, context):
                    pass
            """
        )
    )
    info = tmp_path / "rot13_evaluator-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: rot13-evaluator\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[{GROUP}]\nrot13 = rot13_evaluator:Rot13Evaluator\n")
    sys.path.insert(0, str(tmp_path))
    yield
    sys.path.remove(str(tmp_path))
    sys.modules.pop("rot13_evaluator", None)


def test_every_builtin_evaluator_is_an_entry_point_named_after_one_of_its_languages() -> None:
    registry = Registry()
    languages = registry.languages()
    for point in registered():
        assert languages.get(point.name) == point.value


def test_a_language_comes_from_the_evaluator_class_attribute() -> None:
    assert Registry().languages()["md"] == "fixbook.samples.evaluators.markdown:MarkdownEvaluator"


def test_the_evaluator_named_like_the_language_is_the_only_one_imported() -> None:
    registry = Registry()
    registry.evaluator_for("json")
    assert list(registry._classes) == ["json"]


def test_another_package_adds_a_language(installed_plugin: None) -> None:
    registry = Registry()
    assert registry.covers("r13")
    assert type(registry.evaluator_for("r13")).__name__ == "Rot13Evaluator"


def test_a_broken_evaluator_does_not_hide_the_others() -> None:
    broken = EntryPoint("cobol", "no_such_module_anywhere:CobolEvaluator", GROUP)
    registry = Registry([*registered(), broken])
    assert registry.covers("yaml")
    with pytest.raises(EvaluatorUnavailable, match="no_such_module_anywhere"):
        registry.evaluator_for("cobol")


def test_an_uncovered_language_names_the_covered_ones_and_the_way_out() -> None:
    with pytest.raises(EvaluatorUnavailable, match=r"no evaluator for language 'cobol'.*yaml"):
        Registry().evaluator_for("cobol")
