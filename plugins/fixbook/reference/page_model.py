"""The page model's Python API (:mod:`fixbook.markdown`), from its dataclasses."""

from __future__ import annotations

import dataclasses
import inspect

from fixbook.markdown import Container, Fence, FenceMarker, Heading, Page, Problem

from .table import code, table

CLASSES = (Page, Heading, Fence, Container, FenceMarker, Problem)


def _type(field: dataclasses.Field[object]) -> str:
    return str(field.type).replace("'", "")


def page_model_reference() -> str:
    out = [
        "```python\nfrom fixbook.markdown import MarkdownOptions, parse_page\n\n"
        "options = MarkdownOptions.from_mkdocs(config)  # or .from_settings(settings)\n"
        'page = parse_page(Path("docs/pydbapi/gateway.md"), options=options)\n```\n'
    ]
    for cls in CLASSES:
        out.append(f"## `{cls.__name__}`\n")
        out.append(f"{inspect.cleandoc(cls.__doc__ or '')}\n")
        rows = [
            (code(field.name), code(_type(field)))
            for field in dataclasses.fields(cls)
            if field.repr or field.name in {"lines", "tokens"}
        ]
        out.append(table(["field", "type"], rows))
    return "\n".join(out)
