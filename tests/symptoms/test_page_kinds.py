"""Only troubleshooting pages hold entries, with zero configuration. One fixture per
misclassification class met on real projects (benchmarks/adoption-symptoms.md)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from fixbook.cli import main
from fixbook.markdown import MarkdownOptions
from fixbook.symptoms.extract import extract
from fixbook.symptoms.pagekind import nav_sections

from .conftest import extract_md

INLINE = MarkdownOptions(snippets_enabled=False)  # a page written inline: no includes

LABELLED = """
# Area

## Backend down

**Symptoms**

- `Connection refused`

**Fix**

1. Start it.
"""


def titles(markdown: str, path: str = "guide/area.md", nav: tuple[str, ...] = ()) -> list[str]:
    """Entry titles of a page that the page-kind rules classify (no ``include``)."""
    source = textwrap.dedent(markdown).lstrip("\n")
    page = extract(source, path=path, url="x.html", options=INLINE, nav=nav)
    return [entry.title for entry in page.entries]


def test_a_configuration_reference_holds_no_entries() -> None:
    # mkdocs-material's setup pages: an option per backticked heading, "Default:" lines.
    reference = """
    # Setting up navigation

    ### `navigation.instant`

    Default: `false`. When instant navigation is enabled, clicks on internal links are
    intercepted.

    ### `navigation.tabs`

    !!! warning

        Defaults to false.
    """
    assert titles(reference, "setup/setting-up-navigation.md") == []


def test_a_changelog_holds_no_entries() -> None:
    changelog = """
    # Changelog

    ### 9.5.2 <small>December 1, 2023</small>

    - Fixed "Connection refused" when serving on IPv6
    - Fixed `ValueError` in the blog plugin
    """
    assert titles(changelog, "changelog/index.md") == []


def test_a_tutorial_with_output_blocks_holds_no_entries() -> None:
    tutorial = """
    # Getting started

    ## Run the server

    ```
    Serving on http://127.0.0.1:8000/
    ```
    """
    assert titles(tutorial, "getting-started.md") == []


def test_a_page_about_reporting_issues_is_not_a_troubleshooting_page() -> None:
    page = """
    # Documentation issues

    ## Issue template

    Reporting a documentation issue is usually less involved than reporting a bug.
    """
    assert titles(page, "contributing/reporting-a-docs-issue.md") == []


def test_a_page_named_troubleshooting_is_indexed_whatever_its_shape() -> None:
    page = """
    ## Error when making requests to an HTTPS proxy

    ```
    httpx.ProxyError: [SSL: PRE_MAC_LENGTH_TOO_LONG] invalid alert
    ```

    Use an `http://` proxy url.
    """
    assert titles(page, "troubleshooting.md") == ["Error when making requests to an HTTPS proxy"]


def test_a_nav_section_named_faq_makes_its_pages_troubleshooting_pages() -> None:
    page = "# Proxies\n\n## `ProxyError: handshake timed out`\n\nUse http.\n"
    assert titles(page, "proxies.md") == []
    assert titles(page, "proxies.md", nav=("Help", "FAQ")) == ["ProxyError: handshake timed out"]


def test_a_page_whose_sections_follow_problem_conventions_is_indexed() -> None:
    assert titles(LABELLED, "guide/backend-api.md") == ["Backend down"]


def test_on_other_pages_only_a_troubleshooting_section_is_read() -> None:
    installation = """
    # Installation

    ## Install with pip

    ```
    Successfully installed pipx
    ```

    ## Troubleshooting

    ### `pipx: command not found`

    Run `pipx ensurepath` and open a new shell.
    """
    assert titles(installation, "installation.md") == ["pipx: command not found"]


@pytest.mark.parametrize("flag, expected", [("true", ["Run the server"]), ("false", [])])
def test_front_matter_forces_either_way(flag: str, expected: list[str]) -> None:
    page = f"---\nsymptoms: {flag}\n---\n# Tutorial\n\n## Run the server\n\n```\nServing\n```\n"
    assert titles(page, "getting-started.md") == expected
    assert titles(page.replace("# Tutorial", "# Troubleshooting"), "faq.md") == expected


def test_platform_variant_headings_are_not_entries() -> None:
    # pipx's troubleshooting page: the same check for each shell, under one problem.
    page = """
    # Troubleshooting

    ## Check for `PIP_*` environment variables

    ### Unix or macOS

    ```
    env | grep '^PIP_'
    ```

    ### Windows cmd

    ```
    set PIP_
    ```
    """
    assert titles(page, "troubleshooting.md") == []


def test_a_why_heading_is_the_cause_of_the_problem_above_it() -> None:
    page = """
    # Troubleshooting

    ## Warning: Found a space in the pipx home path

    ### Why are spaces in the `PIPX_HOME` path bad

    Some tools break.

    ### How to fix

    Move it.
    """
    page_entries = titles(page, "troubleshooting.md")
    assert page_entries == ["Found a space in the pipx home path"]


def test_a_task_titled_section_is_not_an_entry_but_a_failure_titled_one_is() -> None:
    page = """
    # Troubleshooting

    ## Installing fails with "No matching distribution"

    **Fix**

    Upgrade pip.

    ## Specifying pipx options

    Pass `--pip-args`.
    """
    assert titles(page, "troubleshooting.md") == [
        'Installing fails with "No matching distribution"'
    ]


def test_commands_in_code_are_not_errors() -> None:
    page = extract_md(
        """
        # Troubleshooting

        ## Packages fail to install

        **Symptoms**

        - `pipx reinstall-all` prints `Permission denied`

        **Fix**

        ```
        pipx install --pip-args='--no-cache-dir' pycowsay
        ```
        """
    )
    assert page.entries[0].errors == ["Permission denied"]


def test_nav_sections_are_read_from_the_raw_nav() -> None:
    nav = [{"Home": "index.md"}, {"Help": ["help/index.md", {"FAQ": [{"Proxies": "p.md"}]}]}]
    assert nav_sections(nav) == {
        "index.md": [],
        "help/index.md": ["Help"],
        "p.md": ["Help", "FAQ"],
    }


def test_fixbook_index_reads_include_and_exclude_from_mkdocs_yml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - search\n  - symptoms:\n"
        "      include: ['notes/*']\n      exclude: ['faq.md']\n",
        encoding="utf-8",
    )
    docs = tmp_path / "docs"
    (docs / "notes").mkdir(parents=True)
    entry = "# N\n\n## `Timeout`\n\nRetry.\n"
    (docs / "notes" / "proxy.md").write_text(entry, encoding="utf-8")
    (docs / "faq.md").write_text(entry, encoding="utf-8")
    (docs / "other.md").write_text(entry, encoding="utf-8")
    assert main(["index", str(docs)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "notes/proxy.md:3: Timeout  [notes/proxy.html#timeout]"
    ]


def test_fixbook_index_pages_names_each_kind_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "faq.md").write_text("# FAQ\n\n## `Timeout`\n\nRetry.\n", encoding="utf-8")
    (docs / "api.md").write_text("# API\n\n## `Client`\n\nA client.\n", encoding="utf-8")
    assert main(["index", str(docs), "--pages"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "api.md: reference (file name 'api'), 0 entries",
        "faq.md: troubleshooting (file name 'faq'), 1 entries",
    ]


def test_a_named_troubleshooting_page_of_plain_headings_has_its_problems_as_entries() -> None:
    # pipx's how-to/troubleshoot.md: no labels, no quoted errors; tasks are not entries.
    page = """
    ## Wrong package version installed

    pipx installs the latest version by default. Pin it with `pipx install pkg==1.2`.

    ## Start over from a fresh install

    Remove the pipx home folder.

    ## Inspect package details with `list`

    `pipx list --include-injected` shows what is installed.
    """
    assert titles(page, "how-to/troubleshoot.md") == ["Wrong package version installed"]


def test_fence_markers_of_a_content_tab_are_not_errors() -> None:
    # mkdocs-material's image-processing page: `=== "macOS"` tabs indent their fences.
    page = extract_md(
        """
        # Troubleshooting

        ## Cairo library was not found

        The library lookup differs per system:

        === "macOS"

            ```bash
            export DYLD_FALLBACK_LIBRARY_PATH=/opt/homebrew/lib
            ```
        """
    )
    assert page.entries[0].errors == []


def test_fixbook_index_uses_the_sites_toc_slugify_from_mkdocs_yml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nmarkdown_extensions:\n  - toc:\n"
        "      slugify: !!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}\n",
        encoding="utf-8",
    )
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "faq.md").write_text(
        "# FAQ\n\n## `Ünïcode Fehler`\n\nRetry.\n", encoding="utf-8"
    )
    assert main(["index", str(tmp_path / "docs")]) == 0
    assert "[faq.html#ünïcode-fehler]" in capsys.readouterr().out


def test_an_unlabelled_entry_takes_its_errors_from_failure_code_in_its_text() -> None:
    # pipx's "Clear `runpip` cache warnings": the warning is quoted in the prose.
    page = """
    # Troubleshooting

    ## Clear `runpip` cache warnings

    Warnings such as `WARNING: Cache entry deserialization failed, entry ignored` come from
    pip. Run `pipx runpip <package> cache purge`; add `--verbose` to see more.
    """

    source = textwrap.dedent(page).lstrip("\n")
    found = extract(source, path="troubleshooting.md", url="x.html", options=INLINE)
    assert found.entries[0].errors == ["WARNING: Cache entry deserialization failed, entry ignored"]


def test_fixbook_index_leaves_out_what_mkdocs_exclude_docs_leaves_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nexclude_docs: |\n  drafts/\n", encoding="utf-8"
    )
    docs = tmp_path / "docs"
    for page in ("faq.md", "drafts/faq.md", ".hidden/faq.md"):
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text("# FAQ\n\n## `Timeout`\n\nRetry.\n", encoding="utf-8")
    assert main(["index", str(docs)]) == 0
    assert capsys.readouterr().out.splitlines() == ["faq.md:3: Timeout  [faq.html#timeout]"]
