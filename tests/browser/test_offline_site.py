"""The built handbook names no asset on another host in any HTML, CSS or JavaScript file
(script src, style sheets, fonts, @import, url() in CSS), so the offline archive is whole.

The same check guards ``python3 dev.py archive``; the browser tests prove it at run time."""

from __future__ import annotations

from pathlib import Path

from fixbook.links.remote_assets import scan_site


def test_no_built_file_names_a_remote_asset(handbook_dir: Path) -> None:
    remote = scan_site(handbook_dir)

    assert not remote, "remote assets:\n" + "\n".join(map(str, remote))


def test_search_is_inlined_for_file_urls(handbook_dir: Path) -> None:
    assert (handbook_dir / "search" / "search_index.js").is_file()
    assert (handbook_dir / "assets" / "vendor" / "iframe-worker" / "shim.js").is_file()
