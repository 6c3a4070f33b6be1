"""Benchmark Fixbook against its baselines; writes benchmarks/RESULTS.md.

    python3 dev.py bench                 # full run: 200 and 2,000 pages, 5 pairs per figure
    python3 dev.py bench --quick         # 50 and 200 pages, 3 pairs: a few minutes
    python3 dev.py bench --project ../pipx/mkdocs.yml --project ../httpx/mkdocs.yml

Every figure is a ratio of a candidate to its baseline measured in the same run, as the
**median of alternating pairs** (baseline, candidate, baseline, candidate, ...): on a small
shared machine a build's wall time swings by tens of percent with the neighbours' load, and two
adjacent builds share most of that swing, so the ratio of a pair is far steadier than either
wall (best-of ratios swung ±30 % here). Each build runs in a fresh process, so its peak memory
(ru_maxrss) is its own; inside it MkDocs' plugin events are timed per plugin, so the plugin's
own cost per page is measured directly too.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from report import render, utc  # noqa: E402

#: The finder's data file in the built site (fixbook.finder.data.DATA_SCRIPT).
FINDER_DATA = "finder-data.js"
#: The raw figures, beside the Markdown table (``--output``); ``--render-only`` reads them.
RESULTS_JSON = "results.json"

QUERIES = (
    "psycopg.OperationalError: connect to db3.internal port 5433 failed: Connection refused",
    "sqlalchemy.exc.TimeoutError: QueuePool limit of size 7 overflow 12 reached",
    'ERROR 2026-01-02T03:04:05Z relation "cache_15_2" does not exist',
    "HTTP/1.1 429 Too Many Requests",
    "pod api-7f9c OOMKilled: container svc-9-1 exceeded memory limit",
    "Access to fetch at 'https://x.example' has been blocked by CORS policy",
    "alembic.util.exc.CommandError: Can't locate revision identified by '00aa0003'",
    "upstream answered 503 Service Unavailable after 30s",
    "client got 413 Request Entity Too Large uploading a 12 MB file",
    "the session cookie expired: 401 Unauthorized: Token has expired",
)


def site_config(docs: Path, plugins: list[str], prune: bool = True) -> dict:
    """The handbook's theme and Markdown extensions, with the plugins under test."""
    handbook = _handbook_config()
    features = [f for f in handbook["theme"].get("features", []) if f != "navigation.prune"]
    if prune:
        features.append("navigation.prune")
    return {
        "site_name": "Synthetic",
        "docs_dir": str(docs),
        "use_directory_urls": False,
        "theme": {**handbook["theme"], "features": features},
        "markdown_extensions": handbook["markdown_extensions"],
        "plugins": plugins,
    }


def _handbook_config() -> dict:
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=Loader)
    extensions = []
    for extension in config["markdown_extensions"]:
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            extension = {"pymdownx.snippets": {"base_path": [str(ROOT / "snippets")]}}
        extensions.append(extension)
    config["markdown_extensions"] = extensions
    if custom_dir := config["theme"].get("custom_dir"):  # relative to mkdocs.yml, not the site
        config["theme"]["custom_dir"] = str(ROOT / custom_dir)
    return config


# --- one build, in a child process -------------------------------------------------------


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
        [sys.executable, __file__, *args], capture_output=True, text=True, env=_env(), check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"{args[0]} {args[1]} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def pairs(runs: int, **builds: Callable[[], dict]) -> dict[str, list[dict]]:
    """Each of ``builds`` once per round, in the given order, for ``runs`` rounds: the first is
    the baseline and each round's candidates are compared with that round's baseline."""
    measured: dict[str, list[dict]] = {name: [] for name in builds}
    for _ in range(runs):
        for name, build in builds.items():
            measured[name].append(build())
    return measured


def pair_ratio(baselines: list[dict], candidates: list[dict], key: str = "wall") -> float:
    """The median over rounds of candidate / baseline."""
    return statistics.median(c[key] / b[key] for b, c in zip(baselines, candidates, strict=True))


