"""Builds measured in fresh processes: plain MkDocs vs. with the ``symptoms`` plugin, ``mkdocs
serve`` rebuilds, and Material's ``navigation.prune`` on the handbook."""

from __future__ import annotations

import json
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from common import ROOT, RUN, env, handbook_config, median_of, pair_ratio, pairs, site_config

#: The finder's data file in the built site (fixbook.finder.data.DATA_SCRIPT).
FINDER_DATA = "finder-data.js"


def child_build(config_path: str, site_dir: str) -> None:
    """Build once, timing each plugin's event handlers; print one JSON line."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.plugins import PluginCollection

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    spent: dict[str, float] = {}
    original = PluginCollection.run_event

    def timed_run_event(self, name, item=None, **kwargs):  # type: ignore[no-untyped-def]
        pass_item = item is not None
        for method in self.events[name]:
            plugin = self._event_origins.get(method, "<unknown>")
            self._current_plugin = plugin  # File.generated() reads it, as in the original
            start = time.perf_counter()
            result = method(item, **kwargs) if pass_item else method(**kwargs)
            spent[plugin] = spent.get(plugin, 0.0) + time.perf_counter() - start
            if result is not None:
                item = result
        self._current_plugin = None
        return item

    PluginCollection.run_event = timed_run_event  # type: ignore[method-assign]
    try:
        start = time.perf_counter()
        config = load_config(config_path, site_dir=site_dir)
        build(config)
        wall = time.perf_counter() - start
    finally:
        PluginCollection.run_event = original  # type: ignore[method-assign]
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"wall": wall, "plugins": spent, "peak_mib": peak_kib / 1024}))


def child_serve(config_path: str, site_dir: str, page: str, edits: str) -> None:
    """What ``mkdocs serve`` does on an edit: one first build, then per edit a fresh config
    (serve reloads mkdocs.yml) and a full rebuild with the same plugin instances (MkDocs keeps
    plugins that define ``on_startup``). Each edit changes the page's first ``## `` title;
    prints the rebuild times as one JSON line."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    serve_url = "http://127.0.0.1:8000/"
    config = load_config(config_path, site_dir=site_dir)
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url=serve_url)
    source = Path(page)
    original = source.read_text()
    times = []
    try:
        for number in range(int(edits)):
            source.write_text(original.replace("\n## ", f"\n## Edited {number} ", 1))
            start = time.perf_counter()
            config = load_config(config_path, site_dir=site_dir)
            build(config, serve_url=serve_url)
            times.append(time.perf_counter() - start)
    finally:
        source.write_text(original)
        config.plugins.on_shutdown()
    print(json.dumps({"rebuilds": times}))


def _child(args: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, str(RUN), *args], capture_output=True, text=True, env=env(), check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"{args[0]} {args[1]} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_build(work: Path, config: dict, name: str, config_dir: Path | None = None) -> dict:
    """One build in a fresh process; ``config_dir``: where its mkdocs.yml goes (a real
    project's own folder, so that its relative paths resolve as they do for its authors)."""
    import yaml

    config_path = (config_dir or work) / f".fixbook-bench-{name}.yml"
    config_path.write_text(yaml.safe_dump(config))
    site = work / f"site-{name}"
    try:
        out = subprocess.run(
            [sys.executable, str(RUN), "--child-build", str(config_path), str(site)],
            capture_output=True,
            text=True,
            env=env(),
            check=False,
        )
    finally:
        config_path.unlink()
    if out.returncode != 0:
        raise SystemExit(f"build {name} failed:\n{out.stderr[-3000:]}")
    measured = json.loads(out.stdout.strip().splitlines()[-1])
    finder_data = next(site.rglob(FINDER_DATA), None)  # beside the finder page, any url style
    measured["finder_data_bytes"] = finder_data.stat().st_size if finder_data else None
    measured["site_bytes"] = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    shutil.rmtree(site, ignore_errors=True)
    return measured


def plugin_config(docs: Path, work: Path, cache: bool) -> dict:
    """The synthetic site with the plugin; ``cache``: its extraction cache kept in ``work``."""
    options = {"cache": cache, "cache_dir": str(work / "symptoms-cache")}
    return site_config(docs, ["search", {"symptoms": options}])


