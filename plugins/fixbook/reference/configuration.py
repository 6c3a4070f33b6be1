"""``[tool.fixbook]`` keys, from the annotated example in :mod:`fixbook.settings`' docstring.

The example is what the settings module documents beside its code; it is parsed as TOML and
run through the module's own validation, so a page that shows a key the code refuses (or a
malformed example) fails the build instead of misleading a reader.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from .table import code, table

_EXAMPLE = re.compile(r"^( *)\[tool\.fixbook\]\n(?:\1.*\n|\n)+", re.M)
_KEY = re.compile(r"^\s*(?P<key>[\w-]+)\s*=\s*(?P<value>[^#]*?)\s*(?:#\s*(?P<doc>.*))?$")
_TABLE = re.compile(r"^\s*\[(?P<table>[\w.-]+)\]\s*(?:#\s*(?P<doc>.*))?$")


def example() -> str:
    """The ``[tool.fixbook]`` example of :mod:`fixbook.settings`' docstring, dedented."""
    import fixbook.settings as settings

    match = _EXAMPLE.search(settings.__doc__ or "")
    if match is None:
        raise ValueError("fixbook.settings: its docstring shows no [tool.fixbook] example")
    indent = len(match.group(1))
    return "\n".join(line[indent:] for line in match.group(0).splitlines()).strip() + "\n"


def _validate(text: str) -> dict[str, Any]:
    """The example, checked both ways against the settings code: every key it shows is
    accepted, and every key the code accepts is shown."""
    import fixbook.settings as settings

    table_ = tomllib.loads(text)["tool"]["fixbook"]
    settings._tool_options(table_, Path("pyproject.toml"))  # raises on a key the code refuses
    shown = {key.replace("-", "_") for key in table_}
    missing = sorted(accepted_keys() - shown)
    if missing:
        raise ValueError(
            f"fixbook.settings: [tool.fixbook] key(s) {missing} are accepted but not in the "
            "docstring's example"
        )
    return table_


def accepted_keys() -> set[str]:
    """The top-level keys the settings code accepts, as its error for an unknown key lists them."""
    import fixbook.settings as settings

    try:
        settings._tool_options({"fixbook-reference-probe": True}, Path("pyproject.toml"))
    except settings.SettingsError as error:
        known = re.search(r"\(known: ([^)]*)\)", str(error))
        if known:
            return {key.strip() for key in known[1].split(",")}
    raise ValueError(
        "fixbook.settings: an unknown [tool.fixbook] key no longer lists the known ones"
    )


def configuration_reference() -> str:
    text = example()
    _validate(text)
    rows = []
    section = "tool.fixbook"
    notes: dict[str, str] = {}
    for line in text.splitlines():
        heading = _TABLE.match(line)
        if heading:
            section = heading["table"]
            notes[section] = heading["doc"] or ""
            continue
        key = _KEY.match(line)
        if key:
            name = key["key"] if section == "tool.fixbook" else f"{section[13:]}.{key['key']}"
            doc = key["doc"] or notes.get(section, "")
            rows.append((code(name), code(key["value"]), doc))
    return (
        "In the `pyproject.toml` beside `mkdocs.yml` (or the nearest one above the checked "
        "path):\n\n```toml\n" + text + "```\n\n" + table(["key", "example", "meaning"], rows)
    )
