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

#: The finder's data file in the built site (fixbook.finder.data.DATA_SCRIPT).
FINDER_DATA = "finder-data.js"
#: Hand-written notes (what blocks a missed target, what was tried), appended to RESULTS.md.
NOTES = HERE / "notes.md"
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
    measured = json.loads(out.stdout.strip().splitlines()[-1])
    finder_data = site / "symptoms" / FINDER_DATA
    measured["finder_data_bytes"] = finder_data.stat().st_size if finder_data.exists() else None
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


# --- the handbook itself --------------------------------------------------------------------


def measure_handbook(work: Path, runs: int) -> dict:
    """The real handbook (all its plugins), built with and without ``navigation.prune``."""
    features = _handbook_config()["theme"].get("features", [])
    rows = {}
    for label, prune in (("pruned", True), ("unpruned", False)):
        chosen = [f for f in features if f != "navigation.prune"] + (
            ["navigation.prune"] if prune else []
        )
        config = {
            "INHERIT": str(ROOT / "mkdocs.yml"),
            "docs_dir": str(ROOT / "docs"),
            "theme": {"features": chosen},
        }
        builds = [measure_build(work, config, f"handbook-{label}") for _ in range(runs)]
        rows[label] = {
            "wall_s": statistics.median(b["wall"] for b in builds),
            "site_bytes": builds[-1]["site_bytes"],
            "peak_mib": statistics.median(b["peak_mib"] for b in builds),
        }
    return rows


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
        row["finder_data_bytes"] = plugin[-1]["finder_data_bytes"]
        row["plain_site_bytes"] = plain[-1]["site_bytes"]
        row["unpruned_site_bytes"] = unpruned[0]["site_bytes"] if unpruned else None
        row.update(measure_cli(work, docs, runs))
        snippet_config = site_config(docs, ["search"])
        row["snippets"] = measure_snippets(work, snippet_config, 1 if pages > 200 else runs)
        return row


