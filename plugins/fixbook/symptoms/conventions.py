"""The words troubleshooting guides use: entry labels, title prefixes, non-entry sections.

Kept apart from the extraction logic so that recognising one more guide's habit is a one-line
change here, not a new branch there.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache


class Role(StrEnum):
    """What a part of an entry says."""

    INTRO = "intro"  # before any label
    SYMPTOM = "symptom"
    CAUSE = "cause"
    DIAGNOSIS = "diagnosis"
    FIX = "fix"


# Label text (lower-case, without ':' and '*', '&' read as 'and') -> role.
LABELS: dict[str, Role] = {
    **dict.fromkeys(
        [
            "symptom",
            "symptoms",
            "issue",
            "problem",
            "error",
            "errors",
            "error message",
            "what you see",
            "signs",
            "observed behaviour",
            "observed behavior",
            "you see",
        ],
        Role.SYMPTOM,
    ),
    **dict.fromkeys(
        [
            "cause",
            "causes",
            "root cause",
            "root causes",
            "common cause",
            "common causes",
            "possible cause",
            "possible causes",
            "likely cause",
            "likely causes",
            "reason",
            "why",
            "known issue",
            "explanation",
        ],
        Role.CAUSE,
    ),
    **dict.fromkeys(
        [
            "diagnosis",
            "diagnose",
            "how to diagnose",
            "diagnostics",
            "diagnostic steps",
            "investigation",
            "debugging",
            "how to check",
        ],
        Role.DIAGNOSIS,
    ),
    **dict.fromkeys(
        [
            "fix",
            "fixes",
            "to fix",
            "how to fix",
            "solution",
            "solutions",
            "resolution",
            "resolve",
            "workaround",
            "workarounds",
            "mitigation",
            "mitigations",
            "remedy",
            "checklist",
            "possible causes and solutions",
            "causes and solutions",
            "causes and fixes",
            "quick fix",
            "what to do",
        ],
        Role.FIX,
    ),
}


def label_role(text: str) -> Role | None:
    """The role of a label such as ``**Symptoms:**``, ``#### Solutions:`` or ``**To fix:**``."""
    key = " ".join(text.replace("&", " and ").replace("*", " ").lower().split()).strip(" :.")
    return LABELS.get(key)


# "Error: ...", "Symptom: ...", "Issue: ...", "Pattern: ..." before a heading's real title.
TITLE_PREFIX = re.compile(
    r"^(?:(?P<kind>error|warning|symptom|issue|problem|pattern|bug|failure)\s*:\s*)", re.IGNORECASE
)
NUMBERING = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*[.)]|\d+(?:\.\d+)+|[A-Za-z][.)]|step\s+\d+\s*[:.-])\s+", re.IGNORECASE
)

# Sections that hold no entries: tables of contents, overviews, tools, help, metadata.
_NOT_ENTRY = re.compile(
    r"^(?:table of contents|contents|toc|overview|introduction|summary|about|"
    r"(?:useful|common|handy|helpful) commands|commands|cheat ?sheet|"
    r"getting help|get help|help|support|(?:internal |external )?support|"
    r"(?:internal |external )?resources|references?|see also|further reading|links|"
    r"debugging tools|tools|reporting bugs?|report(?:ing)? (?:a )?(?:bug|issue)s?|"
    r"document information|metadata|changelog|version history|contacts?|emergency contacts|"
    r"log collection|collecting logs|(?:\w+ )?log files?|where to find (?:the )?logs|"
    r"system information|prerequisites|requirements|"
    r"quick reference|appendix|glossary|faq|next steps|related(?: pages| guides)?|"
    # Platform variants of the section above (`### Windows`, `### Unix or macOS`): the same
    # step for another system, not a problem of its own.
    r"(?:on )?(?:unix|linux|macos|mac|os x|windows|bash|zsh|fish|powershell|cmd|"
    r"windows (?:cmd|powershell)|debian|ubuntu|fedora|homebrew)"
    r"(?:(?: or |, | and | / )(?:unix|linux|macos|mac|windows|bash|zsh|fish|powershell|cmd))*)$"
)
_NOT_ENTRY_PART = re.compile(
    r"\b(?:diagnostics|recovery procedures?|useful commands|table of contents|getting help|"
    r"debugging tools|document information|reporting bugs?)\b"
)


def normalised_title(text: str) -> str:
    """Lower-case words only: emoji, punctuation and numbering gone."""
    text = NUMBERING.sub("", text)
    return " ".join(re.sub(r"[^a-z0-9&' ]+", " ", text.lower()).split())


@cache
def is_not_entry_title(text: str) -> bool:
    """A heading that names a section of tools, help or metadata rather than a problem."""
    title = normalised_title(text)
    return bool(_NOT_ENTRY.match(title) or _NOT_ENTRY_PART.search(title))


_PROBLEM_WORDS = re.compile(
    r"\b(?:error|errors|fail\w*|hang\w*|slow\w*|stuck|never|not|no|won't|doesn't|can't|cannot|"
    r"missing|broken|wrong|timeout|time(?:s|d)? out|crash\w*|lost|invalid|denied|refused|leak\w*|"
    r"unexpected\w*|empty|warnings?)\b"
)
_GERUND = re.compile(r"^(?!missing |nothing |something |warning )[a-z]+ing ")
# Imperative titles are tasks ("Check for PIP_* variables", "Start over from a fresh install").
_IMPERATIVE = re.compile(
    r"^(?:check|inspect|diagnose|start|clear|run|use|install|configure|set|enable|disable|"
    r"update|upgrade|add|remove|verify|reset|rebuild|clean|try|make|avoid|increase|reduce|"
    r"create|delete|move|rename|pin|inject|specify|pass|read|see|find|get|keep|switch)\b"
)


def is_procedure_title(text: str) -> bool:
    """ "How to roll back ...", "Specifying pipx options" or "Check for PIP_* variables" is a
    procedure, not a problem (a gerund or imperative title that names no failure)."""
    title = normalised_title(text)
    if title.startswith(("how to ", "how do i ", "steps to ")):
        return True
    task = _GERUND.match(title) or _IMPERATIVE.match(title)
    return bool(task) and not _PROBLEM_WORDS.search(title)


def is_cause_heading(text: str) -> bool:
    """ "Why are spaces in the path bad" under a problem heading explains its cause."""
    return normalised_title(text).startswith("why ")
