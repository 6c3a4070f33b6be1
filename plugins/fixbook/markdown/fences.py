"""Fenced code blocks as Material renders them, with where each one sits.

Stock Markdown parsers miss what Material accepts: fences inside admonitions (``!!! note``),
collapsible blocks (``??? tip``), content tabs (``=== "Linux"``) and list items, whose bodies are
indented and would otherwise read as indented code. This scanner walks the rendered lines
(includes resolved), keeps a stack of the containers the current line is indented into, and
records every fence with its language, info-string attributes, indentation, containers and the
``<!-- fixbook: … -->`` comment directly above it. Commented-out Markdown holds no fences;
``<!-- invisible-code-block: python`` comments (Sybil's hidden blocks) are fences too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from .includes import Origin, SourceLine
from .languages import normalise
from .lines import Lines

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
INVISIBLE_OPEN = re.compile(r"^(?P<indent>[ \t]*)<!--\s*invisible-code-block:\s*(?P<lang>\S+)\s*$")
COMMENT_OPEN = re.compile(r"^[ \t]*<!--")
MARKER = re.compile(r"^\s*<!--\s*fixbook:(?P<body>.*?)-->\s*$")
ADMONITION = re.compile(
    r"^(?P<indent>[ \t]*)(?P<mark>!!!|\?\?\?\+?)[ \t]+(?P<type>[\w-]+)(?P<rest>.*)$"
)
TAB = re.compile(r'^(?P<indent>[ \t]*)===!?\+?!?[ \t]+"(?P<title>[^"]*)"')
LIST_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>[-*+]|\d+[.)])[ \t]+\S")
_TITLE = re.compile(r'"(?P<title>[^"]*)"')
_ATTRIBUTE = re.compile(r"""(?P<key>[\w-]+)=(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>\S+))""")
_CLASS = re.compile(r"(?:^|\s)\.(?P<name>[\w+-]+)")


@dataclass(frozen=True)
class Container:
    """A block a fence sits in: ``admonition`` (``!!!``), ``details`` (``???``), ``tab``
    (``===``) or ``list`` (an item); ``type`` is the admonition's type (``danger``) or the
    list's (``bullet``, ``ordered``); ``title`` the admonition's or tab's title."""

    kind: str
    type: str
    line: int
    title: str = ""
    indent: int = 0  # the opener's indentation (tabs as 4 columns)


@dataclass(frozen=True)
class FenceMarker:
    """A ``<!-- fixbook: … -->`` comment; ``text`` is the comment as written (stripped)."""

    line: int
    text: str


@dataclass
class Fence:
    """One fenced code block as the reader sees it.

    ``language`` is canonical (``py`` → ``python``; ``""`` when none is written);
    ``written`` the spelling in the info string; ``info`` the whole info string;
    ``attrs`` its ``key="value"`` options, ``classes`` its ``.class`` names (language first
    when written ``{.python .annotate}``). ``source`` is the code with includes resolved and the
    fence's own indentation removed; ``lines`` the rendered body lines with their origins.
    ``line``/``end_line`` are page lines (an included fence: the directive's line).
    """

    line: int
    end_line: int
    language: str
    written: str
    info: str
    attrs: dict[str, str]
    classes: tuple[str, ...]
    source: str
    indent: str
    containers: tuple[Container, ...] = ()
    marker: FenceMarker | None = None
    closed: bool = True
    invisible: bool = False
    fence: str = "```"
    lines: Sequence[SourceLine] = field(default_factory=list, repr=False)
    origin: Origin | None = None  # where the opening fence was written


def parse_info(info: str) -> tuple[str, dict[str, str], tuple[str, ...]]:
    """``py title="x"`` → ``("py", {"title": "x"}, ())``;
    ``{.py .annotate hl_lines="1"}`` → ``("py", {"hl_lines": "1"}, ("py", "annotate"))``."""
    info = info.strip()
    attrs = {
        m["key"]: next(v for v in (m["dq"], m["sq"], m["bare"]) if v is not None)
        for m in _ATTRIBUTE.finditer(info)
    }
    if info.startswith("{"):
        inner = info.strip("{} ")
        classes = tuple(m["name"] for m in _CLASS.finditer(_ATTRIBUTE.sub("", inner)))
        return (classes[0] if classes else ""), attrs, classes
    first = info.split(maxsplit=1)[0] if info else ""
    return ("" if "=" in first else first), attrs, ()


def fence_language(info: str) -> str:
    """The language an info string names, as written."""
    return parse_info(info)[0]


def is_fence_open(text: str) -> re.Match[str] | None:
    """The opening-fence match of a line (a backtick fence's info holds no backtick)."""
    fence = FENCE_OPEN.match(text)
    if fence and (fence["fence"][0] == "~" or "`" not in fence["info"]):
        return fence
    return None


def width(indent: str) -> int:
    return len(indent.expandtabs(4))


def dedent(text: str, indent: str) -> str:
    """Remove a fence's own indentation from a content line (never more than is there).

    Only the leading whitespace is measured with tabs expanded; tabs inside the code stay.
    """
    body = text.lstrip(" \t")
    leading = text[: len(text) - len(body)].expandtabs(4)
    return leading[min(width(indent), len(leading)) :] + body


@dataclass
class Scan:
    """What one walk over a page's rendered lines found."""

    fences: list[Fence] = field(default_factory=list)
    stray_markers: list[FenceMarker] = field(default_factory=list)  # not directly above a fence


#: First characters (after indentation) of the lines that can open a container.
_CONTAINER_START = frozenset("!?=-*+0123456789")


