"""A page's YAML front matter: a mapping, or a problem at the line where the YAML breaks."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

import yaml
from markdown_it.token import Token

from .problems import Problem

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed


def read_front_matter(
    tokens: list[Token], path: PurePath
) -> tuple[dict[str, Any], int, str | None, list[Problem]]:
    """``(data, line of the opening ---, raw text, problems)``.

    No front matter: ``({}, 0, None, [])``.
    """
    token = next((t for t in tokens[:1] if t.type == "front_matter"), None)
    if token is None:
        return {}, 0, None, []
    line = (token.map or [0])[0] + 1
    try:
        data = yaml.load(token.content, Loader=_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = line + 1 + (mark.line if mark else 0)
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        return (
            {},
            line,
            token.content,
            [Problem(path, where, f"malformed front matter: {reason}", "front-matter")],
        )
    if data is None:
        return {}, line, token.content, []
    if not isinstance(data, dict):
        message = "malformed front matter: expected a mapping of keys"
        return {}, line, token.content, [Problem(path, line, message, "front-matter")]
    return data, line, token.content, []
