"""Deciding, before running it, whether a Python block can run on its own page at all.

Docs show fragments: ``client.get(url)`` after prose that says where ``client`` comes from, or
``import chardet`` for readers who have it. Run as written they fail with ``NameError`` or
``ModuleNotFoundError``, which says nothing about the sample. So before executing, a block is
*not verified* when

* it imports a module that is not installed here (``needs module chardet``), or
* pyflakes' undefined-name check, over the page's Python blocks up to this one, finds names
  that nothing on the page (nor the page's namespace, where hidden setup and the suite put
  names) defines (``fragment: client, url not defined on the page``).

A block marked ``<!-- fixbook: run -->`` is executed regardless: the writer says it is whole.
"""

from __future__ import annotations

import ast
import builtins
import doctest
import importlib.util
import re
import sys
import textwrap
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from pyflakes import checker, messages

from ..model import Block, PageContext

PYTHON_LANGUAGES = frozenset({"python", "pycon"})
_RUN_MARKER = re.compile(r"<!--\s*fixbook:\s*run\b")


def session_code(source: str) -> str:
    """The Python of a ``>>>`` session: its examples' sources, in order."""
    examples = doctest.DocTestParser().get_examples(source)
    return "".join(example.source for example in examples)


def is_session(source: str) -> bool:
    """A block whose first code line is a ``>>>`` prompt."""
    first = next((line for line in source.splitlines() if line.strip()), "")
    return first.lstrip().startswith(">>>")


def code_of(block: Block) -> str:
    """The Python a block runs: a session's examples, or the block as written."""
    if block.language == "pycon" or is_session(block.source):
        return session_code(block.source)
    return block.source


def marked_run(block: Block) -> bool:
    """Whether the page line directly above the fence is a ``<!-- fixbook: run -->`` marker."""
    if block.invisible or block.line < 2:
        return False
    lines = _page_lines(block.path)
    return block.line - 2 < len(lines) and bool(_RUN_MARKER.search(lines[block.line - 2]))


@lru_cache(maxsize=256)
def _page_lines(path: Path) -> tuple[str, ...]:
    try:
        return tuple(path.read_text(encoding="utf-8").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()


_GUARDS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def _executed_imports(statements: list[ast.stmt]) -> Iterable[ast.Import | ast.ImportFrom]:
    """Imports that run when the block runs: not those in function bodies (run only if
    called) nor those under ``try: ... except ImportError`` (the block copes without)."""
    for node in statements:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        elif isinstance(node, ast.Try | ast.TryStar):
            caught = {
                name.id if isinstance(name, ast.Name) else getattr(name, "attr", "")
                for handler in node.handlers
                for name in (
                    handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
                )
                if name is not None
            }
            if not node.handlers or not (caught & _GUARDS):
                yield from _executed_imports(node.body)
            for handler in node.handlers:
                yield from _executed_imports(handler.body)
            yield from _executed_imports(node.orelse + node.finalbody)
        else:
            for name in ("body", "orelse", "finalbody"):
                children = getattr(node, name, None)
                if isinstance(children, list):
                    yield from _executed_imports(children)


def missing_modules(tree: ast.Module) -> list[str]:
    """Top-level modules the code imports when it runs that this interpreter cannot find."""
    missing: list[str] = []
    for node in _executed_imports(tree.body):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in sys.modules or top in missing:
                continue
            try:
                found = importlib.util.find_spec(top) is not None
            except (ImportError, ValueError):
                found = False
            if not found:
                missing.append(top)
    return missing


def undefined_names(tree: ast.AST, block: Block, context: PageContext) -> list[str]:
    """Names the block uses that are not defined when it runs.

    What the page's earlier blocks defined is in the page's namespace by the time this block
    runs (blocks run in reading order in one namespace), and so are the names hidden setup and
    the suite put there; pyflakes finds the block's own uses before definition.
    """
    known = set(dir(builtins)) | set(context.namespace) | {"__file__", "__name__"}
    names: list[str] = []
    for message in checker.Checker(tree, filename=str(block.path)).messages:
        if not isinstance(message, messages.UndefinedName):
            continue
        name = message.message_args[0]
        if name not in known and name not in names:
            names.append(name)
    return names


def defined_earlier(names: list[str], block: Block, context: PageContext) -> list[str]:
    """Which of ``names`` an earlier block of the page defines (so it did not run or failed)."""
    earlier = "".join(code + "\n" for code in _earlier_code(block, context.blocks))
    try:
        tree = ast.parse(earlier)
    except SyntaxError:
        return []
    defined = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            defined.add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            defined.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            defined.update((a.asname or a.name).split(".")[0] for a in node.names)
    return [name for name in names if name in defined]


def _earlier_code(block: Block, blocks: Iterable[Block]) -> Iterable[str]:
    """The parseable Python of the page's blocks before this one (hidden setup included)."""
    for other in blocks:
        if other is block or (other.path == block.path and other.line >= block.line):
            break
        if other.language not in PYTHON_LANGUAGES or other.problem:
            continue
        code = code_of(other)
        try:
            ast.parse(code)
        except SyntaxError:
            continue
        yield code


def _awaits_at_top(code: str) -> bool:
    try:
        compile(code, "<block>", "exec", flags=ast.PyCF_ONLY_AST)
        compile(code, "<block>", "exec", dont_inherit=True)
    except SyntaxError:
        return True
    return False


def fragment_reason(block: Block, code: str, context: PageContext) -> str | None:
    """Why the block cannot run as written on this page, or None when it can be tried."""
    if marked_run(block) or block.invisible:
        return None  # the writer says the block is whole; hidden setup is the suite's own
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None  # the evaluator reports it as the failure it is
    if _awaits_at_top(code):
        # pyflakes stops at a top-level await; inside a coroutine the names resolve the same.
        tree = ast.parse("async def __fixbook_block__():\n" + textwrap.indent(code, "    "))
    # A block that extends sys.path imports from there: only running it can tell.
    missing = [] if "sys.path" in code else missing_modules(tree)
    if missing:
        return f"needs module {', '.join(missing)} (not installed)"
    names = undefined_names(tree, block, context)
    if not names:
        return None
    shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
    earlier = defined_earlier(names, block, context)
    if earlier:
        return f"fragment: {', '.join(earlier[:5])} come(s) from an earlier block that did not run"
    return f"fragment: {shown} not defined on the page"
