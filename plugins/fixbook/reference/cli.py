"""``fixbook`` and its subcommands, from the argparse parsers the command line really uses."""

from __future__ import annotations

import argparse

from fixbook.cli import build_parser

from .table import code, table


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:  # argparse keeps its subcommands only here
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _argument(action: argparse.Action) -> str:
    if action.option_strings:
        names = ", ".join(action.option_strings)
        if action.nargs == 0:
            return names
        return f"{names} {action.metavar or action.dest.upper()}"
    return str(action.metavar or action.dest.upper()) + (" …" if action.nargs in ("+", "*") else "")


def _default(action: argparse.Action) -> str:
    if action.nargs == 0 or action.default in (None, argparse.SUPPRESS, [], ()):
        return ""
    return code(action.default)


def cli_reference() -> str:
    """One section per subcommand: usage line, then every argument with its help."""
    parser = build_parser()
    out: list[str] = []
    for name, sub in _subparsers(parser).items():
        sub.prog = f"fixbook {name}"
        out.append(f"## `fixbook {name}`\n")
        out.append(f"{sub.description or ''}\n")
        out.append(f"```text\n{sub.format_usage().strip()}\n```\n")
        rows = [
            (
                code(_argument(action)),
                (action.help or "").replace("%(default)s", str(action.default)),
                ", ".join(map(str, action.choices)) if action.choices else "",
                _default(action),
            )
            for action in sub._actions
            if not isinstance(action, argparse._HelpAction) and action.help != argparse.SUPPRESS
        ]
        if rows:
            out.append(table(["argument", "meaning", "choices", "default"], rows))
    return "\n".join(out)
