"""How fast grading is: `python -m succession grade` against plain `nbgrader autograde`, same folder.

    .venv/bin/python benchmarks/bench_grading.py [--students 30] [--workers N]

Builds a course in a temporary folder holding our four assignments and a trivial one-question
notebook, gives each of --students students an answered submission of each of our assignments
(30 x 4 = 120 by default), and times:

  1. plain `nbgrader autograde`, one assignment after another (one submission at a time,
     no sandbox, no feedback);
  2. `python -m succession grade` on the same submissions (sandboxed, repaired, checked,
     feedback written, in parallel);
  3. one submission of ours against one trivial notebook through `python -m succession grade`
     with one worker (the cost of --repeat more submissions, so the fixed set-up cancels out).

Prints the figures. Goals: at least 50 submissions a minute on 2 cores; one of ours at most
1.5 times the trivial one. Not a test: the figures depend on the machine and its load.
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


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    run = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{run.stdout[-2000:]}\n{run.stderr[-3000:]}")
    return time.perf_counter() - started


def grade(course: Path, folder: Path, out: Path, workers: int | None) -> float:
    command = [sys.executable, "-m", "succession", "grade", str(folder), "--out", str(out), "--course", str(course)]
    return timed(command + (["--workers", str(workers)] if workers else []), course)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--workers", type=int, help="for python -m succession grade (default: one per core)")
    parser.add_argument("--repeat", type=int, default=4, help="submissions each for the per-submission cost")
    args = parser.parse_args()
    os.environ["PATH"] = str(BIN) + os.pathsep + os.environ.get("PATH", "")   # nbgrader runs a bare `alembic`
    ours = sorted(d.name for d in (ROOT / "solutions").iterdir() if d.is_dir() and any(d.glob("*.ipynb")))

    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        course = Path(tmp) / "course"
        course.mkdir()
        shutil.copy(ROOT / "nbgrader_config.py", course)
        for name in ours:
            shutil.copytree(ROOT / "solutions" / name, course / "solutions" / name)
        (course / "solutions" / "trivial").mkdir(parents=True)
        nbformat.write(trivial_notebook(), course / "solutions" / "trivial" / "trivial.ipynb")
        notebooks = {}
        for name in ours + ["trivial"]:
            timed([str(BIN / "nbgrader"), "generate_assignment", name, "--force"], course)
            notebooks[name] = answered(course / "solutions" / name / f"{name}.ipynb",
                                       course / "exercises" / name / f"{name}.ipynb")
        for number in range(args.students):
            for name in ours:
                folder = course / "submitted" / f"student{number:02}" / name
                folder.mkdir(parents=True)
                nbformat.write(notebooks[name], folder / f"{name}.ipynb")
        count = args.students * len(ours)

        plain = sum(timed([str(BIN / "nbgrader"), "autograde", name, "--force"], course) for name in ours)
        shutil.copytree(course / "submitted", Path(tmp) / "folder")
        ours_time = grade(course, Path(tmp) / "folder", Path(tmp) / "out", args.workers)

        # Per submission: (time for 1 + repeat submissions - time for 1) / repeat, one worker, so
        # the fixed set-up (generate_assignment, the sandbox check) cancels out.
        one = {}
        for name in (ours[0], "trivial"):
            runs = []
            for count_here in (1, 1 + args.repeat):
                folder = Path(tmp) / f"one-{name}-{count_here}"
                for number in range(count_here):
                    (folder / f"s{number}" / name).mkdir(parents=True)
                    nbformat.write(notebooks[name], folder / f"s{number}" / name / f"{name}.ipynb")
                runs.append(grade(course, folder, Path(tmp) / f"out-{name}-{count_here}", 1))
            one[name] = (runs[1] - runs[0]) / args.repeat

    print(f"{count} submissions ({args.students} students x {len(ours)} assignments):")
    print(f"  plain nbgrader autograde, one at a time     : {plain:6.1f} s, {count / plain * 60:5.1f} a minute")
    print(f"  python -m succession grade (sandbox, checks, feedback, {args.workers or len(os.sched_getaffinity(0))} "
          f"workers): {ours_time:6.1f} s, {count / ours_time * 60:5.1f} a minute (goal: at least 50)")
    ratio = one[ours[0]] / one["trivial"]
    print(f"one submission through python -m succession grade, 1 worker (the cost of {args.repeat} more):")
    print(f"  trivial one-question notebook: {one['trivial']:5.2f} s")
    print(f"  {ours[0]:29}: {one[ours[0]]:5.2f} s")
    print(f"  ratio {ratio:.2f} (goal: at most 1.5) -> {'met' if ratio <= 1.5 else 'NOT met'}")


if __name__ == "__main__":
    main()
