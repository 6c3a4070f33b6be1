"""Each parsing evaluator accepts a valid block and rejects a broken one at its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixbook.samples.evaluators.config_formats import (
    DotenvEvaluator,
    IniEvaluator,
    JsonEvaluator,
    TomlEvaluator,
    YamlEvaluator,
)
from fixbook.samples.evaluators.html import HtmlEvaluator
from fixbook.samples.evaluators.javascript import JavaScriptEvaluator
from fixbook.samples.evaluators.markdown import MarkdownEvaluator
from fixbook.samples.evaluators.nginx import NginxEvaluator
from fixbook.samples.evaluators.prisma import PrismaEvaluator
from fixbook.samples.model import Block, BlockFailure, Mode, PageContext

PRISMA = """\
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
}

model Post {
  id       Int  @id
  author   User @relation(fields: [authorId], references: [id])
  authorId Int
  @@index([authorId])
}
"""

VALID = [
    (YamlEvaluator, "a: 1\n---\nkind: Service\nspec: {ports: [80]}\n"),
    (JsonEvaluator, '{"retries": 3, "hosts": ["a"]}\n'),
    (TomlEvaluator, '[tool.app]\nname = "x"\n'),
    (IniEvaluator, "[pool]\nsize = 5\n"),
    (IniEvaluator, "shared_buffers = 1GB  # a quarter of RAM\nmax_connections = 200\n"),
    (DotenvEvaluator, "# comment\nDATABASE_URL=postgres://db/app\nexport DEBUG=0\nEMPTY=\n"),
    (
        NginxEvaluator,
        "location /api/ {\n    proxy_pass http://app:8000;\n    proxy_read_timeout 60s;\n}\n",
    ),
    (NginxEvaluator, "client_max_body_size 20m;\n"),
    (HtmlEvaluator, "<ul>\n  <li>one\n  <li>two\n</ul>\n<img src=x alt=''>\n<br/>\n"),
    (PrismaEvaluator, PRISMA),
    (MarkdownEvaluator, "## Title\n\n```python\nx = 1\n```\n"),
]

BROKEN = [
    (YamlEvaluator, "a: 1\n---\nweb:\n  image: app\n ports: [80]\n", 5, "YAML"),
    (JsonEvaluator, '{\n  "a": 1,\n}\n', 3, "JSON"),
    (TomlEvaluator, "a = 1\nb = \n", 2, "TOML"),
    (IniEvaluator, "[pool]\nsize = 5\nsize = 6\n", 3, "already exists"),
    (IniEvaluator, "shared_buffers = 1GB\nthis is not a setting\n", 2, "INI"),
    (DotenvEvaluator, "A=1\nnot a binding\n", 2, "dotenv"),
    (NginxEvaluator, "location / {\n    proxy_pas http://app;\n}\n", 2, "unknown directive"),
    (HtmlEvaluator, "<div>\n  <span>\n</div>\n", 3, "closes <span>"),
    (HtmlEvaluator, "<section>\n<p>text\n", 1, "never closed"),
    (PrismaEvaluator, "model User {\n  id Int @id\n  name Strng\n}\n", 3, "unknown type"),
    (PrismaEvaluator, "model User {\n  id Int @id\n", 1, "never closed"),
    (MarkdownEvaluator, "text\n\n```\nno language\n```\n", 3, "no language"),
]


@pytest.mark.parametrize(("evaluator", "source"), VALID, ids=lambda v: getattr(v, "__name__", ""))
def test_valid_block_passes(evaluator: type, source: str) -> None:
    evaluator().parse(source)


@pytest.mark.parametrize(
    ("evaluator", "source", "line", "text"), BROKEN, ids=lambda v: getattr(v, "__name__", "")
)
def test_broken_block_fails_at_its_line(evaluator: type, source: str, line: int, text: str) -> None:
    with pytest.raises(BlockFailure) as failure:
        evaluator().parse(source)
    assert (failure.value.line, text in failure.value.message) == (line, True), (
        failure.value.message
    )


def _javascript_blocks(*sources: str) -> list[Block]:
    return [Block(Path("page.md"), 1, "javascript", "js", s, Mode.CHECK) for s in sources]


@pytest.mark.parametrize("node", ["node", ""], ids=["node", "esprima"])
def test_javascript_script_and_module_pass_and_syntax_error_fails_at_its_line(node: str) -> None:
    evaluator = JavaScriptEvaluator(node=None if node else "")
    good, module, bad = _javascript_blocks(
        'fetch("/api/proxy/analyze", { credentials: "include" });\n',
        'import x from "y";\nexport const a = 1;\n',
        "const a = 1;\n\nfunction (\n",
    )
    context = PageContext(Path("page.md"), "guide")
    evaluator.prepare([good, module, bad], context)
    evaluator(good, context)
    evaluator(module, context)
    with pytest.raises(BlockFailure) as failure:
        evaluator(bad, context)
    assert failure.value.line == 3
    assert "SyntaxError" in failure.value.message


def test_javascript_uses_one_node_process_per_page(monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess

    calls = []
    real_run = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: calls.append(a) or real_run(*a, **k))
    blocks = _javascript_blocks(*[f"const v{i} = {i};\n" for i in range(20)])
    evaluator = JavaScriptEvaluator()
    context = PageContext(Path("page.md"), "guide")
    evaluator.prepare(blocks, context)
    for block in blocks:
        evaluator(block, context)
    assert len(calls) == 1


def test_python_block_that_never_returns_fails_after_the_time_limit() -> None:
    from fixbook.samples.evaluators.python import PythonEvaluator

    block = Block(Path("page.md"), 1, "python", "python", "while True:\n    pass\n", Mode.RUN)
    context = PageContext(Path("page.md"), "guide", blocks=[block])
    evaluator = PythonEvaluator(time_limit_seconds=0.2)
    evaluator.prepare([block], context)
    with pytest.raises(BlockFailure) as failure:
        evaluator(block, context)
    assert failure.value.message.startswith("TimeoutError: the block ran longer than 0.2 s")
    assert failure.value.line in (1, 2)  # interrupted in the loop
