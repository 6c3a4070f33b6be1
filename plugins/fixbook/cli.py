"""The ``fixbook`` command line: ``index``, ``find`` and ``check``.

Each subcommand lives beside the code it drives and exposes ``configure(parser)`` and
``run(args) -> int``; this module only wires them so that ``--help`` and argument errors
(exit 2, one line) behave the same everywhere.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

SUBCOMMANDS = {
    "index": ("fixbook.symptoms.command", "extract the symptom entries of a docs folder"),
    "find": ("fixbook.finder.command", "rank entries for a pasted error or symptom"),
    "check": ("fixbook.samples.command", "verify every fenced code block of Markdown files"),
}


class OneLineErrorParser(argparse.ArgumentParser):
    """Bad arguments exit 2 with a one-line reason (scripts read it), not usage plus error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser(selected: str | None = None) -> argparse.ArgumentParser:
    """The parser; with ``selected``, only that subcommand's module is imported and configured
    (``fixbook find`` over a JSON index must not pay for importing MkDocs)."""
    parser = OneLineErrorParser(prog="fixbook", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module_name, summary) in SUBCOMMANDS.items():
        sub = commands.add_parser(name, help=summary, description=summary)
        if selected in (None, name):
            module = importlib.import_module(module_name)
            module.configure(sub)
            sub.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    selected = next((arg for arg in argv if not arg.startswith("-")), None)
    args = build_parser(selected if selected in SUBCOMMANDS else None).parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
