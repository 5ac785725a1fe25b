"""Sorting a folder of submissions: which file is which student's which assignment.

Every file gets an answer: a `Submission` to grade (with notes, e.g. a JupyterLab copy graded
in place of the missing original) or a `Refusal` with the reason in plain words.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import GradingError
from .course import SOURCE, assignments, notebook_names

LAYOUTS = """\
Submission folder layouts (one folder or file per student):
  <folder>/<student>/<assignment>/<notebook>.ipynb   nbgrader's submitted/ (from nbgrader collect)
  <folder>/<student>/<notebook>.ipynb                each student's notebook, keeping its name
  <folder>/<student>.ipynb                           one file per student: give --assignment"""

COPY = re.compile(r"^(?P<name>.+?)(?:-Copy\d+| \(\d+\)| copy)$")   # JupyterLab, browsers, file managers


@dataclass
class Submission:
    student: str
    assignment: str
    notebook: str                 # the notebook's name in the assignment (without .ipynb)
    path: Path                    # the file as submitted
    text: str = ""                # its contents
    notes: list[str] = field(default_factory=list)


@dataclass
class Refusal:
    student: str
    assignment: str               # "" when it is not known
    path: Path
    reason: str


def _grade_ids(course_notebooks: dict[str, set[str]], nb: dict) -> str | None:
    """The assignment whose graded cells this notebook holds most of, if any."""
    ids = {c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in nb.get("cells", [])
           if isinstance(c, dict) and isinstance(c.get("metadata"), dict)
           and isinstance(c["metadata"].get("nbgrader"), dict)}
    best = max(course_notebooks, key=lambda name: len(ids & course_notebooks[name]), default=None)
    return best if best and ids & course_notebooks[best] else None


def read_notebook_text(path: Path) -> tuple[str | None, str | None]:
    """(text, None) for something that looks like a notebook, else (None, why not in plain words)."""
    data = path.read_bytes()
    if not data.strip():
        return None, "empty file" if not data else "empty file (only spaces)"
    if b"\0" in data[:4096]:
        return None, f"not a Jupyter notebook: {path.name} is a binary file (a picture, PDF or document?)"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, f"not a Jupyter notebook: {path.name} is text in another encoding, not a notebook"
    try:
        nb = json.loads(text)
    except ValueError:
        return None, f"not a Jupyter notebook: {path.name} holds plain text, not a notebook (was it saved as text?)"
    if not (isinstance(nb, dict) and isinstance(nb.get("cells"), list) and "nbformat" in nb):
        return None, f"not a Jupyter notebook: {path.name} is data, but has no notebook cells"
    if nb.get("nbformat") != 4:
        return None, f"not a Jupyter notebook this grader can read: {path.name} is in notebook format {nb.get('nbformat')}"
    return text, None


def find_submissions(folder: Path, course: Path, assignment: str | None = None,
                     release: Path | None = None) -> tuple[list[Submission], list[Refusal]]:
    """The submissions in a folder (see LAYOUTS), and a refusal for every other file."""
    known = {name: notebook_names(course, name) for name in assignments(course)}
    if assignment is not None and assignment not in known:
        raise GradingError(f"no assignment {assignment!r} in {course / SOURCE}; there are: {', '.join(known)}")
    owner = {notebook: name for name, notebooks in known.items() for notebook in notebooks}
    cells = {name: _ids(Path(release or course / SOURCE) / name / f"{name}.ipynb") for name in known}
    candidates: list[Submission] = []
    refused: list[Refusal] = []

    def consider(student: str, path: Path, folder_assignment: str | None = None):
        text, why = read_notebook_text(path) if path.suffix == ".ipynb" or path.suffix == "" else (
            None, f"not a Jupyter notebook: {path.name} is a {path.suffix or 'plain'} file")
        base = COPY.match(path.stem)
        stem = base.group("name") if base else path.stem
        named = folder_assignment or owner.get(stem) or (assignment if len(known.get(assignment or "", [])) == 1 else None)
        if text is None:
            refused.append(Refusal(student, named or "", path, why))
            return
        actual = _grade_ids(cells, json.loads(text)) or named
        if actual is None:
            refused.append(Refusal(student, "", path, f"{path.name} is a notebook, but not one of the assignments "
                                                       f"({', '.join(known)}): it has none of their graded cells"))
            return
        if assignment and actual != assignment:
            refused.append(Refusal(student, actual, path, f"this is assignment {actual}'s notebook; only {assignment} "
                                                          "was asked for (--assignment)"))
            return
        notes = []
        if named and named != actual:
            notes.append(f"this is assignment {actual}'s notebook, saved as {path.name}: graded as {actual}")
        elif base and stem == known[actual][0]:
            notes.append(f"a copy named {path.name}, graded as {actual}")
        elif path.stem not in known[actual]:
            notes.append(f"saved as {path.name}: graded as {actual}")
        candidates.append(Submission(student, actual, known[actual][0], path, text, notes))

    for entry in sorted(Path(folder).iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_file():
            if assignment is None and entry.suffix == ".ipynb":
                refused.append(Refusal(entry.stem, "", entry, "a notebook at the top of the folder needs --assignment "
                                       "(or put it in a folder named after the student)"))
            else:
                consider(COPY.match(entry.stem).group("name") if COPY.match(entry.stem) else entry.stem, entry)
        elif entry.is_dir():
            for path in sorted(entry.rglob("*")):
                parts = path.relative_to(entry).parts
                if not path.is_file() or any(p.startswith(".") for p in parts):
                    continue
                inner = parts[0] if len(parts) > 1 and parts[0] in known else None
                if inner and path.name == "timestamp.txt":
                    continue      # nbgrader collect's submission time, copied with the notebook
                consider(entry.name, path, inner)
    return _one_each(candidates, refused)


def _ids(path: Path) -> set[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return {c["metadata"]["nbgrader"]["grade_id"] for c in nb["cells"] if "nbgrader" in c.get("metadata", {})}


def _one_each(candidates: list[Submission], refused: list[Refusal]):
    """One notebook per student and assignment: the one saved under the right name, else the newest copy."""
    chosen: dict[tuple[str, str], Submission] = {}
    for sub in candidates:
        key = (sub.student, sub.assignment)
        other = chosen.get(key)
        if other is None or _preference(sub) > _preference(other):
            chosen[key] = sub
    for sub in candidates:
        best = chosen[(sub.student, sub.assignment)]
        if sub is not best:
            refused.append(Refusal(sub.student, sub.assignment, sub.path,
                                   f"a second notebook for {sub.assignment} ({sub.path.name}); "
                                   f"{best.path.name} was graded"))
    return sorted(chosen.values(), key=lambda s: (s.student, s.assignment)), refused


def _preference(sub: Submission) -> tuple:
    return (not sub.notes, sub.path.stat().st_mtime, str(sub.path))
