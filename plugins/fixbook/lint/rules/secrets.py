"""No literal secrets in advice: a realistic value gets pasted into production as it is.

A value is flagged when it is assigned to a name that holds a secret (``SECRET``, ``PASSWORD``,
``TOKEN``, ``API_KEY``, ``PRIVATE_KEY``, ...) and looks real: at least 16 characters that mix
letters and digits without a placeholder word (``change``, ``example``, ``your``, ``test``,
``<…>``, ``${…}``, ``...``). Tokens with a well-known shape are flagged wherever they appear
(``sk-…`` API keys, AWS ``AKIA…`` ids, GitHub ``ghp_…`` tokens, Slack ``xox…-`` tokens, complete
three-part JWTs). Hidden test blocks are not advice and are not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from fixbook.markdown import Page

from ..sections import visible_fences
from . import Hit

RULE = "literal-secret"
SECRET_NAME = re.compile(
    r"(?P<name>(?:[A-Za-z_][\w.-]*)?(?:SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY)"
    r"[\w-]*)\s*[:=]\s*(?P<quote>[\"']?)(?P<value>[^\s\"'#,;}]+)",
    re.IGNORECASE,
)
PLACEHOLDER = re.compile(
    r"change|example|your|test|dummy|placeholder|fake|sample|redacted|xxx|<|>|\$\{|\$|\.\.\.|…",
    re.IGNORECASE,
)
SHAPES = {
    "an API key (sk-…)": re.compile(r"\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}"),
    "an AWS access key id": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "a GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}\b"),
    "a Slack token": re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    "a complete JWT": re.compile(r"\beyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]{10,}"),
}


def looks_real(value: str) -> bool:
    if len(value) < 16 or PLACEHOLDER.search(value):
        return False
    has_letters = re.search(r"[A-Za-z]", value) is not None
    has_digits = re.search(r"\d", value) is not None
    token_like = re.fullmatch(r"[A-Za-z0-9_+/=-]+", value) is not None  # not code or a URL
    return token_like and has_letters and has_digits and len(set(value)) >= 10


def check(page: Page) -> Iterator[Hit]:
    for fence in visible_fences(page):
        if fence.language in {"text", "output"}:
            continue  # printed output quotes what a program said, not advice to copy
        for offset, line in enumerate(fence.source.splitlines(), 1):
            for match in SECRET_NAME.finditer(line):
                if looks_real(match["value"]):
                    yield Hit(
                        fence.line + offset,
                        f"`{match['name']}` has a literal, realistic value: use a placeholder "
                        f"(`${{{match['name'].upper()}:?…}}` in commands, `<…>` in files)",
                        fence.line,
                    )
            for kind, shape in SHAPES.items():
                if shape.search(line):
                    yield Hit(
                        fence.line + offset, f"looks like {kind}: use a placeholder", fence.line
                    )
