"""nbgrader for the graded assignments: quiet test cells, regenerate exercises/, grade submissions.

- `quiet()` wraps the body of every autograded test cell. nbgrader gives a test cell 0
  points if it writes anything to stderr, even when every assertion passed; student code
  the test touches may warn (pandas), log (matplotlib's "building the font cache") or print
  there. Errors still propagate, so a wrong answer still fails.
- `release()` regenerates the student versions (exercises/) from the instructor versions
  (solutions/) with `nbgrader generate_assignment`, in a temporary copy of the course, so
  no gradebook or log ever lands in the repository.
- `grade()` autogrades a folder of submissions in a separate course folder, showing progress,
  and writes a grade table (CSV) and per-student feedback (HTML). It only reads the submissions.

Nothing here knows an answer: the answer keys live only in the hidden tests in solutions/.
This module is imported inside students' kernels (by the test cells), so it imports only
the standard library at the top; nbgrader is imported when a command needs it.
"""
from __future__ import annotations

import contextlib
import csv
import io
import logging
import os
import re
import shutil
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

CONFIG = "nbgrader_config.py"
SOURCE, RELEASE = "solutions", "exercises"   # as set in the course's nbgrader_config.py
SKIP = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc")


class GradingError(RuntimeError):
    """Something the instructor has to fix before grading can go on; the message says what."""


# --- inside the test cells ------------------------------------------------------------

@contextlib.contextmanager
def quiet():
    """Run the body of a test cell with warnings, logging and stderr kept out of its output."""
    with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        # matplotlib and pandas report through logging, whose last-resort handler writes to stderr.
        previous = logging.root.manager.disable
        logging.disable(logging.CRITICAL)
        saved = _silence_fd(2)   # C libraries write to file descriptor 2, past sys.stderr
        try:
            yield
        finally:
            _restore_fd(2, saved)
            logging.disable(previous)


def _silence_fd(fd: int) -> int | None:
    try:
        saved = os.dup(fd)
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), fd)
        return saved
    except OSError:      # no such descriptor (some embedded interpreters): nothing to silence
        return None


def _restore_fd(fd: int, saved: int | None) -> None:
    if saved is not None:
        os.dup2(saved, fd)
        os.close(saved)


# --- the course ---------------------------------------------------------------------------

def default_course() -> Path:
    """The repository this package was installed from (editable install), else the current folder."""
    repository = Path(__file__).resolve().parents[1]
    if (repository / CONFIG).is_file() and (repository / SOURCE).is_dir():
        return repository
    return Path.cwd()


def assignments(course: Path) -> list[str]:
    """The assignment names: folders of solutions/ that hold a notebook."""
    folder = Path(course) / SOURCE
    if not folder.is_dir():
        raise GradingError(f"{folder} does not exist: is {course} the course folder (with {CONFIG})?")
    return sorted(d.name for d in folder.iterdir() if d.is_dir() and any(d.glob("*.ipynb")))


def notebook_names(course: Path, assignment: str) -> list[str]:
    return sorted(p.stem for p in (Path(course) / SOURCE / assignment).glob("*.ipynb"))


