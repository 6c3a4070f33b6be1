"""Benchmark Fixbook against plain MkDocs + Material; writes benchmarks/RESULTS.md.

    python3 dev.py bench                 # full run: 200, 1,000 and 2,000 pages, 3 runs each
    python3 dev.py bench --sizes 200 --runs 1   # quick look

Every figure is the median of several runs, and every ratio compares two builds measured in the
same run (the machine is small and noisy). Each build runs in a fresh process so that its peak
memory (ru_maxrss) is its own; inside it, MkDocs' plugin events are timed per plugin so that the
plugin's own cost per page is measured directly, not only as a difference of two noisy walls.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

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
            start = time.perf_counter()
            result = method(item, **kwargs) if pass_item else method(**kwargs)
            spent[plugin] = spent.get(plugin, 0.0) + time.perf_counter() - start
            if result is not None:
                item = result
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


def measure_build(work: Path, config: dict, name: str) -> dict:
    import yaml

    config_path = work / f"{name}.yml"
    config_path.write_text(yaml.safe_dump(config))
    site = work / f"site-{name}"
    out = subprocess.run(
        [sys.executable, __file__, "--child-build", str(config_path), str(site)],
        capture_output=True,
        text=True,
        env=_env(),
        check=False,
    )
    if out.returncode != 0:
        raise SystemExit(f"build {name} failed:\n{out.stderr[-3000:]}")
    shutil.rmtree(site, ignore_errors=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


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


def measure_snippets(root: Path, runs: int) -> dict:
    """pytest over the generated docs with Fixbook's Sybil layer, serial and with -n 2."""
    (root / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\nfixbook_docs = "docs"\ntestpaths = ["docs"]\n'
    )
    results = {}
    for label, extra in (("serial", ["-p", "no:xdist"]), ("n2", ["-n", "2"])):
        walls, passed = [], 0
        for _ in range(runs):
            seconds, result = timed(
                [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *extra],
                cwd=root,
            )
            walls.append(seconds)
            if result.returncode != 0:
                raise SystemExit(f"snippet suite failed:\n{result.stdout[-3000:]}")
            passed = _passed_count(result.stdout)
        results[label] = {"wall_s": statistics.median(walls), "blocks": passed}
    return results


def _passed_count(output: str) -> int:
    for line in reversed(output.splitlines()):
        if " passed" in line:
            return int(line.strip("= ").split(" passed")[0].split()[-1])
    return 0


# --- report --------------------------------------------------------------------------------


def bench_size(pages: int, runs: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"fixbook-bench-{pages}-") as tmp:
        work = Path(tmp)
        docs = generate(work, pages)
        plain, plugin, unpruned = [], [], []
        for _ in range(runs):  # interleaved, so drift hits both alike
            plain.append(measure_build(work, site_config(docs, ["search"]), "plain"))
            plugin.append(measure_build(work, site_config(docs, ["search", "symptoms"]), "plugin"))
        if pages == max(ARGS.sizes):
            unpruned.append(
                measure_build(work, site_config(docs, ["search"], prune=False), "unpruned")
            )
        row = {
            "pages": pages,
            "plain_s": statistics.median(r["wall"] for r in plain),
            "plugin_build_s": statistics.median(r["wall"] for r in plugin),
            "plugin_own_s": statistics.median(r["plugins"].get("symptoms", 0.0) for r in plugin),
            "plain_mib": statistics.median(r["peak_mib"] for r in plain),
            "plugin_mib": statistics.median(r["peak_mib"] for r in plugin),
            "unpruned_s": unpruned[0]["wall"] if unpruned else None,
        }
        row["overhead"] = row["plugin_build_s"] / row["plain_s"] - 1
        row["own_ms_per_page"] = 1000 * row["plugin_own_s"] / pages
        row.update(measure_cli(work, docs, runs))
        row["snippets"] = measure_snippets(work, 1 if pages > 200 else runs)
        return row


def render(rows: list[dict], runs: int) -> str:
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Benchmark results",
        "",
        f"Measured {now} on {os.cpu_count()} cores ({platform.machine()}, Python "
        f"{platform.python_version()}), median of {runs} runs per build; reproduce with "
        "`python3 dev.py bench`. Synthetic sites: ~6 entries per page over 5 guides "
        "(benchmarks/generate.py), Material theme and the handbook's Markdown extensions.",
        "",
        "## Build: plain MkDocs + Material vs. with the `symptoms` plugin",
        "",
        "| pages | plain build s | with symptoms s | overhead | plugin own s | plugin ms/page "
        "| peak MiB plain | peak MiB plugin | no `navigation.prune` s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        unpruned = f"{r['unpruned_s']:.1f}" if r["unpruned_s"] else "-"
        lines.append(
            f"| {r['pages']} | {r['plain_s']:.1f} | {r['plugin_build_s']:.1f} "
            f"| {100 * r['overhead']:+.1f}% | {r['plugin_own_s']:.2f} | {r['own_ms_per_page']:.2f} "
            f"| {r['plain_mib']:.0f} | {r['plugin_mib']:.0f} | {unpruned} |"
        )
    lines += [
        "",
        "## `fixbook index` and `fixbook find` (whole command, start-up included)",
        "",
        "| pages | entries | index s | find median ms | find p95 ms |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['pages']} | {r['entries']} | {r['index_s']:.2f} "
            f"| {r['find_median_ms']:.0f} | {r['find_p95_ms']:.0f} |"
        )
    lines += [
        "",
        "## Snippet suite over the generated docs (pytest + Fixbook's Sybil layer)",
        "",
        "| pages | blocks | serial s | blocks/s serial | `-n 2` s | blocks/s `-n 2` |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        s, n2 = r["snippets"]["serial"], r["snippets"]["n2"]
        lines.append(
            f"| {r['pages']} | {s['blocks']} | {s['wall_s']:.1f} | {s['blocks'] / s['wall_s']:.0f} "
            f"| {n2['wall_s']:.1f} | {n2['blocks'] / n2['wall_s']:.0f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 2000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--child-build", nargs=2, help=argparse.SUPPRESS)
    ARGS = parser.parse_args()
    if ARGS.child_build:
        child_build(*ARGS.child_build)
        return 0
    rows = []
    for pages in ARGS.sizes:
        print(f"benchmark: {pages} pages ...", flush=True)
        rows.append(bench_size(pages, ARGS.runs))
        ARGS.output.write_text(render(rows, ARGS.runs))
    print(ARGS.output.read_text())
    (HERE / "results.json").write_text(json.dumps(rows, indent=2))
    return 0


ARGS: argparse.Namespace

if __name__ == "__main__":
    sys.exit(main())
