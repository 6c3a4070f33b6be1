"""The fields of ``symptoms.json``, from what :meth:`Entry.to_json` really writes."""

from __future__ import annotations

import json
from typing import Any

from fixbook.symptoms.index import JSON_VERSION
from fixbook.symptoms.model import Entry

from .table import code, table

#: The meaning of each field; a field that ``Entry.to_json`` writes without a line here fails
#: the build, so the page lists exactly the fields of the file.
FIELDS = {
    "id": "Stable, unique id derived from guide, page and title; survives rebuilds.",
    "guide": "The top folder under `docs/` (for a flat docs folder: the page's file stem).",
    "title": "The entry's title: its heading, or the first cell of its table row.",
    "url": "Relative to the site root, as the built site links it (with `use_directory_urls: "
    "false` a `.html` path), always with the `#anchor` of the entry; the anchor exists.",
    "source": "`path` relative to `docs_dir`, `line` the 1-based line of the entry's heading or "
    "table row in the Markdown source as written.",
    "symptoms": "What a reader observes, in the guide's words.",
    "errors": "Literal error strings as a user would see them.",
    "http_status": "HTTP status codes (integers) the entry is about.",
    "components": "Lower-case component tags (front matter `components:` or the page's area).",
    "related": "Ids of entries about the same problem in other guides.",
    "codes": "Extension: stable error codes (`SQLSTATE 53300`, `P2024`).",
    "applies_to": "Extension: versions the advice was written for (name → version), from the "
    "guide's and the page's front matter `applies_to:`.",
    "fix": "Extension: the first step of the fix, plain text, at most 200 characters.",
    "aliases": "Extension: published ids that now resolve to this entry (renamed titles).",
}


def _type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "object"
    return "array"


def symptoms_json_reference() -> str:
    sample = Entry(
        id="pydbapi/gateway/429-too-many-requests",
        guide="pydbapi",
        title="429 Too Many Requests",
        url="pydbapi/gateway.html#429-too-many-requests",
        path="pydbapi/gateway.md",
        line=57,
        anchor="429-too-many-requests",
        symptoms=["Gateway calls answer 429 Too Many Requests"],
        errors=["429 Too Many Requests"],
        http_status=[429],
        components=["gateway", "rate-limiting"],
        related=["pluginmind/rate-limiting/frequent-429-responses"],
    ).to_json()
    undocumented = sorted(set(sample) - set(FIELDS))
    if undocumented:
        raise ValueError(
            f"fixbook.reference.schema: symptoms.json field(s) {undocumented} have no description"
        )
    rows = [(code(name), _type(value), FIELDS[name]) for name, value in sample.items()]
    document = {"version": JSON_VERSION, "entries": [sample]}
    return (
        f"`symptoms.json` at the site root: `version` (currently `{JSON_VERSION}`) and `entries`, "
        "one object per entry:\n\n"
        + table(["field", "type", "meaning"], rows)
        + "\nAn example, as the plugin writes it:\n\n```json\n"
        + json.dumps(document, indent=2, ensure_ascii=False)
        + "\n```\n"
    )
