"""Configuration formats checked by their own parsers: YAML, JSON, TOML, INI and dotenv."""

from __future__ import annotations

import configparser
import io
import json
import re
import tomllib

import yaml
from dotenv.parser import parse_stream

from ..model import BlockFailure
from .base import ParsingEvaluator

TOML_POSITION = re.compile(r"\(at line (?P<line>\d+), column (?P<column>\d+)\)")
SECTION_HEADER = re.compile(r"^\s*\[[^\]]+\]")


class YamlEvaluator(ParsingEvaluator):
    """YAML, every document of a multi-document stream (Kubernetes manifests, compose files)."""

    languages = frozenset({"yaml"})

    def parse(self, source: str) -> None:
        try:
            for _ in yaml.safe_load_all(source):
                pass
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark is not None else None
            raise BlockFailure(f"YAML: {error.problem or error}", line=line) from None
        except yaml.YAMLError as error:
            raise BlockFailure(f"YAML: {error}") from None


class JsonEvaluator(ParsingEvaluator):
    languages = frozenset({"json"})

    def parse(self, source: str) -> None:
        try:
            json.loads(source)
        except json.JSONDecodeError as error:
            raise BlockFailure(
                f"JSON: {error.msg} (column {error.colno})", line=error.lineno
            ) from None


class TomlEvaluator(ParsingEvaluator):
    languages = frozenset({"toml"})

    def parse(self, source: str) -> None:
        try:
            tomllib.loads(source)
        except tomllib.TOMLDecodeError as error:
            position = TOML_POSITION.search(str(error))
            line = int(position["line"]) if position else None
            raise BlockFailure(f"TOML: {error}", line=line) from None


class IniEvaluator(ParsingEvaluator):
    """INI files, and ``postgresql.conf``-style ``key = value`` lines with no section."""

    languages = frozenset({"ini"})

    def parse(self, source: str) -> None:
        sectioned = any(SECTION_HEADER.match(line) for line in source.splitlines())
        offset = 0 if sectioned else 1
        text = source if sectioned else "[settings]\n" + source
        parser = configparser.ConfigParser(
            interpolation=None, strict=True, inline_comment_prefixes=("#", ";")
        )
        try:
            parser.read_string(text)
        except configparser.ParsingError as error:
            line, _ = error.errors[0]  # the second item is the line's repr; show it as written
            written = text.splitlines()[line - 1].strip()
            raise BlockFailure(
                f"INI: not a section or key = value: {written}", line=line - offset
            ) from None
        except (configparser.DuplicateOptionError, configparser.DuplicateSectionError) as error:
            raise BlockFailure(f"INI: {error.message}", line=(error.lineno or 0) - offset) from None
        except configparser.Error as error:
            raise BlockFailure(f"INI: {error.message}") from None


class DotenvEvaluator(ParsingEvaluator):
    """``.env`` files as python-dotenv reads them; a line it cannot bind is an error."""

    languages = frozenset({"dotenv"})

    def parse(self, source: str) -> None:

        for binding in parse_stream(io.StringIO(source)):
            if binding.error:
                text = binding.original.string.strip()
                raise BlockFailure(f"dotenv: not KEY=VALUE: {text}", line=binding.original.line)
