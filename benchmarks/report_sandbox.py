"""RESULTS.md's sections on the sandbox: what it costs the handbook's docs suite (issue 12) and
the verification throughput with a worker per page, with its profile (issue 14.4)."""

from __future__ import annotations

from pathlib import Path

#: Hand-written notes on the sandbox's figures (profile, what was tried), after its sections.
NOTES = Path(__file__).resolve().parent / "notes-sandbox.md"
#: Issue 12: the handbook's suite at most 25 % slower than before the sandbox.
SUITE_TARGET = 0.25
#: Issue 14.4: verified blocks per second, serial.
RATE_TARGET = 500


def _pct(ratio: float) -> str:
    return f"{100 * (ratio - 1):+.1f}%"


def snippet_rows(results: dict) -> list[dict]:
    """The snippet-suite runs: a full run's (largest synthetic size) and ``--only throughput``'s."""
    rows = [r["snippets"] for r in results.get("rows", []) if "snippets" in r]
    return rows + list(results.get("throughput", []))


def rate(row: dict) -> float:
    serial = row["serial"]
    return (serial["checked"] + serial["run"]) / serial["wall_s"]


def throughput_section(rows: list[dict]) -> list[str]:
    if not rows:
        return []
    lines = [
        "",
        "## Verification throughput: the snippet suite over the generated docs",
        "",
        "Whole pytest command (start-up, collection, the sandbox: one zygote per session, one "
        "worker per page, PostgreSQL/Redis on demand). *verified*: blocks checked (shell, YAML, "
        f"JSON) or run (Python); the baseline is the {RATE_TARGET} blocks/s target.",
        "",
        "| pages | blocks | verified | serial s | blocks/s | ÷ target | `-n 2` s "
        "| `-n 2` ÷ serial (time) | measured |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        serial, n2 = r["serial"], r.get("n2")
        verified = serial["checked"] + serial["run"]
        parallel = f"{n2['wall_s']:.1f} | {n2['wall_s'] / serial['wall_s']:.2f}" if n2 else "- | -"
        lines.append(
            f"| {r['pages']} | {serial['blocks']} | {verified} | {serial['wall_s']:.1f} "
            f"| {rate(r):.0f} | {rate(r) / RATE_TARGET:.2f} | {parallel} "
            f"| {r.get('measured', 'with the builds')} |"
        )
    profiled = [r for r in rows if r["serial"].get("profile")]
    if profiled:
        lines += [
            "",
            "Where the serial run's time goes (benchmarks/worker_probe.py, inside the run). "
            "*page start/stop*: handing a page its pre-forked worker and stopping it, as the "
            "runner waits for them; *request*: one per executed block (the block's own run "
            "included), the page's first also waits until the previous page is reaped; *rest*: "
            "pytest's cost per item, collection and parsing, and the blocks verified in the "
            "runner.",
            "",
            "| pages | pages with a worker | zygote s | page start ms/page | page stop ms/page "
            "| requests | ms/request | first request ms | rest s | rest ms/verified block |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in profiled:
            p, serial = r["serial"]["profile"], r["serial"]
            workers = max(p.get("page_start_s:count", 0), 1)
            requests = max(p.get("request_s:count", 0), 1)
            sandbox = sum(p.get(k, 0.0) for k in ("zygote_s", "page_start_s", "page_stop_s"))
            rest = serial["wall_s"] - sandbox - p.get("request_s", 0.0)
            verified = serial["checked"] + serial["run"]
            lines.append(
                f"| {r['pages']} | {p.get('page_start_s:count', 0)} | {p.get('zygote_s', 0):.2f} "
                f"| {1000 * p.get('page_start_s', 0) / workers:.2f} "
                f"| {1000 * p.get('page_stop_s', 0) / workers:.2f} "
                f"| {p.get('request_s:count', 0)} | {1000 * p.get('request_s', 0) / requests:.2f} "
                f"| {1000 * p.get('first_request_s', 0) / workers:.2f} | {rest:.1f} "
                f"| {1000 * rest / verified:.2f} |"
            )
    return lines


def suite_section(suite: dict | None) -> list[str]:
    if not suite:
        return []
    lines = [
        "",
        "## The handbook's docs suite: sandboxed vs. before the sandbox (issue 12)",
        "",
        f"Baseline: the code of `{suite['baseline']}` (end of round 1, no sandbox) on **today's** "
        "docs, snippets and mkdocs.yml (benchmarks/sandbox_cost.py); candidate: today's code, "
        "every executed block in the sandbox. Ratio: median over "
        f"{suite['runs']} alternating pairs, measured {suite['measured']} with "
        f"`{suite['command']}` (load {' / '.join(f'{v:.2f}' for v in suite['load'])}).",
        "",
        "| command | baseline s | sandboxed s | ratio | each pair "
        "| blocks (run) baseline / today |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    names = {"pytest": "`pytest -p no:xdist -q docs`", "check": "`fixbook check docs`"}
    for kind, name in names.items():
        r = suite[kind]
        pairs = ", ".join(_pct(x) for x in r["ratios"])
        blocks = f"{r['blocks'][0]} ({r['run'][0]}) / {r['blocks'][1]} ({r['run'][1]})"
        lines.append(
            f"| {name} | {r['baseline_s']:.1f} | {r['sandboxed_s']:.1f} | {_pct(r['ratio'])} "
            f"| {pairs} | {blocks} |"
        )
    return lines


def sandbox_notes() -> list[str]:
    return ["", NOTES.read_text().strip()] if NOTES.exists() else []


def suite_targets(suite: dict | None) -> list[tuple[str, str, bool]]:
    """Issue 12's target, per command."""
    if not suite:
        return []
    return [
        (
            f"issue 12: docs suite ≤ 25% slower than before the sandbox: {kind}",
            _pct(suite[kind]["ratio"]),
            suite[kind]["ratio"] - 1 <= SUITE_TARGET,
        )
        for kind in ("pytest", "check")
    ]
