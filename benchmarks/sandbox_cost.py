"""What the sandbox costs the handbook's docs suite (issue 12: at most 25 % slower than before).

Baseline: the code of the end of round 1 (:data:`BASELINE`, before the sandbox), extracted with
``git archive`` into a temporary folder, with **today's** docs, snippets and mkdocs.yml copied
over it, run with its own plugins first on ``PYTHONPATH`` (the installed ``fixbook`` pytest
entry point is today's: ``-p no:fixbook`` and the old module by name). It verifies the same
blocks (the coverage totals are kept beside the walls). Candidate: today's code on the same
docs, as the team runs it. Each figure is the median of alternating pairs in one run, for
``pytest docs`` (serial) and for ``fixbook check docs``.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, env, timed
from throughput import coverage_total

#: Round 1's last commit: the handbook's suite before the sandbox ("today" in issue 12).
BASELINE = "1736ea2"
#: What the baseline takes of today's tree: the docs and what the docs' build reads.
TODAY = ("docs", "snippets", "mkdocs.yml")


def baseline_tree(work: Path) -> Path:
    """The baseline's code with today's docs, in ``work/baseline``."""
    tree = work / "baseline"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", BASELINE], capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    for name in TODAY:
        target = tree / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy2(source, target)
    return tree


def commands(tree: Path) -> dict[str, tuple[list[str], Path, dict[str, str]]]:
    """name -> (command, folder, environment): the baseline's and today's suite and check."""
    python = sys.executable
    old = {**env(), "PYTHONPATH": str(tree / "plugins")}
    new = {**env()}
    check = "import sys; from fixbook.cli import main; sys.exit(main(sys.argv[1:]))"
    pytest = [python, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider", "-q"]
    return {
        "pytest_baseline": (
            [*pytest, "-p", "no:fixbook", "-p", "fixbook.snippets.pytest_plugin", "docs"],
            tree,
            old,
        ),
        "pytest_sandboxed": ([*pytest, "--fixbook-results", "", "docs"], ROOT, new),
        "check_baseline": ([python, "-c", check, "check", "docs"], tree, old),
        "check_sandboxed": ([python, "-c", check, "check", "--results", "", "docs"], ROOT, new),
    }


def run_one(command: list[str], folder: Path, environment: dict[str, str]) -> dict:
    seconds, result = timed(command, cwd=folder, environment=environment)
    if result.returncode != 0:
        raise SystemExit(
            f"{' '.join(command[:6])} ... in {folder} failed:\n{result.stdout[-3000:]}"
            f"\n{result.stderr[-2000:]}"
        )
    # The coverage table: on stdout today, on stderr in round 1's ``fixbook check``.
    return {"wall": seconds, **coverage_total(result.stdout + "\n" + result.stderr)}


def measure_suite_cost(runs: int) -> dict:
    """Alternating pairs (baseline, sandboxed) for pytest and for ``fixbook check``."""
    with tempfile.TemporaryDirectory(prefix="fixbook-bench-suite-") as tmp:
        tree = baseline_tree(Path(tmp))
        planned = commands(tree)
        measured: dict[str, list[dict]] = {name: [] for name in planned}
        for round_number in range(runs):
            for name, (command, folder, environment) in planned.items():
                print(f"benchmark: docs suite, round {round_number + 1}: {name} ...", flush=True)
                measured[name].append(run_one(command, folder, environment))
    result: dict = {"baseline": BASELINE, "runs": runs}
    for kind in ("pytest", "check"):
        base, candidate = measured[f"{kind}_baseline"], measured[f"{kind}_sandboxed"]
        result[kind] = {
            "baseline_s": statistics.median(m["wall"] for m in base),
            "sandboxed_s": statistics.median(m["wall"] for m in candidate),
            "ratio": statistics.median(
                c["wall"] / b["wall"] for b, c in zip(base, candidate, strict=True)
            ),
            "ratios": [c["wall"] / b["wall"] for b, c in zip(base, candidate, strict=True)],
            "blocks": [base[-1].get("blocks"), candidate[-1].get("blocks")],
            "run": [base[-1].get("run"), candidate[-1].get("run")],
        }
    return result
