"""The page model's own cost: ``parse_page`` on the handbook's pages and on synthetic pages.

    .venv/bin/python benchmarks/page_model.py                       # this tree, 200 pages
    .venv/bin/python benchmarks/page_model.py --baseline /tmp/base/plugins --pairs 3

A page model lives as long as the build (every plugin of one build reads the same one), so
besides CPU milliseconds per page this reports what it leaves for the garbage collector: the
objects it tracks per page kept, and the collections and seconds spent in them while a set of
pages is parsed. Each measurement runs in a fresh process; ``--baseline`` (the ``plugins``
folder of another version, e.g. ``git archive HEAD~3 plugins | tar -x -C /tmp/base``)
alternates with this tree, pair by pair, so both see the same load.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def measure(plugins: Path, pages: int, rounds: int) -> dict[str, dict[str, float]]:
    """In this process, with the ``fixbook`` package of ``plugins``."""
    import dataclasses
    import gc
    import time

    sys.path.insert(0, str(plugins))
    sys.path.insert(0, str(HERE))
    from fixbook.markdown import MarkdownOptions, parse_page
    from fixbook.markdown import page as page_module
    from fixbook.settings import load_settings
    from generate import generate

    handbook = MarkdownOptions.from_settings(load_settings(ROOT))
    docs = generate(Path(tempfile.mkdtemp(prefix="page-model-")), pages)
    synthetic = dataclasses.replace(handbook, docs_dir=docs)
    sets = {
        "handbook": [(p, p.read_text(), handbook) for p in sorted((ROOT / "docs").rglob("*.md"))],
        "synthetic": [(p, p.read_text(), synthetic) for p in sorted(docs.rglob("*.md"))],
    }
    collections = [0, 0.0, 0.0]  # count, seconds, start of the current one

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            collections[2] = time.perf_counter()
        else:
            collections[0] += 1
            collections[1] += time.perf_counter() - collections[2]

    out: dict[str, dict[str, float]] = {}
    for name, items in sets.items():
        times: list[list[float]] = [[] for _ in items]
        rows = []
        for _ in range(rounds):
            page_module._CACHE.clear()
            gc.collect()
            before = len(gc.get_objects())
            collections[:2] = [0, 0.0]
            gc.callbacks.append(count)
            kept = []
            for number, (path, text, options) in enumerate(items):
                start = time.process_time()
                kept.append(parse_page(path, text, options))
                times[number].append(time.process_time() - start)
            gc.callbacks.remove(count)
            rows.append((len(gc.get_objects()) - before, *collections[:2]))
            del kept
        out[name] = {
            "pages": len(items),
            "ms_per_page_median": 1000 * statistics.median(statistics.median(t) for t in times),
            "ms_per_page_mean": 1000 * statistics.mean(statistics.median(t) for t in times),
            "tracked_objects_per_page": statistics.median(row[0] for row in rows) / len(items),
            "gc_collections": statistics.median(row[1] for row in rows),
            "gc_seconds": statistics.median(row[2] for row in rows),
        }
    shutil.rmtree(docs.parent, ignore_errors=True)
    return out


def child(plugins: Path, pages: int, rounds: int) -> dict[str, dict[str, float]]:
    command = [sys.executable, __file__, "--child", str(plugins)]
    command += ["--pages", str(pages), "--rounds", str(rounds)]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=200, help="synthetic pages")
    parser.add_argument("--rounds", type=int, default=3, help="parses of each set per process")
    parser.add_argument("--pairs", type=int, default=1, help="processes per version")
    parser.add_argument("--baseline", type=Path, help="plugins folder of the version to compare")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.pages, args.rounds)))
        return 0
    versions = {"baseline": args.baseline} if args.baseline else {}
    versions["this tree"] = ROOT / "plugins"
    for pair in range(args.pairs):
        for label, plugins in versions.items():
            for name, row in child(plugins, args.pages, args.rounds).items():
                figures = "  ".join(f"{key} {value:.2f}" for key, value in row.items())
                print(f"pair {pair + 1}  {label:9}  {name:9}  {figures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
