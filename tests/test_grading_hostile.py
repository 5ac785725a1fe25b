"""Hostile and awkward submissions, graded once with `python -m succession grade` (real nbgrader).

The fixtures are the named files in tests/files/submissions/ (made by make_submissions.py,
all on 01_troika unless named). Honest work is scored exactly; every cheat gets 0 or is marked
"review by hand" with its reason; every refusal is in plain words; no feedback page shows a
line of the hidden tests, mark schemes or solutions; the submissions folder is left as it was.
"""
from __future__ import annotations

import csv
import hashlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
FILES = ROOT / "tests" / "files" / "submissions"
FIRST = "01_troika"
CELL_TIMEOUT = 20    # seconds per cell: generous, so a loaded CI machine never stops an honest cell

pytestmark = pytest.mark.slow

spec = importlib.util.spec_from_file_location("make_submissions", FILES / "make_submissions.py")
make = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make)


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    subs = base / "submissions"
    for path in sorted(FILES.glob("*.ipynb")):
        if path.stem == f"{FIRST}-Copy1":
            for student in ("copier", "two-copies"):
                (subs / student).mkdir(parents=True, exist_ok=True)
                shutil.copy(path, subs / student / path.name)
            shutil.copy(FILES / "right.ipynb", subs / "two-copies" / f"{FIRST}.ipynb")
        else:
            (subs / path.stem / FIRST).mkdir(parents=True)      # nbgrader's submitted/ layout
            shutil.copy(path, subs / path.stem / FIRST / f"{FIRST}.ipynb")
    (subs / "right" / "essay.txt").write_text("my notes on the troika", encoding="utf-8")
    before = digest(subs)
    env = dict(os.environ, MPLCONFIGDIR=str(base / "matplotlib"))
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    run = subprocess.run([sys.executable, "-m", "succession", "grade", str(subs), "--out", str(base / "out"),
                          "--course", str(ROOT), "--timeout", str(CELL_TIMEOUT)],
                         capture_output=True, text=True, timeout=1800, env=env)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    export = subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "export"], cwd=base / "out",
                            capture_output=True, text=True, timeout=300, env=env)
    assert export.returncode == 0, export.stderr[-2000:]
    return {"out": base / "out", "stdout": run.stdout, "unchanged": digest(subs) == before}


