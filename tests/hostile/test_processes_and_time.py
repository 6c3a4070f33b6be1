"""Time limits enforced from outside, and nothing a page starts outlives the run."""

from __future__ import annotations

import time
import uuid

from .hostile_project import Project, processes_with


def test_a_detached_child_does_not_outlive_the_run(project: Project) -> None:
    token = f"{uuid.uuid4().int % 10**6 + 10**6}"
    project.page(
        "# Detach\n\n```python\nimport subprocess\n"
        f"subprocess.Popen(['sleep', '{token}'], start_new_session=True)\n```\n\n"
        "<!-- fixbook: run -->\n```bash\n"
        f"nohup setsid sleep {int(token) + 1} > /dev/null 2>&1 &\n"
        f"(setsid sleep {int(token) + 2} > /dev/null 2>&1 &)\n```\n"
    )

    run = project.check()

    assert run.returncode == 0, run.stdout
    assert processes_with(token[:-1]) == []


def test_a_block_that_disarms_the_timer_and_catches_timeouts_is_killed(
    project: Project,
) -> None:
    project.page(
        "# Forever\n\n```python\nimport signal, time\n"
        "signal.setitimer(signal.ITIMER_REAL, 0)\n"
        "for name in ('SIGALRM', 'SIGTERM', 'SIGINT', 'SIGHUP'):\n"
        "    signal.signal(getattr(signal, name), signal.SIG_IGN)\n"
        "while True:\n"
        "    try:\n"
        "        time.sleep(0.1)\n"
        "    except BaseException:\n"
        "        pass\n```\n\n"
        "```python\nprint('never runs')\n```\n"
    )

    began = time.monotonic()
    run = project.check()

    assert run.returncode == 1
    assert "killed after the time limit of 4 s" in run.stdout
    assert "not run: the page's worker died at line 3" in run.stdout
    assert time.monotonic() - began < 60


def test_a_shell_block_that_never_ends_is_killed(project: Project) -> None:
    project.page(
        "# Loop\n\n<!-- fixbook: run -->\n```bash\n"
        "trap '' TERM INT HUP\nwhile true; do sleep 1; done\n```\n"
    )

    run = project.check()

    assert run.returncode == 1
    assert "killed after" in run.stdout


def test_a_fork_bomb_is_contained_and_cleaned_up(project: Project) -> None:
    token = f"{uuid.uuid4().int % 10**6 + 3 * 10**6}"
    project.page(
        "# Fork\n\n```python\nimport os, subprocess\n"
        "children = []\n"
        "try:\n"
        "    for _ in range(100):\n"
        f"        children.append(subprocess.Popen(['sleep', '{token}']))\n"
        "except OSError as error:\n"
        "    print('stopped at', len(children), error)\n```\n"
    )

    project.check()

    assert processes_with(token) == []
