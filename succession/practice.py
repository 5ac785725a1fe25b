"""Practice questions with instant feedback, for lessons and self-study.

Questions live in succession/practice_questions/lesson_N.json, one file per lesson,
each a list of small dictionaries:

    {"id": "l2-silence", "kind": "choice", "prompt": "...", "options": ["...", "..."],
     "answer": 1, "hints": ["...", "..."], "explanation": "..."}

kinds: "choice" (answer = index of the right option), "order" (answer = the options in
the right order, given as indexes), "number" (answer = a number, with an optional
"tolerance").

A wrong answer gets the next hint; after MAX_TRIES wrong answers the worked
explanation is shown. The checks run in the notebook with nothing else installed.

Practice only: graded nbgrader exercises never use this module, and no question here
may be the answer to a graded one (a test checks).
"""
from __future__ import annotations

import html
import importlib.resources
import json
from dataclasses import dataclass, field

MAX_TRIES = 3


@dataclass
class Question:
    id: str
    kind: str
    prompt: str
    answer: object
    options: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    explanation: str = ""
    tolerance: float = 0.0

    def is_right(self, response) -> bool:
        if self.kind == "choice":
            return response == self.answer
        if self.kind == "order":
            return list(response) == list(self.answer)
        if self.kind == "number":
            try:
                return abs(float(response) - float(self.answer)) <= self.tolerance
            except (TypeError, ValueError):
                return False
        raise ValueError(f"question {self.id!r}: unknown kind {self.kind!r}; expected choice, order or number")


@dataclass
class Attempt:
    """What a student sees after one try."""
    right: bool
    message: str
    finished: bool


class Tracker:
    """Counts a student's tries at one question and picks the feedback."""

    def __init__(self, question: Question):
        self.question = question
        self.wrong = 0

    def check(self, response) -> Attempt:
        question = self.question
        if question.is_right(response):
            return Attempt(True, "Right. " + question.explanation, True)
        self.wrong += 1
        if self.wrong >= MAX_TRIES:
            return Attempt(False, "Not quite. Here is the worked answer: " + question.explanation, True)
        hint = question.hints[min(self.wrong, len(question.hints)) - 1] if question.hints else "Look again at the evidence above."
        return Attempt(False, f"Not yet. Hint: {hint}", False)


def load_questions() -> dict[str, Question]:
    folder = importlib.resources.files("succession").joinpath("practice_questions")
    questions = {}
    for path in sorted(folder.iterdir(), key=lambda item: item.name):
        if not path.name.endswith(".json"):
            continue
        for number, entry in enumerate(json.loads(path.read_text(encoding="utf-8")), start=1):
            try:
                question = Question(**entry)
            except TypeError as error:
                raise ValueError(f"practice_questions/{path.name}, question {number}: {error}") from None
            if question.id in questions:
                raise ValueError(f"practice_questions/{path.name}: question id {question.id!r} appears twice")
            questions[question.id] = question
    return questions


def question(question_id: str) -> Question:
    questions = load_questions()
    if question_id not in questions:
        raise KeyError(f"no practice question {question_id!r}; known: {', '.join(sorted(questions))}")
    return questions[question_id]


def printable(item: Question) -> str:
    """The question for a printed handout: prompt and options, never the answer."""
    options = "".join(f"<li>{html.escape(option)}</li>" for option in item.options)
    listing = f"<ol type='A'>{options}</ol>" if options else "<p>Answer: ________</p>"
    return (f"<div class='practice-question'><p><b>Practice.</b> {html.escape(item.prompt)}</p>{listing}"
            "<p><i>Check your answer in the notebook.</i></p></div>")


def ask(question_id: str):
    """The question as a widget: the options, a Check button and the feedback."""
    import ipywidgets as widgets

    from .handouts import static_mode

    item = question(question_id)
    if static_mode():
        from IPython.display import HTML
        return HTML(printable(item))
    tracker = Tracker(item)
    prompt = widgets.HTML(f"<p><b>Practice.</b> {html.escape(item.prompt)}</p>")
    feedback = widgets.HTML("")
    feedback.add_class("practice-feedback")
    button = widgets.Button(description="Check", button_style="primary", tooltip="Check your answer")
    if item.kind == "choice":
        control = widgets.RadioButtons(options=[(text, index) for index, text in enumerate(item.options)],
                                       value=None, layout={"width": "max-content"})
        read = lambda: control.value  # noqa: E731
    elif item.kind == "order":
        control = widgets.VBox([widgets.Dropdown(options=[("choose...", None)] +
                                                 [(text, index) for index, text in enumerate(item.options)],
                                                 description=f"{place + 1}.") for place in range(len(item.options))])
        read = lambda: [box.value for box in control.children]  # noqa: E731
    else:
        control = widgets.FloatText(description="Answer")
        read = lambda: control.value  # noqa: E731

    def on_check(_):
        response = read()
        if response is None or (isinstance(response, list) and None in response):
            feedback.value = "<p>Choose an answer first.</p>"
            return
        attempt = tracker.check(response)
        colour = "#1a7f37" if attempt.right else "#9a3412"
        feedback.value = f'<p style="color:{colour}">{html.escape(attempt.message)}</p>'

    button.on_click(on_check)
    box = widgets.VBox([prompt, control, button, feedback])
    box.add_class("practice-question")
    box.tracker, box.read, box.control, box.feedback, box.button = tracker, read, control, feedback, button
    return box
