"""Start and stop local servers (Voila, JupyterLab) for the browser tests and the benchmark.

Each binds 127.0.0.1 on a free port and is stopped by its process id.
"""
import json
import os
import socket
import subprocess
import time
from pathlib import Path

# Debian's chromium, headless, as root, on a machine with no network beyond loopback.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


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


def voila_command(notebook: Path, port: int, bin_dir: Path) -> list[str]:
    """Voila on loopback with the module's own page template (no CDN links)."""
    return [str(bin_dir / "voila"), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1",
            "--template=succession", str(notebook)]


def lab_settings(folder: Path) -> dict:
    """A JupyterLab settings folder for tests: every cell in the page, and no kernel dialog.

    Notebook windowing would leave cells below the fold out of the page; on a busy machine
    JupyterLab may ask which kernel to start, and that dialog would block Run All.
    """
    settings = folder / "lab-settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none", "autoStartDefaultKernel": True}))
    env = os.environ.copy()
    env["JUPYTERLAB_SETTINGS_DIR"] = str(folder / "lab-settings")
    # A workspace of its own: JupyterLab would otherwise reopen, behind this test's notebook,
    # the notebooks an earlier server had open.
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(folder / "lab-workspaces")
    return env


def lab_command(folder: Path, port: int, token: str, bin_dir: Path) -> list[str]:
    command = [str(bin_dir / "jupyter"), "lab", "--no-browser", f"--port={port}",
               f"--IdentityProvider.token={token}", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.root_dir={folder}"]
    if os.geteuid() == 0:
        command.append("--allow-root")      # Jupyter refuses root without it
    return command
