"""Write the hostile and awkward fixture submissions in this folder, from solutions/ and exercises/.

    .venv/bin/python tests/files/submissions/make_submissions.py

Each file is one kind of submission (see tests/test_grading_hostile.py for what the grader must
do with it). Answers come from the instructor versions, so after a change to solutions/ or the
data, run this again (a test checks that the files are up to date). All on 01_troika unless named.
"""
from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
FIRST, OTHER = "01_troika", "02_left_opposition"
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"


def notebook(assignment: str, folder: str) -> nbformat.NotebookNode:
    return nbformat.read(ROOT / folder / assignment / f"{assignment}.ipynb", as_version=4)


def meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def cell(nb, grade_id: str):
    return next(c for c in nb.cells if meta(c).get("grade_id") == grade_id)


def answered(assignment: str = FIRST) -> nbformat.NotebookNode:
    """The student copy, answered as the instructor version answers it."""
    source, nb = notebook(assignment, "solutions"), copy.deepcopy(notebook(assignment, "exercises"))
    for c in nb.cells:
        if meta(c).get("solution"):
            if c.cell_type == "code":
                found = re.search(r"### BEGIN SOLUTION\n(.*?)\n\s*### END SOLUTION", cell(source, meta(c)["grade_id"]).source, re.S)
                c.source = c.source.replace(STUB, found.group(1))
            else:
                c.source = "An answer in my own words, for the teacher to mark."
    return nb


def answer_ids(nb) -> list[str]:
    return [meta(c)["grade_id"] for c in nb.cells if meta(c).get("solution") and c.cell_type == "code"]


def with_code(nb, grade_id: str, code: str, replace: bool = True) -> nbformat.NotebookNode:
    target = cell(nb, grade_id)
    target.source = code if replace else target.source + "\n" + code
    return nb


ALWAYS_EQUAL = '''
class Anything(set):
    """Equal to everything, whatever it is compared with."""
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __le__(self, other): return True
    def __hash__(self): return 0
    def strip(self): return self
    def upper(self): return self
    def replace(self, *args): return self
    def __getitem__(self, i): return self
'''

READ_SOLUTIONS = '''
import json, os
found, tops = [], [os.path.abspath(os.path.join(os.getcwd(), *[".."] * n)) for n in range(0, 8)]
for pid in [p for p in os.listdir("/proc") if p.isdigit()]:     # the grader's command line names its folders
    try:
        words = open(f"/proc/{pid}/cmdline").read().split("\\0")
    except OSError:
        continue
    for word in words:
        while word.startswith("/") and len(word) > 1:
            tops.append(word)
            word = os.path.dirname(word)
for top in sorted(set(tops)):
    for name in ("solutions", "source", "gradebook.db"):
        if os.path.exists(os.path.join(top, name)):
            found.append(os.path.join(top, name))
for place in found:
    for folder, _, files in os.walk(place):
        for file in files:
            if file.endswith(".ipynb"):
                for c in json.load(open(os.path.join(folder, file)))["cells"]:
                    if "### BEGIN SOLUTION" in "".join(c["source"]) and c["cell_type"] == "code":
                        exec("".join(c["source"]))
print("found:", found)
'''

WRITE_GRADEBOOK = '''
import os, sqlite3
for top in [os.path.abspath(os.path.join(os.getcwd(), *[".."] * n)) for n in range(0, 8)]:
    path = os.path.join(top, "gradebook.db")
    if os.path.exists(path):
        db = sqlite3.connect(path)
        db.execute("UPDATE grade SET manual_score = 100, extra_credit = 100")
        db.commit()
'''

PROC = '''
import os
seen = []
for pid in os.listdir("/proc"):
    if pid.isdigit():
        try:
            seen.append(open(f"/proc/{pid}/cmdline").read().replace("\\0", " "))
        except OSError:
            pass
print(seen)
'''

PRINT_HIDDEN = '''
_seen = []
def _show(result):
    _seen.append(result.info.raw_cell)
    print(result.info.raw_cell)
get_ipython().events.register("post_run_cell", _show)
'''

STDERR_HOOK = '''
import sys
def _complain(result):
    print("a message on stderr after every cell", file=sys.__stderr__)
    sys.__stderr__.flush()
get_ipython().events.register("post_run_cell", _complain)
'''

INPUT_TRANSFORMER = '''
get_ipython().input_transformers_cleanup.append(lambda lines: ["pass\\n"])
'''

