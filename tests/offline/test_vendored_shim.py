"""The iframe-worker shim (search from file://) is served from the site, pinned and licensed,
instead of the unpkg.com copy Material's offline plugin would load."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
VENDOR_DIR = ROOT / "docs" / "assets" / "vendor" / "iframe-worker"
SHIM = "assets/vendor/iframe-worker/shim.js"


def vendor_record() -> dict:
    return json.loads((VENDOR_DIR / "vendor.json").read_text())


def mkdocs_config() -> dict:
    # Tags such as !ENV, should mkdocs.yml use them, load as None: only plain keys are read.
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)


def test_the_vendored_files_are_the_pinned_release_unchanged() -> None:
    record = vendor_record()

    for name, expected in record["files"].items():
        digest = hashlib.sha256((VENDOR_DIR / name).read_bytes()).hexdigest()
        assert digest == expected["sha256"], (
            f"{name} differs from {record['package']} {record['version']}"
        )
    assert record["package"] == "iframe-worker"
    assert record["version"].count(".") == 2  # an exact version, not a range


def test_the_licence_travels_with_the_shim() -> None:
    licence = (VENDOR_DIR / "LICENSE").read_text()

    assert "Permission is hereby granted, free of charge" in licence
    assert "Martin Donath" in licence


def test_the_site_lists_the_vendored_shim_as_its_polyfill() -> None:
    config = mkdocs_config()

    assert SHIM in config["extra"]["polyfills"]
    assert "offline" in [next(iter(p)) if isinstance(p, dict) else p for p in config["plugins"]]
    assert config["theme"]["font"] is False
