"""The Reference pages are generated from the code, and fail the build when they cannot be."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixbook.cli import build_parser
from fixbook.reference import RENDERERS, plugin_options
from fixbook.reference import markers as markers_module
from fixbook.reference.configuration import accepted_keys
from fixbook.reference.plugin import render_markers
from fixbook.samples.model import Mode
from mkdocs.exceptions import PluginError


def test_every_option_of_every_subcommand_is_listed() -> None:
    page = RENDERERS["cli"]()
    parser = build_parser()
    (commands,) = [a for a in parser._actions if hasattr(a, "choices") and a.choices]
    for name, sub in commands.choices.items():
        assert f"## `fixbook {name}`" in page
        for action in sub._actions:
            for flag in action.option_strings:
                if flag not in {"-h", "--help"}:
                    assert flag in page, (name, flag)


def test_every_mode_is_a_marker_row() -> None:
    page = RENDERERS["markers"]()
    assert all(f"<!-- fixbook: {mode.value}" in page for mode in Mode)


def test_a_mode_without_a_description_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(markers_module.MEANING, Mode.SKIP)
    with pytest.raises(ValueError, match="skip"):
        RENDERERS["markers"]()


def test_symptoms_json_lists_the_fields_the_plugin_writes() -> None:
    page = RENDERERS["symptoms-json"]()
    for field in ("`id`", "`source`", "`http_status`", "`fix`", "`applies_to`"):
        assert f"| {field} |" in page


def test_configuration_example_is_valid_for_the_settings_code() -> None:
    page = RENDERERS["configuration"]()
    assert "| `shellcheck.severity` |" in page


def test_plugin_options_come_from_the_config_classes() -> None:
    page = RENDERERS["plugin-options"]()
    assert "| `related_limit` | int | `5` |" in page
    assert "## `external-links`" in page


def test_marker_is_replaced_in_place() -> None:
    markdown = "# CLI\n\n<!-- fixbook-reference: markers -->\n\nafter\n"
    rendered = render_markers(markdown, "reference/x.md")
    assert rendered.startswith("# CLI\n\n| marker |") and rendered.endswith("\nafter\n")


def test_unknown_marker_fails_naming_page_and_line() -> None:
    with pytest.raises(PluginError, match=r"reference/x\.md:3: unknown fixbook-reference 'nope'"):
        render_markers("# T\n\n<!-- fixbook-reference: nope -->\n", "reference/x.md")


def test_page_model_lists_the_fence_fields_other_code_relies_on() -> None:
    page = RENDERERS["page-model"]()
    for field in ("containers", "marker", "closed", "language", "indent", "source"):
        assert f"| `{field}` |" in page


def test_an_option_without_a_docstring_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "undocumented_config.py").write_text(
        "from mkdocs.config.base import Config\nfrom mkdocs.config.config_options import Type\n\n\n"
        'class UndocumentedConfig(Config):\n    """A plugin."""\n\n'
        "    enabled = Type(bool, default=True)\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(
        plugin_options, "PLUGINS", {"x": ("undocumented_config:UndocumentedConfig", "X.")}
    )
    with pytest.raises(ValueError, match="option 'enabled' has no docstring"):
        RENDERERS["plugin-options"]()


def test_every_key_the_settings_code_accepts_is_on_the_configuration_page() -> None:
    page = RENDERERS["configuration"]()
    keys = accepted_keys()
    assert {"strict", "modes", "aliases"} <= keys
    for key in keys:
        assert f"`{key.replace('_', '-')}" in page or f"`{key}" in page, key