def _nbgrader_api(root: Path):
    """nbgrader's own Python API on a course folder, configured by its nbgrader_config.py."""
    # nbgrader runs a bare `alembic` to create the gradebook: use the one beside this Python.
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(CONFIG, path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    config.NbGraderAPI.log_level = "WARN"
    return NbGraderAPI(CourseDirectory(config=config), config=config)


def _check(result: dict, what: str) -> None:
    if not result.get("success"):
        detail = (result.get("error") or "") + (result.get("log") or "")
        raise GradingError(f"nbgrader could not {what}:\n{detail.strip()[-3000:]}")


@contextlib.contextmanager
def _output_to(log: Path):
    """Send everything written to stdout/stderr (nbgrader, kernels) to a log file for a while."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(log, "ab") as handle:
        os.dup2(handle.fileno(), 1)
        os.dup2(handle.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


# --- release ------------------------------------------------------------------------------

def release(course: Path | None = None, names: list[str] | None = None, out: Path | None = None,
            progress=print) -> list[str]:
    """Regenerate the student versions with `nbgrader generate_assignment`.

    Runs nbgrader in a temporary copy of the course and copies its release folder to `out`
    (default: the course's exercises/), replacing what was there. With no `names`, every
    assignment is regenerated and folders in `out` with no instructor version are removed.
    """
    course = Path(course or default_course()).resolve()
    every = assignments(course)
    names = list(names or every)
    unknown = sorted(set(names) - set(every))
    if unknown:
        raise GradingError(f"no assignment {', '.join(unknown)} in {course / SOURCE}; there are: {', '.join(every)}")
    out = Path(out or course / RELEASE)
    with tempfile.TemporaryDirectory(prefix="succession-release-") as tmp:
        work = Path(tmp)
        shutil.copy(course / CONFIG, work / CONFIG)
        for name in names:
            shutil.copytree(course / SOURCE / name, work / SOURCE / name, ignore=SKIP)
        with _output_to(work / "nbgrader.log"):
            api = _nbgrader_api(work)
            results = {name: api.generate_assignment(name, force=True, create=True) for name in names}
        for name in names:
            _check(results[name], f"generate {name}")
            target = out / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(work / RELEASE / name, target, ignore=SKIP)
            progress(f"{name}: {', '.join(sorted(p.name for p in target.iterdir()))} -> {target}")
    if names == every and out.is_dir():
        for stray in sorted(d for d in out.iterdir() if d.is_dir() and d.name not in every):
            shutil.rmtree(stray)
            progress(f"removed {stray}: it has no instructor version in {SOURCE}/")
    return names


# --- grade --------------------------------------------------------------------------------

LAYOUTS = """\
Submission folder layouts (one folder or file per student):
  <folder>/<student>/<assignment>/<notebook>.ipynb   nbgrader's submitted/ (from nbgrader collect)
  <folder>/<student>/<notebook>.ipynb                each student's notebook, keeping its name
  <folder>/<student>.ipynb                           one file per student: give --assignment"""


@dataclass(frozen=True)
class Submission:
    student: str
    assignment: str
    notebook: str       # the notebook's name in the assignment (without .ipynb)
    path: Path          # the file as submitted


def find_submissions(folder: Path, course: Path, assignment: str | None = None) -> tuple[list[Submission], list[str]]:
    """The submissions in a folder (see LAYOUTS), and what was skipped, with why."""
    known = {name: notebook_names(course, name) for name in assignments(course)}
    if assignment is not None and assignment not in known:
        raise GradingError(f"no assignment {assignment!r} in {course / SOURCE}; there are: {', '.join(known)}")
    owner = {notebook: name for name, notebooks in known.items() for notebook in notebooks}
    found, skipped = [], []

    def add(student: str, path: Path, name: str | None = None):
        name = name or owner.get(path.stem)
        if name is None or (assignment and name != assignment):
            skipped.append(f"{path}: not a notebook of {assignment or 'any assignment'}")
        elif path.stem not in known[name]:
            skipped.append(f"{path}: {name} has no notebook called {path.name}")
        else:
            found.append(Submission(student, name, path.stem, path))

    for entry in sorted(Path(folder).iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_file() and entry.suffix == ".ipynb":
            if assignment is None or len(known[assignment]) != 1:
                skipped.append(f"{entry}: one file per student needs --assignment (of a one-notebook assignment)")
            else:
                found.append(Submission(entry.stem, assignment, known[assignment][0], entry))
        elif entry.is_dir():
            for path in sorted(entry.glob("*.ipynb")):
                add(entry.name, path)
            for sub in sorted(d for d in entry.iterdir() if d.is_dir() and d.name in known):
                for path in sorted(sub.glob("*.ipynb")):
                    add(entry.name, path, sub.name)
        else:
            skipped.append(f"{entry}: not a student folder or notebook")
    return found, skipped


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def grade(submissions: Path, out: Path | None = None, course: Path | None = None,
          assignment: str | None = None, timeout: int = 30, progress=print) -> Path:
    """Autograde every submission in a folder; write grades_by_student.csv, grades_by_question.csv and feedback.

    `out` becomes an nbgrader course folder of its own (default: next to the submissions,
    named <folder>-graded): instructor versions, a copy of the submissions, the gradebook,
    autograded notebooks and feedback. Hand marking can go on there with nbgrader's
    formgrader. The submissions folder itself is only read.
    """
    submissions = Path(submissions).resolve()
    if not submissions.is_dir():
        raise GradingError(f"{submissions} is not a folder of submissions")
    course = Path(course or default_course()).resolve()
    out = Path(out or submissions.with_name(submissions.name + "-graded")).resolve()
    if _inside(out, submissions) or _inside(submissions, out):
        raise GradingError(f"the output folder {out} must be outside the submissions {submissions}")
    found, skipped = find_submissions(submissions, course, assignment)
    for reason in skipped:
        progress(f"skipped {reason}")
    if not found:
        raise GradingError(f"no submissions found in {submissions}.\n{LAYOUTS}")
    pairs = sorted({(s.student, s.assignment) for s in found})
    names = sorted({name for _, name in pairs})

    out.mkdir(parents=True, exist_ok=True)
    log = out / "grading.log"
    config = (course / CONFIG).read_text(encoding="utf-8")
    (out / CONFIG).write_text(config + f"\n# Set by `python -m succession grade`\nc.Execute.timeout = {int(timeout)}\n",
                              encoding="utf-8")
    for name in names:
        if (out / SOURCE / name).exists():
            shutil.rmtree(out / SOURCE / name)
        shutil.copytree(course / SOURCE / name, out / SOURCE / name, ignore=SKIP)
    for student, name in pairs:   # a fresh copy, so a resubmission replaces the old one
        target = out / "submitted" / student / name
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
    for sub in found:
        shutil.copyfile(sub.path, out / "submitted" / sub.student / sub.assignment / f"{sub.notebook}.ipynb")
        stamp = sub.path.parent / "timestamp.txt"   # nbgrader collect keeps the submission time here
        if sub.path.parent.name == sub.assignment and stamp.is_file():
            shutil.copyfile(stamp, out / "submitted" / sub.student / sub.assignment / "timestamp.txt")

    progress(f"Grading {len(pairs)} submission(s) of {', '.join(names)} with nbgrader "
             f"(at most {timeout} s per cell); working in {out}")
    with _output_to(log):
        api = _nbgrader_api(out)
        prepared = {name: api.generate_assignment(name, force=True, create=True) for name in names}
    for name in names:
        _check(prepared[name], f"prepare {name}")

    failures = {}
    width = len(str(len(pairs)))
    for number, (student, name) in enumerate(pairs, start=1):
        started = time.monotonic()
        with _output_to(log):
            result = feedback = api.autograde(name, student, force=True, create=True)
            if result.get("success"):
                feedback = api.generate_feedback(name, student, force=True)
        _keep_log(log, f"{student} {name}", result, *([feedback] if feedback is not result else []))
        if not result.get("success"):
            failures[(student, name)] = _last_line(result)
            verdict = f"FAILED: {failures[(student, name)]}"
        else:
            if not feedback.get("success"):
                failures[(student, name)] = "feedback failed: " + _last_line(feedback)
            verdict = _summary(api, name, student)
        progress(f"[{number:{width}}/{len(pairs)}] {student} {name}: {verdict} "
                 f"({time.monotonic() - started:.1f} s)")

    table = _write_tables(api, out, pairs, failures)
    progress(f"Grade table: {table}\nPer question: {out / 'grades_by_question.csv'}\n"
             f"Feedback: {out / 'feedback'}/<student>/<assignment>/\nnbgrader's log: {log}")
    return table


def _last_line(result: dict) -> str:
    """The most telling line of a failure: the last real exception, not nbgrader's 'see above'."""
    text = (result.get("log") or "") + "\n" + (result.get("error") or "")
    errors = [line.strip() for line in text.splitlines()
              if re.match(r"\s*[\w.]*(Error|Exception): ", line) and "NbGraderException" not in line]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (errors or lines or ["unknown error"])[-1][:200]


def _keep_log(log: Path, what: str, *results: dict) -> None:
    """nbgrader's API captures its log in the result; keep it in the log file for the instructor."""
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(f"\n===== {what}\n")
        for result in results:
            handle.write((result.get("log") or "") + (result.get("error") or ""))


def _scores(gradebook, name: str, student: str) -> dict:
    """One submission's points: autograded (test cells) and written (marked by hand)."""
    submission = gradebook.find_submission(name, student)
    grades = [g for notebook in submission.notebooks for g in notebook.grades]
    auto = [g for g in grades if g.cell_type == "code"]
    written = [g for g in grades if g.cell_type != "code"]
    return {"submission": submission, "grades": grades,
            "autograded": sum(g.score for g in auto), "autograded_max": sum(g.max_score for g in auto),
            "written": sum(g.score for g in written), "written_max": sum(g.max_score for g in written),
            "to_mark": sum(bool(g.needs_manual_grade) for g in written)}


def _summary(api, name: str, student: str) -> str:
    with api.gradebook as gradebook:
        scores = _scores(gradebook, name, student)
    text = f"autograded {scores['autograded']:g}/{scores['autograded_max']:g}"
    if scores["to_mark"]:
        text += f", {scores['to_mark']} written answer(s) to mark by hand"
    return text


def _write_tables(api, out: Path, pairs, failures) -> Path:
    """grades_by_student.csv: one row per student and assignment; grades_by_question.csv: one row per question."""
    summary_fields = ["student", "assignment", "autograded", "autograded_max", "written", "written_max",
                      "total", "total_max", "answers_to_mark_by_hand", "status", "feedback"]
    summary, questions = [], []
    with api.gradebook as gradebook:
        for student, name in pairs:
            row = dict.fromkeys(summary_fields, "")
            row.update(student=student, assignment=name)
            failure = failures.get((student, name), "")
            if failure and not failure.startswith("feedback"):
                row["status"] = "not graded: " + failure
                summary.append(row)
                continue
            scores = _scores(gradebook, name, student)
            row.update({key: _points(scores[key]) for key in ("autograded", "autograded_max", "written", "written_max")})
            row.update(total=_points(scores["submission"].score), total_max=_points(scores["submission"].max_score),
                       answers_to_mark_by_hand=scores["to_mark"],
                       status=failure or ("written answers to mark" if scores["to_mark"] else "autograded"))
            pages = sorted((out / "feedback" / student / name).glob("*.html"))
            row["feedback"] = "; ".join(str(page.relative_to(out)) for page in pages)
            summary.append(row)
            for g in scores["grades"]:
                questions.append({"student": student, "assignment": name, "notebook": g.notebook.name,
                                  "question": g.name, "kind": "autograded" if g.cell_type == "code" else "written",
                                  "score": _points(g.score), "max_score": _points(g.max_score),
                                  "to_mark_by_hand": bool(g.needs_manual_grade)})
    table = out / "grades_by_student.csv"
    _write_csv(table, summary_fields, summary)
    _write_csv(out / "grades_by_question.csv", ["student", "assignment", "notebook", "question", "kind", "score",
                                                "max_score", "to_mark_by_hand"], questions)
    return table


def _points(value) -> str:
    return f"{float(value):g}"


def _write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
