"""Docs folder, snippet base paths and guides come from the project's mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

from fixbook.samples.settings import guide_of, settings_for

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


def test_snippet_base_defaults_to_snippets_folder(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    settings = settings_for(tmp_path)
    assert settings.docs_dir == (tmp_path / "docs").resolve()
    assert settings.snippet_bases == ((tmp_path / "snippets").resolve(),)


def test_handbook_settings_match_its_mkdocs_yml() -> None:
    settings = settings_for(ROOT)
    assert (settings.docs_dir, settings.snippet_bases) == (ROOT / "docs", (ROOT / "snippets",))


def test_guide_is_the_top_folder_under_docs_or_a_flat_page_stem(tmp_path: Path) -> None:
    assert guide_of(tmp_path / "pydbapi" / "gateway.md", tmp_path) == "pydbapi"
    assert guide_of(tmp_path / "contributing.md", tmp_path) == "contributing"
