"""The graded assignments under real nbgrader, in a course folder under a temporary directory.

Static checks read solutions/ and exercises/ (metadata, points, no answers in the student
copies, citations that exist in the data). The rest grades fixture submissions once, with
`python -m succession grade` (nbgrader's own API underneath), and asserts what nbgrader did.
"""
from __future__ import annotations

import ast
import copy
import csv
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from succession.data import load

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS, EXERCISES = ROOT / "solutions", ROOT / "exercises"
ASSIGNMENTS = sorted(d.name for d in SOLUTIONS.iterdir() if d.is_dir() and any(d.glob("*.ipynb")))
FIRST = ASSIGNMENTS[0]          # the special cases (loop, edits, noise...) use the first assignment
CELL_TIMEOUT = 20               # seconds per cell: generous under load; a loop costs this once

pytestmark = pytest.mark.slow


# --- reading notebooks ----------------------------------------------------------------------------

def notebook(assignment: str, folder: Path = SOLUTIONS) -> nbformat.NotebookNode:
    return nbformat.read(folder / assignment / f"{assignment}.ipynb", as_version=4)


def meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def cell(nb, grade_id: str):
    return next(c for c in nb.cells if meta(c).get("grade_id") == grade_id)


def is_test(c) -> bool:
    return bool(meta(c).get("grade") and not meta(c).get("solution"))


def is_written(c) -> bool:
    return bool(meta(c).get("grade") and meta(c).get("solution"))


def hidden_part(source: str) -> str:
    return source.split("### BEGIN HIDDEN TESTS", 1)[1].split("### END HIDDEN TESTS", 1)[0]


def solution_part(source: str) -> str:
    return re.search(r"### BEGIN SOLUTION\n(.*?)\n\s*### END SOLUTION", source, re.S).group(1)


def sections(nb):
    """(heading, cells) for each '## ' section of a notebook."""
    found = []
    for c in nb.cells:
        heading = next((line for line in c.source.splitlines() if line.startswith("## ")), None)
        if c.cell_type == "markdown" and heading:
            found.append((heading, []))
        elif found:
            found[-1][1].append(c)
    return found


def question_table(nb) -> list[tuple[str, str, int]]:
    """The intro's table of questions: (question, kind, points)."""
    rows = re.findall(r"^\| *(\d+) *\| *(Data|Knowledge|Written) *\|[^|]*\| *(\d+) *\|", nb.cells[0].source, re.M)
    return [(number, kind, int(points)) for number, kind, points in rows]


# --- the instructor versions ----------------------------------------------------------------------

