"""Benchmark Fixbook against its baselines; writes benchmarks/RESULTS.md.

    python3 dev.py bench                 # full run: 200 and 2,000 pages, 5 pairs per figure
    python3 dev.py bench --quick         # 50 and 200 pages, 3 pairs: a few minutes
    python3 dev.py bench --project ../pipx/mkdocs.yml --project ../httpx/mkdocs.yml
    python3 dev.py bench --only suite --runs 5          # issue 12: docs suite vs. round 1
    python3 dev.py bench --only throughput --sizes 2000 # issue 14.4: serial, with its profile

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
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from builds import (  # noqa: E402
    build_row,
    child_build,
    child_serve,
    measure_prune,
    plugin_config,
    serve_row,
)
from common import env, site_config, timed  # noqa: E402
from generate import generate  # noqa: E402
from report import render, utc  # noqa: E402
from sandbox_cost import measure_suite_cost  # noqa: E402
from throughput import measure_snippets, throughput  # noqa: E402

#: The raw figures, beside the Markdown table (``--output``); ``--render-only`` reads them.
RESULTS_JSON = "results.json"
#: What ``--only`` can measure alone (the other figures of results.json are kept).
PARTS = ("builds", "suite", "throughput")

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


# --- fixbook index / find -------------------------------------------------------------------


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


# --- synthetic sites and real projects -----------------------------------------------------


def synthetic(pages: int) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"fixbook-bench-{pages}-") as tmp:
        work = Path(tmp)
        docs = generate(work, pages)
        label = f"synthetic, {pages} pages"
        plain = site_config(docs, ["search"])
        print(f"benchmark: {label}: builds ...", flush=True)
        row = build_row(
            label, pages, work, plain, lambda cache: plugin_config(docs, work, cache), ARGS.runs
        )
        result = {"build": row}
        if not ARGS.quick or pages == min(ARGS.sizes):  # --quick: serve at the smallest size
            print(f"benchmark: {label}: serve rebuilds ...", flush=True)
            edited = next(docs.glob("alpha/page-*.md"))
            config = plugin_config(docs, work, True)
            result["serve"] = serve_row(label, work, plain, config, edited, ARGS.runs, ARGS.edits)
        if pages == max(ARGS.sizes):
            print(f"benchmark: {label}: fixbook index / find ...", flush=True)
            result["cli"] = {"pages": pages, **measure_cli(work, docs, ARGS.runs)}
        if pages == max(ARGS.sizes) and not ARGS.no_snippets:
            print(f"benchmark: {label}: snippet suite ...", flush=True)
            snippets = measure_snippets(work, plain)
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
        row = build_row(label, count, work, config(["search"]), with_plugin, ARGS.runs, folder)
        print(f"benchmark: {label}: serve rebuilds ...", flush=True)
        serve = serve_row(
            label,
            work,
            config(["search"]),
            with_plugin(True),
            pages[0],
            ARGS.runs,
            ARGS.edits,
            folder,
        )
        return {"build": row, "serve": serve}


def finder_table() -> list[str]:
    """benchmarks/finder_speed.py's table (the finder's own figures), as it prints it."""
    out = subprocess.run(
        [sys.executable, str(HERE / "finder_speed.py")],
        capture_output=True,
        text=True,
        env=env(),
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
    parser.add_argument(
        "--no-snippets",
        action="store_true",
        help="builds without the snippet suite at the largest size (--only throughput has it)",
    )
    parser.add_argument("--no-finder", action="store_true", help="skip finder_speed.py")
    parser.add_argument("--no-prune", action="store_true", help="skip the handbook prune pair")
    parser.add_argument(
        "--only",
        choices=PARTS,
        action="append",
        default=[],
        help="measure only this part (repeatable) and keep results.json's other figures: "
        "builds (synthetic sites, projects, prune, finder), suite (issue 12: the docs suite "
        "sandboxed vs. round 1), throughput (snippet suite serial at --sizes)",
    )
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
    parts = set(ARGS.only or PARTS)
    results: dict = json.loads(raw.read_text()) if ARGS.only and raw.exists() else {"rows": []}
    command = "python3 dev.py bench " + " ".join(sys.argv[1:])
    stamp = {"measured": utc(time.time()), "command": command}

    basics = {**stamp, "runs": ARGS.runs, "edits": ARGS.edits, "load": os.getloadavg()}
    for key, value in basics.items():  # an --only run without a previous full run's figures
        results.setdefault(key, value)

    def save() -> None:
        raw.write_text(json.dumps(results, indent=2))
        ARGS.output.write_text(render(results))

    if "builds" in parts:
        results |= basics
        results["rows"] = []
        for pages in ARGS.sizes:
            results["rows"].append(synthetic(pages))
            save()
        for config_file in ARGS.project:
            results["rows"].append(project(config_file))
            save()
        if not ARGS.no_prune:
            print("benchmark: the handbook, with and without navigation.prune ...", flush=True)
            with tempfile.TemporaryDirectory(prefix="fixbook-bench-handbook-") as tmp:
                results["prune"] = measure_prune(Path(tmp), ARGS.runs)
            save()
        if not ARGS.no_finder:
            print("benchmark: finder_speed.py ...", flush=True)
            results["finder"] = finder_table()
            save()
    if "suite" in parts:
        results["suite"] = {**stamp, "load": os.getloadavg(), **measure_suite_cost(ARGS.runs)}
        save()
    if "throughput" in parts and ARGS.only:  # a full run measures it at its largest size
        kept = [r for r in results.get("throughput", []) if r["pages"] not in ARGS.sizes]
        for pages in ARGS.sizes:
            row = throughput(pages, lambda docs: site_config(docs, ["search"]), ("serial",))
            kept.append({**stamp, "load": os.getloadavg(), **row})
            results["throughput"] = sorted(kept, key=lambda r: r["pages"])
            save()
    print(ARGS.output.read_text())
    return 0


ARGS: argparse.Namespace

if __name__ == "__main__":
    sys.exit(main())
