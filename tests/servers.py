"""Start and stop local servers (Voila, JupyterLab) for the browser tests and the benchmark.

Each binds 127.0.0.1 on a free port and is stopped by its process id.
"""
import os
import socket
import subprocess
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 60) -> None:
    """Wait until the server listens (not for GET /: in Voila that would start a kernel)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode} before listening")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listened on port {port} within {seconds} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def start(command: list[str], cwd: Path, port: int, env: dict | None = None) -> subprocess.Popen:
    log = open(cwd / f"server-{port}.log", "w")
    process = subprocess.Popen(command, cwd=cwd, env=env or os.environ.copy(), stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, process)
    except Exception:
        stop(process)
        raise
    return process
