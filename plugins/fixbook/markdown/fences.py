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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from .includes import Origin, SourceLine
from .languages import normalise

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
    lines: list[SourceLine] = field(default_factory=list, repr=False)
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


def page_line(line: SourceLine, path: object) -> int:
    """The page line to report a rendered line at: its own, or its include directive's."""
    return line.origin.line if line.origin.path == path else line.page_line


def scan(path: object, lines: list[SourceLine], aliases: Mapping[str, str] | None = None) -> Scan:
    """Every fence and marker of the rendered lines; ``aliases``: the project's own labels."""
    result = Scan()
    stack: list[Container] = []
    pending: FenceMarker | None = None
    number = 0
    while number < len(lines):
        text = lines[number]
        if text.strip():
            _close_containers(stack, width(text[: len(text) - len(text.lstrip(" \t"))]))
        fence = is_fence_open(text)
        if fence:
            end = _closing(lines, number, fence["fence"])
            result.fences.append(
                _fence(path, lines, number, end, fence, tuple(stack), pending, aliases or {})
            )
            pending, number = None, end + 1
            continue
        if pending is not None:
            result.stray_markers.append(pending)
            pending = None
        invisible = INVISIBLE_OPEN.match(text)
        if MARKER.match(text):
            pending = FenceMarker(page_line(text, path), text.strip())
        elif invisible:
            end = _comment_end(lines, number)
            result.fences.append(
                _invisible(path, lines, number, end, invisible, tuple(stack), aliases or {})
            )
            number = end
        elif COMMENT_OPEN.match(text) and "-->" not in text:
            number = _comment_end(lines, number)  # commented-out Markdown never renders
        else:
            opened = _container(text, page_line(text, path))
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


def _closing(lines: list[SourceLine], opening: int, fence: str) -> int:
    closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
    for number in range(opening + 1, len(lines)):
        if closing.match(lines[number]):
            return number
    return len(lines)


def _comment_end(lines: list[SourceLine], opening: int) -> int:
    for number in range(opening + 1, len(lines)):
        if "-->" in lines[number]:
            return number
    return len(lines) - 1


def _body(
    lines: list[SourceLine], opening: int, closing: int, indent: str
) -> tuple[str, list[SourceLine]]:
    body = lines[opening + 1 : closing]
    texts = [dedent(line, indent) for line in body]
    while texts and not texts[-1]:  # Pygments' stripnl: trailing empty lines never show
        texts.pop()
        body = body[:-1]
    source = "\n".join(texts)
    return (source + "\n" if texts else ""), body


def _fence(
    path: object,
    lines: list[SourceLine],
    opening: int,
    closing: int,
    match: re.Match[str],
    containers: tuple[Container, ...],
    marker: FenceMarker | None,
    aliases: Mapping[str, str],
) -> Fence:
    written, attrs, classes = parse_info(match["info"])
    source, body = _body(lines, opening, closing, match["indent"])
    first = lines[opening]
    last = lines[min(closing, len(lines) - 1)]
    return Fence(
        line=page_line(first, path),
        end_line=page_line(last, path),
        language=normalise(written, aliases),
        written=written,
        info=match["info"].strip(),
        attrs=attrs,
        classes=classes,
        source=source,
        indent=match["indent"],
        containers=containers,
        marker=marker,
        closed=closing < len(lines),
        fence=match["fence"],
        lines=body,
        origin=first.origin,
    )


def _invisible(
    path: object,
    lines: list[SourceLine],
    opening: int,
    closing: int,
    match: re.Match[str],
    containers: tuple[Container, ...],
    aliases: Mapping[str, str],
) -> Fence:
    source, body = _body(lines, opening, closing, match["indent"])
    first = lines[opening]
    return Fence(
        line=page_line(first, path),
        end_line=page_line(lines[min(closing, len(lines) - 1)], path),
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
        lines=body,
        origin=first.origin,
    )


def iter_containers(fences: list[Fence]) -> Iterator[Container]:
    """Every container that holds a fence, once, in page order."""
    seen: set[tuple[int, str]] = set()
    for fence in fences:
        for container in fence.containers:
            if (container.line, container.kind) not in seen:
                seen.add((container.line, container.kind))
                yield container