def table(graded, name="grades_by_student.csv") -> list[dict]:
    with open(graded["out"] / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def row(graded, student, assignment=FIRST) -> dict:
    found = [r for r in table(graded) if r["student"] == student and r["assignment"] == assignment
             and r["status"] != "not graded"] or [r for r in table(graded) if r["student"] == student]
    return found[0]


def autograded(graded, student) -> float:
    return float(row(graded, student)["autograded"])


def full(assignment=FIRST) -> float:
    nb = make.notebook(assignment, "solutions")
    return sum(make.meta(c)["points"] for c in nb.cells if make.meta(c).get("grade") and c.cell_type == "code")


def points(grade_id, assignment=FIRST) -> float:
    return make.meta(make.cell(make.notebook(assignment, "solutions"), grade_id))["points"]


def test_the_fixture_files_are_up_to_date(tmp_path):
    """make_submissions.py has been run since solutions/ or exercises/ changed."""
    for path in make.write(tmp_path):
        assert path.read_bytes() == (FILES / path.name).read_bytes(), \
            f"{path.name} is out of date: run .venv/bin/python tests/files/submissions/make_submissions.py"


def test_the_submissions_folder_is_unchanged(graded):
    assert graded["unchanged"]


def test_every_file_has_a_row_and_the_sandbox_is_named(graded):
    rows = table(graded)
    files = {r["file"] for r in rows}
    expected = {f"{p.stem}/{FIRST}/{FIRST}.ipynb" for p in FILES.glob("*.ipynb") if "Copy1" not in p.stem}
    expected |= {f"copier/{FIRST}-Copy1.ipynb", f"two-copies/{FIRST}-Copy1.ipynb", f"two-copies/{FIRST}.ipynb",
                 "right/essay.txt"}
    assert files == expected
    assert {r["status"] for r in rows} <= {"graded", "graded with repairs", "review by hand", "not graded"}
    assert all(r["sandbox"] == "bubblewrap" for r in rows), "bwrap is installed here and in CI"
    assert graded["stdout"].startswith("Sandbox: each kernel runs in bubblewrap")


def test_progress_counts_every_graded_submission(graded):
    lines = [line for line in graded["stdout"].splitlines() if re.match(r"\[ *\d+/\d+\]", line)]
    graded_rows = [r for r in table(graded) if r["status"] != "not graded"]
    assert len(lines) == len(graded_rows) and lines[-1].startswith(f"[{len(lines)}/{len(lines)}]")


def test_honest_submissions_are_scored_exactly(graded):
    assert row(graded, "right")["status"] == "graded" and autograded(graded, "right") == full()
    assert row(graded, "blank")["status"] == "graded" and float(row(graded, "blank")["total"]) == 0
    assert row(graded, "partial")["status"] == "graded"
    assert autograded(graded, "partial") == full() - points("test_both_factions")


@pytest.mark.parametrize("student", ["always-equal", "shadow-builtins", "read-solutions", "write-gradebook",
                                     "custom-exc-handler"])
def test_cheats_get_nothing_and_are_sent_for_review(graded, student):
    r = row(graded, student)
    assert r["status"] == "review by hand" and r["reason"], r
    assert autograded(graded, student) == 0, r
    assert float(r["total"]) == 0, "no written marks were forged either"


@pytest.mark.parametrize("student, reason", [
    ("always-equal", "defines its own comparisons (__eq__"),
    ("shadow-builtins", "hides Python's built-in isinstance()"),
    ("input-transformer", "adds an input transformer"),
    ("custom-exc-handler", "installs a custom exception handler"),
    ("read-solutions", "mentions the instructor's solutions folder"),
    ("write-gradebook", "uses SQLite"),
    ("proc-cmdline", "reads /proc"),
    ("print-hidden-tests", "registered an IPython post_run_cell hook"),
    ("stderr-hook", "registered an IPython post_run_cell hook"),
    ("os-exit", "stops the kernel at once (os._exit)"),
    ("kill-kernel", "sends signals to processes"),
    ("sigint-proof-loop", "changes how the kernel answers signals"),
])
def test_tampering_is_marked_for_review_with_the_reason(graded, student, reason):
    r = row(graded, student)
    assert r["status"] == "review by hand" and reason in r["reason"], r


def test_a_transformer_that_skips_the_tests_is_caught_by_the_closing_check(graded):
    assert "the grader's closing check did not report" in row(graded, "input-transformer")["reason"]


def test_the_sandbox_hid_the_course_from_the_kernel(graded):
    """read-solutions and proc-cmdline ran, found nothing of the grader's, and the gradebook is intact."""
    nb = nbformat.read(graded["out"] / "autograded" / "read-solutions" / FIRST / f"{FIRST}.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "found: []" in printed, printed[-500:]
    nb = nbformat.read(graded["out"] / "autograded" / "proc-cmdline" / FIRST / f"{FIRST}.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "ipykernel_launcher" in printed and "succession grade" not in printed and "nbgrader" not in printed
    questions = table(graded, "grades_by_question.csv")
    assert not [q for q in questions if float(q["score"]) > float(q["max_score"])]


@pytest.mark.parametrize("student, grade_id", [("endless-loop", "months_to_germany"),
                                               ("sigint-proof-loop", "months_to_germany"),
                                               ("kill-kernel", "months_to_germany"),
                                               ("os-exit", "days_to_congress")])
def test_a_cell_that_stops_the_kernel_costs_only_its_question(graded, student, grade_id):
    r = row(graded, student)
    assert f"the cell '{grade_id}' stopped the kernel" in r["reason"], r
    assert autograded(graded, student) == full() - points(f"test_{grade_id}")


@pytest.mark.parametrize("student, note", [
    ("duplicated-cell", "answer cell 'troika_people' appeared twice"),
    ("retyped-cell", "written answer cell 'source_analysis_cliff' had been changed from markdown to code"),
    ("changed-grade-id", "answer cell 'troika_people' had its grade id changed"),
    ("deleted-answer", "the deleted written answer cell 'corroboration_twelfth_congress' was put back"),
    ("copier", f"a copy named {FIRST}-Copy1.ipynb, graded as {FIRST}"),
])
def test_accidents_are_repaired_and_nothing_is_lost(graded, student, note):
    r = row(graded, student)
    assert r["status"] == "graded with repairs" and note in r["reason"], r
    lost = points("test_months_to_germany") if student == "deleted-answer" else 0
    assert autograded(graded, student) == full() - lost
    assert int(r["answers_to_mark_by_hand"]) >= 1 and r["feedback"].endswith(".html")


def test_another_assignments_notebook_is_graded_as_that_assignment(graded):
    r = row(graded, "wrong-assignment-name", "02_left_opposition")
    assert r["status"] == "graded with repairs" and "this is assignment 02_left_opposition's notebook" in r["reason"]
    assert float(r["autograded"]) == full("02_left_opposition")


@pytest.mark.parametrize("student, reason", [
    ("not-json", "not a Jupyter notebook"), ("empty", "empty file"), ("binary", "is a binary file"),
    ("latin-1", "text in another encoding"), ("right", "essay.txt is a .txt file"),
    ("two-copies", f"a second notebook for {FIRST} ({FIRST}-Copy1.ipynb); {FIRST}.ipynb was graded"),
])
def test_refusals_are_in_plain_words(graded, student, reason):
    r = next(r for r in table(graded) if r["student"] == student and r["status"] == "not graded")
    assert reason in r["reason"] and "Error" not in r["reason"] and "Traceback" not in r["reason"], r
    assert r["total"] == "" and r["autograded"] == ""


def test_nbgrader_export_never_shows_an_ungraded_submission_as_0(graded):
    with open(graded["out"] / "grades.csv", newline="", encoding="utf-8") as handle:
        exported = {(r["student_id"], r["assignment"]): r for r in csv.DictReader(handle)}
    for student in ("not-json", "empty", "binary", "latin-1"):
        assert student not in {s for s, _ in exported}, "a student with nothing graded is not in the gradebook"
    missing = exported[("wrong-assignment-name", FIRST)]
    assert missing["score"] == "" and missing["status"] == "not handed in"
    assert float(exported[("right", FIRST)]["score"]) == full()
    assert exported[("always-equal", FIRST)]["status"].startswith("review by hand")


def test_stderr_costs_nothing(graded):
    r = row(graded, "stderr-hook")
    assert autograded(graded, "stderr-hook") == full(), r


def test_no_feedback_page_shows_a_secret(graded):
    from succession.grading import feedback_check

    pages = list((graded["out"] / "feedback").rglob("*.html"))
    assert len(pages) >= 15
    for page in pages:
        student, assignment = page.relative_to(graded["out"] / "feedback").parts[:2]
        secrets = feedback_check.secret_lines(make.notebook(assignment, "solutions"),
                                              make.notebook(assignment, "exercises"))
        submitted = nbformat.read(graded["out"] / "autograded" / student / page.parent.name / f"{page.stem}.ipynb",
                                  as_version=4)
        shown = feedback_check.leaks(page.read_text(encoding="utf-8"), secrets - feedback_check.own_lines(submitted))
        assert not shown, f"{page}: {shown[:3]}"
        assert "hidden-check" not in page.read_text(encoding="utf-8")


def test_a_page_that_would_leak_is_withheld_and_flagged(graded):
    r = row(graded, "print-hidden-tests")
    assert "feedback withheld" in r["reason"] and "its test cells printed" in r["reason"]
    assert r["feedback"] == "withheld"
    assert not (graded["out"] / "feedback" / "print-hidden-tests").exists()


def test_review_submissions_are_flagged_in_the_gradebook(graded):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{graded['out'] / 'gradebook.db'}", course_id="succession") as gradebook:
        flagged = {s.student.id: any(n.flagged for n in s.notebooks) for s in gradebook.assignment_submissions(FIRST)}
    assert flagged["always-equal"] and not flagged["right"]
