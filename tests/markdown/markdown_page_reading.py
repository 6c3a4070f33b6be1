"""The type of the ``read`` fixture (``conftest.py``), importable by the test modules.

Not imported from ``conftest``: several rootless ``conftest`` modules share that name, and
which one ``import conftest`` finds depends on the order pytest loaded them.
"""

from __future__ import annotations

from collections.abc import Callable

from fixbook.markdown import Page

Read = Callable[..., Page]
