"""The sandbox each student's kernel runs in: Debian's bubblewrap (`bwrap`).

nbgrader starts the grading kernel from a kernelspec whose command is this module:

    python -m succession.grading.sandbox CONNECTION_FILE

which replaces itself with `bwrap ... python -m ipykernel_launcher -f CONNECTION_FILE`. Inside,
the kernel sees the system's programs and libraries, Python and the installed packages (all
read-only), a fresh empty /tmp that is its only writable place (its working folder and home are
in it), and the folder holding its connection file (a private folder made for this one kernel).
It has no network (a new network namespace), sees only its own processes (a new PID namespace
with a fresh /proc), runs as `nobody` with no capabilities and no environment from the grader.
The kernel talks to the grader over Unix sockets in that private folder (ZeroMQ's "ipc"
transport), since loopback TCP does not cross network namespaces.

Where bwrap is missing or cannot make namespaces (some containers), `probe()` says why and the
kernel runs unsandboxed (in an empty temporary folder); `python -m succession grade` then says
so at the top of its output and in every row of the grade table.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

KERNEL = "succession-grading"
OFF = "SUCCESSION_SANDBOX"          # set to "off" to run kernels without bwrap (the fallback)


def _package_folders() -> list[str]:
    """The folders Python needs: its own install, the virtual environment, and this package
    (an editable install lives in the repository, beside solutions/: bind only the package)."""
    folders = {os.path.realpath(sys.base_prefix), os.path.realpath(sys.prefix)}
    # The package that is running, not whatever the name finds from here: a course folder
    # called "succession" in the working directory would be found first, as a namespace.
    # (The data folder as succession.data finds it, without importing pandas here: this runs
    # at every kernel start.)
    import importlib.resources
    folders.add(os.path.realpath(Path(__file__).resolve().parents[1]))
    folders.add(os.path.realpath(str(importlib.resources.files("succession.data_files"))))
    return sorted(f for f in folders if not any(f != o and f.startswith(o + os.sep) for o in folders))


def _system_binds() -> list[str]:
    args = []
    for top in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    for name in ("/etc/ld.so.cache", "/etc/localtime", "/etc/fonts", "/etc/alternatives", "/etc/mime.types"):
        if os.path.exists(name):
            args += ["--ro-bind", name, name]
    return args


def bwrap_command(connection_file: str, python: str = sys.executable) -> list[str]:
    """The command that runs one kernel in the sandbox."""
    private = os.path.dirname(os.path.abspath(connection_file))
    args = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
            "--uid", "65534", "--gid", "65534", "--clearenv", *_system_binds(),
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--dir", "/tmp/home", "--dir", "/tmp/work"]
    for folder in _package_folders():
        args += ["--ro-bind", folder, folder]
    args += ["--bind", private, private, "--chdir", "/tmp/work"]
    environment = {"HOME": "/tmp/home", "PATH": f"{os.path.dirname(python)}:/usr/bin:/bin", "LANG": "C.UTF-8",
                   "MPLCONFIGDIR": "/tmp/home/matplotlib", "PYTHONDONTWRITEBYTECODE": "1",
                   "JPY_PARENT_PID": "1",   # ipykernel: do not watch for a parent it cannot see
                   "NBGRADER_EXECUTION": "autograde"}
    for key, value in environment.items():
        args += ["--setenv", key, value]
    return args + [python, "-m", "ipykernel_launcher", "-f", connection_file]


def probe() -> str | None:
    """None if the sandbox works here; else why not, in plain words."""
    if os.environ.get(OFF, "").lower() in ("off", "0", "no"):
        return f"the sandbox is switched off ({OFF}={os.environ[OFF]})"
    if shutil.which("bwrap") is None:
        return "bubblewrap (bwrap) is not installed: on Debian or Ubuntu, `apt-get install bubblewrap`"
    with tempfile.TemporaryDirectory(prefix="succession-probe-") as tmp:
        command = bwrap_command(os.path.join(tmp, "kernel.json"))
        command = command[:command.index(sys.executable) + 1] + [
            "-c", "import os, socket, succession.grading\n"
                  "assert os.listdir('/proc').count('1') == 1 and os.getuid() == 65534\n"
                  "try:\n    socket.create_connection(('1.1.1.1', 53), timeout=1)\nexcept OSError:\n    pass\n"
                  "else:\n    raise SystemExit('network reachable')\n"]
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"bubblewrap could not start a sandbox: {error}"
    if run.returncode != 0:
        return f"bubblewrap could not start a sandbox here: {(run.stderr or run.stdout).strip()[-300:]}"
    return None


def install_kernelspec(folder: Path, isolated: bool) -> Path:
    """Write the grading kernel's kernelspec under folder/kernels/; put folder on JUPYTER_PATH."""
    import json

    spec = Path(folder) / "kernels" / KERNEL
    spec.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "succession.grading.sandbox", "{connection_file}"]
    if not isolated:
        argv.insert(-1, "--unsandboxed")
    (spec / "kernel.json").write_text(json.dumps({
        "argv": argv, "display_name": "Python 3 (grading sandbox)", "language": "python",
        "interrupt_mode": "message"}), encoding="utf-8")
    return spec


def main(argv: list[str]) -> None:
    """Start one kernel: CONNECTION_FILE [kernel options...] (nbclient adds options at the end)."""
    if argv and argv[0] == "--unsandboxed":
        # No sandbox: at least an empty working folder of its own, away from the course.
        os.chdir(tempfile.mkdtemp(prefix="succession-kernel-"))
        os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", "-f", *argv[1:]])
    command = bwrap_command(argv[0]) + argv[1:]
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