def test_there_are_at_least_four_assignments():
    assert len(ASSIGNMENTS) >= 4, ASSIGNMENTS


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_follows_the_nbgrader_conventions(assignment):
    nb = notebook(assignment)
    ids = [meta(c)["grade_id"] for c in nb.cells if meta(c)]
    assert len(ids) == len(set(ids)), "grade ids must be unique"
    for c in nb.cells:
        m = meta(c)
        if c.cell_type == "code":
            assert not c.outputs and c.execution_count is None, "commit notebooks without outputs"
        if not m:
            continue
        assert m["schema_version"] == 3, m
        assert re.fullmatch(r"[a-z][a-z0-9_]{3,}", m["grade_id"]), f"not a descriptive grade_id: {m['grade_id']}"
        assert not re.fullmatch(r"cell-[0-9a-f]+", m["grade_id"])
        if m.get("grade"):
            assert m.get("points", 0) > 0, m["grade_id"]
        if m.get("solution"):
            assert "### BEGIN SOLUTION" in c.source and "### END SOLUTION" in c.source, m["grade_id"]
        if is_test(c):
            assert c.cell_type == "code" and m["locked"], m["grade_id"]
            assert c.source.startswith('"""'), f"{m['grade_id']}: a test cell opens with a docstring"
            assert "### BEGIN HIDDEN TESTS" in c.source and "### END HIDDEN TESTS" in c.source, m["grade_id"]
            assert "# hidden-check" in hidden_part(c.source), f"{m['grade_id']}: no marker in the hidden tests"
            # Everything after the import runs inside quiet(): stderr would score the cell 0.
            body = c.source.split("with quiet():", 1)
            assert len(body) == 2 and all(line.startswith("    ") or not line.strip() for line in body[1].splitlines()[1:]), \
                f"{m['grade_id']}: the checks must all run inside `with quiet():`"
            ast.parse(c.source)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_points_are_in_headings_and_try_it_cells_come_first(assignment):
    for heading, cells in sections(notebook(assignment)):
        graded = [c for c in cells if meta(c).get("grade")]
        if not graded:
            continue
        points = sum(meta(c)["points"] for c in graded)
        said = re.search(r"\((\d+) points?\)", heading)
        assert said and int(said.group(1)) == points, f"{heading!r}: the cells carry {points} points"
        first = cells.index(graded[0])
        assert any(c.cell_type == "code" and not meta(c) and c.source.startswith("# Try it")
                   for c in cells[:first]), f"{heading!r}: no 'Try it' cell before the graded cells"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_points_length_and_the_share_of_history(assignment):
    nb = notebook(assignment)
    table = question_table(nb)
    total = sum(meta(c).get("points", 0) for c in nb.cells if meta(c).get("grade"))
    assert sum(points for _, _, points in table) == total, "the intro's table of questions disagrees with the cells"
    assert 10 <= total <= 20, total
    history = sum(points for _, kind, points in table if kind in ("Knowledge", "Written"))
    assert 2 * history >= total, f"historical reasoning earns {history} of {total} points"
    written = [c for c in nb.cells if is_written(c)]
    assert written and sum(meta(c)["points"] for c in written) == sum(p for _, k, p in table if k == "Written")
    minutes = re.search(r"About (\d+)-(\d+) minutes", nb.cells[0].source)
    assert minutes and 40 <= int(minutes.group(1)) <= int(minutes.group(2)) <= 60


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_written_answers_have_levelled_mark_schemes_and_exemplars(assignment):
    for c in notebook(assignment).cells:
        if is_written(c):
            scheme = solution_part(c.source)
            assert "Mark scheme" in scheme and ("| Level" in scheme or "| Marks" in scheme), meta(c)["grade_id"]
            assert len(re.findall(r"\*\*Exemplar", scheme)) >= 3, f"{meta(c)['grade_id']}: exemplars at three levels"


def test_the_extended_answer_asks_why_stalin_won():
    texts = [c.source for a in ASSIGNMENTS for c in notebook(a).cells]
    assert any("Why did Stalin win?" in t for t in texts)


# --- facts: every citation, quote and key rests on the data --------------------------------------

KEYS = {"events": "event_id", "interpretations": "interpretation_id", "affiliations": "affiliation_id",
        "figures": "figure_id", "bodies": "membership_id", "sources": "source_id", "discrepancies": "version_id",
        "people": "person_id", "glossary": "term_id", "factions": "faction_id"}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_citations_and_quotes_are_in_the_data(assignment):
    tables = load()
    text = "\n".join(c.source for c in notebook(assignment).cells)
    citations = re.findall(r"\[(\w+): ([\w.\-|]+)\]", text)
    assert citations, "the mark schemes cite the rows they rest on"
    for table, record in citations:
        assert record in set(tables[table][KEYS[table]]), f"[{table}: {record}] is not in data/{table}.csv"
    quotes = set(tables.evidence["quote"])
    for line in re.findall(r'^> .*?"(.+)"$', text, re.M):
        assert any(line in q for q in quotes), f"quoted but not in evidence.csv: {line!r}"
    # Hidden tests name the evidence for each knowledge key: `# evidence: table/id: "words"`.
    evidence = tables.evidence
    for table, record, words in re.findall(r'# evidence: (\w+)/([\w.\-|]+): "(.+)"', text):
        rows = evidence[(evidence["table"] == table) & (evidence["record_id"] == record)]
        assert any(words in q for q in rows["quote"]), f"no quote for {table}/{record} says {words!r}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_chronology_keys_follow_the_dates_at_the_texts_precision(assignment):
    events = load().events.set_index("event_id")
    for c in notebook(assignment).cells:
        chain = re.search(r"# chronology: (.+)", c.source) if is_test(c) else None
        if not chain:
            continue
        ids = [e.strip() for e in chain.group(1).split("<")]
        for earlier, later in zip(ids, ids[1:]):
            assert events.loc[earlier, "end_latest"] < events.loc[later, "start_earliest"], \
                f"{earlier} may not come before {later} at the precision the texts give"


# --- the student versions -------------------------------------------------------------------------

