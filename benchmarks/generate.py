"""Generate synthetic troubleshooting sites for the benchmarks.

The pages follow the handbook's entry convention (docs/contributing.md) so that the `symptoms`
plugin and the snippet suite do the same work per page as on the real handbook: about six entries
a page, each with literal error text, an HTTP status now and then, a shell fix and a config
sample, and a Python sample every third entry.
"""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

GUIDES = ("alpha", "bravo", "charlie", "delta", "echo")
AREAS = ("auth", "database", "workers", "deploy", "frontend", "gateway", "storage", "cache")
ERRORS = (
    ("Connection refused", "connect to {host} port {port} failed: Connection refused", None),
    ("Pool exhausted", "QueuePool limit of size {n} overflow {m} reached", None),
    ("Token expired", "401 Unauthorized: Token has expired", 401),
    ("Rate limited", "429 Too Many Requests", 429),
    ("Upstream down", "503 Service Unavailable", 503),
    ("Missing table", 'relation "{table}" does not exist', None),
    ("Out of memory", "OOMKilled: container {name} exceeded memory limit", None),
    ("Migration conflict", "Can't locate revision identified by '{rev}'", None),
    ("Payload too large", "413 Request Entity Too Large", 413),
    ("CORS blocked", "has been blocked by CORS policy", None),
)
WORDS = [
    "worker",
    "queue",
    "retry",
    "timeout",
    "socket",
    "session",
    "cookie",
    "header",
    "proxy",
    "ingress",
    "replica",
    "index",
    "schema",
    "cache",
    "bucket",
    "upload",
    "token",
    "secret",
    "volume",
    "container",
    "probe",
    "latency",
    "backlog",
]


def entry(rng: random.Random, page: int, number: int) -> str:
    """One problem in the handbook's convention, with numbers that differ per entry."""
    label, template, status = ERRORS[(page + number) % len(ERRORS)]
    values = {
        "host": f"db{page % 7}.internal",
        "port": 5432 + number,
        "n": 5 + number,
        "m": 10 + page % 9,
        "table": f"{rng.choice(WORDS)}_{page}_{number}",
        "name": f"svc-{page}-{number}",
        "rev": f"{page:04x}{number:04x}",
    }
    error = template.format(**values)
    topic = " ".join(rng.sample(WORDS, 3))
    python = ""
    if number % 3 == 0:
        python = textwrap.dedent(f"""
            ```python
            limits = {{"pool_size": {5 + number}, "max_overflow": {number}}}
            assert limits["pool_size"] > limits["max_overflow"]
            ```
            """)
    status_text = f" and the client sees HTTP {status}" if status else ""
    return (
        textwrap.dedent(f"""
        ## {label} in {topic} ({page}.{number})

        **Symptoms**

        - The {topic} step fails{status_text}.

        ```text
        {error}
        ```

        **Cause**

        The {rng.choice(WORDS)} of the {rng.choice(WORDS)} is misconfigured for page {page}.

        **Fix**

        1. Check the service and restart it.

            ```bash
            export SERVICE_NAME="svc-{page}-{number}"
            echo "checking ${{SERVICE_NAME}}"
            grep -c "{label}" /dev/null || true
            ```

        2. Raise the limit in the configuration.

            ```yaml
            service:
              name: svc-{page}-{number}
              limits: {{memory: {256 + number}Mi, retries: {number}}}
            ```

            ```json
            {{"service": "svc-{page}-{number}", "timeout": {30 + number}}}
            ```
        """)
        + python
    )


def page_text(rng: random.Random, page: int, entries: int) -> str:
    area = AREAS[page % len(AREAS)]
    body = "".join(entry(rng, page, number) for number in range(entries))
    return f"---\ncomponents: [{area}]\n---\n\n# {area.title()} notes {page}\n{body}"


def generate(root: Path, pages: int, entries_per_page: int = 6, seed: int = 7) -> Path:
    """Write ``root/docs`` with ``pages`` pages spread over the guides; return the docs dir."""
    rng = random.Random(seed)
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Synthetic handbook\n\nGenerated for benchmarks.\n")
    for number in range(pages):
        guide = GUIDES[number % len(GUIDES)]
        path = docs / guide / f"page-{number:05d}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(page_text(rng, number, entries_per_page))
    for guide in GUIDES:
        (docs / guide / "index.md").write_text(f"# Guide {guide}\n\nSynthetic guide.\n")
    return docs
