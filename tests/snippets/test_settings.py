"""One configuration: mkdocs.yml read as MkDocs reads it, plus [tool.fixbook] in pyproject.toml."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixbook.samples.settings import guide_of, settings_for
from fixbook.settings import Settings, SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_docs_dir_and_snippet_base_come_from_mkdocs_yml(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\ndocs_dir: pages\nmarkdown_extensions:\n"
        "  - pymdownx.snippets:\n      base_path: [code, shared]\n"
        "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
    )
    settings = settings_for(tmp_path)
    assert settings.docs_dir == (tmp_path / "pages").resolve()
    assert settings.snippet_bases == (
        (tmp_path / "code").resolve(),
        (tmp_path / "shared").resolve(),
    )


def test_snippet_base_defaults_to_pymdownx_default_the_project_folder(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nmarkdown_extensions: [pymdownx.snippets]\n")
    settings = settings_for(tmp_path)
    assert settings.docs_dir == (tmp_path / "docs").resolve()
    assert settings.snippet_bases == (tmp_path.resolve(),)


def test_handbook_settings_match_its_mkdocs_yml() -> None:
    settings = settings_for(ROOT)
    assert (settings.docs_dir, settings.snippet_bases) == (ROOT / "docs", (ROOT / "snippets",))


def test_env_tag_reads_the_environment_as_mkdocs_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIXBOOK_TEST_DOCS", "manual")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\ndocs_dir: !ENV FIXBOOK_TEST_DOCS\n")
    assert load_settings(tmp_path).docs_dir == (tmp_path / "manual").resolve()


def test_inherit_merges_the_parent_config(tmp_path: Path) -> None:
    (tmp_path / "base.yml").write_text(
        "docs_dir: book\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: parts\n"
    )
    (tmp_path / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: x\n")
    settings = load_settings(tmp_path)
    assert settings.docs_dir == (tmp_path / "book").resolve()
    assert settings.snippet_bases == ((tmp_path / "parts").resolve(),)


def test_relative_tag_resolves_against_the_config_folder(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nmarkdown_extensions:\n  - pymdownx.snippets:\n"
        "      base_path: !relative $config_dir/includes\n"
    )
    assert load_settings(tmp_path).snippet_bases == ((tmp_path / "includes").resolve(),)


def test_python_name_tags_are_not_imported(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nextra:\n  f: !!python/name:no_such_module_anywhere.attribute\n"
    )
    assert load_settings(tmp_path).mkdocs["extra"]["f"] == "no_such_module_anywhere.attribute"


def test_folder_without_mkdocs_yml_is_its_own_docs_folder(tmp_path: Path) -> None:
    settings = load_settings(tmp_path)
    assert (settings.docs_dir, settings.config_file, settings.strict) == (
        tmp_path.resolve(),
        None,
        False,
    )


def test_tool_fixbook_table_fills_the_settings(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    (tmp_path / "pyproject.toml").write_text(
        "[tool.fixbook]\nstrict = true\ntime-limit = 5\nexclude = ['drafts/**']\n"
        "volatile = ['\\d+ ms']\n"
        "[tool.fixbook.modes]\npython = 'check'\n"
        "[tool.fixbook.aliases]\nConf = 'nginx'\n"
        "[tool.fixbook.shellcheck]\nseverity = 'info'\nexclude = ['SC2086', '2034']\n"
    )
    settings = load_settings(tmp_path)
    assert settings.strict is True
    assert settings.time_limit == 5.0
    assert dict(settings.modes) == {"python": "check"}
    assert dict(settings.aliases) == {"conf": "nginx"}
    assert settings.shellcheck_severity == "info"
    assert settings.shellcheck_exclude == frozenset({"SC2086", "SC2034"})
    assert settings.volatile == (r"\d+ ms",)
    assert settings.excluded(tmp_path / "docs" / "drafts" / "a.md")
    assert not settings.excluded(tmp_path / "docs" / "guide" / "a.md")


def test_defaults_when_pyproject_has_no_fixbook_table(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    settings = load_settings(tmp_path)
    assert (settings.strict, settings.shellcheck_severity, settings.pyproject) == (
        False,
        "warning",
        None,
    )


@pytest.mark.parametrize(
    ("table", "named"),
    [
        ("strict = 'yes'", "strict"),
        ("colour = 1", "'colour'"),
        ("[tool.fixbook.modes]\npython = 'sometimes'", "modes python"),
        ("[tool.fixbook.shellcheck]\nseverity = 'loud'", "shellcheck severity"),
        ("time-limit = -1", "time-limit"),
    ],
)
def test_a_bad_key_is_one_line_naming_file_and_key(tmp_path: Path, table: str, named: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.fixbook]\n{table}\n")
    with pytest.raises(SettingsError) as raised:
        load_settings(tmp_path)
    message = str(raised.value)
    assert "\n" not in message
    assert str(tmp_path / "pyproject.toml") in message
    assert named in message


def test_broken_mkdocs_yml_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: [unclosed\n")
    with pytest.raises(SettingsError, match=r"mkdocs\.yml") as raised:
        load_settings(tmp_path)
    assert "\n" not in str(raised.value)


def test_settings_are_frozen(tmp_path: Path) -> None:
    settings = Settings(tmp_path)
    with pytest.raises(AttributeError):
        settings.strict = True  # type: ignore[misc]


def test_guide_is_the_top_folder_under_docs_or_a_flat_page_stem(tmp_path: Path) -> None:
    assert guide_of(tmp_path / "pydbapi" / "gateway.md", tmp_path) == "pydbapi"
    assert guide_of(tmp_path / "contributing.md", tmp_path) == "contributing"


def test_modes_and_aliases_from_tool_fixbook_reach_the_blocks(tmp_path: Path) -> None:
    from fixbook.samples.model import Mode
    from fixbook.samples.pages import read_blocks

    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    (tmp_path / "pyproject.toml").write_text(
        "[tool.fixbook.modes]\npython = 'check'\n[tool.fixbook.aliases]\nsettings = 'yaml'\n"
    )
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "page.md"
    page.write_text("```python\nx = 1\n```\n\n```settings\na: 1\n```\n")
    python, settings_block = read_blocks(page, load_settings(page))
    assert python.mode is Mode.CHECK
    assert settings_block.language == "yaml"


def test_time_limit_from_tool_fixbook_reaches_python_blocks(tmp_path: Path) -> None:
    from fixbook.samples.evaluators.python import PythonEvaluator
    from fixbook.samples.model import Block, Mode, PageContext

    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    (tmp_path / "pyproject.toml").write_text("[tool.fixbook]\ntime-limit = 7\n")
    page = tmp_path / "docs" / "page.md"
    page.parent.mkdir()
    page.write_text("")
    block = Block(page, 1, "python", "python", "x = 1\n", Mode.RUN)
    evaluator = PythonEvaluator()
    evaluator.prepare([block], PageContext(page, "docs"))
    assert evaluator.time_limit_seconds == 7.0
    assert PythonEvaluator(time_limit_seconds=0.5).time_limit_seconds == 0.5
