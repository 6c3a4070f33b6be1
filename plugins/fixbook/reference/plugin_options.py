"""Options of the MkDocs plugins, from their typed ``Config`` classes and the docstring under
each option (the way Material's plugins document theirs beside the code)."""

from __future__ import annotations

import ast
import inspect
import textwrap
from typing import Any

from mkdocs.config.base import Config

from .table import code, table

#: The plugins (name in ``mkdocs.yml``), their ``Config`` classes by import path, and what each
#: one does for a site.
PLUGINS = {
    "symptoms": (
        "fixbook.symptoms.config:SymptomsConfig",
        "Indexes every problem of the guides by symptom, error message, HTTP status and "
        "component, writes [`symptoms.json`](symptoms-json.md) at the site root and the offline "
        '"paste your error" finder page.',
    ),
    "verified-snippets": (
        "fixbook.samples.badges.config:VerifiedSnippetsConfig",
        "A badge under each code block, from `.fixbook/results.json`: what the last "
        "verification run found for this exact block. The badge element carries "
        '`data-fixbook-result="passed|failed|not-verified|unknown"`.',
    ),
    "external-links": (
        "fixbook.links.config:ExternalLinksConfig",
        "A report page of the site's external links, with the pages using each; "
        "the links are never fetched.",
    ),
}


def option_docs(config_class: type[Config]) -> dict[str, str]:
    """The docstring written under each option of a ``Config`` class (the one style of
    documenting options: Material's, beside the code)."""
    source = textwrap.dedent(inspect.getsource(config_class))
    body = ast.parse(source).body[0]
    assert isinstance(body, ast.ClassDef)
    docs: dict[str, str] = {}
    statements = body.body
    for index, node in enumerate(statements):
        target = _assigned(node)
        if target is None:
            continue
        after = statements[index + 1] if index + 1 < len(statements) else None
        if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
            docs[target] = inspect.cleandoc(str(after.value.value))
    return docs


def _assigned(node: ast.stmt) -> str | None:
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        return target.id if isinstance(target, ast.Name) else None
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id
    return None


def _type(option: Any) -> str:
    name = type(option).__name__
    expected = getattr(option, "_type", None)
    if name == "Type" and isinstance(expected, type):
        return expected.__name__
    inner = getattr(option, "option_type", None)
    if inner is not None:
        return f"list of {_type(inner)}"
    return name


def _load(path: str) -> type[Config]:
    import importlib

    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def plugin_options_reference() -> str:
    out: list[str] = []
    for plugin, (path, summary) in PLUGINS.items():
        config_class = _load(path)
        docs = option_docs(config_class)
        out.append(f"## `{plugin}`\n")
        out.append(f"{summary}\n")
        rows = []
        for name, option in config_class._schema:
            if not docs.get(name):
                raise ValueError(f"{path}: option {name!r} has no docstring under it")
            rows.append((code(name), _type(option), code(repr(option.default)), docs[name]))
        out.append(table(["option", "type", "default", "meaning"], rows))
    return "\n".join(out)
