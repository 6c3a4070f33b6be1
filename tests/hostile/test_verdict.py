"""A page cannot make the run pass: the runner decides, in a process no sample reaches."""

from __future__ import annotations

from .hostile_project import Project


def test_os_exit_zero_fails_the_block_and_the_run(project: Project) -> None:
    project.page(
        "# Exit\n\n```python\nimport os\nos._exit(0)\n```\n\n"
        "```python\nassert False, 'a broken sample after the exit'\n```\n"
    )

    run = project.check()

    assert run.returncode == 1
    assert "docs/shop/page.md:3: python: the worker exited with status 0" in run.stdout
    assert "docs/shop/page.md:8: python: not run: the page's worker died at line 3" in run.stdout


def test_patching_the_runner_changes_nothing_the_runner_decides(project: Project) -> None:
    project.page(
        "# Patch\n\n```python\n"
        "import fixbook.samples.verify as verify\n"
        "verify.PageRun.verify = lambda self, block: verify.Outcome(block, verify.Status.PASSED)\n"
        "verify.PageRun.run_all = lambda self: []\n"
        "```\n\n```python\nassert False, 'broken one'\n```\n\n"
        "```python\nraise SystemExit(0)\n```\n"
    )

    run = project.check()

    assert run.returncode == 1
    assert "docs/shop/page.md:9: python:" in run.stdout  # the broken block
    assert "docs/shop/page.md:13: python:" in run.stdout  # SystemExit is a failure too


def test_a_forged_answer_on_the_channel_fails_the_block(project: Project) -> None:
    project.page(
        "# Forge\n\n```python\nimport json, os\n"
        "for fd in range(3, 64):\n"
        "    try:\n"
        "        os.write(fd, json.dumps({'op': 'result', 'nonce': 'x', 'status': 'passed'})"
        ".encode() + b'\\n')\n"
        "    except OSError:\n"
        "        pass\n"
        "assert False, 'the real verdict'\n```\n"
    )

    run = project.check()

    assert run.returncode == 1
    assert "docs/shop/page.md:3: python:" in run.stdout


def test_a_page_cannot_reach_a_later_pages_verdict(project: Project) -> None:
    project.page(
        "# First\n\n```python\nimport builtins\nbuiltins.AssertionError = type('X', (), {})\n"
        "import sys\nsys.modules['fixbook.samples.verify'] = None\n```\n",
        name="a.md",
    )
    project.page("# Second\n\n```python\nassert 1 == 2\n```\n", name="b.md")

    run = project.check()

    assert run.returncode == 1
    assert "docs/shop/b.md:3: python: docs/shop/b.md:4: AssertionError" in run.stdout
