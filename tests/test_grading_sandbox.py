"""The grading sandbox, the leak check and the integrity scan, on their own (fast)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from succession.grading import feedback_check, integrity, sandbox

ROOT = Path(__file__).resolve().parents[1]

PROBE = r'''
import json, os, socket
found = {"cwd": os.getcwd(), "uid": os.getuid(), "proc": sorted(p for p in os.listdir("/proc") if p.isdigit())}
found["solutions"] = os.path.exists(%r)
found["repository"] = sorted(os.listdir(%r)) if os.path.isdir(%r) else None
try:
    socket.create_connection(("1.1.1.1", 53), timeout=2)
    found["network"] = True
except OSError:
    found["network"] = False
for path in ("/tmp/work/mine.txt", %r):
    try:
        open(path, "w").write("x")
        found[path] = "written"
    except OSError as error:
        found[path] = type(error).__name__
import succession.data, pandas
print(json.dumps(found))
'''


@pytest.mark.skipif(sandbox.probe() is not None, reason=f"no sandbox here: {sandbox.probe()}")
def test_a_sandboxed_kernel_sees_only_its_own_folder_and_the_packages(tmp_path):
    """What a student's code would find, run with the same bwrap command the kernels use."""
    outside = str(tmp_path / "grader-file.txt")
    (tmp_path / "kernel").mkdir()     # the kernel's private folder (its sockets): bound read-write
    command = sandbox.bwrap_command(str(tmp_path / "kernel" / "kernel.json"))
    command = command[:command.index(sys.executable) + 1]
    code = PROBE % (str(ROOT / "solutions"), str(ROOT), str(ROOT), outside)
    run = subprocess.run(command + ["-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["solutions"] is False and "solutions" not in found["repository"]
    assert found["network"] is False
    assert found["proc"] == ["1", "2"], "only the sandbox's own processes"
    assert found["uid"] == 65534 and found["cwd"] == "/tmp/work"
    assert found["/tmp/work/mine.txt"] == "written"   # its own /tmp (a fresh tmpfs), gone afterwards
    assert not Path(outside).exists()


def test_without_bwrap_the_grader_says_so(monkeypatch, tmp_path):
    monkeypatch.setenv(sandbox.OFF, "off")
    assert "switched off" in sandbox.probe()
    monkeypatch.delenv(sandbox.OFF)
    monkeypatch.setenv("PATH", str(tmp_path))     # no bwrap on PATH
    assert "apt-get install bubblewrap" in sandbox.probe()
    spec = json.loads((sandbox.install_kernelspec(tmp_path, isolated=False) / "kernel.json").read_text())
    assert "--unsandboxed" in spec["argv"]


@pytest.mark.parametrize("code, expected", [
    ("class A:\n    def __eq__(self, other):\n        return True", "defines its own comparisons (__eq__"),
    ("import builtins\nbuiltins.len = lambda x: 3", "touches Python's built-ins"),
    ("sorted = lambda x: x", "hides Python's built-in sorted()"),
    ("get_ipython().input_transformers_post.append(f)", "adds an input transformer"),
    ("import sys\nsys.modules['succession.grading'] = None", "changes sys.modules"),
    ("import succession.grading\nsuccession.grading.quiet = None", "imports the grading helpers"),
    ("open('/etc/passwd')", "names a file outside its folder"),
    ("exec(bytes.fromhex('7072696e74').decode())", "runs code built at run time (exec)"),
    ("!cat /proc/1/cmdline", "runs shell commands"),
])
def test_the_static_scan_names_the_tampering(code, expected):
    assert any(expected in finding for finding in integrity.scan_code(code)), integrity.scan_code(code)


def test_honest_answers_pass_the_static_scan():
    assert integrity.scan_code("import sys, warnings\nprint('note', file=sys.stderr)\nwarnings.warn('w')") == []
    nb = nbformat.read(ROOT / "solutions" / "01_troika" / "01_troika.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and not cell.metadata.get("nbgrader", {}).get("locked"):
            assert integrity.scan_code(cell.source) == [], cell.source


def test_the_leak_check_finds_a_hidden_line_in_a_page():
    solution = nbformat.read(ROOT / "solutions" / "01_troika" / "01_troika.ipynb", as_version=4)
    release = nbformat.read(ROOT / "exercises" / "01_troika" / "01_troika.ipynb", as_version=4)
    secrets = feedback_check.secret_lines(solution, release)
    hidden = next(line for line in secrets if line.startswith("assert troika people =="))
    page = f"<html><pre><span>{hidden.replace(' ', '&nbsp;', 1)}</span></pre></html>"
    assert feedback_check.leaks(page, secrets) and not feedback_check.leaks("<p>troika_people</p>", secrets)
    scheme = next(line for line in secrets if "Mark scheme" in line)
    assert feedback_check.leaks(f"<p><strong>{scheme}</strong></p>", secrets)


def test_the_grading_package_is_importable_in_a_kernel_without_nbgrader():
    """Test cells import quiet() from succession.grading: only the standard library loads."""
    code = "import sys, succession.grading\nprint(sorted(m for m in sys.modules if m.startswith(('nbgrader', 'nbformat'))))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env=dict(os.environ))
    assert run.stdout.strip() == "[]", run.stdout + run.stderr
