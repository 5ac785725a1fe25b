"""`python -m succession grade FOLDER`: autograde a folder of submissions, safely, in parallel.

For every file in FOLDER: sort it (intake.py), repair it from the student version (repair.py),
scan it (integrity.py), add the grader's opening and closing check cells, then let workers
(workers.py) run nbgrader on it with the kernel in a sandbox (sandbox.py, execute.py), clean
and check the feedback (feedback_check.py), merge the gradebooks, and write the tables
(tables.py). FOLDER is only read.
"""
from __future__ import annotations

import os
import shutil
import time
import warnings
from pathlib import Path

import nbformat
from nbformat.warnings import MissingIDFieldWarning

from . import GradingError, feedback_check, integrity, repair, sandbox, tables
from . import workers as pool
from .course import CONFIG, RELEASE, SKIP, SOURCE, check, default_course, nbgrader_api, output_to
from .intake import LAYOUTS, Refusal, find_submissions

__all__ = ["grade", "LAYOUTS"]

PREPROCESSORS = ["succession.grading.execute.SandboxedExecute", "nbgrader.preprocessors.IgnorePattern",
                 "nbconvert.preprocessors.ClearMetadataPreprocessor", "nbgrader.preprocessors.LimitOutput",
                 "nbgrader.preprocessors.SaveAutoGrades", "nbgrader.preprocessors.AssignLatePenalties",
                 "nbgrader.preprocessors.CheckCellMetadata"]


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _course_config(course: Path, timeout: int) -> str:
    return (course / CONFIG).read_text(encoding="utf-8") + f"""
# Set by `python -m succession grade`: the kernel runs in a sandbox, a cell that stops it costs
# only that cell, and `nbgrader export` leaves what was not graded blank instead of 0.
c.Execute.timeout = {int(timeout)}
c.Autograde.autograde_preprocessors = {PREPROCESSORS!r}
c.ExportApp.plugin_class = "succession.grading.tables.GradingExport"
"""


def _student_code(nb) -> str:
    """The code nbgrader will run as the student wrote it (locked cells are put back by nbgrader)."""
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "code" and (
        not c.metadata.get("nbgrader") or c.metadata["nbgrader"].get("solution")))


def _prepare(sub, out: Path, secrets: dict, roots: list[str]) -> tuple[dict | None, Refusal | None]:
    """The job for a worker: the repaired notebook with the check cells, and what is known so far."""
    release = nbformat.read(out / RELEASE / sub.assignment / f"{sub.notebook}.ipynb", as_version=4)
    try:
        nb = nbformat.reads(sub.text, as_version=4)
        nb.cells   # noqa: B018 - a notebook without cells fails here
    except Exception as error:   # noqa: BLE001 - nbformat raises many kinds
        return None, Refusal(sub.student, sub.assignment, sub.path,
                             f"not a Jupyter notebook nbgrader can read: {str(error).splitlines()[0][:150]}")
    nb, repairs = repair.repair(nb, release)
    findings = []
    for cell in nb.cells:
        if cell.cell_type == "code" and (not cell.metadata.get("nbgrader") or cell.metadata["nbgrader"].get("solution")):
            findings += integrity.scan_code(cell.source)
    solution = secrets[sub.assignment]
    own = feedback_check.own_lines(nb)
    findings += integrity.secret_findings("\n".join(feedback_check._norm(x) for x in own),
                                          solution - set(secrets["__code__" + sub.assignment]))
    token = integrity.new_token()
    nb.cells.insert(0, integrity.start_cell(token, roots))
    nb.cells.append(integrity.end_cell())
    stamp = sub.path.parent / "timestamp.txt"
    return {"student": sub.student, "assignment": sub.assignment, "notebook": sub.notebook,
            "text": nbformat.writes(nb), "token": token, "secrets": sorted(solution - own),
            "timestamp": stamp.read_text(encoding="utf-8", errors="replace").strip()
            if sub.path.parent.name == sub.assignment and stamp.is_file() else "",
            "notes": sub.notes + repairs, "findings": list(dict.fromkeys(findings)),
            "file": str(sub.path)}, None


