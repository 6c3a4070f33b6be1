"""The sandbox every executed block runs in: bubblewrap, built so that nothing is left to trust.

A page's executed blocks (evaluators with ``executes = True``: Python, shell ``run``, doctests)
run in one worker process per page (:mod:`fixbook.samples.worker`): forks of one warm zygote
per session, started by :func:`bwrap_argv` inside ``bwrap`` with:

* a read-only view of the system (``--ro-bind / /``), with the places that hold the caller's
  files hidden behind empty, read-only tmpfs: ``/root``, ``/home``, ``/run``, ``/mnt``,
  ``/media``, ``/srv``, ``/opt``, ``/var/tmp``, ``/var/mail`` and the top folder of the
  checkout; ``/etc/shadow``, ``/etc/gshadow`` and ``/etc/sudoers`` are replaced by empty files;
* then, read-only, only what the worker needs back: Python's installation and the venv, the
  ``fixbook`` package, the docs and the folders of included files;
* a private writable scratch folder per page (under ``/run/fixbook/scratch``, also ``HOME``) and
  a private ``/tmp`` per page;
* its own PID, network, IPC, UTS, cgroup and user namespaces: nothing outlives the page (when
  the ``bwrap`` process dies, the kernel kills every process of the namespace), the caller's
  processes and ``/proc`` are invisible, and there is no network but a loopback of its own;
* the session's services only through their Unix sockets, bound at ``/run/fixbook/svc``;
* uid/gid 65534, no capabilities, a new session (no terminal to inject keys into), and an
  environment built from :data:`ALLOWED_ENV` plus what the runner sets, nothing else.

Limits (:class:`Limits`) are set by the zygote on itself before any sample runs, soft and hard,
so samples cannot raise them again (Linux does not apply the process limit to root: see the
threat model). When the sandbox cannot be created the run stops with
:class:`SandboxUnavailable`, one line naming what is missing: it never falls back to running
samples unprotected. ``--no-sandbox`` (``fixbook check``) / ``--fixbook-no-sandbox`` (pytest), or
``FIXBOOK_NO_SANDBOX=1``, runs the worker as a plain child process for trusted local use; the
report says so loudly. See ``docs/about/threat-model.md`` for what this does and does not hold.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

__all__ = [
    "ALLOWED_ENV",
    "SCRATCH",
    "SOCKETS",
    "Limits",
    "SandboxUnavailable",
    "bwrap_argv",
    "no_sandbox_requested",
    "require_sandbox",
]

#: Where the worker's scratch folder and the services' sockets appear inside the sandbox.
SCRATCH = "/run/fixbook/scratch"
SOCKETS = "/run/fixbook/svc"
#: Variables taken from the caller's environment (values of these names only, never others).
ALLOWED_ENV = ("LANG", "LC_ALL", "TZ", "TERM")
#: Folders hidden behind an empty tmpfs before anything is bound back.
HIDDEN = ("/root", "/home", "/run", "/mnt", "/media", "/srv", "/opt", "/var/tmp", "/var/mail")
#: Files replaced by an empty one (root-owned secrets a sandbox mapped to root could read).
MASKED_FILES = ("/etc/shadow", "/etc/gshadow", "/etc/sudoers")
NO_SANDBOX_ENV = "FIXBOOK_NO_SANDBOX"


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot be created here; the message is one line naming what is missing."""


@dataclass(frozen=True)
class Limits:
    """Resource limits of one page's worker (each applies to the worker and its children)."""

    address_space: int = 2 * 1024**3  # bytes per process
    cpu_seconds: int = 300  # CPU time of the worker process
    processes: int = 256  # RLIMIT_NPROC (not enforced by Linux for root outside the sandbox)
    open_files: int = 1024
    file_size: int = 256 * 1024**2  # the largest file a sample may write

    @classmethod
    def from_env(cls) -> Limits:
        """Defaults, with ``FIXBOOK_MEMORY_LIMIT`` (e.g. ``4G``, ``512M``) overriding memory."""
        memory = os.environ.get("FIXBOOK_MEMORY_LIMIT")
        if not memory:
            return cls()
        units = {"K": 1024, "M": 1024**2, "G": 1024**3}
        factor = units.get(memory[-1].upper(), 1)
        number = memory[:-1] if memory[-1].upper() in units else memory
        return cls(address_space=int(float(number) * factor))

    def as_json(self) -> dict[str, int]:
        return asdict(self)


