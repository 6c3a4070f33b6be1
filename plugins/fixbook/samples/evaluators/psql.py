"""``psql`` blocks: SQL scripts as fed to ``psql -f``, with psql's own backslash commands.

``\\d users`` or ``\\x`` are not SQL, so an ``sql`` block must not hold them; a ``psql`` block
may. Each meta-command line must name a command psql knows (a typo such as ``\\dtt`` fails at
its line); it is then blanked, keeping line numbers, and the remaining SQL is verified by the
SQL evaluator exactly as an ``sql`` block would be.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Block, BlockFailure, PageContext
from ..registry import Registry

META_COMMAND = re.compile(r"^\s*\\(?P<name>[a-zA-Z?!]+\+?)")
#: Read-only or session-local psql commands; ``\\i``, ``\\copy`` and ``\\!`` touch files or the
#: shell and are refused.
KNOWN = frozenset(
    """d d+ da db dc dC dd dD df df+ dF dg di di+ dl dL dm dn dn+ do dO dp dP ds dS dt dt+ dT du
    dv dv+ dx dx+ dy l l+ c connect conninfo x timing echo qecho set unset pset a t H f o q
    watch g gx gset encoding errverbose ? h sf sv z""".split()  # noqa: SIM905 - a table to read
)


def strip_meta_commands(source: str) -> str:
    """The SQL of a psql script: known meta-command lines blanked, unknown ones refused."""
    lines = source.split("\n")
    for number, line in enumerate(lines, start=1):
        match = META_COMMAND.match(line)
        if match is None:
            continue
        if match["name"] not in KNOWN:
            message = f"psql: unknown or refused meta-command \\{match['name']}"
            raise BlockFailure(message, line=number)
        lines[number - 1] = ""
    return "\n".join(lines)


class PsqlEvaluator:
    languages = frozenset({"psql"})

    def __init__(self) -> None:
        self.sql = Registry().evaluator_for("sql")

    def prepare(self, blocks: list[Block], context: PageContext) -> None:
        scripts = []
        for block in blocks:
            try:
                scripts.append(replace(block, source=strip_meta_commands(block.source)))
            except BlockFailure:
                continue  # reported when the block itself is verified
        self.sql.prepare(scripts, context)

    def __call__(self, block: Block, context: PageContext) -> None:
        self.sql(replace(block, language="sql", source=strip_meta_commands(block.source)), context)