def test_exercises_hold_exactly_the_generated_assignments():
    assert sorted(d.name for d in EXERCISES.iterdir() if d.is_dir()) == ASSIGNMENTS


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_student_copies_reveal_no_answers(assignment):
    source, student = notebook(assignment), notebook(assignment, EXERCISES)
    text = "\n".join(c.source for c in student.cells)
    for banned in ("BEGIN HIDDEN", "hidden-check", "BEGIN SOLUTION", "hashlib", "md5", "sha256", "practice",
                   "Mark scheme", "Exemplar"):
        assert banned not in text, f"the student copy contains {banned!r}"
    for c in source.cells:
        if is_test(c):
            for line in hidden_part(c.source).splitlines():
                if len(line.strip()) > 20:
                    assert line.strip() not in text, f"hidden test line in the student copy: {line.strip()}"
    for c in student.cells:
        if meta(c).get("solution"):
            assert ("raise NotImplementedError()" if c.cell_type == "code" else "YOUR ANSWER HERE") in c.source
    assert all(not c.get("outputs") for c in student.cells if c.cell_type == "code")


def comparable(nb) -> list:
    return [(c.cell_type, c.source, meta(c)) for c in nb.cells]


def test_exercises_are_what_nbgrader_generates_now(tmp_path):
    """`python -m succession release` has been run since solutions/ last changed."""
    code = (f"from succession.grading import release; "
            f"release(course={str(ROOT)!r}, out={str(tmp_path)!r}, progress=lambda *a: None)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    for assignment in ASSIGNMENTS:
        fresh, committed = tmp_path / assignment, EXERCISES / assignment
        assert sorted(p.name for p in fresh.iterdir()) == sorted(p.name for p in committed.iterdir())
        assert comparable(notebook(assignment, tmp_path)) == comparable(notebook(assignment, EXERCISES)), \
            f"exercises/{assignment} is out of date: run `python -m succession release`"
    assert not list(tmp_path.glob("*.db")), "release left a gradebook behind"


# --- fixture submissions --------------------------------------------------------------------------

def answered(assignment: str) -> nbformat.NotebookNode:
    """The student copy, answered as the instructor version answers it."""
    source, nb = notebook(assignment), copy.deepcopy(notebook(assignment, EXERCISES))
    for c in nb.cells:
        if meta(c).get("solution"):
            if c.cell_type == "code":
                stub = "# YOUR CODE HERE\nraise NotImplementedError()"
                c.source = c.source.replace(stub, solution_part(cell(source, meta(c)["grade_id"]).source))
            else:
                c.source = "An answer in my own words, for the teacher to mark."
    return nb


NOISE = '''
import logging, sys, warnings
import pandas as pd

warnings.simplefilter("always")   # as some libraries do: every warning shown, every time

def noise():
    """Noise as library code makes it: a pandas warning, matplotlib's first-run message, stderr."""
    pd.Series(["Lenin Levy"]).str.contains("(Levy)")   # a real pandas UserWarning (a regex with a group)
    logging.getLogger("matplotlib.font_manager").warning(
        "Matplotlib is building the font cache; this may take a moment.")
    print("a message on stderr", file=sys.stderr)

noise()
'''


def special_submissions() -> dict[str, nbformat.NotebookNode]:
    """The awkward cases, on the first assignment. Each changes what the named cells hold."""
    nb = {name: answered(FIRST) for name in
          ("partly_wrong", "exception", "loop", "edited_test", "deleted_cells", "reordered", "noisy")}
    cell(nb["partly_wrong"], "both_factions").source = "both = troika_people & decemists"   # the wrong set
    cell(nb["partly_wrong"], "chronology_1921_1924").source = f'order = "{PARTLY_WRONG_ORDER}"'
    cell(nb["exception"], "days_to_congress").source = \
        'days_to_congress = (events.loc["ev-1923-04-twelfth-congres", "start_earliest"]).days   # misspelled id'
    cell(nb["loop"], "months_to_germany").source = "while True:\n    pass"
    cell(nb["edited_test"], "multiple_choice_1923").source = 'answer_4a = "A"\nanswer_4b = "B"'
    cell(nb["edited_test"], "test_answer_4a").source = '"""I changed the test so that it passes."""\npass'
    for grade_id in ("test_days_to_congress", "months_to_germany"):
        nb["deleted_cells"].cells.remove(cell(nb["deleted_cells"], grade_id))
    cells = nb["reordered"].cells
    answer = cells.index(cell(nb["reordered"], "troika_people"))
    cells[answer], cells[answer + 1] = cells[answer + 1], cells[answer]     # the test now comes first
    cell(nb["noisy"], "troika_people").source += "\n" + NOISE
    return nb


def key_of(grade_id: str) -> str:
    return re.search(r'== "([A-Z]+)"', hidden_part(cell(notebook(FIRST), grade_id).source)).group(1)


# A chronology with the first and last events right and the middle wrong: 1 of its 2 points.
_KEY = key_of("test_chronology_all")
PARTLY_WRONG_ORDER = _KEY[0] + _KEY[1:-1][::-1] + _KEY[-1]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """Every fixture submission, graded once by `python -m succession grade` (real nbgrader)."""
    base = tmp_path_factory.mktemp("nbgrader")
    submissions = base / "submissions"

    def submit(student, assignment, nb):
        folder = submissions / student / assignment
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{assignment}.ipynb")

    for assignment in ASSIGNMENTS:
        submit("correct", assignment, answered(assignment))
        submit("blank", assignment, notebook(assignment, EXERCISES))
    for student, nb in special_submissions().items():
        submit(student, FIRST, nb)
    garbled = submissions / "garbled_file" / FIRST      # a student who hands in something else
    garbled.mkdir(parents=True)
    (garbled / f"{FIRST}.ipynb").write_text("This is my essay, saved with the wrong name.")
    before = {p: p.read_bytes() for p in submissions.rglob("*") if p.is_file()}

    env = dict(os.environ, MPLCONFIGDIR=str(base / "matplotlib"))   # a fresh matplotlib, as on a first run
    run = subprocess.run([sys.executable, "-m", "succession", "grade", str(submissions), "--out", str(base / "out"),
                          "--course", str(ROOT), "--timeout", str(CELL_TIMEOUT)],
                         capture_output=True, text=True, timeout=1800, env=env)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    after = {p: p.read_bytes() for p in submissions.rglob("*") if p.is_file()}
    return {"out": base / "out", "stdout": run.stdout, "submissions_unchanged": before == after}


def rows(graded, name="grades_by_student.csv") -> list[dict]:
    with open(graded["out"] / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def summary(graded, student, assignment=FIRST) -> dict:
    return next(r for r in rows(graded) if r["student"] == student and r["assignment"] == assignment)


def scores(graded, student, assignment=FIRST) -> dict[str, float]:
    return {r["question"]: float(r["score"]) for r in rows(graded, "grades_by_question.csv")
            if r["student"] == student and r["assignment"] == assignment and r["kind"] == "autograded"}


def full_marks(assignment=FIRST) -> dict[str, float]:
    return {meta(c)["grade_id"]: float(meta(c)["points"]) for c in notebook(assignment).cells if is_test(c)}


def autograded(graded, student, assignment=FIRST) -> nbformat.NotebookNode:
    return nbformat.read(graded["out"] / "autograded" / student / assignment / f"{assignment}.ipynb", as_version=4)


def test_grading_reads_the_submissions_and_never_writes_there(graded):
    assert graded["submissions_unchanged"]
    assert not (graded["out"].parent / "submissions" / "gradebook.db").exists()


def test_grading_shows_progress_and_writes_the_tables(graded):
    lines = [line for line in graded["stdout"].splitlines() if re.match(r"\[ *\d+/\d+\]", line)]
    assert len(lines) == 2 * len(ASSIGNMENTS) + 7, graded["stdout"]   # the garbled file is refused, not graded
    assert lines[-1].startswith(f"[{len(lines)}/{len(lines)}]")
    assert {r["student"] for r in rows(graded)} >= {"correct", "blank", "loop", "noisy"}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_correct_submission_gets_every_autograded_point(graded, assignment):
    assert scores(graded, "correct", assignment) == full_marks(assignment)
    row = summary(graded, "correct", assignment)
    assert float(row["autograded"]) == float(row["autograded_max"]) > 0
    assert int(row["answers_to_mark_by_hand"]) == sum(is_written(c) for c in notebook(assignment).cells)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_blank_submission_gets_nothing(graded, assignment):
    row = summary(graded, "blank", assignment)
    assert float(row["total"]) == 0 and int(row["answers_to_mark_by_hand"]) == 0   # "no response" is 0, automatically


def test_partly_wrong_submission_gets_partial_credit(graded):
    expected = full_marks() | {"test_both_factions": 0.0, "test_chronology_all": 0.0}
    assert scores(graded, "partly_wrong") == expected
    assert expected["test_chronology_ends"] == 1.0   # first and last right: one point of the two


def test_an_exception_costs_only_its_question(graded):
    assert scores(graded, "exception") == full_marks() | {"test_days_to_congress": 0.0}


def test_an_endless_loop_times_out_and_grading_goes_on(graded):
    assert scores(graded, "loop") == full_marks() | {"test_months_to_germany": 0.0}
    loop = cell(autograded(graded, "loop"), "months_to_germany")
    assert any(o.get("ename") == "CellTimeoutError" for o in loop.outputs), loop.outputs
    assert "'months_to_germany' stopped the kernel" in summary(graded, "loop")["reason"]
    assert scores(graded, "noisy"), "the other students are graded"


def test_a_file_that_is_not_a_notebook_is_refused_in_plain_words(graded):
    row = summary(graded, "garbled_file")
    assert row["status"] == "not graded" and "not a Jupyter notebook" in row["reason"], row
    assert row["total"] == "", "an ungraded file never shows as 0"
    line = next(line for line in graded["stdout"].splitlines() if "garbled_file" in line)
    assert line.startswith("not graded: ") and "holds plain text" in line, line
    assert scores(graded, "loop"), "grading went on"


def test_an_edited_test_cell_is_restored(graded):
    restored = cell(autograded(graded, "edited_test"), "test_answer_4a")
    original = cell(notebook(FIRST), "test_answer_4a")
    assert restored.source == original.source, "nbgrader runs the instructor's test, hidden part included"
    assert "I changed the test" not in restored.source
    assert scores(graded, "edited_test") == full_marks() | {"test_answer_4a": 0.0}


def test_deleted_cells(graded):
    """Deleted cells are put back from the student version, in place: a deleted answer, unanswered, scores 0."""
    nb = autograded(graded, "deleted_cells")
    ids = [meta(c).get("grade_id") for c in nb.cells]
    assert ids.index("days_to_congress") < ids.index("test_days_to_congress") < ids.index("months_to_germany")
    assert "raise NotImplementedError()" in cell(nb, "months_to_germany").source
    assert scores(graded, "deleted_cells") == full_marks() | {"test_months_to_germany": 0.0}
    row = summary(graded, "deleted_cells")
    assert row["status"] == "graded with repairs" and "test cell 'test_days_to_congress' was put back" in row["reason"]


def test_reordered_cells_keep_the_students_order(graded):
    """nbgrader runs cells in the student's order: a test moved above its answer fails."""
    ids = [meta(c).get("grade_id") for c in autograded(graded, "reordered").cells]
    assert ids.index("test_troika_people") < ids.index("troika_people")
    assert scores(graded, "reordered") == full_marks() | {"test_troika_people": 0.0}


def test_stderr_noise_from_student_code_costs_nothing(graded):
    from nbgrader.utils import determine_grade

    assert scores(graded, "noisy") == full_marks()
    assert summary(graded, "noisy")["status"] == "graded", "library noise is not tampering"
    nb = autograded(graded, "noisy")
    noise = [o for o in cell(nb, "troika_people").outputs if o.get("name") == "stderr"]
    text = "".join(o.text for o in noise)
    assert "UserWarning" in text and "Matplotlib is building the font cache" in text and "on stderr" in text
    test = cell(nb, "test_troika_people")
    assert not [o for o in test.outputs if o.get("name") == "stderr"], "the test cell's stderr stayed empty"
    # Had that noise landed in the test cell, nbgrader would have scored it 0 (the grader removes it):
    unprotected = copy.deepcopy(test)
    unprotected.outputs = noise
    assert determine_grade(unprotected) == (0, 1.0)


def test_quiet_in_a_real_kernel(tmp_path):
    """quiet() swallows warnings, logging and stderr (also at the file-descriptor level) but not errors."""
    from nbclient import NotebookClient
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[
        new_code_cell("import logging, os, sys, warnings\nfrom succession.grading import quiet\nwarnings.simplefilter('always')\n"
                      "def noise():\n    warnings.warn('w', FutureWarning)\n    logging.getLogger('x').warning('log')\n"
                      "    print('err', file=sys.stderr)\n    os.write(2, b'fd2\\n')"),
        new_code_cell("noise()"),
        new_code_cell("with quiet():\n    noise()\nprint('done')"),
        new_code_cell("with quiet():\n    noise()\n    assert False, 'still fails'"),
    ])
    NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=True).execute()
    streams = lambda c: {o.name for o in c.outputs if o.output_type == "stream"}   # noqa: E731
    assert "stderr" in streams(nb.cells[1])
    assert streams(nb.cells[2]) == {"stdout"}
    assert [o.evalue for o in nb.cells[3].outputs if o.output_type == "error"] == ["still fails"]
    assert "stderr" not in streams(nb.cells[3])


