"""`fixbook check` on bad input: one clear line naming file and line, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def check(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fixbook.cli", "check", *map(str, paths)],
        capture_output=True, text=True, check=False, timeout=300, cwd=paths[0].parent,
    )  # fmt: skip


def test_a_page_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_bytes(b"# Title\n\xff\xfe\n```bash\nls\n```\n")
    result = check(page)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{page}:2: (none): cannot read: not UTF-8 (byte 0xff at line 2); save the page as UTF-8"
    ]
    assert "Traceback" not in result.stderr


def test_a_binary_page_is_one_line(tmp_path: Path) -> None:
    page = tmp_path / "blob.md"
    page.write_bytes(bytes(range(256)) * 4)
    result = check(page)
    assert result.returncode == 1
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"{page}:") and "cannot read: not UTF-8" in line
    assert "Traceback" not in result.stderr


def test_an_unterminated_fence_is_an_error_at_its_line(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# Title\n\n```bash\nls\n\n## Next problem\n")
    result = check(page)
    assert result.returncode == 1
    assert f"{page}:3: bash: the ``` fence opened here is never closed" in result.stdout


def test_a_folder_without_markdown_exits_2(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not markdown\n")
    result = check(tmp_path)
    assert result.returncode == 2
    assert "no Markdown" in result.stderr
