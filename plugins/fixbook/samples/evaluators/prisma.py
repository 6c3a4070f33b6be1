"""Prisma schema files: a small, honest parser of their block structure.

There is no Prisma parser for Python; this one checks what breaks ``prisma generate`` most often
in pasted schemas: blocks are ``datasource|generator|model|enum|view|type NAME { ... }``,
braces balance, datasource and generator hold ``key = value`` lines, model fields read
``name Type modifiers`` with a known scalar or a type the schema declares, and enums list
bare names. It reports the line of the first problem.
"""

from __future__ import annotations

import re

from ..model import BlockFailure
from .base import ParsingEvaluator

BLOCK_OPEN = re.compile(
    r"^(?P<kind>datasource|generator|model|enum|view|type)\s+(?P<name>\w+)\s*\{$"
)
KEY_VALUE = re.compile(r"^\w+\s*=\s*\S.*$")
FIELD = re.compile(
    r"^(?P<name>\w+)\s+(?P<type>\w+(?:\.\w+)?)(?P<modifier>\[\]|\?)?(?P<rest>(?:\s+@.*)?)$"
)
BLOCK_ATTRIBUTE = re.compile(r"^@@\w+(\(.*\))?$")
ENUM_VALUE = re.compile(r"^\w+(\s+@map\(.*\))?$")
SCALARS = frozenset(
    [
        "String",
        "Boolean",
        "Int",
        "BigInt",
        "Float",
        "Decimal",
        "DateTime",
        "Json",
        "Bytes",
        "Unsupported",
    ]
)


def _strip_comment(line: str) -> str:
    return re.sub(r"//.*$", "", line).strip()


class PrismaEvaluator(ParsingEvaluator):
    languages = frozenset({"prisma"})

    def parse(self, source: str) -> None:
        lines = [_strip_comment(line) for line in source.splitlines()]
        declared = {m["name"] for line in lines if (m := BLOCK_OPEN.match(line))}
        kind: str | None = None
        opened_at = 0
        for number, line in enumerate(lines, start=1):
            if not line:
                continue
            if kind is None:
                match = BLOCK_OPEN.match(line)
                if match is None:
                    raise BlockFailure(
                        f"Prisma: expected a block such as `model Name {{`, got {line!r}",
                        line=number,
                    )
                kind, opened_at = match["kind"], number
            elif line == "}":
                kind = None
            else:
                self._check_line(kind, line, number, declared)
        if kind is not None:
            raise BlockFailure(f"Prisma: {kind} block is never closed", line=opened_at)

    @staticmethod
    def _check_line(kind: str, line: str, number: int, declared: set[str]) -> None:
        if kind in {"datasource", "generator"}:
            if not KEY_VALUE.match(line):
                raise BlockFailure(
                    f"Prisma: expected `key = value` in {kind}, got {line!r}", line=number
                )
        elif kind == "enum":
            if not ENUM_VALUE.match(line) and not BLOCK_ATTRIBUTE.match(line):
                raise BlockFailure(f"Prisma: expected an enum value, got {line!r}", line=number)
        elif not BLOCK_ATTRIBUTE.match(line):
            field = FIELD.match(line)
            if field is None:
                raise BlockFailure(
                    f"Prisma: expected `name Type @attributes`, got {line!r}", line=number
                )
            type_name = field["type"].split(".")[0]
            if type_name not in SCALARS and type_name not in declared and "." not in field["type"]:
                raise BlockFailure(f"Prisma: unknown type {field['type']!r}", line=number)