def build_row(
    label: str,
    pages: int,
    work: Path,
    plain: dict,
    with_plugin: Callable[[bool], dict],
    runs: int,
    config_dir: Path | None = None,
) -> dict:
    """Plain, first build with the plugin (no cache) and build with a warm cache, alternating."""
    cache = work / "symptoms-cache"
    shutil.rmtree(cache, ignore_errors=True)

    def build(config: dict, name: str) -> Callable[[], dict]:
        return lambda: measure_build(work, config, name, config_dir)

    build(with_plugin(True), "warm-up")()  # fills the cache for the cached builds
    measured = pairs(
        runs,
        plain=build(plain, "plain"),
        cold=build(with_plugin(False), "cold"),
        cached=build(with_plugin(True), "cached"),
    )
    own = [m["plugins"].get("symptoms", 0.0) for m in measured["cold"]]
    own_cached = [m["plugins"].get("symptoms", 0.0) for m in measured["cached"]]
    return {
        "site": label,
        "pages": pages,
        "plain_s": median_of(measured["plain"]),
        "cold_s": median_of(measured["cold"]),
        "cached_s": median_of(measured["cached"]),
        "cold_ratio": pair_ratio(measured["plain"], measured["cold"]),
        "cached_ratio": pair_ratio(measured["plain"], measured["cached"]),
        "own_share": statistics.median(
            o / b["wall"] for o, b in zip(own, measured["plain"], strict=True)
        ),
        "own_cached_share": statistics.median(
            o / b["wall"] for o, b in zip(own_cached, measured["plain"], strict=True)
        ),
        "own_ms_per_page": 1000 * statistics.median(own) / pages,
        "own_cached_ms_per_page": 1000 * statistics.median(own_cached) / pages,
        "plain_mib": median_of(measured["plain"], "peak_mib"),
        "plugin_mib": median_of(measured["cold"], "peak_mib"),
        "finder_data_bytes": measured["cold"][-1]["finder_data_bytes"],
    }


def serve_row(
    label: str,
    work: Path,
    plain: dict,
    with_plugin: dict,
    page: Path,
    runs: int,
    edits: int,
    config_dir: Path | None = None,
) -> dict:
    """``mkdocs serve``: rebuild after an edit to one page, plain vs. with the plugin."""

    def serve(config: dict, name: str) -> dict:
        import yaml

        config_path = (config_dir or work) / f".fixbook-bench-serve-{name}.yml"
        config_path.write_text(yaml.safe_dump(config))
        site = work / f"serve-site-{name}"
        try:
            measured = _child(["--child-serve", str(config_path), str(site), str(page), str(edits)])
        finally:
            config_path.unlink()
            shutil.rmtree(site, ignore_errors=True)
        return {"wall": statistics.median(measured["rebuilds"])}

    measured = pairs(
        runs,
        plain=lambda: serve(plain, "plain"),
        plugin=lambda: serve(with_plugin, "plugin"),
    )
    return {
        "site": label,
        "plain_s": median_of(measured["plain"]),
        "plugin_s": median_of(measured["plugin"]),
        "ratio": pair_ratio(measured["plain"], measured["plugin"]),
    }


def measure_prune(work: Path, runs: int) -> dict:
    """Material's ``navigation.prune`` on the handbook (all its plugins): unpruned is the
    baseline."""
    features = handbook_config()["theme"].get("features", [])

    def config(prune: bool) -> dict:
        chosen = [f for f in features if f != "navigation.prune"]
        return {
            "INHERIT": str(ROOT / "mkdocs.yml"),
            "docs_dir": str(ROOT / "docs"),
            "theme": {"features": chosen + (["navigation.prune"] if prune else [])},
        }

    measured = pairs(
        runs,
        unpruned=lambda: measure_build(work, config(False), "unpruned"),
        pruned=lambda: measure_build(work, config(True), "pruned"),
    )
    return {
        "unpruned_s": median_of(measured["unpruned"]),
        "pruned_s": median_of(measured["pruned"]),
        "ratio": pair_ratio(measured["unpruned"], measured["pruned"]),
        "size_ratio": measured["pruned"][-1]["site_bytes"] / measured["unpruned"][-1]["site_bytes"],
        "unpruned_mb": measured["unpruned"][-1]["site_bytes"] / 1e6,
        "pruned_mb": measured["pruned"][-1]["site_bytes"] / 1e6,
    }
