"""Finder speed: ``fixbook find`` per whole process, and ranking of huge pastes.

    .venv/bin/python benchmarks/finder_speed.py          # prints a Markdown table

Timing figures live here, not in the test suite (no test asserts a time). Rows:

- ``fixbook find`` over a 12,000-entry ``symptoms.json``: first run (compiles and caches the
  index), then the median and p95 of cached runs, wall and CPU (user + system) per process;
- ranking one paste in-process: a 1 MB log, a 1 MB token without separators, 30,000 and
  100,000 characters without separators (the paste sizes issue 13 names);
- one query in Chromium (``finder.js`` as the page runs it) on 100,000-character pastes.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "tests" / "finder"))

from fixbook.finder.index import FinderIndex, build_data  # noqa: E402
from fixbook.finder.rank import rank  # noqa: E402
from synthetic import entries as synthetic_entries  # noqa: E402

ENTRIES = 12000
RUNS = 21


def cli_rows() -> list[tuple[str, str]]:
    entries = synthetic_entries(ENTRIES)
    with tempfile.TemporaryDirectory() as scratch:
        index = Path(scratch) / "symptoms.json"
        index.write_text(json.dumps({"version": 1, "entries": entries}))
        env = {**os.environ, "FIXBOOK_CACHE_DIR": str(Path(scratch) / "cache")}
        command = [str(Path(sys.executable).parent / "fixbook"), "find", "--index", str(index)]

        def timed(paste: str, stdin: str | None = None) -> tuple[float, float]:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(
                [*command, "--json", paste],
                env=env,
                input=stdin,
                text=True,
                capture_output=True,
                check=True,
            )
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime

        cold_wall, cold_cpu = timed("warm the cache")
        walls, cpus = [], []
        for number, item in enumerate(entries[:: ENTRIES // RUNS][:RUNS]):
            wall, cpu = timed(f"[2026-01-01 10:00:{number:02d}] {item['errors'][0]}")
            walls.append(wall)
            cpus.append(cpu)
        line = "2026-03-01T10:00:00.123Z INFO [web-7] GET /healthz 200 in 3 ms\n"
        log = line * (1_000_000 // len(line)) + f"{entries[5]['errors'][0]}\n"
        big_wall, big_cpu = timed("-", stdin=log)
    return [
        (
            "`fixbook find -`, cached, a 1 MB log on stdin",
            f"wall {ms(big_wall)}, cpu {ms(big_cpu)}",
        ),
        (
            f"`fixbook find`, {ENTRIES:,} entries, first run (compiles, caches)",
            f"wall {ms(cold_wall)}, cpu {ms(cold_cpu)}",
        ),
        (
            f"`fixbook find`, cached, {RUNS} runs",
            f"wall median {ms(statistics.median(walls))} p95 {ms(p95(walls))}; "
            f"cpu median {ms(statistics.median(cpus))} p95 {ms(p95(cpus))}",
        ),
    ]


def paste_rows() -> list[tuple[str, str]]:
    index = FinderIndex.from_data(build_data(synthetic_entries(2000)))
    log_line = "2026-03-01T10:00:00.123Z INFO [web-7] GET /healthz 200 in 3 ms\n"
    pastes = {
        "1 MB log (INFO lines, one error at the end)": log_line * (1_000_000 // len(log_line))
        + "sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached\n",
        "1 MB token, no separators": "a" * 1_000_000,
        "30,000 characters, no separators": "x" * 30_000,
        "100,000 characters, no separators": "ab1-" * 25_000,
    }
    rows = []
    for label, paste in pastes.items():
        times = []
        for _ in range(3):
            start = time.perf_counter()
            rank(index, paste, 10)
            times.append(time.perf_counter() - start)
        rows.append((f"rank one paste: {label}", f"median {ms(statistics.median(times))}"))
    return rows


CHROMIUM_TIMED = """(pastes) => {
  const index = FixbookFinder.load(window.FIXBOOK_FINDER_DATA);
  FixbookFinder.rank(index, "warm up", 10);
  return pastes.map((paste) => {
    const times = [];
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      FixbookFinder.rank(index, paste, 10);
      times.push(performance.now() - start);
    }
    return times.sort((a, b) => a - b)[1];
  });
}"""


def chromium_rows() -> list[tuple[str, str]]:
    """One query in Chromium (the finder page's own ``rank``) on 100,000-character pastes."""
    from fixbook.finder.data import finder_script
    from fixbook.finder.page import ASSETS_DIR
    from playwright.sync_api import sync_playwright

    line = "2026-03-01T10:00:00.123Z INFO [web-7] GET /healthz 200 in 3 ms\n"
    pastes = {
        "100,000-character log": (line * (100_000 // len(line)))[:99_900] + "\nFATAL: disk full",
        "100,000 characters, no separators": "x" * 100_000,
        "1 MB token, no separators": "a" * 1_000_000,
    }
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        (folder / "finder.js").write_bytes((ASSETS_DIR / "finder.js").read_bytes())
        (folder / "data.js").write_text(finder_script(synthetic_entries(2000)), encoding="utf-8")
        (folder / "page.html").write_text(
            "<!doctype html><script src='data.js'></script><script src='finder.js'></script>"
        )
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page()
            page.goto((folder / "page.html").as_uri())
            times = page.evaluate(CHROMIUM_TIMED, list(pastes.values()))
            browser.close()
    return [
        (f"Chromium, one query: {label}", f"median {milliseconds:.0f} ms")
        for label, milliseconds in zip(pastes, times, strict=True)
    ]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def p95(values: list[float]) -> float:
    return sorted(values)[round(0.95 * (len(values) - 1))]


def main() -> None:
    rows = paste_rows() + chromium_rows() + cli_rows()
    print("| finder | time |\n|---|---|")
    for label, figure in rows:
        print(f"| {label} | {figure} |")
    print(f"\nload average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
