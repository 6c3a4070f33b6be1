"""What every benchmark shares: the handbook's site config, child processes, alternating
pairs and their ratios (run.py's docstring says why pairs)."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: The script that runs one build or one serve session in a fresh process.
RUN = HERE / "run.py"


def site_config(docs: Path, plugins: list[str], prune: bool = True) -> dict:
    """The handbook's theme and Markdown extensions, with the plugins under test."""
    handbook = handbook_config()
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


def handbook_config() -> dict:
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


def env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def timed(
    command: list[str], cwd: Path | None = None, environment: dict[str, str] | None = None
) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    result = subprocess.run(
        command, capture_output=True, text=True, cwd=cwd, env=environment or env()
    )
    return time.perf_counter() - start, result