def median_of(measured: list[dict], key: str = "wall") -> float:
    return statistics.median(m[key] for m in measured)


def measure_build(work: Path, config: dict, name: str, config_dir: Path | None = None) -> dict:
    """One build in a fresh process; ``config_dir``: where its mkdocs.yml goes (a real
    project's own folder, so that its relative paths resolve as they do for its authors)."""
    import yaml

    config_path = (config_dir or work) / f".fixbook-bench-{name}.yml"
    config_path.write_text(yaml.safe_dump(config))
    site = work / f"site-{name}"
    try:
        out = subprocess.run(
            [sys.executable, __file__, "--child-build", str(config_path), str(site)],
            capture_output=True,
            text=True,
            env=_env(),
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


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


# --- fixbook index / find -------------------------------------------------------------------


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=_env())
    return time.perf_counter() - start, result


def measure_cli(work: Path, docs: Path, runs: int) -> dict:
    fixbook = str(Path(sys.executable).with_name("fixbook"))
    index_times = []
    for _ in range(runs):
        seconds, result = timed([fixbook, "index", str(docs), "--json"])
        if result.returncode != 0:
            raise SystemExit(f"fixbook index failed:\n{result.stderr[-2000:]}")
        index_times.append(seconds)
    index_json = work / "symptoms.json"
    index_json.write_text(result.stdout)
    entries = len(json.loads(result.stdout)["entries"])
    find_times = []
    for _ in range(max(runs, 2)):
        for query in QUERIES:
            seconds, found = timed([fixbook, "find", "--index", str(index_json), "--json", query])
            if found.returncode != 0:
                raise SystemExit(f"fixbook find failed:\n{found.stderr[-2000:]}")
            find_times.append(seconds)
    find_times.sort()
    return {
        "entries": entries,
        "index_s": statistics.median(index_times),
        "find_median_ms": 1000 * statistics.median(find_times),
        "find_p95_ms": 1000 * find_times[int(0.95 * (len(find_times) - 1))],
    }


# --- snippet suite -------------------------------------------------------------------------


def measure_snippets(root: Path, config: dict, runs: int) -> dict:
    """pytest over the generated docs with Fixbook's Sybil layer, serial and with -n 2.

    The synthetic root is configured like the handbook: a ``mkdocs.yml`` (so ``--8<--`` bases
    resolve as in the build) and ``fixbook_docs = "mkdocs"`` (docs_dir of that mkdocs.yml).
    """
    import yaml

    (root / "mkdocs.yml").write_text(yaml.safe_dump({**config, "docs_dir": "docs"}))
    (root / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\nfixbook_docs = "mkdocs"\ntestpaths = ["docs"]\n'
    )
    results = {}
    for label, extra in (("serial", ["-n", "0"]), ("n2", ["-n", "2"])):
        walls, tally = [], {}
        for _ in range(runs):
            seconds, result = timed(
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *extra],
                cwd=root,
            )
            walls.append(seconds)
            if result.returncode != 0:
                raise SystemExit(f"snippet suite failed:\n{result.stdout[-3000:]}")
            tally = _coverage_total(result.stdout)
        results[label] = {"wall_s": statistics.median(walls), **tally}
    return results


def _coverage_total(output: str) -> dict[str, int]:
    """The ``total`` row of the plugin's coverage table: blocks, run, checked, ... per column."""
    header = total = None
    for line in output.splitlines():
        words = line.split()
        if words[:2] == ["guide", "language"]:
            header = words[2:]
        elif words[:1] == ["total"] and header:
            total = [int(w) for w in words[1:]]
    if header is None or total is None:
        raise SystemExit(f"snippet suite printed no coverage table:\n{output[-2000:]}")
    return dict(zip(header, total, strict=True))


