"""Configuration formats checked by their own parsers: YAML, JSON, TOML, INI and dotenv.

Docs show configuration the way readers need it, so the defaults are those of a reader:

* a line of ``...``/``…`` marks omitted lines and ``<name>`` a value to fill in (YAML, JSON);
* YAML may carry any tag (``!ENV``, ``!!python/name:...``): the application gives it meaning,
  YAML only needs it well-formed; an alias whose anchor is outside the block is a fragment;
* JSON with ``//`` or ``/* */`` comments, or with omissions, is read as JSONC (comments and
  trailing commas allowed, as VS Code's settings files are); ``"key": value`` lines with no
  enclosing braces are a fragment of an object;
* a block that shows a Markdown fence (a ```` example of ``` yaml) is Markdown, not YAML.
"""

from __future__ import annotations

import configparser
import io
import json
import re
import tomllib

import yaml
from dotenv.parser import parse_stream

from ..model import BlockFailure, NotVerified
from .base import ParsingEvaluator
from .fragments import has_omissions, shows_a_fence, without_omissions

TOML_POSITION = re.compile(r"\(at line (?P<line>\d+), column (?P<column>\d+)\)")
SECTION_HEADER = re.compile(r"^\s*\[[^\]]+\]")


class _AnyTagLoader(yaml.SafeLoader):
    """Safe YAML that accepts every tag as plain data: tags are the application's business."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_AnyTagLoader.add_multi_constructor("", _any_tag)
_AnyTagLoader.add_multi_constructor("!", _any_tag)
_AnyTagLoader.add_multi_constructor("tag:", _any_tag)


def _not_markdown(source: str, language: str) -> None:
    if shows_a_fence(source):
        raise NotVerified(f"shows a Markdown fence, not {language}")


class YamlEvaluator(ParsingEvaluator):
    """YAML, every document of a multi-document stream (Kubernetes manifests, compose files)."""

    languages = frozenset({"yaml"})

    def parse(self, source: str) -> None:
        _not_markdown(source, "YAML")
        source = without_omissions(source, comment="#")
        try:
            for _ in yaml.load_all(source, Loader=_AnyTagLoader):  # a SafeLoader subclass
                pass
        except yaml.composer.ComposerError as error:
            if "found undefined alias" in str(error.problem):
                alias = _alias_at(source, error)
                message = f"fragment: YAML alias {alias} is defined outside the block"
                raise NotVerified(message) from None
            raise self._failure(error) from None
        except yaml.MarkedYAMLError as error:
            raise self._failure(error) from None
        except yaml.YAMLError as error:
            raise BlockFailure(f"YAML: {error}") from None

    @staticmethod
    def _failure(error: yaml.MarkedYAMLError) -> BlockFailure:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        return BlockFailure(f"YAML: {error.problem or error}", line=line)


def _alias_at(source: str, error: yaml.MarkedYAMLError) -> str:
    mark = error.problem_mark
    if mark is None:
        return "*?"
    line = source.splitlines()[mark.line]
    match = re.match(r"\*[^\s,\]}]+", line[mark.column :])
    return match[0] if match else "*?"


#: JSONC: comments outside strings (strings are matched first and kept).
_JSONC_TOKENS = re.compile(r'"(?:\\.|[^"\\\n])*"|//[^\n]*|/\*.*?\*/', re.DOTALL)
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
#: An unquoted ``<placeholder>`` in value position.
_JSON_PLACEHOLDER = re.compile(r"(?<=[:\[,\s])<(?P<name>[A-Za-z][\w.-]*)>")


def strip_json_comments(source: str) -> str:
    """JSONC to JSON: comments blanked (newlines kept, so lines still match)."""

    def blank(match: re.Match[str]) -> str:
        token = match[0]
        if token.startswith('"'):
            return token
        return re.sub(r"[^\n]", " ", token)

    return _JSONC_TOKENS.sub(blank, source)


def _quote_placeholders(source: str) -> str:
    """``<token>`` written where a value goes, outside strings, becomes the string ``"token"``."""
    parts = re.split(r'("(?:\\.|[^"\\\n])*")', source)
    return "".join(
        part if index % 2 else _JSON_PLACEHOLDER.sub(lambda m: f'"{m["name"]}"', part)
        for index, part in enumerate(parts)
    )


class JsonEvaluator(ParsingEvaluator):
    """JSON; JSONC when the block has comments or omissions; object fragments as such."""

    languages = frozenset({"json"})

    def parse(self, source: str) -> None:
        _not_markdown(source, "JSON")
        text = _quote_placeholders(source)
        uncommented = strip_json_comments(text)
        relaxed = uncommented != text or has_omissions(text)
        text = without_omissions(uncommented)
        if relaxed:
            text = _TRAILING_COMMA.sub(r" \1", text)
        try:
            json.loads(text)
        except json.JSONDecodeError as error:
            if self._object_fragment(text):
                return
            raise BlockFailure(
                f"JSON: {error.msg} (column {error.colno})", line=error.lineno
            ) from None

    @staticmethod
    def _object_fragment(text: str) -> bool:
        """``"key": value`` members shown without their object: valid inside ``{}``."""
        stripped = text.strip().rstrip(",")
        if not stripped.startswith('"'):
            return False
        try:
            json.loads("{" + stripped + "}")
        except json.JSONDecodeError:
            return False
        return True


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