def visible_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_feedback_shows_no_hidden_test(graded, assignment):
    hidden = [line.strip() for c in notebook(assignment).cells if is_test(c)
              for line in hidden_part(c.source).splitlines() if len(line.strip()) > 20]
    markers = [line for line in hidden if line.startswith("# hidden-check")]
    assert markers
    for student in ("blank", "correct"):
        page = (graded["out"] / "feedback" / student / assignment / f"{assignment}.html").read_text(encoding="utf-8")
        text = visible_text(page)
        assert "hidden-check" not in page and "BEGIN HIDDEN" not in page
        leaked = [line for line in hidden if line in text]
        assert not leaked, f"{student}'s feedback shows hidden tests: {leaked[:3]}"


def test_feedback_of_a_wrong_answer_gives_the_hint_not_the_answer(graded):
    page = (graded["out"] / "feedback" / "partly_wrong" / FIRST / f"{FIRST}.html").read_text(encoding="utf-8")
    text = visible_text(page)
    assert "AssertionError: not the right people yet" in text        # the hint in the hidden test's message
    key = re.search(r"both == (\{.*?\})", hidden_part(cell(notebook(FIRST), "test_both_factions").source)).group(1)
    assert key not in text, "the feedback gives the answer away"


# --- the validator (nbgrader validate exits 0 even on failure: use its API) ------------------------

