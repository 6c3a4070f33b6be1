"""Placeholder wiring; replaced by the real subcommand."""

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rest", nargs="*")


def run(args: argparse.Namespace) -> int:
    raise SystemExit("fixbook: this subcommand is not implemented yet")
