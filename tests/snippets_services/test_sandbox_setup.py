"""How the sandbox is set up, and how it says it cannot be (fail closed, one line)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from fixbook.samples import sandbox
from fixbook.samples.sandbox import Limits, SandboxUnavailable, bwrap_argv, require_sandbox


@pytest.fixture(autouse=True)
def fresh_probe() -> Iterator[None]:
    sandbox._probe.cache_clear()
    yield
    sandbox._probe.cache_clear()


def fake_bwrap(folder: Path, stderr: str) -> None:
    folder.mkdir(exist_ok=True)
    script = folder / "bwrap"
    script.write_text(f"#!/bin/sh\necho '{stderr}' >&2\nexit 1\n")
    script.chmod(0o755)


def test_without_user_namespaces_the_message_names_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_bwrap(tmp_path / "bin", "bwrap: setting up uid map: Permission denied")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")

    with pytest.raises(SandboxUnavailable) as raised:
        require_sandbox()

    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith(
        "cannot sandbox the samples: bwrap cannot create its namespaces "
        "(bwrap: setting up uid map: Permission denied)"
    )
    assert "kernel.apparmor_restrict_unprivileged_userns=0" in message
    assert message.endswith("--no-sandbox runs them unprotected")


def test_without_bwrap_the_message_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")

    with pytest.raises(SandboxUnavailable, match=r"apt-get install bubblewrap"):
        require_sandbox()


def test_the_callers_folders_are_hidden_and_the_docs_bound_read_only(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()

    argv = bwrap_argv(scratch=tmp_path / "scratch", readable=[docs], sockets=None, env={})

    pairs = list(itertools.pairwise(argv))
    assert ("--tmpfs", "/root") in pairs and ("--tmpfs", "/home") in pairs
    assert ("--remount-ro", "/root") in pairs
    assert ("--ro-bind", str(docs)) in pairs
    assert ("--bind", str(tmp_path / "scratch")) in pairs
    assert {"--unshare-all", "--die-with-parent", "--new-session", "--clearenv"} <= set(argv)
    assert argv[argv.index("--cap-drop") + 1] == "ALL"


def test_the_environment_is_an_allow_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_secret")
    monkeypatch.setenv("TZ", "Europe/Paris")

    env = sandbox.sandbox_env({"EXTRA": "1"})

    assert "GITHUB_TOKEN" not in env
    assert env["TZ"] == "Europe/Paris" and env["EXTRA"] == "1"
    assert env["HOME"] == sandbox.SCRATCH


@pytest.mark.parametrize(("value", "bytes_"), [("4G", 4 * 1024**3), ("512M", 512 * 1024**2)])
def test_the_memory_limit_is_configurable(
    value: str, bytes_: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIXBOOK_MEMORY_LIMIT", value)

    assert Limits.from_env().address_space == bytes_


def test_the_default_memory_limit_is_2_gib(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIXBOOK_MEMORY_LIMIT", raising=False)

    assert Limits.from_env().address_space == 2 * 1024**3
