"""No network: a listener on the host's 127.0.0.1 hears nothing, whatever a page tries."""

from __future__ import annotations

from .hostile_project import Listener, Project


def test_python_sockets_udp_dns_and_child_processes_reach_nothing(
    project: Project, listener: Listener
) -> None:
    port = listener.port
    project.page(
        "# Net\n\n```python\nimport _socket, socket, subprocess, sys\n"
        "attempts = []\n"
        "def attempt(name, action):\n"
        "    try:\n"
        "        action()\n"
        "        attempts.append(name + ': done')\n"
        "    except OSError as error:\n"
        "        attempts.append(f'{name}: {error}')\n"
        f"attempt('_socket', lambda: _socket.socket().connect(('127.0.0.1', {port})))\n"
        f"attempt('udp', lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM)"
        f".sendto(b'hello', ('127.0.0.1', {port})))\n"
        "attempt('dns', lambda: socket.getaddrinfo('example.com', 443))\n"
        "attempt('child', lambda: subprocess.run([sys.executable, '-c', "
        f"'import socket; socket.create_connection((\"127.0.0.1\", {port}), timeout=2)'], "
        "check=True))\n"
        "print(attempts)\n```\n"
    )

    project.check()

    assert listener.heard == []


def test_a_shell_block_cannot_join_the_callers_network_namespace(
    project: Project, listener: Listener
) -> None:
    port = listener.port
    project.page(
        "# Nsenter\n\n<!-- fixbook: run -->\n```bash\n"
        f"nsenter --net=/proc/1/ns/net python -c 'import socket; "
        f'socket.create_connection(("127.0.0.1", {port}), timeout=2)\' || true\n'
        f"nsenter --net=/proc/$PPID/ns/net bash -c 'echo hi > /dev/tcp/127.0.0.1/{port}' "
        "|| true\n"
        f"bash -c 'echo hi > /dev/tcp/127.0.0.1/{port}' || true\n"
        f"bash -c 'echo hi > /dev/udp/127.0.0.1/{port}' || true\n```\n"
    )

    project.check()

    assert listener.heard == []