def grade(submissions: Path, out: Path | None = None, course: Path | None = None, assignment: str | None = None,
          timeout: int = 30, workers: int | None = None, progress=print) -> Path:
    """Autograde every submission in a folder; write grades_by_student.csv, grades_by_question.csv and feedback.

    `out` becomes an nbgrader course folder of its own (default: next to the submissions, named
    <folder>-graded): instructor versions, the gradebook, autograded notebooks and feedback.
    Hand marking can go on there with nbgrader's formgrader. The submissions folder is only read.
    """
    started = time.monotonic()
    # Students' notebooks often lack cell ids (repair.py gives them); nbformat warns on stderr.
    warnings.filterwarnings("ignore", category=MissingIDFieldWarning)
    submissions = Path(submissions).resolve()
    if not submissions.is_dir():
        raise GradingError(f"{submissions} is not a folder of submissions")
    course = Path(course or default_course()).resolve()
    out = Path(out or submissions.with_name(submissions.name + "-graded")).resolve()
    if _inside(out, submissions) or _inside(submissions, out):
        raise GradingError(f"the output folder {out} must be outside the submissions {submissions}")
    if _inside(out, course / SOURCE) or _inside(course / SOURCE, out):
        raise GradingError(f"the output folder {out} must be outside the instructor versions {course / SOURCE}")

    why_not = sandbox.probe()
    isolation = "bubblewrap" if why_not is None else f"NONE: {why_not}"
    if why_not is None:
        progress("Sandbox: each kernel runs in bubblewrap (no network, no other files, its own /tmp).")
    else:
        progress(f"WARNING: NOT ISOLATED. {why_not}.\n  Students' code runs with the grader's rights and "
                 "could read the answers or change the gradebook: check every total by hand.")

    found, refused = find_submissions(submissions, course, assignment)
    if not found and not refused:
        raise GradingError(f"no submissions found in {submissions}.\n{LAYOUTS}")
    names = sorted({s.assignment for s in found})

    out.mkdir(parents=True, exist_ok=True)
    log = out / "grading.log"
    (out / CONFIG).write_text(_course_config(course, timeout), encoding="utf-8")
    for name in names:
        if (out / SOURCE / name).exists():
            shutil.rmtree(out / SOURCE / name)
        shutil.copytree(course / SOURCE / name, out / SOURCE / name, ignore=SKIP)
    shutil.rmtree(out / ".work", ignore_errors=True)
    jupyter = out / ".work" / "jupyter"
    sandbox.install_kernelspec(jupyter, isolated=why_not is None)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(jupyter), os.environ.get("JUPYTER_PATH")]))

    with output_to(log):
        api = nbgrader_api(out)
        prepared = {name: api.generate_assignment(name, force=True, create=True) for name in names}
    for name in names:
        check(prepared[name], f"prepare {name}")

    secrets = {}
    for name in names:
        solution = nbformat.read(out / SOURCE / name / f"{name}.ipynb", as_version=4)
        released = nbformat.read(out / RELEASE / name / f"{name}.ipynb", as_version=4)
        secrets[name] = feedback_check.secret_lines(solution, released)
        code = [c for c in solution.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")]
        secrets["__code__" + name] = feedback_check.secret_lines(nbformat.v4.new_notebook(cells=code), released)
    roots = sandbox._package_folders()
    jobs = []
    for sub in found:
        job, refusal = _prepare(sub, out, secrets, roots)
        if refusal:
            refused.append(refusal)
        else:
            jobs.append(job)

    count = len(jobs)
    workers = workers or len(os.sched_getaffinity(0))
    progress(f"Grading {count} submission(s) of {', '.join(names) or 'no assignment'} with nbgrader, "
             f"{min(workers, max(count, 1))} at a time (at most {timeout} s per cell); working in {out}")
    for r in refused:
        progress(f"not graded: {r.path.relative_to(submissions)}: {r.reason}")
    by_pair = {(j["student"], j["assignment"]): j for j in jobs}
    width = len(str(count))
    rows_by_pair = {}

    def on_result(number, result):
        job = by_pair[(result["student"], result["assignment"])]
        row = _row(job, result, submissions, isolation)
        rows_by_pair[(job["student"], job["assignment"])] = row
        elapsed = time.monotonic() - started
        progress(f"[{number:{width}}/{count}] {job['student']} {job['assignment']}: {row['status']}"
                 f"{': ' + row['reason'] if row['reason'] else ''} ({elapsed:.0f} s, "
                 f"{number / elapsed * 60:.0f} a minute)")

    results = pool.run(jobs, out, workers, on_result) if jobs else []
    review = {pair for pair, row in rows_by_pair.items() if row["status"] == "review by hand"}
    pool.merge(out, results, review)
    rows = [rows_by_pair[(j["student"], j["assignment"])] for j in jobs]
    rows += [{"student": r.student, "assignment": r.assignment, "file": str(r.path.relative_to(submissions)),
              "status": "not graded", "reason": r.reason, "sandbox": isolation} for r in refused]
    rows.sort(key=lambda r: (r["student"], r["assignment"], r["file"]))
    table = tables.write(nbgrader_api(out), out, rows)
    counts = {}
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
    progress(", ".join(f"{n} {s}" for s, n in sorted(counts.items())) +
             f" in {time.monotonic() - started:.0f} s.\nGrade table: {table}\n"
             f"Per question: {out / 'grades_by_question.csv'}\nFeedback: {out / 'feedback'}/<student>/<assignment>/\n"
             f"nbgrader's log: {log} (and {out / '.work'}/worker-*/nbgrader.log)")
    if why_not is not None:
        progress(f"WARNING: NOT ISOLATED ({why_not}): check every total by hand.")
    return table


def _row(job: dict, result: dict, submissions: Path, isolation: str) -> dict:
    row = {"student": job["student"], "assignment": job["assignment"],
           "file": str(Path(job["file"]).relative_to(submissions)), "sandbox": isolation}
    if "failed" in result:
        return row | {"status": "not graded", "reason": f"nbgrader could not grade it: {result['failed']}"}
    notes = list(job["notes"])
    stopped = result.get("stopped", {})
    for index, reason in stopped.get("stopped", {}).items():
        gid = stopped.get("stopped_ids", {}).get(index)
        where = f"the cell {gid!r}" if gid else f"cell {int(index)} (counting the grader's first cell as 0)"
        notes.append(f"{where} stopped the kernel ({reason}): it scored 0, the rest was graded without it")
    findings = list(job["findings"]) + list(result.get("findings", []))
    if result.get("leaked"):
        findings.append(f"feedback withheld: it showed {len(result['leaked'])} line(s) of the hidden tests, "
                        f"mark schemes or solutions (e.g. {result['leaked'][0][:60]!r})")
    if result.get("feedback_failed"):
        notes.append(f"no feedback page: {result['feedback_failed']}")
    if findings:
        return row | {"status": "review by hand", "reason": "; ".join(dict.fromkeys(findings + notes)), "graded": True}
    if notes:
        return row | {"status": "graded with repairs", "reason": "; ".join(notes), "graded": True}
    return row | {"status": "graded", "reason": "", "graded": True}
