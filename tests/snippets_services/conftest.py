"""Real services for the service-backed evaluators: one Services for this test module tree.

Two guides with schema fixtures (``shop`` and ``queue``) and one without (``bare``) live in a
temporary snippets folder, as ``snippets/<guide>/schema.sql`` live in the project.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fixbook.samples.model import Block, Mode, PageContext
from fixbook.samples.services import Services

SHOP_SCHEMA = """\
-- the shop guide's tables
CREATE TABLE users (
    id serial PRIMARY KEY,
    email text NOT NULL
);
"""
QUEUE_SCHEMA = "CREATE TABLE jobs (id int PRIMARY KEY, status text);\n"


@pytest.fixture(scope="session")
def snippets_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("snippets")
    for guide, schema in {"shop": SHOP_SCHEMA, "queue": QUEUE_SCHEMA}.items():
        (root / guide).mkdir()
        (root / guide / "schema.sql").write_text(schema)
    return root


@pytest.fixture(scope="session")
def services(snippets_dir: Path) -> Iterator[Services]:
    running = Services(snippets_dir)
    try:
        yield running
    finally:
        running.close()


@pytest.fixture
def shop(services: Services) -> PageContext:
    return PageContext(Path("docs/shop/database.md"), "shop", services=services)


def make_block(source: str, language: str, mode: Mode = Mode.RUN) -> Block:
    """A block of the shop guide's database page, opening fence at line 40."""
    return Block(Path("docs/shop/database.md"), 40, language, language, source, mode)


@pytest.fixture
def block() -> Callable[..., Block]:
    return make_block
