"""One page cannot reach the next: not its worker (forked ahead, blank, while this page runs),
not its scratch folder, not the zygote both are forked from."""

from __future__ import annotations

from .hostile_project import Project

#: Runs for a second in the first page: writes into its /tmp and into every folder beside its
#: own scratch folder, and signals every process it can see, while the next page's worker
#: waits, forked ahead.
SABOTEUR = """# A

```python
import os, signal, time
home = os.environ["HOME"]
root = os.path.dirname(home)
open("/tmp/planted.py", "w").write("raise SystemExit")
end = time.monotonic() + 1
while time.monotonic() < end:
    for name in os.listdir(root):
        folder = os.path.join(root, name)
        if folder != home and os.path.isdir(folder):
            try:
                open(os.path.join(folder, "planted.py"), "w").write("raise SystemExit")
            except OSError:
                pass
    for pid in os.listdir("/proc"):
        if pid.isdigit() and int(pid) != os.getpid():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except OSError:
                pass
```
"""

VICTIM = """# B

```python
import os
assert os.listdir(os.environ["HOME"]) == [], os.listdir(os.environ["HOME"])
assert not os.path.exists("/tmp/planted.py")
print("clean")
```
"""


def test_a_page_cannot_plant_files_for_the_next_page_or_kill_its_worker(
    project: Project,
) -> None:
    project.page(SABOTEUR, name="a.md")
    project.page(VICTIM, name="b.md")

    run = project.check()

    assert run.returncode == 0, run.stdout + run.stderr
    assert "b.md:3" not in run.stdout


def test_a_page_holds_no_descriptor_of_the_zygote(project: Project) -> None:
    project.page(
        "# Fds\n\n```python\nimport os\nlinks = []\n"
        "for fd in os.listdir('/proc/self/fd'):\n"
        "    try:\n"
        "        links.append(os.readlink(f'/proc/self/fd/{fd}'))\n"
        "    except OSError:\n"
        "        pass\n"
        "assert not [link for link in links if link.startswith('socket:')], links\n```\n"
    )

    run = project.check()

    assert run.returncode == 0, run.stdout + run.stderr
