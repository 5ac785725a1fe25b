"""Parallel grading: one nbgrader course per worker process, merged into one gradebook.

nbgrader grades one submission at a time. Each worker here has a course folder of its own
(under OUT/.work/), whose gradebook starts as a copy of the main one, so every assignment and
cell has the same id everywhere; a worker autogrades, checks and writes feedback for one
submission at a time, and at the end its students, submissions and grades are copied into
the main gradebook (their ids are random, so they never collide).
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
import stat
import sqlite3
from pathlib import Path

from .course import CONFIG, SOURCE, nbgrader_api, output_to

_STATE: dict = {}
TABLES = ("submitted_assignment", "submitted_notebook", "grade", "comment")


def _init(out: str) -> None:
    root = Path(out) / ".work" / f"worker-{os.getpid()}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copy(Path(out) / CONFIG, root / CONFIG)
    os.symlink(Path(out) / SOURCE, root / SOURCE)
    shutil.copy(Path(out) / "gradebook.db", root / "gradebook.db")
    _STATE.update(root=root, log=root / "nbgrader.log", api=nbgrader_api(root))


def _plain(result: dict) -> str:
    """The most telling line of a failure: the last real exception, not nbgrader's 'see above'."""
    import re
    text = (result.get("log") or "") + "\n" + (result.get("error") or "")
    errors = [line.strip() for line in text.splitlines()
              if re.match(r"\s*[\w.]*(Error|Exception): ", line) and "NbGraderException" not in line]
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (errors or lines or ["unknown error"])[-1][:300]


def grade_one(job: dict) -> dict:
    """Autograde one prepared submission, clean and check its feedback; what happened."""
    import nbformat

    from . import execute, feedback_check, integrity

    root, api, log = _STATE["root"], _STATE["api"], _STATE["log"]
    student, name, notebook = job["student"], job["assignment"], job["notebook"]
    folder = root / "submitted" / student / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    (folder / f"{notebook}.ipynb").write_text(job["text"], encoding="utf-8")
    if job.get("timestamp"):
        (folder / "timestamp.txt").write_text(job["timestamp"], encoding="utf-8")
    execute.LAST_RUN.clear()
    with output_to(log):
        result = api.autograde(name, student, force=True, create=True)
    _keep_log(log, f"{student} {name} autograde", result)
    done = {"student": student, "assignment": name, "worker": str(root), "stopped": dict(execute.LAST_RUN)}
    if not result.get("success"):
        with api.gradebook as gradebook:   # an ungraded submission must not show as 0
            try:
                gradebook.remove_submission(name, student)
            except Exception:   # noqa: BLE001 - it was never made
                pass
        return done | {"failed": _plain(result)}
    path = root / "autograded" / student / name / f"{notebook}.ipynb"
    nb = nbformat.read(path, as_version=4)
    findings, nb.cells = integrity.read_report(nb, job["token"])
    if findings is None:
        findings = ["the grader's closing check did not report: something changed how cells run"]
    secrets = set(job["secrets"])
    removed = feedback_check.clean_test_outputs(nb, secrets)
    if removed:
        findings.append(f"its test cells printed {removed} line(s) of the hidden tests or answers "
                        "(removed from the feedback)")
    path.chmod(path.stat().st_mode | stat.S_IWUSR)   # nbgrader leaves it read-only (444)
    nbformat.write(nb, path)
    with output_to(log):
        feedback = api.generate_feedback(name, student, force=True)
    _keep_log(log, f"{student} {name} feedback", feedback)
    page = root / "feedback" / student / name / f"{notebook}.html"
    leaked = []
    if feedback.get("success") and page.is_file():
        leaked = feedback_check.leaks(page.read_text(encoding="utf-8"), secrets)
        if leaked:             # withheld: never copied to the results
            shutil.rmtree(page.parent)
    return done | {"findings": findings, "leaked": leaked,
                   "feedback_failed": "" if feedback.get("success") else _plain(feedback)}


def _keep_log(log: Path, what: str, result: dict) -> None:
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(f"\n===== {what}\n" + (result.get("log") or "") + (result.get("error") or ""))


def run(jobs: list[dict], out: Path, workers: int, on_result) -> list[dict]:
    """Grade the jobs in `workers` processes; on_result(number, result) as each finishes."""
    results = []
    context = multiprocessing.get_context("fork")
    with context.Pool(max(1, min(workers, len(jobs))), initializer=_init, initargs=(str(out),),
                      maxtasksperchild=None) as pool:
        for number, result in enumerate(pool.imap_unordered(grade_one, jobs), start=1):
            results.append(result)
            on_result(number, result)
    return results


def merge(out: Path, results: list[dict], review: set[tuple[str, str]]) -> None:
    """Copy each worker's students, submissions and grades into OUT/gradebook.db; files into OUT."""
    graded = [r for r in results if "failed" not in r]
    api = nbgrader_api(out)
    with api.gradebook as gradebook:
        for r in results:
            try:
                gradebook.remove_submission(r["assignment"], r["student"])
            except Exception:   # noqa: BLE001 - not graded before
                pass
    database = sqlite3.connect(out / "gradebook.db")
    try:
        for worker in sorted({r["worker"] for r in results}):
            database.execute("ATTACH DATABASE ? AS w", (str(Path(worker) / "gradebook.db"),))
            database.execute("INSERT OR IGNORE INTO student SELECT * FROM w.student")
            for table in TABLES:
                database.execute(f"INSERT INTO {table} SELECT * FROM w.{table}")
            database.commit()
            database.execute("DETACH DATABASE w")
        for student, name in review:     # nbgrader's formgrader shows these as flagged
            database.execute("UPDATE submitted_notebook SET flagged = 1 WHERE assignment_id IN (SELECT id FROM "
                             "submitted_assignment WHERE student_id = ? AND assignment_id = (SELECT id FROM "
                             "assignment WHERE name = ?))", (student, name))
        database.commit()
    finally:
        database.close()
    for r in graded:
        for kind in ("autograded", "feedback"):
            source = Path(r["worker"]) / kind / r["student"] / r["assignment"]
            target = out / kind / r["student"] / r["assignment"]
            if target.exists():
                shutil.rmtree(target)
            if source.is_dir():
                shutil.copytree(source, target)
    for r in results:
        if "failed" in r:
            for kind in ("autograded", "feedback"):
                shutil.rmtree(out / kind / r["student"] / r["assignment"], ignore_errors=True)
