"""Practice questions give instant feedback, and never carry a graded answer."""
import json
from pathlib import Path

import pytest

from succession import practice

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = practice.load_questions()


def wrong_response(question):
    if question.kind == "choice":
        return next(i for i in range(len(question.options)) if i != question.answer)
    if question.kind == "order":
        return list(reversed(question.answer))
    return float(question.answer) + question.tolerance + 1000


@pytest.mark.parametrize("question", QUESTIONS.values(), ids=lambda q: q.id)
def test_question_is_well_formed(question):
    assert question.prompt and question.explanation and question.hints
    if question.kind == "choice":
        assert 0 <= question.answer < len(question.options)
    elif question.kind == "order":
        assert sorted(question.answer) == list(range(len(question.options)))
    else:
        assert question.kind == "number"
    assert question.is_right(question.answer)
    assert not question.is_right(wrong_response(question))


def test_hints_then_worked_answer():
    question = next(iter(QUESTIONS.values()))
    tracker = practice.Tracker(question)
    attempts = [tracker.check(wrong_response(question)) for _ in range(practice.MAX_TRIES)]
    assert [a.finished for a in attempts] == [False] * (practice.MAX_TRIES - 1) + [True]
    assert attempts[0].message.startswith("Not yet. Hint:")
    assert question.explanation in attempts[-1].message
    assert practice.Tracker(question).check(question.answer).right


def test_widget_gives_feedback_on_click():
    question = next(q for q in QUESTIONS.values() if q.kind == "choice")
    box = practice.ask(question.id)
    box.button.click()
    assert "Choose an answer first" in box.feedback.value
    box.control.value = wrong_response(question)
    box.button.click()
    assert "Hint" in box.feedback.value
    box.control.value = question.answer
    box.button.click()
    assert box.feedback.value.count("Right.") == 1


def test_unknown_question_says_which_exist():
    with pytest.raises(KeyError, match="l0-speaker"):
        practice.question("no-such-question")


def graded_cells():
    for path in sorted((ROOT / "solutions").glob("*/*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("grade") or meta.get("solution"):
                yield path, meta.get("grade_id", ""), "".join(cell["source"])


def test_practice_never_holds_a_graded_question():
    practice_text = json.dumps([q.__dict__ for q in QUESTIONS.values()])
    for path, grade_id, source in graded_cells():
        assert grade_id not in QUESTIONS, f"{path.name}: {grade_id} is also a practice question"
        assert f"practice.ask(\"{grade_id}\")" not in source
    for path in sorted((ROOT / "solutions").glob("*/*.ipynb")):
        assert "succession.practice" not in path.read_text() and "from succession import practice" not in path.read_text(), \
            f"{path}: graded assignments must not use the practice self-check"
    assert practice_text  # the bank itself is not empty


def test_the_widget_is_labelled_works_with_the_keyboard_and_announces_feedback():
    """A labelled drop-down (one Tab stop; the arrow keys move the choice), options as a list
    that wraps, and feedback in a polite live region."""
    import ipywidgets as widgets

    question = next(q for q in QUESTIONS.values() if q.kind == "choice")
    box = practice.ask(question.id)
    assert isinstance(box.control, widgets.Dropdown) and box.control.description == "Your answer"
    assert [value for _, value in box.control.options] == [None] + list(range(len(question.options)))
    assert box.control.layout.max_width == "100%"
    for letter, option in zip(practice.LETTERS, question.options):
        assert f"<b>{letter}.</b> {option[:20]}" in box.children[0].value.replace("&#x27;", "'")
    box.control.value = wrong_response(question)
    box.button.click()
    assert 'role="status" aria-live="polite"' in box.feedback.value and "Hint" in box.feedback.value
    assert box.button.description == "Check my answer"
