"""The grade tables: one row for every file in the submissions folder, and one per question.

grades_by_student.csv has a status for each row (see INSTRUCTORS.md):
  graded                 marked automatically, nothing odd
  graded with repairs    marked, after the grader put right an accident (the reason says what)
  review by hand         marked, but something in it could have forged marks: check it first
  not graded             no marks at all (the reason says why): it is not in the gradebook
A submission that was not graded has empty score columns, never 0, here and in `nbgrader export`
(the course's export plugin below writes blank scores and the status).
"""
from __future__ import annotations

import csv
from pathlib import Path

from nbgrader.plugins.export import CsvExportPlugin

STUDENT_FIELDS = ["student", "assignment", "file", "status", "reason", "autograded", "autograded_max", "written",
                  "written_max", "total", "total_max", "answers_to_mark_by_hand", "sandbox", "feedback"]
QUESTION_FIELDS = ["student", "assignment", "notebook", "question", "kind", "score", "max_score", "to_mark_by_hand"]


def _points(value) -> str:
    return f"{float(value):g}"


def scores(gradebook, name: str, student: str) -> dict:
    """One submission's points: autograded (test cells) and written (marked by hand)."""
    submission = gradebook.find_submission(name, student)
    grades = [g for notebook in submission.notebooks for g in notebook.grades]
    auto = [g for g in grades if g.cell_type == "code"]
    written = [g for g in grades if g.cell_type != "code"]
    return {"submission": submission, "grades": grades,
            "autograded": sum(g.score for g in auto), "autograded_max": sum(g.max_score for g in auto),
            "written": sum(g.score for g in written), "written_max": sum(g.max_score for g in written),
            "to_mark": sum(bool(g.needs_manual_grade) for g in written)}


def write(api, out: Path, rows: list[dict]) -> Path:
    """rows: dicts with student, assignment, file, status, reason, sandbox (and graded: bool)."""
    summary, questions = [], []
    with api.gradebook as gradebook:
        for row in rows:
            line = dict.fromkeys(STUDENT_FIELDS, "") | {k: row.get(k, "") for k in STUDENT_FIELDS}
            if row.get("graded"):
                found = scores(gradebook, row["assignment"], row["student"])
                line.update({k: _points(found[k]) for k in ("autograded", "autograded_max", "written",
                                                             "written_max")})
                line.update(total=_points(found["submission"].score),
                            total_max=_points(found["submission"].max_score),
                            answers_to_mark_by_hand=found["to_mark"])
                pages = sorted((out / "feedback" / row["student"] / row["assignment"]).glob("*.html"))
                line["feedback"] = "; ".join(str(p.relative_to(out)) for p in pages) or "withheld"
                for g in found["grades"]:
                    questions.append({"student": row["student"], "assignment": row["assignment"],
                                      "notebook": g.notebook.name, "question": g.name,
                                      "kind": "autograded" if g.cell_type == "code" else "written",
                                      "score": _points(g.score), "max_score": _points(g.max_score),
                                      "to_mark_by_hand": bool(g.needs_manual_grade)})
            summary.append(line)
    table = out / "grades_by_student.csv"
    _write_csv(table, STUDENT_FIELDS, summary)
    _write_csv(out / "grades_by_question.csv", QUESTION_FIELDS, questions)
    return table


def _write_csv(path: Path, fields: list[str], rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


class GradingExport(CsvExportPlugin):
    """`nbgrader export` for a folder graded by `python -m succession grade`: no 0 for what was not graded.

    nbgrader's own exporter gives 0 to every student and assignment with no submission in the
    gradebook. Here those get empty scores and the grade table's status ("not graded: ...", or
    "not handed in"), and every row says its status.
    """

    def export(self, gradebook) -> None:
        status = {}
        table = Path(gradebook.db.get_bind().url.database).with_name("grades_by_student.csv")
        if table.is_file():
            with open(table, newline="", encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    text = row["status"] + (f": {row['reason']}" if row["reason"] else "")
                    if row["assignment"]:
                        key = (row["student"], row["assignment"])
                        if row["status"] != "not graded" or key not in status:
                            status[key] = text    # a graded row wins over a refused second copy
        keys = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                "raw_score", "late_submission_penalty", "score", "max_score", "status"]
        with open(self.to or "grades.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=keys)
            writer.writeheader()
            for assignment in gradebook.assignments:
                if self.assignment and assignment.name not in self.assignment:
                    continue
                for student in gradebook.students:
                    if self.student and student.id not in self.student:
                        continue
                    row = {"assignment": assignment.name, "duedate": assignment.duedate or "",
                           "student_id": student.id, "last_name": student.last_name or "",
                           "first_name": student.first_name or "", "email": student.email or "",
                           "max_score": assignment.max_score}
                    try:
                        submission = gradebook.find_submission(assignment.name, student.id)
                    except Exception:   # noqa: BLE001 - nbgrader's MissingEntry: nothing graded
                        row.update(timestamp="", raw_score="", late_submission_penalty="", score="",
                                   status=status.get((student.id, assignment.name), "not handed in"))
                    else:
                        penalty = submission.late_submission_penalty
                        row.update(timestamp=submission.timestamp or "", raw_score=submission.score,
                                   late_submission_penalty=penalty, score=max(0.0, submission.score - penalty),
                                   status=status.get((student.id, assignment.name), "graded"))
                    writer.writerow(row)