def no_sandbox_requested() -> bool:
    return os.environ.get(NO_SANDBOX_ENV, "") not in ("", "0")


def _python_roots() -> list[Path]:
    """Folders the worker's Python needs: the installation, the venv, the fixbook package."""
    roots = {Path(sys.base_prefix), Path(sys.prefix), Path(sys.executable).resolve().parent}
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        roots.add(Path(sysconfig.get_paths()[key]))
    package = Path(__file__).resolve().parents[2]  # the folder holding the fixbook package
    roots.add(package)
    return sorted({root.resolve() for root in roots if root.exists()})


def _checkout_top(paths: list[Path]) -> set[Path]:
    """First-level folders that hold the checkout (``/work``): hidden, then bound back in part."""
    tops = set()
    for path in paths:
        parts = path.resolve().parts
        if len(parts) > 1 and f"/{parts[1]}" not in ("/usr", "/etc", "/lib", "/lib64", "/bin"):
            tops.add(Path("/", parts[1]))
    return tops


def bwrap_argv(
    *,
    scratch: Path,
    readable: list[Path],
    sockets: Path | None,
    env: dict[str, str],
) -> list[str]:
    """The ``bwrap`` command line that starts a worker (the command itself is appended)."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        raise SandboxUnavailable(_MISSING_BWRAP)
    shown = [*_python_roots(), *(path.resolve() for path in readable if path.exists())]
    argv = [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
    hidden = [f for f in sorted({*HIDDEN, *map(str, _checkout_top(shown))}) if os.path.isdir(f)]
    for folder in hidden:
        argv += ["--tmpfs", folder]
    for secret in MASKED_FILES:
        if os.path.exists(secret):
            argv += ["--ro-bind", "/dev/null", secret]
    for path in sorted(set(shown)):
        argv += ["--ro-bind", str(path), str(path)]
    argv += ["--bind", str(scratch), SCRATCH]
    if sockets is not None:
        argv += ["--ro-bind", str(sockets), SOCKETS]
    for folder in hidden:  # empty and read-only: no page leaves anything there for the next
        argv += ["--remount-ro", folder]
    argv += ["--chdir", SCRATCH, "--unshare-all", "--die-with-parent", "--new-session"]
    argv += ["--uid", "65534", "--gid", "65534", "--cap-drop", "ALL", "--clearenv"]
    for name, value in sorted(sandbox_env(env).items()):
        argv += ["--setenv", name, value]
    return argv


def sandbox_env(extra: dict[str, str]) -> dict[str, str]:
    """The worker's whole environment: an allow-list of the caller's, then the runner's own."""
    base = {name: os.environ[name] for name in ALLOWED_ENV if name in os.environ}
    return {
        "LANG": "C.UTF-8",
        **base,
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin",
                                 "/bin"]),
        "HOME": SCRATCH,
        "TMPDIR": "/tmp",
        "PYTHONDONTWRITEBYTECODE": "1",
        **extra,
    }  # fmt: skip


_MISSING_BWRAP = (
    "cannot sandbox the samples: `bwrap` (bubblewrap) is not installed "
    "(Debian/Ubuntu: apt-get install bubblewrap); --no-sandbox runs them unprotected"
)


@cache
def _probe() -> str | None:
    """Why a minimal sandbox cannot start here, or None when it can."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return _MISSING_BWRAP
    argv = [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-all",
            "--die-with-parent", "--uid", "65534", "--gid", "65534", "--cap-drop", "ALL",
            "--clearenv", "/bin/true"]  # fmt: skip
    try:
        probe = subprocess.run(argv, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"cannot sandbox the samples: bwrap does not start ({error})"
    if probe.returncode == 0:
        return None
    said = (probe.stderr.strip().splitlines() or ["no message"])[-1]
    return (
        f"cannot sandbox the samples: bwrap cannot create its namespaces ({said}); unprivileged "
        "user namespaces are needed (on Ubuntu 24.04: sysctl "
        "kernel.apparmor_restrict_unprivileged_userns=0, or an AppArmor profile for bwrap); "
        "--no-sandbox runs them unprotected"
    )


def require_sandbox() -> None:
    """Raise :class:`SandboxUnavailable` (one line) when samples cannot be sandboxed here."""
    reason = _probe()
    if reason is not None:
        raise SandboxUnavailable(reason)