# --- builds: plain vs. plugin ------------------------------------------------------------


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
    config_dir: Path | None = None,
) -> dict:
    """Plain, first build with the plugin (no cache) and build with a warm cache, alternating."""
    cache = work / "symptoms-cache"
    shutil.rmtree(cache, ignore_errors=True)

    def build(config: dict, name: str) -> Callable[[], dict]:
        return lambda: measure_build(work, config, name, config_dir)

    build(with_plugin(True), "warm-up")()  # fills the cache for the cached builds
    measured = pairs(
        ARGS.runs,
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
    config_dir: Path | None = None,
) -> dict:
    """``mkdocs serve``: rebuild after an edit to one page, plain vs. with the plugin."""

    def serve(config: dict, name: str) -> dict:
        import yaml

        config_path = (config_dir or work) / f".fixbook-bench-serve-{name}.yml"
        config_path.write_text(yaml.safe_dump(config))
        site = work / f"serve-site-{name}"
        try:
            measured = _child(
                ["--child-serve", str(config_path), str(site), str(page), str(ARGS.edits)]
            )
        finally:
            config_path.unlink()
            shutil.rmtree(site, ignore_errors=True)
        return {"wall": statistics.median(measured["rebuilds"])}

    measured = pairs(
        ARGS.runs,
        plain=lambda: serve(plain, "plain"),
        plugin=lambda: serve(with_plugin, "plugin"),
    )
    return {
        "site": label,
        "plain_s": median_of(measured["plain"]),
        "plugin_s": median_of(measured["plugin"]),
        "ratio": pair_ratio(measured["plain"], measured["plugin"]),
    }


def synthetic(pages: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"fixbook-bench-{pages}-") as tmp:
        work = Path(tmp)
        docs = generate(work, pages)
        label = f"synthetic, {pages} pages"
        plain = site_config(docs, ["search"])
        print(f"benchmark: {label}: builds ...", flush=True)
        row = build_row(label, pages, work, plain, lambda cache: plugin_config(docs, work, cache))
        result = {"build": row}
        if not ARGS.quick or pages == min(ARGS.sizes):  # --quick: serve at the smallest size
            print(f"benchmark: {label}: serve rebuilds ...", flush=True)
            edited = next(docs.glob("alpha/page-*.md"))
            config = plugin_config(docs, work, True)
            result["serve"] = serve_row(label, work, plain, config, edited)
        if pages == max(ARGS.sizes):
            print(f"benchmark: {label}: fixbook index / find ...", flush=True)
            result["cli"] = {"pages": pages, **measure_cli(work, docs, ARGS.runs)}
            print(f"benchmark: {label}: snippet suite ...", flush=True)
            snippets = measure_snippets(work, plain, 1)
            result["snippets"] = {"pages": pages, **snippets}
        return result


def project(config_file: Path) -> dict:
    """A real MkDocs project: its own mkdocs.yml (theme, Markdown extensions, nav), with only
    ``search`` as plugins (its other plugins may not be installed here), plus ``symptoms``.
    The measured configs sit beside its mkdocs.yml (``INHERIT``), so relative paths hold."""
    config_file = config_file.resolve()
    folder = config_file.parent
    label = f"{folder.name} (real project)"
    pages = sorted(path for path in (folder / "docs").rglob("*.md") if "\n## " in path.read_text())
    with tempfile.TemporaryDirectory(prefix="fixbook-bench-project-") as tmp:
        work = Path(tmp)

        def config(plugins: list) -> dict:
            return {"INHERIT": config_file.name, "plugins": plugins}

        def with_plugin(cache: bool) -> dict:
            options = {"cache": cache, "cache_dir": str(work / "symptoms-cache")}
            return config(["search", {"symptoms": options}])

        count = sum(1 for _ in (folder / "docs").rglob("*.md"))
        print(f"benchmark: {label}: builds ...", flush=True)
        row = build_row(label, count, work, config(["search"]), with_plugin, folder)
        print(f"benchmark: {label}: serve rebuilds ...", flush=True)
        serve = serve_row(label, work, config(["search"]), with_plugin(True), pages[0], folder)
        return {"build": row, "serve": serve}