@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_instructor_version_validates_and_student_version_fails(assignment, tmp_path):
    from nbgrader.validator import Validator

    for folder in (SOLUTIONS, EXERCISES):   # copies: validating executes the notebook
        target = tmp_path / folder.name
        target.mkdir()
        (target / f"{assignment}.ipynb").write_bytes((folder / assignment / f"{assignment}.ipynb").read_bytes())
    assert Validator().validate(str(tmp_path / "solutions" / f"{assignment}.ipynb")) == {}
    failed = Validator().validate(str(tmp_path / "exercises" / f"{assignment}.ipynb")).get("failed", [])
    # Every test cell fails, and every unanswered written answer is listed too.
    cells = notebook(assignment).cells
    assert len(failed) == sum(is_test(c) for c in cells) + sum(is_written(c) for c in cells)
    assert sum(f["source"].strip() == "YOUR ANSWER HERE" for f in failed) == sum(is_written(c) for c in cells)


def test_course_config_keeps_hidden_tests_out_of_feedback():
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    assert config.CourseDirectory.source_directory == "solutions"
    assert config.CourseDirectory.release_directory == "exercises"
    assert "nbgrader.preprocessors.ClearHiddenTests" in config.GenerateFeedback.preprocessors
    assert "--InteractiveShell.xmode=Minimal" in config.Execute.extra_arguments


