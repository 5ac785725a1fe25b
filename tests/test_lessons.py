"""The lessons are usable in one class period, and their practice questions test history fairly.

Lesson rules (each notebook in notebooks/0*.ipynb):
- no code cell shows its input on the student's path: every code cell has
  metadata.jupyter.source_hidden = true, except at most one optional cell tagged "under-the-hood";
  and since JupyterLab shows the first line of a collapsed cell, that line is a plain comment;
- answers live in answer cells of their own (markdown cells tagged "answer");
- the story comes first: the lesson's opening timeline is drawn in its first few cells;
- at most about 1,500 words of prose, one source task, and "How do we know?" boxes that hold no
  more than one sentence in ten of the prose.

Practice-question rules (succession/practice_questions/lesson_N.json):
- options of similar length; the right answer the longest option in no more than one question in
  four; the right answer's position rotated; hints that do not give the answer away; at most one
  question per lesson on how the module dates things.
"""
import json
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("0*.ipynb"))
QUESTION_FILES = sorted((ROOT / "succession" / "practice_questions").glob("lesson_*.json"))

MAX_WORDS = 1500
OPENING_WITHIN = 5          # cells from the top
# "Your answer: ..." written into a question's own cell (answer cells hold it instead)
ANSWER_PHRASES = re.compile(r"your (answer|choice|vote|ranking|reasons?)"
                            r"( and [a-z]+)?:\**\s*\.\.\.", re.IGNORECASE)
RAW_PANDAS = re.compile(r"\[\[|\.query\(|\.loc\[|\.iloc\[|\.merge\(|pd\.concat|crosstab|"
                        r"\.groupby\(")
HOW_CALL = re.compile(r"how_do_we_know\(\s*(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')", re.DOTALL)


# --- reading a lesson -------------------------------------------------------------------------

def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def hidden(cell) -> bool:
    return bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"))


def prose_of(notebook) -> str:
    """The words a student reads: markdown cells other than answer cells, without markup."""
    text = "\n".join(cell.source for cell in notebook.cells
                     if cell.cell_type == "markdown" and "answer" not in tags(cell))
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"[*_#`|>]", " ", text)


def words(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’\-]*", text))


def sentences(text: str) -> int:
    pieces = re.split(r"(?<=[.!?])\s+|\n\s*[-0-9]+[.)]?\s+|\n{2,}", text)
    return len([piece for piece in pieces if words(piece) >= 3])


def visible_code(notebook) -> list[int]:
    return [number for number, cell in enumerate(notebook.cells, start=1)
            if cell.cell_type == "code" and not hidden(cell) and "under-the-hood" not in tags(cell)]


def problems(notebook) -> list[str]:
    """Every way a lesson breaks the rules, in plain words."""
    found = []
    cells = notebook.cells
    shown = visible_code(notebook)
    if shown:
        found.append(f"code cells {shown} show their input: "
                     "set metadata.jupyter.source_hidden = true")
    optional = [n for n, cell in enumerate(cells, start=1) if "under-the-hood" in tags(cell)]
    if len(optional) > 1:
        found.append(f"more than one 'under the hood' cell: {optional}")
    for number, cell in enumerate(cells, start=1):
        if cell.cell_type == "code" and hidden(cell) and RAW_PANDAS.search(cell.source):
            found.append(f"cell {number} formats a raw pandas table: use succession.cards")
        labelled = re.match(r"# [A-Z][^\n]*\n", cell.source)
        if cell.cell_type == "code" and hidden(cell) and not labelled:
            # JupyterLab shows a collapsed cell's first line: it must be words, not code
            found.append(f"cell {number}: a hidden cell starts with a plain comment "
                         "('# The evidence ...')")
        if "answer" in tags(cell):
            if cell.cell_type != "markdown" or len(cell.source) > 200:
                found.append(f"cell {number}: an answer cell holds only the answer prompt")
        elif ANSWER_PHRASES.search(cell.source):
            found.append(f"cell {number}: 'Your answer' belongs in an answer cell of its own")
    opening = [n for n, cell in enumerate(cells[:OPENING_WITHIN], start=1)
               if cell.cell_type == "code" and "opening(" in cell.source]
    if not opening:
        found.append(f"the opening timeline (opening(...)) is not in the first "
                     f"{OPENING_WITHIN} cells")
    prose = prose_of(notebook)
    if words(prose) > MAX_WORDS:
        found.append(f"{words(prose)} words of prose: at most {MAX_WORDS}")
    tasks = [n for n, cell in enumerate(cells, start=1)
             if cell.cell_type == "markdown" and re.match(r"#+\s*Source task", cell.source)]
    if len(tasks) != 1:
        found.append(f"{len(tasks)} source tasks (headed 'Source task'): a lesson has one")
    boxed = sum(sentences(match) for cell in cells if cell.cell_type == "code"
                for match in HOW_CALL.findall(cell.source))
    if boxed * 10 > max(sentences(prose), 1):
        found.append(f"'How do we know?' boxes hold {boxed} sentences against "
                     f"{sentences(prose)} of prose")
    return found


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.name)
def test_lesson_follows_the_rules(path):
    assert problems(nbformat.read(path, as_version=4)) == []