def _utc(timestamp: float) -> str:
    return datetime.datetime.fromtimestamp(timestamp, datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _mb(size: int | None) -> str:
    return f"{size / 1e6:.2f}" if size else "-"


def render(
    rows: list[dict], handbook: dict | None, runs: int, load: tuple[float, ...], now: str
) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Measured {now} on {os.cpu_count()} cores ({platform.machine()}, Python "
        f"{platform.python_version()}), median of {runs} runs per build; reproduce with "
        "`python3 dev.py bench`. Synthetic sites: ~6 entries per page over 5 guides "
        "(benchmarks/generate.py), Material theme and the handbook's Markdown extensions. "
        "The machine is shared: load average "
        + " / ".join(f"{value:.2f}" for value in load)
        + " (1/5/15 min) at the start of the run, so walls are noisy; the plugin's own time is "
        "measured inside the build (its MkDocs events), which noise affects less.",
        "",
        "## Build: plain MkDocs + Material vs. with the `symptoms` plugin",
        "",
        "| pages | plain build s | with symptoms s | overhead (walls) | plugin own s "
        "| plugin own / plain | plugin ms/page | peak MiB plain | peak MiB plugin "
        "| finder data MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['pages']} | {r['plain_s']:.1f} | {r['plugin_build_s']:.1f} "
            f"| {100 * r['overhead']:+.1f}% | {r['plugin_own_s']:.2f} "
            f"| {100 * r['plugin_own_s'] / r['plain_s']:.1f}% | {r['own_ms_per_page']:.2f} "
            f"| {r['plain_mib']:.0f} | {r['plugin_mib']:.0f} | {_mb(r['finder_data_bytes'])} |"
        )
    pruned = [r for r in rows if r["unpruned_s"]]
    if pruned or handbook:
        lines += [
            "",
            "## Site scale: Material's `navigation.prune`",
            "",
            "| site | build s pruned | build s unpruned | site MB pruned | site MB unpruned |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for r in pruned:
            lines.append(
                f"| synthetic, {r['pages']} pages, plain | {r['plain_s']:.1f} "
                f"| {r['unpruned_s']:.1f} | {_mb(r['plain_site_bytes'])} "
                f"| {_mb(r['unpruned_site_bytes'])} |"
            )
        if handbook:
            on, off = handbook["pruned"], handbook["unpruned"]
            lines.append(
                f"| the handbook (mkdocs.yml, all plugins) | {on['wall_s']:.1f} "
                f"| {off['wall_s']:.1f} | {_mb(on['site_bytes'])} | {_mb(off['site_bytes'])} |"
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
        "Whole pytest command, start-up and collection included. *checked*: shell (bash -n + "
        "ShellCheck), YAML and JSON blocks verified without running; *run*: Python blocks "
        "executed; `text` blocks are output (counted, not verified).",
        "",
        "| pages | blocks | checked | run | serial s | checked+run/s serial | `-n 2` s "
        "| checked+run/s `-n 2` |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        s, n2 = r["snippets"]["serial"], r["snippets"]["n2"]
        verified = s["checked"] + s["run"]
        lines.append(
            f"| {r['pages']} | {s['blocks']} | {s['checked']} | {s['run']} | {s['wall_s']:.1f} "
            f"| {verified / s['wall_s']:.0f} | {n2['wall_s']:.1f} "
            f"| {verified / n2['wall_s']:.0f} |"
        )
    lines += ["", *targets(rows)]
    if NOTES.exists():
        lines += ["", NOTES.read_text().strip()]
    return "\n".join(lines) + "\n"


def targets(rows: list[dict]) -> list[str]:
    """Issue 6's targets, each with the measured figure it is judged on."""
    small, large = rows[0], rows[-1]
    own_share = large["plugin_own_s"] / large["plain_s"]
    drift = large["own_ms_per_page"] / small["own_ms_per_page"] - 1
    snippets = large["snippets"]["serial"]
    rate = (snippets["checked"] + snippets["run"]) / snippets["wall_s"]
    checks = [
        (
            f"plugin overhead ≤ 5% of the build at {large['pages']} pages",
            f"plugin's own time {100 * own_share:.1f}% of the plain build "
            f"(walls: {100 * large['overhead']:+.1f}%)",
            own_share <= 0.05,
        ),
        (
            f"plugin time per page flat (±20%) from {small['pages']} to {large['pages']} pages",
            f"{small['own_ms_per_page']:.2f} → {large['own_ms_per_page']:.2f} ms/page "
            f"({100 * drift:+.0f}%)",
            abs(drift) <= 0.20,
        ),
        (
            f"`fixbook find` p95 ≤ 200 ms at {large['entries']} entries, start-up included",
            f"{large['find_p95_ms']:.0f} ms",
            large["find_p95_ms"] <= 200,
        ),
        (
            f"finder data ≤ 2 MB at {large['entries']} entries",
            f"{_mb(large['finder_data_bytes'])} MB",
            (large["finder_data_bytes"] or 0) <= 2e6,
        ),
        (
            "≥ 300 verified blocks per second (serial, whole pytest command)",
            f"{rate:.0f} blocks/s at {large['pages']} pages",
            rate >= 300,
        ),
    ]
    lines = ["## Targets (issue 6)", "", "| target | measured | met |", "| --- | --- | :-: |"]
    lines += [f"| {t} | {m} | {'yes' if ok else '**no**'} |" for t, m, ok in checks]
    return lines


def main() -> int:
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 1000, 2000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument(
        "--no-handbook", action="store_true", help="skip the handbook prune/unpruned builds"
    )
    parser.add_argument(
        "--render-only", action="store_true", help="rewrite RESULTS.md from results.json"
    )
    parser.add_argument("--child-build", nargs=2, help=argparse.SUPPRESS)
    ARGS = parser.parse_args()
    if ARGS.child_build:
        child_build(*ARGS.child_build)
        return 0
    if ARGS.render_only:
        raw = ARGS.output.with_name(RESULTS_JSON)
        saved = json.loads(raw.read_text())
        runs, load = saved.get("runs", ARGS.runs), tuple(saved["load"])
        measured = saved.get("measured") or _utc(raw.stat().st_mtime)
        ARGS.output.write_text(render(saved["sizes"], saved["handbook"], runs, load, measured))
        return 0
    load = os.getloadavg()
    measured = _utc(time.time())
    handbook = None
    if not ARGS.no_handbook:
        print("benchmark: the handbook, with and without navigation.prune ...", flush=True)
        with tempfile.TemporaryDirectory(prefix="fixbook-bench-handbook-") as tmp:
            handbook = measure_handbook(Path(tmp), ARGS.runs)
    rows: list[dict] = []
    for pages in ARGS.sizes:
        print(f"benchmark: {pages} pages ...", flush=True)
        rows.append(bench_size(pages, ARGS.runs))
        ARGS.output.write_text(render(rows, handbook, ARGS.runs, load, measured))
        ARGS.output.with_name(RESULTS_JSON).write_text(
            json.dumps(
                {
                    "measured": measured,
                    "runs": ARGS.runs,
                    "load": load,
                    "handbook": handbook,
                    "sizes": rows,
                },
                indent=2,
            )
        )
    print(ARGS.output.read_text())
    return 0


ARGS: argparse.Namespace

if __name__ == "__main__":
    sys.exit(main())
