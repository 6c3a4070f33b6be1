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
from fixbook.samples.model import Block, BlockFailure, Mode, NotVerified, PageContext

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
    (MarkdownEvaluator, "text\n\n```bash\nls\n", 3, "never closed"),
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


# -- defaults that fit real docs (issue 10.3) -------------------------------------------------


def _block(language: str, source: str, *, info: str = "", mode: Mode = Mode.CHECK) -> Block:
    return Block(Path("page.md"), 1, language, info or language, source, mode)


@pytest.mark.parametrize(
    ("evaluator", "source"),
    [
        (YamlEvaluator, "nav:\n  - a.md\n  ...\n  - b.md\n"),
        (YamlEvaluator, "enabled: !ENV [CI, false]\nf: !!python/name:pkg.attr\n"),
        (JsonEvaluator, '{\n  …\n  "a": 1,\n}\n'),
        (JsonEvaluator, '{"a": [1, 2], // why\n "b": /* note */ 2}\n'),
        (JsonEvaluator, '"a": 1,\n"b": {"c": 2}\n'),
        (JsonEvaluator, '{"token": <your-token>, "html": "<p>x</p>"}\n'),
        (HtmlEvaluator, "… even <code>code</code>:</p>\n"),
        (MarkdownEvaluator, "text\n\n```\nplain\n```\n"),
    ],
)
def test_how_docs_write_configuration_is_not_a_failure(evaluator: type, source: str) -> None:
    evaluator().parse(source)


def test_json_with_a_trailing_comma_and_nothing_elided_still_fails() -> None:
    with pytest.raises(BlockFailure):
        JsonEvaluator().parse('{"a": 1,}\n')


@pytest.mark.parametrize(
    ("evaluator", "source", "reason"),
    [
        (YamlEvaluator, "content: *latest\n", "alias *latest"),
        (YamlEvaluator, "```` yaml\n``` yaml\na: 1\n```\n````\n", "Markdown fence"),
    ],
)
def test_yaml_fragments_are_not_verified(evaluator: type, source: str, reason: str) -> None:
    with pytest.raises(NotVerified, match=reason.replace("*", r"\*")):
        evaluator().parse(source)


def test_conf_that_is_not_nginx_is_not_verified_and_conf_that_is_nginx_is_checked() -> None:
    with pytest.raises(NotVerified, match="conf: not nginx"):
        NginxEvaluator()(_block("nginx", "LOG_LEVEL=debug\n", info="conf"), _context())
    with pytest.raises(BlockFailure, match="not terminated"):
        NginxEvaluator()(_block("nginx", "server {\n  listen 80\n}\n", info="conf"), _context())


def _context() -> PageContext:
    return PageContext(Path("page.md"), "guide")


def test_transcript_keeps_commands_and_blanks_output_lines() -> None:
    from fixbook.samples.evaluators.fragments import shell_script

    source = "$ pip install httpx[http2] \\\n    rich\nSuccessfully installed\n$ ls <dir>\n"
    assert shell_script(source) == (
        "pip install httpx[http2] \\\n    rich\n\nls placeholder\n"
    )


def test_a_script_is_not_read_as_a_transcript() -> None:
    from fixbook.samples.evaluators.fragments import is_directory_tree, is_transcript

    assert not is_transcript("# list\nls -l > files.txt\n")
    assert is_transcript("user@host:~$ ls\n")
    assert is_directory_tree(".\n├─ docs/\n│  └─ index.md\n└─ mkdocs.yml\n")
    assert not is_directory_tree("ls\ncd docs\n")


def test_python_fragment_is_decided_before_running() -> None:
    from fixbook.samples.evaluators.pyfragments import fragment_reason

    context = _context()
    block = _block("python", "print(client)\n", mode=Mode.RUN)
    assert fragment_reason(block, block.source, context) == (
        "fragment: client not defined on the page"
    )
    context.namespace["client"] = object()  # an earlier block defined it
    assert fragment_reason(block, block.source, context) is None


def test_missing_module_counts_only_imports_that_run() -> None:
    from fixbook.samples.evaluators.pyfragments import fragment_reason

    source = (
        "def ocr():\n    import no_such_module_a\n"
        "try:\n    import no_such_module_b\nexcept ImportError:\n    pass\n"
        "import no_such_module_c\n"
    )
    reason = fragment_reason(_block("python", source, mode=Mode.RUN), source, _context())
    assert reason == "needs module no_such_module_c (not installed)"


def test_network_errors_are_told_apart_from_the_samples_own() -> None:
    from fixbook.samples.evaluators.network import NetworkBlocked
    from fixbook.samples.evaluators.offline import environment_reason, needs_network

    try:
        try:
            raise NetworkBlocked("fixbook: network access outside this machine is blocked")
        except NetworkBlocked as cause:
            raise RuntimeError("request failed") from cause
    except RuntimeError as error:
        assert needs_network(error)
    assert not needs_network(ConnectionRefusedError("connect to 127.0.0.1:8000 refused"))
    assert environment_reason(ValueError("bad value"), "x = 1\n") is None


def test_a_missing_extra_is_one_line_saying_what_to_install() -> None:
    from fixbook.samples.evaluators.extras import install_hint

    assert install_hint("psycopg") == "install fixbook[postgres] to run SQL blocks"
    assert install_hint("crossplane.analyzer") == "install fixbook[parsers] to check nginx blocks"
    assert install_hint("flask") is None  # a sample's own library: no extra of ours brings it


def test_shell_blocks_without_shellcheck_are_not_verified(monkeypatch: pytest.MonkeyPatch) -> None:
    from fixbook.samples.evaluators import shell

    def missing() -> Path:
        raise shell.ShellcheckMissing("install fixbook[shell] to lint shell blocks with ShellCheck")

    monkeypatch.setattr(shell, "shellcheck_path", missing)
    evaluator = shell.ShellEvaluator()
    block = _block("bash", "ls -l\n")
    evaluator.prepare([block], _context())
    with pytest.raises(NotVerified, match=r"install fixbook\[shell\]"):
        evaluator(block, _context())


def test_nginx_blocks_without_crossplane_are_not_verified(monkeypatch: pytest.MonkeyPatch) -> None:
    from fixbook.samples.evaluators import nginx

    monkeypatch.setattr(nginx, "crossplane", None)
    with pytest.raises(NotVerified, match=r"install fixbook\[parsers\] to check nginx blocks"):
        NginxEvaluator()(_block("nginx", "server { listen 80; }\n"), _context())