# --- the handbook itself --------------------------------------------------------------------


def measure_prune(work: Path) -> dict:
    """Material's ``navigation.prune`` on the handbook (all its plugins): unpruned is the
    baseline."""
    features = _handbook_config()["theme"].get("features", [])

    def config(prune: bool) -> dict:
        chosen = [f for f in features if f != "navigation.prune"]
        return {
            "INHERIT": str(ROOT / "mkdocs.yml"),
            "docs_dir": str(ROOT / "docs"),
            "theme": {"features": chosen + (["navigation.prune"] if prune else [])},
        }

    measured = pairs(
        ARGS.runs,
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


def finder_table() -> list[str]:
    """benchmarks/finder_speed.py's table (the finder's own figures), as it prints it."""
    out = subprocess.run(
        [sys.executable, str(HERE / "finder_speed.py")],
        capture_output=True,
        text=True,
        env=_env(),
        check=False,
    )
    if out.returncode != 0:
        return [f"finder_speed.py failed: {(out.stderr.strip().splitlines() or ['?'])[-1]}"]
    return out.stdout.strip().splitlines()


# --- report --------------------------------------------------------------------------------


def main() -> int:
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=None, help="pages (none: real projects only)"
    )
    parser.add_argument("--runs", type=int, default=None, help="rounds (pairs) per figure")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="50 and 200 pages, 3 rounds, serve at 50 pages only, no prune pair",
    )
    parser.add_argument(
        "--project",
        type=Path,
        action="append",
        default=[],
        help="mkdocs.yml of a real project to measure too (repeatable)",
    )
    parser.add_argument("--no-finder", action="store_true", help="skip finder_speed.py")
    parser.add_argument("--no-prune", action="store_true", help="skip the handbook prune pair")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument(
        "--render-only", action="store_true", help="rewrite RESULTS.md from results.json"
    )
    parser.add_argument("--child-build", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--child-serve", nargs=4, help=argparse.SUPPRESS)
    ARGS = parser.parse_args()
    if ARGS.child_build:
        child_build(*ARGS.child_build)
        return 0
    if ARGS.child_serve:
        child_serve(*ARGS.child_serve)
        return 0
    raw = ARGS.output.with_name(RESULTS_JSON)
    if ARGS.render_only:
        ARGS.output.write_text(render(json.loads(raw.read_text())))
        return 0
    if ARGS.sizes is None:
        ARGS.sizes = [50, 200] if ARGS.quick else [200, 2000]
    ARGS.runs = ARGS.runs or (3 if ARGS.quick else 5)
    ARGS.edits = 2 if ARGS.quick else 3
    ARGS.no_prune = ARGS.no_prune or ARGS.quick
    results: dict = {
        "measured": utc(time.time()),
        "command": "python3 dev.py bench " + " ".join(sys.argv[1:]),
        "runs": ARGS.runs,
        "edits": ARGS.edits,
        "load": os.getloadavg(),
        "rows": [],
    }

    def save() -> None:
        raw.write_text(json.dumps(results, indent=2))
        ARGS.output.write_text(render(results))

    for pages in ARGS.sizes:
        results["rows"].append(synthetic(pages))
        save()
    for config_file in ARGS.project:
        results["rows"].append(project(config_file))
        save()
    if not ARGS.no_prune:
        print("benchmark: the handbook, with and without navigation.prune ...", flush=True)
        with tempfile.TemporaryDirectory(prefix="fixbook-bench-handbook-") as tmp:
            results["prune"] = measure_prune(Path(tmp))
        save()
    if not ARGS.no_finder:
        print("benchmark: finder_speed.py ...", flush=True)
        results["finder"] = finder_table()
        save()
    print(ARGS.output.read_text())
    return 0


ARGS: argparse.Namespace

if __name__ == "__main__":
    sys.exit(main())
