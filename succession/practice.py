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


LETTERS = "ABCDEFGH"
AUTO = {"width": "auto", "max_width": "100%"}


def feedback_html(message: str = "", right: bool | None = None) -> str:
    """The feedback in a polite live region, so a screen reader reads it out when it changes."""
    colour = {True: "#1a7f37", False: "#9a3412"}.get(right, "#222222")
    return (f'<div class="practice-live" role="status" aria-live="polite" aria-atomic="true" '
            f'style="color:{colour}">{html.escape(message)}</div>')


def ask(question_id: str):
    """The question as a widget: the options as a lettered list that wraps, a labelled
    drop-down to choose one (the arrow keys move through the choices; ipywidgets' radio buttons
    share no group name, so the arrow keys do nothing there), a Check button, and the feedback
    in a live region."""
    import ipywidgets as widgets

    from .handouts import static_mode

    item = question(question_id)
    if static_mode():
        from IPython.display import HTML
        return HTML(printable(item))
    tracker = Tracker(item)
    options_html = "".join(f"<li><b>{LETTERS[i]}.</b> {html.escape(text)}</li>" for i, text in enumerate(item.options))
    listing = (f'<ol class="practice-options" style="list-style:none;padding-left:0">{options_html}</ol>'
               if item.kind == "choice" else "")
    prompt = widgets.HTML(f"<p><b>Practice.</b> {html.escape(item.prompt)}</p>{listing}",
                          layout=widgets.Layout(max_width="100%"))
    feedback = widgets.HTML(feedback_html(), layout=widgets.Layout(max_width="100%"))
    feedback.add_class("practice-feedback")
    button = widgets.Button(description="Check my answer", button_style="primary", tooltip="Check your answer",
                            layout=widgets.Layout(width="auto"))
    style = {"description_width": "initial"}
    if item.kind == "choice":
        control = widgets.Dropdown(options=[("choose A, B, C ...", None)] +
                                   [(f"{LETTERS[i]}. {text}", i) for i, text in enumerate(item.options)],
                                   value=None, description="Your answer", style=style, layout=widgets.Layout(**AUTO))
        read = lambda: control.value  # noqa: E731
    elif item.kind == "order":
        places = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]
        control = widgets.VBox([widgets.Dropdown(options=[("choose...", None)] +
                                                 [(text, index) for index, text in enumerate(item.options)],
                                                 description=f"{place + 1}. ({places[place]})", style=style,
                                                 layout=widgets.Layout(**AUTO))
                                for place in range(len(item.options))], layout=widgets.Layout(max_width="100%"))
        read = lambda: [box.value for box in control.children]  # noqa: E731
    else:
        control = widgets.FloatText(description="Your answer", style=style)
        read = lambda: control.value  # noqa: E731

    def on_check(_):
        response = read()
        if response is None or (isinstance(response, list) and None in response):
            feedback.value = feedback_html("Choose an answer first.")
            return
        attempt = tracker.check(response)
        feedback.value = feedback_html(attempt.message, attempt.right)

    button.on_click(on_check)
    box = widgets.VBox([prompt, control, button, feedback], layout=widgets.Layout(max_width="100%"))
    box.add_class("practice-question")
    box.tracker, box.read, box.control, box.feedback, box.button = tracker, read, control, feedback, button
    return box
