"""The finder data as a script, so the finder page works from ``file://`` with no server.

A ``fetch()`` of a JSON file is refused on ``file://``; a ``<script src>`` is not. So the data
is JavaScript that assigns one global, loaded by the finder page before ``finder.js``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from fixbook.finder.index import build_data

#: File names of the finder's browser files, all placed beside the finder page.
DATA_SCRIPT = "finder-data.js"
GLOBAL_NAME = "FIXBOOK_FINDER_DATA"


def finder_script(entries: Iterable[Mapping[str, Any]]) -> str:
    """``window.FIXBOOK_FINDER_DATA = {...};`` for the given ``symptoms.json`` entries."""
    payload = json.dumps(build_data(entries), ensure_ascii=False, separators=(",", ":"))
    return f"window.{GLOBAL_NAME} = {payload};\n"
