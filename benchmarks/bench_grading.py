"""How long nbgrader takes to autograde one of our assignments, against a trivial notebook.

    .venv/bin/python benchmarks/bench_grading.py [ASSIGNMENT] [--students 20]

Builds a course in a temporary folder with two assignments: ours (default: the first in
solutions/) and a one-question notebook. Gives each the same number of answered
submissions, runs `nbgrader autograde` on each (one process per assignment, as an
instructor would), and prints the time per submission and the ratio. Goal: ours costs
no more than 1.5 times the trivial one. Not a test: the figure depends on the machine.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
STUB = "# YOUR CODE HERE\nraise NotImplementedError()"


def trivial_notebook() -> nbformat.NotebookNode:
    """One question, one test: the least work nbgrader can be asked to do."""
    def nbgrader(grade_id, **kw):
        return {"nbgrader": {"schema_version": 3, "grade_id": grade_id, "locked": False, "task": False, **kw}}
    answer = new_code_cell("### BEGIN SOLUTION\nanswer = 42\n### END SOLUTION")
    answer.metadata = nbgrader("answer", solution=True, grade=False)
    test = new_code_cell('"""Check the answer"""\nassert answer == 42')
    test.metadata = nbgrader("test_answer", solution=False, grade=True, points=1)
    test.metadata["nbgrader"]["locked"] = True
    nb = new_notebook(cells=[new_markdown_cell("# Trivial\nSet `answer` to 42."), answer, test])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def answered(source: Path, release: Path) -> nbformat.NotebookNode:
    """The released notebook with every answer filled in from the instructor version."""
    solutions = {}
    for cell in nbformat.read(source, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            found = re.search(r"### BEGIN SOLUTION\n(.*?)\n\s*### END SOLUTION", cell.source, re.S)
            solutions[meta["grade_id"]] = found.group(1) if found else cell.source
    nb = nbformat.read(release, as_version=4)
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            cell.source = (cell.source.replace(STUB, solutions[meta["grade_id"]]) if cell.cell_type == "code"
                           else "A written answer, to be marked by hand.")
    return nb


def nbgrader(course: Path, *args: str) -> float:
    started = time.perf_counter()
    run = subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"nbgrader {' '.join(args)} failed:\n{run.stderr[-3000:]}")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    assignments = sorted(d.name for d in (ROOT / "solutions").iterdir() if d.is_dir())
    parser.add_argument("assignment", nargs="?", default=assignments[0], choices=assignments)
    parser.add_argument("--students", type=int, default=20)
    args = parser.parse_args()
    os.environ["PATH"] = str(BIN) + os.pathsep + os.environ.get("PATH", "")   # nbgrader runs a bare `alembic`

    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        course = Path(tmp)
        shutil.copy(ROOT / "nbgrader_config.py", course)
        shutil.copytree(ROOT / "solutions" / args.assignment, course / "solutions" / args.assignment)
        (course / "solutions" / "trivial").mkdir(parents=True)
        nbformat.write(trivial_notebook(), course / "solutions" / "trivial" / "trivial.ipynb")
        for name in (args.assignment, "trivial"):
            nbgrader(course, "generate_assignment", name, "--force")
            notebook = answered(course / "solutions" / name / f"{name}.ipynb", course / "exercises" / name / f"{name}.ipynb")
            for number in range(args.students):
                folder = course / "submitted" / f"student{number:02}" / name
                folder.mkdir(parents=True)
                nbformat.write(notebook, folder / f"{name}.ipynb")

        # Trivial first, then ours, then trivial again: the machine warms up (disk caches), so
        # the trivial figure is the better of its two runs.
        trivial = min(nbgrader(course, "autograde", "trivial", "--force") for _ in range(2)) / args.students
        ours = nbgrader(course, "autograde", args.assignment, "--force") / args.students

    ratio = ours / trivial
    print(f"nbgrader autograde, {args.students} submissions each, one process per assignment:")
    print(f"  trivial one-question notebook: {trivial:5.2f} s per submission")
    print(f"  {args.assignment:29}: {ours:5.2f} s per submission")
    print(f"  ratio {ratio:.2f} (goal: at most 1.5) -> {'met' if ratio <= 1.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