def scan(lines: Lines, page: Sequence[int], aliases: Mapping[str, str] | None = None) -> Scan:
    """Every fence and marker of a page's rendered lines; ``page`` holds the page line each
    rendered line reports at; ``aliases``: the project's own labels.

    Most lines are prose: a line is matched against the patterns its first character can
    start (every pattern needs ``<``, a fence character or a container mark there).
    """
    result = Scan()
    stack: list[Container] = []
    pending: FenceMarker | None = None
    texts = lines.texts
    aliases = aliases or {}
    number = 0
    while number < len(texts):
        text = texts[number]
        body = text.lstrip()
        if not body:  # blank: a marker above it is no longer directly above a fence
            if pending is not None:
                result.stray_markers.append(pending)
                pending = None
            number += 1
            continue
        if stack:
            _close_containers(stack, width(text[: len(text) - len(text.lstrip(" \t"))]))
        first = body[0]
        fence = is_fence_open(text) if first in "`~" else None
        if fence:
            end = _closing(texts, number, fence["fence"])
            result.fences.append(
                _fence(lines, page, number, end, fence, tuple(stack), pending, aliases)
            )
            pending, number = None, end + 1
            continue
        if pending is not None:
            result.stray_markers.append(pending)
            pending = None
        if first == "<":
            invisible = INVISIBLE_OPEN.match(text)
            if MARKER.match(text):
                pending = FenceMarker(page[number], text.strip())
            elif invisible:
                end = _comment_end(texts, number)
                result.fences.append(
                    _invisible(lines, page, number, end, invisible, tuple(stack), aliases)
                )
                number = end
            elif COMMENT_OPEN.match(text) and "-->" not in text:
                number = _comment_end(texts, number)  # commented-out Markdown never renders
        elif first in _CONTAINER_START or first.isdigit():
            opened = _container(text, page[number])
            if opened is not None:
                stack.append(opened)
        number += 1
    if pending is not None:
        result.stray_markers.append(pending)
    return result


def _close_containers(stack: list[Container], indent: int) -> None:
    """A non-blank line ends every container it is not indented into."""
    while stack and indent <= stack[-1].indent:
        stack.pop()


def _container(text: str, line: int) -> Container | None:
    admonition = ADMONITION.match(text)
    if admonition:
        kind = "admonition" if admonition["mark"] == "!!!" else "details"
        title = _TITLE.search(admonition["rest"])
        return Container(
            kind, admonition["type"].lower(), line, title["title"] if title else "",
            width(admonition["indent"]),
        )  # fmt: skip
    tab = TAB.match(text)
    if tab:
        return Container("tab", "", line, tab["title"], width(tab["indent"]))
    item = LIST_ITEM.match(text)
    if item and not set(text.strip()) <= {"-", "*", " "}:  # `---`/`***` are rules
        kind = "ordered" if item["mark"][0].isdigit() else "bullet"
        return Container("list", kind, line, "", width(item["indent"]))
    return None


@cache
def _closing_pattern(fence: str) -> re.Pattern[str]:
    return re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")


def _closing(texts: list[str], opening: int, fence: str) -> int:
    closing, mark = _closing_pattern(fence), fence[0]
    for number in range(opening + 1, len(texts)):
        text = texts[number]
        if mark in text and closing.match(text):
            return number
    return len(texts)


def _comment_end(texts: list[str], opening: int) -> int:
    for number in range(opening + 1, len(texts)):
        if "-->" in texts[number]:
            return number
    return len(texts) - 1


def _body(texts: list[str], opening: int, closing: int, indent: str) -> tuple[str, int]:
    """The code (indentation removed, trailing empty lines dropped) and its number of lines."""
    body = [  # unindented and without tabs, a line stays as written
        dedent(text, indent) if indent or "\t" in text else text
        for text in texts[opening + 1 : closing]
    ]
    while body and not body[-1]:  # Pygments' stripnl: trailing empty lines never show
        body.pop()
    return ("\n".join(body) + "\n" if body else ""), len(body)


def _fence(
    lines: Lines,
    page: Sequence[int],
    opening: int,
    closing: int,
    match: re.Match[str],
    containers: tuple[Container, ...],
    marker: FenceMarker | None,
    aliases: Mapping[str, str],
) -> Fence:
    written, attrs, classes = parse_info(match["info"])
    source, count = _body(lines.texts, opening, closing, match["indent"])
    return Fence(
        line=page[opening],
        end_line=page[min(closing, len(page) - 1)],
        language=normalise(written, aliases),
        written=written,
        info=match["info"].strip(),
        attrs=attrs,
        classes=classes,
        source=source,
        indent=match["indent"],
        containers=containers,
        marker=marker,
        closed=closing < len(page),
        fence=match["fence"],
        lines=lines.view(opening + 1, opening + 1 + count),
        origin=lines.origin(opening),
    )


def _invisible(
    lines: Lines,
    page: Sequence[int],
    opening: int,
    closing: int,
    match: re.Match[str],
    containers: tuple[Container, ...],
    aliases: Mapping[str, str],
) -> Fence:
    source, count = _body(lines.texts, opening, closing, match["indent"])
    return Fence(
        line=page[opening],
        end_line=page[min(closing, len(page) - 1)],
        language=normalise(match["lang"], aliases),
        written=match["lang"],
        info=match["lang"],
        attrs={},
        classes=(),
        source=source,
        indent=match["indent"],
        containers=containers,
        invisible=True,
        fence="<!--",
        lines=lines.view(opening + 1, opening + 1 + count),
        origin=lines.origin(opening),
    )


def iter_containers(fences: list[Fence]) -> Iterator[Container]:
    """Every container that holds a fence, once, in page order."""
    seen: set[tuple[int, str]] = set()
    for fence in fences:
        for container in fence.containers:
            if (container.line, container.kind) not in seen:
                seen.add((container.line, container.kind))
                yield container
