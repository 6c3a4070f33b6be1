"""Bad input is one line naming the file (and line), in ``fixbook index`` and in the build:
never a traceback, never entries lost in silence."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fixbook.cli import main
from mkdocs.exceptions import Abort

from .conftest import Site

GOOD = "# Troubleshooting\n\n## `Timeout`\n\nRetry.\n"
UNCLOSED = (
    "# Troubleshooting\n\n## `Timeout`\n\nRetry:\n\n```bash\nretry\n\n"
    "## `Connection refused`\n\nStart it.\n"
)


def docs_with(tmp_path: Path, files: dict[str, bytes]) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, data in files.items():
        (docs / name).write_bytes(data)
    return docs


@pytest.mark.parametrize("data", [b"# T\n\n\xff\xfe caf\xe9\n", b"\x89PNG\r\n\x1a\n\x00\x00"])
def test_index_names_a_page_that_is_not_utf8_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    docs = docs_with(tmp_path, {"faq.md": GOOD.encode(), "bad.md": data})
    assert main(["index", str(docs)]) == 1
    errors = capsys.readouterr().err.splitlines()
    assert [line for line in errors if "bad.md" in line] == ["bad.md: cannot read: not UTF-8"]
    assert not any("Traceback" in line for line in errors)


def test_the_build_names_a_page_that_is_not_utf8_in_one_line_and_goes_on(
    build_site: Callable[..., Site], tmp_path: Path
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "bad.md").write_bytes(b"# T\n\n\xff\xfe caf\xe9\n")
    site = build_site({"faq.md": GOOD})
    assert [w for w in site.warnings if "bad.md" in w] == [
        "symptoms: bad.md: cannot read: not UTF-8"
    ]
    assert (site.site / "faq" / "index.html").exists()


def test_the_strict_build_fails_on_a_page_that_is_not_utf8(
    build_site: Callable[..., Site], tmp_path: Path
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "bad.md").write_bytes(b"\xff\xfe")
    with pytest.raises(Abort):
        build_site({"faq.md": GOOD}, strict=True)


def test_index_reports_an_unclosed_fence_at_its_opening_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = docs_with(tmp_path, {"faq.md": UNCLOSED.encode()})
    assert main(["index", str(docs)]) == 1
    assert "faq.md:7: fence opened here is never closed" in capsys.readouterr().err.splitlines()


def test_the_strict_build_fails_on_an_unclosed_fence(build_site: Callable[..., Site]) -> None:
    site = build_site({"faq.md": UNCLOSED})
    assert "symptoms: faq.md:7: fence opened here is never closed" in site.warnings
    with pytest.raises(Abort):
        build_site({"faq.md": UNCLOSED}, strict=True)


@pytest.mark.parametrize(
    "text",
    [
        "```\na\n```\n",
        "~~~~\n```\nstill code\n~~~~\n",
        "- item\n\n    ```bash\n    x\n    ```\n",
        "Inline ```code``` is not a fence.\n",
    ],
)
def test_closed_fences_are_not_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    docs = docs_with(tmp_path, {"faq.md": (GOOD + text).encode()})
    assert main(["index", str(docs)]) == 0, capsys.readouterr().err


def test_a_folder_without_markdown_exits_2_with_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = docs_with(tmp_path, {"notes.txt": b"hello"})
    assert main(["index", str(docs)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"fixbook index: error: {docs}: no Markdown files found"
    )


def test_an_invalid_plugin_option_in_mkdocs_yml_exits_2_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - symptoms:\n      related_limit: many\n", encoding="utf-8"
    )
    docs = docs_with(tmp_path, {"faq.md": GOOD.encode()})
    assert main(["index", str(docs)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "plugin 'symptoms' option 'related_limit'" in error
