"""A pytest plugin for benchmarks only (``-p worker_probe``): times the sandbox's parts as the
runner sees them and writes them as JSON to ``$FIXBOOK_BENCH_PROBE`` when the run ends.

``zygote_s``: starting the session's zygote and its imports (once); ``page_start_s`` and
``page_stop_s``: handing a page its (pre-forked) worker and stopping it, summed over pages;
``request_s``: requests to workers (one per executed block), ``first_request_s`` the share of
it spent on each page's first request, which also waits until the previous page is reaped.
"""

from __future__ import annotations

import functools
import json
import os
import time
from collections import defaultdict
from typing import Any

_spent: dict[str, float] = defaultdict(float)
_count: dict[str, int] = defaultdict(int)


def _timed(owner: Any, name: str, label: str) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            _spent[label] += time.perf_counter() - start
            _count[label] += 1

    setattr(owner, name, timed)


def _first_requests(owner: Any) -> None:
    original = owner.request

    @functools.wraps(original)
    def request(self: Any, *args: Any, **kwargs: Any) -> Any:
        first = not getattr(self, "_probe_seen", False)
        self._probe_seen = True
        start = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            if first:
                _spent["first_request_s"] += time.perf_counter() - start
                _count["first_request_s"] += 1

    owner.request = request


def pytest_configure(config: Any) -> None:
    from fixbook.samples.worker import client, spawner

    _timed(spawner.Zygote, "__init__", "zygote_s")
    original_ask = spawner.Zygote.ask

    def ask(self: Any, message: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original_ask(self, message, *args, **kwargs)
        finally:
            if message.get("op") == "preload":
                _spent["zygote_s"] += time.perf_counter() - start

    spawner.Zygote.ask = ask  # type: ignore[method-assign]
    _timed(client.PageWorker, "__init__", "page_start_s")
    _timed(client.PageWorker, "stop", "page_stop_s")
    _first_requests(client.PageWorker)  # inside the timed request below
    _timed(client.PageWorker, "request", "request_s")


def pytest_unconfigure(config: Any) -> None:
    target = os.environ.get("FIXBOOK_BENCH_PROBE")
    if target:
        figures = {label: round(seconds, 4) for label, seconds in _spent.items()}
        figures |= {f"{label}:count": count for label, count in _count.items()}
        with open(target, "w") as out:
            json.dump(figures, out)
