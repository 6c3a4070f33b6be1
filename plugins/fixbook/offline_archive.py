"""Pack the handbook into one zip archive for readers without network (``python3 dev.py archive``).

The site is built strictly into a temporary directory, checked for anything a browser would fetch
from another host, and zipped under one top folder (``fixbook/index.html`` opens it, search
included, straight from the file system). The archive appears under its final name only when
complete: it is written beside the target and renamed, so a failed or interrupted run leaves
the previous archive (or nothing), never a half-written one. It replaces only a previous archive
(a zip whose entries all sit under the top folder): any other file is kept unless ``--force``,
and a folder as ``--output`` is an error, so a typo never turns a page into a zip.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fixbook.links.remote_assets import scan_site

DEFAULT_OUTPUT = Path("dist/fixbook-offline.zip")
TOP_FOLDER = "fixbook"
# Fixed timestamp so that the same site gives a byte-identical archive.
ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


class ArchiveError(Exception):
    """The archive cannot be made; the message says why, for the reader of the terminal."""


def mkdocs_build(
    config_file: Path, site_dir: Path, **run_options: Any
) -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` of ``config_file`` into ``site_dir``, in a fresh interpreter.

    No ``--quiet``: it silences the warnings before the strict check counts them.
    ``run_options`` go to :func:`subprocess.run` (the tests capture the output).
    """
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(config_file),
        "--site-dir",
        str(site_dir),
    ]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(command, env=env, check=False, text=True, **run_options)


def build_site(config_file: Path, site_dir: Path) -> None:
    """Build strictly; MkDocs' own messages go to the terminal."""
    if mkdocs_build(config_file, site_dir).returncode != 0:
        raise ArchiveError(f"the strict build of {config_file} failed (see above)")


def check_offline(site_dir: Path) -> None:
    """Refuse a site that would contact another host: offline readers would miss that part."""
    remote = scan_site(site_dir)
    if remote:
        listing = "\n".join(f"  {asset}" for asset in remote)
        raise ArchiveError(f"the site loads {len(remote)} remote asset(s):\n{listing}")


def write_zip(site_dir: Path, output: Path) -> int:
    """Zip ``site_dir`` as ``fixbook/...`` into ``output`` atomically; returns the file count."""
    output.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(path for path in site_dir.rglob("*") if path.is_file())
    handle, partial_name = tempfile.mkstemp(
        prefix=f".{output.name}.", suffix=".part", dir=output.parent
    )
    partial = Path(partial_name)
    try:
        with (
            os.fdopen(handle, "wb") as stream,
            zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            for path in files:
                name = f"{TOP_FOLDER}/{path.relative_to(site_dir).as_posix()}"
                info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())
        partial.chmod(0o644)
        partial.replace(output)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return len(files)


def is_archive(path: Path) -> bool:
    """Whether ``path`` is an archive this module wrote (every entry under the top folder)."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (OSError, zipfile.BadZipFile):
        return False
    return bool(names) and all(name.startswith(f"{TOP_FOLDER}/") for name in names)


def check_output(output: Path, *, force: bool = False) -> None:
    """Refuse an output that is a folder, or a file that is not a previous archive."""
    if output.is_dir():
        raise ArchiveError(
            f"--output {output} is a folder; give the archive's file name "
            f"(e.g. {output / DEFAULT_OUTPUT.name})"
        )
    if output.exists() and not force and not is_archive(output):
        raise ArchiveError(
            f"{output} exists and is not a Fixbook archive; refusing to overwrite it "
            "(--force replaces it)"
        )


def make_archive(config_file: Path, output: Path, *, force: bool = False) -> int:
    """Build, check and pack the site of ``config_file``; returns the number of files packed."""
    if not config_file.is_file():
        raise ArchiveError(f"no MkDocs configuration at {config_file}")
    check_output(output, force=force)
    with tempfile.TemporaryDirectory(prefix="fixbook-offline-") as temporary:
        site_dir = Path(temporary) / "site"
        build_site(config_file, site_dir)
        check_offline(site_dir)
        return write_zip(site_dir, output)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python3 dev.py archive",
        description="Build the handbook strictly and pack it into one zip for offline readers.",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"the archive to write (default: {DEFAULT_OUTPUT})",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace --output even when it is not a previous archive",
    )
    parser.add_argument(
        "--config-file",
        type=Path,
        default=Path("mkdocs.yml"),
        help="the MkDocs configuration to build (default: mkdocs.yml)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        count = make_archive(args.config_file, args.output, force=args.force)
    except ArchiveError as error:
        print(f"fixbook archive: {error}; no archive written", file=sys.stderr)
        return 1
    size = args.output.stat().st_size
    print(
        f"fixbook archive: wrote {args.output} ({count} files, {size / 1024:.0f} KiB); "
        f"unpack it and open {TOP_FOLDER}/index.html"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
