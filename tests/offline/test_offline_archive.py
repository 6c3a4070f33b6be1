"""``python -m fixbook.offline_archive`` (``python3 dev.py archive``): one zip of the strictly
built site for offline readers, written atomically, refused when the build fails or when the
site would load anything from another host."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from fixbook.offline_archive import write_zip

ROOT = Path(__file__).resolve().parents[2]
VENDOR_DIR = ROOT / "docs" / "assets" / "vendor" / "iframe-worker"
CONFIG = """\
site_name: Offline
use_directory_urls: false
theme:
  name: material
  font: false
plugins:
  - search
  - offline
"""
WITH_SHIM = CONFIG + "extra:\n  polyfills:\n    - assets/vendor/iframe-worker/shim.js\n"


def make_project(tmp_path: Path, config: str = WITH_SHIM, home: str = "# Home\n\nHello.\n") -> Path:
    docs = tmp_path / "project" / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(home)
    shutil.copytree(VENDOR_DIR, docs / "assets" / "vendor" / "iframe-worker")
    (tmp_path / "project" / "mkdocs.yml").write_text(config)
    return tmp_path / "project" / "mkdocs.yml"


def archive(config_file: Path, output: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "fixbook.offline_archive",
            "--config-file",
            str(config_file),
            "--output",
            str(output),
        ],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
    )


def leftovers(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir() if path.name.endswith(".part"))


@pytest.fixture(scope="module")
def packed(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], Path]:
    """One successful run, shared by the tests that read its archive."""
    tmp_path = tmp_path_factory.mktemp("packed")
    output = tmp_path / "out" / "fixbook-offline.zip"
    return archive(make_project(tmp_path), output), output


def test_the_archive_holds_the_site_under_one_top_folder(packed) -> None:
    result, output = packed
    assert result.returncode == 0, result.stderr

    names = zipfile.ZipFile(output).namelist()

    assert all(name.startswith("fixbook/") for name in names)
    assert "fixbook/index.html" in names


def test_the_archive_has_offline_search_and_the_vendored_shim(packed) -> None:
    names = zipfile.ZipFile(packed[1]).namelist()

    assert "fixbook/search/search_index.js" in names  # the offline plugin's inlined index
    assert "fixbook/assets/vendor/iframe-worker/shim.js" in names
    assert "fixbook/assets/vendor/iframe-worker/LICENSE" in names


def test_success_says_where_the_archive_is_and_leaves_no_partial_file(packed) -> None:
    result, output = packed

    assert f"wrote {output}" in result.stdout
    assert "fixbook/index.html" in result.stdout
    assert leftovers(output.parent) == []


def test_a_failing_build_writes_no_archive_and_keeps_the_previous_one(tmp_path: Path) -> None:
    config_file = make_project(tmp_path, home="# Home\n\nSee [missing](missing.md).\n")
    output = tmp_path / "fixbook-offline.zip"
    with zipfile.ZipFile(output, "w") as previous:
        previous.writestr("fixbook/index.html", "previous archive")
    before = output.read_bytes()

    result = archive(config_file, output)

    assert result.returncode == 1
    assert "the strict build" in result.stderr and "no archive written" in result.stderr
    assert "missing.md" in result.stderr  # MkDocs' own message is shown
    assert output.read_bytes() == before
    assert leftovers(tmp_path) == []


def test_a_site_that_would_load_a_remote_asset_is_refused(tmp_path: Path) -> None:
    # Without the vendored polyfill, Material's offline plugin adds a script from unpkg.com.
    output = tmp_path / "fixbook-offline.zip"

    result = archive(make_project(tmp_path, config=CONFIG), output)

    assert result.returncode == 1
    assert "index.html:" in result.stderr
    assert "script src https://unpkg.com/iframe-worker/shim" in result.stderr
    assert not output.exists()


def test_a_missing_configuration_is_a_clear_error(tmp_path: Path) -> None:
    result = archive(tmp_path / "nowhere.yml", tmp_path / "a.zip")

    assert result.returncode == 1
    missing = tmp_path / "nowhere.yml"
    assert result.stderr.strip() == (
        f"fixbook archive: no MkDocs configuration at {missing}; no archive written"
    )


def test_an_error_while_zipping_leaves_the_previous_archive_and_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for name in ("a.html", "b.html"):
        (site / name).write_text(name)
    output = tmp_path / "out.zip"
    output.write_bytes(b"previous archive")
    read_bytes = Path.read_bytes

    def fail_on_b(path: Path) -> bytes:
        if path.name == "b.html":
            raise OSError("disk went away")
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", fail_on_b)

    with pytest.raises(OSError, match="disk went away"):
        write_zip(site, output)

    assert output.read_bytes() == b"previous archive"
    assert leftovers(tmp_path) == []


def archive_main(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fixbook.offline_archive", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_file_that_is_not_an_archive_is_never_overwritten(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    page = config.parent / "docs" / "index.md"
    before = page.read_text()

    done = archive_main("--config-file", str(config), "--output", str(page))

    assert done.returncode == 1
    assert done.stderr.strip() == (
        f"fixbook archive: {page} exists and is not a Fixbook archive; refusing to overwrite "
        "it (--force replaces it); no archive written"
    )
    assert page.read_text() == before


def test_a_folder_as_output_is_a_one_line_error(tmp_path: Path) -> None:
    config = make_project(tmp_path)

    done = archive_main("--config-file", str(config), "--output", str(tmp_path))

    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"fixbook archive: --output {tmp_path} is a folder; give the archive's file name "
        f"(e.g. {tmp_path / 'fixbook-offline.zip'}); no archive written"
    ]


def test_force_replaces_a_file_that_is_not_an_archive(tmp_path: Path) -> None:
    config = make_project(tmp_path)
    target = tmp_path / "notes.txt"
    target.write_text("not a zip")

    done = archive_main("--config-file", str(config), "--output", str(target), "--force")

    assert done.returncode == 0, done.stderr
    assert zipfile.is_zipfile(target)
