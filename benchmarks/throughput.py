"""Verification throughput (issue 14.4): pytest over N generated pages, every executed block in
the sandbox (a worker per page), and where the time goes.

The run loads :mod:`worker_probe` (``-p worker_probe``), which times the sandbox's parts inside
the run: the zygote's start, each page worker's start and stop as the runner sees them, and each
request to a worker (one per executed block; a page's first also waits for the previous page to
be reaped). What is left of the wall is pytest's own cost per item, parsing, and the blocks
verified in the runner (shell lint, YAML, JSON).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import HERE, env

#: Environment variable telling :mod:`worker_probe` where to write its figures.
PROBE_ENV = "FIXBOOK_BENCH_PROBE"


def measure_snippets(root: Path, config: dict, modes: tuple[str, ...] = ("serial", "n2")) -> dict:
    """pytest over the generated docs with Fixbook's Sybil layer, serial and with -n 2, once each.

    The synthetic root is configured like the handbook: a ``mkdocs.yml`` (so ``--8<--`` bases
    resolve as in the build) and ``fixbook_docs = "mkdocs"`` (docs_dir of that mkdocs.yml).
    """
    import yaml

    (root / "mkdocs.yml").write_text(yaml.safe_dump({**config, "docs_dir": "docs"}))
    (root / "pyproject.toml").write_text(
        '[tool.pytest.ini_options]\nfixbook_docs = "mkdocs"\ntestpaths = ["docs"]\n'
    )
    extra = {"serial": ["-n", "0"], "n2": ["-n", "2"]}
    results = {}
    for label in modes:
        with tempfile.NamedTemporaryFile(suffix=".json") as probe:
            environment = {
                **env(),
                PROBE_ENV: probe.name,
                "PYTHONPATH": _python_path(),
            }
            command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                       "-p", "worker_probe", "--fixbook-results", "", *extra[label]]  # fmt: skip
            start = time.perf_counter()
            result = subprocess.run(
                command, cwd=root, env=environment, capture_output=True, text=True, check=False
            )
            wall = time.perf_counter() - start
            if result.returncode != 0:
                raise SystemExit(f"snippet suite failed:\n{result.stdout[-3000:]}")
            text = Path(probe.name).read_text()
            profile = json.loads(text) if text.strip() else {}
        results[label] = {"wall_s": wall, **coverage_total(result.stdout), "profile": profile}
    return results


def _python_path() -> str:
    """This folder first (for ``-p worker_probe``), then what the caller had."""
    return os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")]))


def coverage_total(output: str) -> dict[str, int]:
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


def throughput(pages: int, config_for: object, modes: tuple[str, ...]) -> dict:
    """Generate ``pages`` pages in a temporary folder and measure the suite over them."""
    from generate import generate

    with tempfile.TemporaryDirectory(prefix=f"fixbook-bench-throughput-{pages}-") as tmp:
        work = Path(tmp)
        docs = generate(work, pages)
        print(f"benchmark: synthetic, {pages} pages: snippet suite ({', '.join(modes)}) ...",
              flush=True)  # fmt: skip
        return {"pages": pages, **measure_snippets(work, config_for(docs), modes)}  # type: ignore[operator]