def test_grade_refuses_to_write_inside_the_submissions(tmp_path):
    from succession.grading import GradingError, grade

    (tmp_path / "subs").mkdir()
    with pytest.raises(GradingError, match="outside"):
        grade(tmp_path / "subs", out=tmp_path / "subs" / "out")


def test_grade_finds_the_three_layouts(tmp_path):
    from succession.grading import find_submissions

    name = f"{FIRST}.ipynb"
    for path in (tmp_path / "a" / FIRST / name, tmp_path / "b" / name, tmp_path / "c.ipynb"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes((EXERCISES / FIRST / name).read_bytes())
    found, skipped = find_submissions(tmp_path, ROOT, assignment=FIRST)
    assert sorted(s.student for s in found) == ["a", "b", "c"] and not skipped
    found, skipped = find_submissions(tmp_path, ROOT)
    assert sorted(s.student for s in found) == ["a", "b"] and len(skipped) == 1   # c.ipynb needs --assignment


def test_instructor_guide_covers_every_assignment_and_mark_scheme():
    guide = (ROOT / "INSTRUCTORS.md").read_text(encoding="utf-8")
    assert "## Lesson plans" in guide and "(instructor/lesson_plans.md)" in guide
    for assignment in ASSIGNMENTS:
        assert f"`{assignment}`" in guide, f"INSTRUCTORS.md does not describe {assignment}"
        for c in notebook(assignment).cells:
            if is_written(c):
                assert f"`{meta(c)['grade_id']}`" in guide, f"no mark scheme for {meta(c)['grade_id']} in INSTRUCTORS.md"