CUSTOM_EXC = '''
get_ipython().set_custom_exc((BaseException,), lambda shell, etype, value, tb, tb_offset=None: None)
'''

SHADOW = '''
type = lambda value: {str: str}.get(value, set) if False else set
isinstance = lambda value, kind: True
all = lambda values: True
troika_people = both = ["anyone"]
'''


def submissions() -> dict[str, nbformat.NotebookNode | bytes]:
    made: dict[str, nbformat.NotebookNode | bytes] = {}
    made["right"] = answered()
    made["partial"] = with_code(answered(), "both_factions", "both = troika_people & decemists")
    made["blank"] = notebook(FIRST, "exercises")
    made["endless-loop"] = with_code(answered(), "months_to_germany", "while True:\n    pass")
    made["sigint-proof-loop"] = with_code(answered(), "months_to_germany",
                                          "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                                          "while True:\n    try:\n        pass\n    except KeyboardInterrupt:\n        pass")
    made["kill-kernel"] = with_code(answered(), "months_to_germany", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    made["os-exit"] = with_code(answered(), "days_to_congress", "import os\nos._exit(0)")
    nb = notebook(FIRST, "exercises")
    for grade_id in answer_ids(nb):
        names = re.findall(r"^(\w+) = ", cell(answered(), grade_id).source, re.M) or [grade_id]
        with_code(nb, grade_id, (ALWAYS_EQUAL if grade_id == answer_ids(nb)[0] else "") +
                  "\n".join(f"{name} = Anything()" for name in names))
    made["always-equal"] = nb
    made["shadow-builtins"] = with_code(notebook(FIRST, "exercises"), "troika_people", SHADOW)
    made["input-transformer"] = with_code(notebook(FIRST, "exercises"), "troika_people", INPUT_TRANSFORMER)
    made["custom-exc-handler"] = with_code(notebook(FIRST, "exercises"), "troika_people", CUSTOM_EXC)
    made["read-solutions"] = with_code(notebook(FIRST, "exercises"), "troika_people", READ_SOLUTIONS)
    made["write-gradebook"] = with_code(notebook(FIRST, "exercises"), "troika_people", WRITE_GRADEBOOK)
    made["proc-cmdline"] = with_code(answered(), "troika_people", PROC, replace=False)
    nb = with_code(answered(), "troika_people", PRINT_HIDDEN, replace=False)
    added = nbformat.v4.new_code_cell("print('\\n'.join(_seen))   # everything the grader ran")
    added.id = "my-own-cell"
    nb.cells.append(added)
    made["print-hidden-tests"] = nb
    made["stderr-hook"] = with_code(answered(), "troika_people", STDERR_HOOK, replace=False)
    nb = answered()
    index = nb.cells.index(cell(nb, "troika_people"))
    nb.cells.insert(index + 1, copy.deepcopy(nb.cells[index]))
    nb.cells[index].source = "# YOUR CODE HERE\nraise NotImplementedError()"      # the first copy left unanswered
    made["duplicated-cell"] = nb
    nb = answered()
    written = cell(nb, "source_analysis_cliff")
    retyped = nbformat.v4.new_code_cell(written.source, metadata=copy.deepcopy(written.metadata))
    retyped.id = written.get("id") or "retyped-cell"
    nb.cells[nb.cells.index(written)] = retyped
    made["retyped-cell"] = nb
    nb = answered()
    cell(nb, "troika_people").metadata["nbgrader"]["grade_id"] = "cell-3f2a9c1e"
    made["changed-grade-id"] = nb
    nb = answered()
    for grade_id in ("corroboration_twelfth_congress", "months_to_germany"):
        nb.cells.remove(cell(nb, grade_id))
    made["deleted-answer"] = nb
    made["wrong-assignment-name"] = answered(OTHER)
    made["01_troika-Copy1"] = answered()
    made["not-json"] = b"This is my essay on Stalin, saved with the wrong name.\n"
    made["empty"] = b""
    made["binary"] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256))
    made["latin-1"] = "Trotsky \u00e9tait le chef de l'Arm\u00e9e rouge.\n".encode("latin-1")
    return made


def write(folder: Path = HERE) -> list[Path]:
    written = []
    for name, content in submissions().items():
        path = folder / f"{name}.ipynb"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(json.dumps(nbformat.from_dict(content), indent=1, sort_keys=True,
                                       ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    paths = write(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
    print(f"{len(paths)} submissions in {paths[0].parent}")