# Each rule must be able to fail: break it once on a copy of a real lesson.

@pytest.fixture
def lesson():
    return nbformat.read(LESSONS[1], as_version=4)


def test_a_visible_code_cell_is_caught(lesson):
    cell = next(c for c in lesson.cells if c.cell_type == "code" and hidden(c))
    cell.metadata["jupyter"]["source_hidden"] = False
    assert any("show their input" in p for p in problems(lesson))


def test_a_hidden_cell_whose_first_line_is_code_is_caught(lesson):
    cell = next(c for c in lesson.cells if c.cell_type == "code" and hidden(c))
    cell.source = cell.source.split("\n", 1)[1]
    assert any("plain comment" in p for p in problems(lesson))


def test_an_answer_inside_a_question_cell_is_caught(lesson):
    lesson.cells.insert(3, nbformat.v4.new_markdown_cell("Why did it happen?\n\nYour answer: ..."))
    assert any("answer cell of its own" in p for p in problems(lesson))


def test_too_much_prose_is_caught(lesson):
    lesson.cells.append(nbformat.v4.new_markdown_cell("word " * MAX_WORDS))
    assert any("words of prose" in p for p in problems(lesson))


def test_a_raw_table_and_a_second_source_task_are_caught(lesson):
    lesson.cells.append(nbformat.v4.new_code_cell("tables.events[['when', 'title']]",
                                                  metadata={"jupyter": {"source_hidden": True}}))
    lesson.cells.append(nbformat.v4.new_markdown_cell("## Source task: another one"))
    found = problems(lesson)
    assert any("raw pandas" in p for p in found) and any("source tasks" in p for p in found)


def test_too_many_how_do_we_know_sentences_are_caught(lesson):
    box = "how_do_we_know(\"" + "A standard history dates it. " * 40 + "\")"
    lesson.cells.append(nbformat.v4.new_code_cell("# How do we know?\n" + box,
                                                  metadata={"jupyter": {"source_hidden": True}}))
    assert any("How do we know" in p for p in problems(lesson))


# --- practice questions -----------------------------------------------------------------------

def question_bank() -> dict[str, list[dict]]:
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in QUESTION_FILES}


def similar(options: list[str]) -> bool:
    lengths = [len(option) for option in options]
    return max(lengths) - min(lengths) <= 20 or max(lengths) <= 1.8 * min(lengths)


def right_is_longest(question: dict) -> bool:
    lengths = [len(option) for option in question["options"]]
    right = lengths.pop(question["answer"])
    return right >= max(lengths)


DATING = re.compile(r"\bmodule\b|explorer|'possible'|'certain'|\bspan\b|EDTF|dated? (it|them) ",
                    re.IGNORECASE)


def hint_gives_away(question: dict, hint: str) -> bool:
    hint = hint.lower()
    if question["kind"] == "choice":
        right = question["options"][question["answer"]].lower()
        words_right = re.findall(r"[a-z0-9']+", right)
        runs = {" ".join(words_right[i:i + 4]) for i in range(max(len(words_right) - 3, 1))}
        hint_words = " ".join(re.findall(r"[a-z0-9']+", hint))
        return right in hint or any(run and run in hint_words for run in runs)
    if question["kind"] == "number":
        value = question["answer"]
        shown = {f"{value:g}", f"{value:.2f}", str(value)}
        return any(re.search(rf"(?<![\d.]){re.escape(v)}(?![\d])", hint) for v in shown)
    # an order question's hint must not list a date for every item
    return len(re.findall(r"\b1[89]\d\d\b", hint)) >= len(question["options"]) - 1


def bank_problems(bank: dict[str, list[dict]]) -> list[str]:
    found = []
    choices = [q for questions in bank.values() for q in questions if q["kind"] == "choice"]
    for q in choices:
        if not similar(q["options"]):
            lengths = [len(option) for option in q["options"]]
            found.append(f"{q['id']}: options differ too much in length {lengths}")
    longest = [q["id"] for q in choices if right_is_longest(q)]
    if len(longest) * 4 > len(choices):
        found.append(f"the right answer is the longest option in {len(longest)} of "
                     f"{len(choices)}: {longest}")
    positions = [q["answer"] for q in choices]
    for place in range(4):
        share = positions.count(place) / max(len(positions), 1)
        if share == 0 or share > 0.4:
            found.append(f"the right answer is option {place + 1} in {positions.count(place)} "
                         f"of {len(positions)}")
    for name, questions in bank.items():
        places = [q["answer"] for q in questions if q["kind"] == "choice"]
        for first, second in zip(places, places[1:]):
            if first == second:
                found.append(f"{name}: two questions in a row have the right answer in place "
                             f"{first + 1}")
        dating = [q["id"] for q in questions if DATING.search(q["prompt"])]
        if len(dating) > 1:
            found.append(f"{name}: {len(dating)} questions on how the module dates things: "
                         f"{dating}")
        for q in questions:
            if q["kind"] == "order" and list(q["answer"]) == sorted(q["answer"]):
                found.append(f"{q['id']}: the options are already in the right order")
            for hint in q.get("hints", []):
                if hint_gives_away(q, hint):
                    found.append(f"{q['id']}: the hint {hint!r} gives the answer away")
    return found


