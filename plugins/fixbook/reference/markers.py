"""The block markers, from the modes and options :mod:`fixbook.samples.markers` accepts."""

from __future__ import annotations

from fixbook.markdown.languages import OUTPUT
from fixbook.samples.languages import RUN_BY_DEFAULT
from fixbook.samples.markers import OPTIONS_BY_MODE
from fixbook.samples.model import Mode

from .table import code, table

#: What each mode does; a mode added to :class:`Mode` without a line here fails the build.
MEANING = {
    Mode.RUN: "Execute the block (Python in the page's shared namespace, SQL against a scratch "
    "PostgreSQL database, shell in the sandbox); it passes when it finishes without error.",
    Mode.CHECK: "Parse or lint the block without executing it (YAML, JSON, nginx, ShellCheck, …).",
    Mode.EXPECT_ERROR: "Execute the block; it passes only when it fails, and its error contains "
    "`message` when given.",
    Mode.SKIP: "Do not verify the block; `reason` is required and shown in its badge.",
    Mode.OUTPUT: "The block is output shown to the reader; never verified.",
    Mode.EXPECTED_OUTPUT: "Above a `text`/`console` block: it must equal the real output of the "
    "run block before it (`...` matches any text).",
}


def _example(mode: Mode) -> str:
    options = " ".join(f'{name}="…"' for name in sorted(OPTIONS_BY_MODE[mode]))
    return f"<!-- fixbook: {mode.value}{' ' + options if options else ''} -->"


def markers_reference() -> str:
    missing = [mode.value for mode in Mode if mode not in MEANING]
    if missing:
        raise ValueError(f"fixbook.reference.markers: no description of mode(s) {missing}")
    rows = [
        (code(_example(mode)), ", ".join(sorted(OPTIONS_BY_MODE[mode])) or "—", MEANING[mode])
        for mode in Mode
    ]
    run = ", ".join(f"`{language}`" for language in sorted(RUN_BY_DEFAULT))
    return (
        table(["marker", "options", "meaning"], rows)
        + "\nWithout a marker, blocks of "
        + run
        + f" run, `{OUTPUT}` blocks (`text`, `console`, `log`, …) are output, and every "
        "other language is checked.\n"
    )