def test_practice_questions_follow_the_rules():
    bank = question_bank()
    assert len(bank) == len(LESSONS), "one practice file per lesson"
    assert bank_problems(bank) == []


def test_a_long_right_answer_is_caught():
    bank = question_bank()
    for questions in bank.values():
        for q in questions:
            if q["kind"] == "choice":
                q["options"][q["answer"]] += " (and this is certainly the correct, full answer)"
    found = bank_problems(bank)
    assert any("longest option" in p for p in found) and any("differ too much" in p for p in found)


def test_a_stuck_answer_position_is_caught():
    bank = question_bank()
    for questions in bank.values():
        for q in questions:
            if q["kind"] == "choice":
                right = q["options"].pop(q["answer"])
                q["options"].insert(0, right)
                q["answer"] = 0
    found = bank_problems(bank)
    assert any("is option 1 in" in p for p in found) and any("in a row" in p for p in found)


def test_a_hint_that_gives_the_answer_away_is_caught():
    bank = question_bank()
    q = next(q for questions in bank.values() for q in questions if q["kind"] == "choice")
    q["hints"].append("The answer is: " + q["options"][q["answer"]])
    number = next(q for questions in bank.values() for q in questions if q["kind"] == "number")
    number["hints"].append(f"It comes to {number['answer']}.")
    found = bank_problems(bank)
    assert any(q["id"] in p and "gives the answer away" in p for p in found)
    assert any(number["id"] in p and "gives the answer away" in p for p in found)


def test_two_dating_questions_in_one_lesson_are_caught():
    bank = question_bank()
    questions = next(iter(bank.values()))
    for q in questions[:2]:
        q["prompt"] += " Why does the module give it a span?"
    assert any("how the module dates things" in p for p in bank_problems(bank))


# --- what a lesson shows when it runs ---------------------------------------------------------

def output_problems(executed) -> list[str]:
    """In a run lesson: every picture carries alt text, no raw DataFrame reaches the student's path,
    and nothing is written to stderr (a warning in red is a broken lesson to a student)."""
    found = []
    for number, cell in enumerate(executed.cells, start=1):
        if cell.cell_type != "code":
            continue
        optional = "under-the-hood" in tags(cell)
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            alt = output.get("metadata", {}).get("image/png", {}).get("alt")
            if "image/png" in data and not alt:
                found.append(f"cell {number}: a picture without alt text")
            if not optional and 'class="dataframe"' in str(data.get("text/html", "")):
                found.append(f"cell {number}: a raw pandas table on the student's path")
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                found.append(f"cell {number}: writes to stderr: {output.get('text', '')[:80]!r}")
    return found


@pytest.mark.slow
@pytest.mark.timeout(300)
@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.name)
def test_a_run_lesson_shows_pictures_with_alt_text_and_no_raw_tables(path, tmp_path):
    from notebook_runner import execute
    assert output_problems(execute(path, tmp_path)) == []


def test_output_rules_catch_a_bare_picture_and_a_raw_table(tmp_path):
    from notebook_runner import execute
    source = ("import pandas as pd, matplotlib.pyplot as plt\n%matplotlib inline\n"
              "plt.plot([1, 2]); plt.show()\npd.DataFrame({'when': ['1923-04']})")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    nbformat.write(notebook, tmp_path / "bare.ipynb")
    found = output_problems(execute(tmp_path / "bare.ipynb", tmp_path))
    assert any("without alt text" in p for p in found)
    assert any("raw pandas table" in p for p in found)


# --- a student's JupyterLab -------------------------------------------------------------------

INSTRUCTOR_TOOLS = {"@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:formgrader",
                    "@jupyter/nbgrader:validate-assignment"}


def test_start_sh_switches_off_the_instructor_tools_that_nbgrader_installs():
    """start.sh names real nbgrader plugins and server extensions (a rename would fail here)."""
    import sys

    script = (ROOT / "start.sh").read_text()
    disabled = set(re.findall(r'"(@jupyter/nbgrader:[a-z-]+)": true', script))
    assert INSTRUCTOR_TOOLS <= disabled, f"start.sh leaves on: {INSTRUCTOR_TOOLS - disabled}"
    bundle = Path(sys.prefix, "share", "jupyter", "labextensions", "@jupyter", "nbgrader", "static")
    if not bundle.exists():
        pytest.skip("nbgrader's JupyterLab extension is not installed here")
    plugins = set(re.findall(r'"(@jupyter/nbgrader:[a-z-]+)"',
                             "".join(path.read_text(errors="ignore") for path in bundle.glob("*.js"))))
    assert disabled <= plugins, f"start.sh names plugins nbgrader does not have: {disabled - plugins}"
    servers = set(re.findall(r'"(nbgrader\.server_extensions\.[a-z_]+)": false', script))
    assert {"nbgrader.server_extensions.formgrader",
            "nbgrader.server_extensions.validate_assignment"} <= servers
    assert "JUPYTER_CONFIG_DIR" in script and "notebooks/00_start_here.ipynb" in script
