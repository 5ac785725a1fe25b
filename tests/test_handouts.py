"""Lessons render to executed, self-contained HTML handouts."""
import re
from pathlib import Path

import pytest

from succession.handouts import lessons, render

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_a_lesson_renders_to_a_handout(tmp_path):
    lesson = lessons(ROOT / "notebooks")[0]
    html = render(lesson, tmp_path).read_text()
    assert "Start here" in html
    assert "from succession" not in html, "code cells belong in the notebook, not the handout"
    assert not re.search(r'<script[^>]*src="https?://', html), "a handout must not load scripts from the web"
    assert "Twelfth" in html or "evidence" in html  # the executed outputs are there


def test_lessons_are_numbered_and_ordered():
    names = [path.name for path in lessons(ROOT / "notebooks")]
    assert names == sorted(names) and all(re.match(r"\d\d_", name) for name in names)
    assert "dashboard.ipynb" not in names


def test_static_mode_shows_still_pictures_and_questions(monkeypatch):
    from succession import practice
    from succession.explorers import FactionExplorer
    from succession.handouts import STATIC_ENV

    explorer = FactionExplorer(start="1923-06")
    live = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in live
    monkeypatch.setenv(STATIC_ENV, "1")
    still = explorer._repr_mimebundle_()["text/html"]
    assert "A still picture" in still and "data:image/png;base64" in still
    assert "June 1923" in still and "Joseph Stalin" in still   # the date chosen and the members then
    question = next(iter(practice.load_questions().values()))
    printed = practice.ask(question.id).data
    assert question.prompt[:30] in printed and question.explanation not in printed


def test_paper_drops_the_optional_cell_and_leaves_room_to_answer():
    import nbformat

    from succession.handouts import paper_cells

    cells = [nbformat.v4.new_markdown_cell("Story"),
             nbformat.v4.new_markdown_cell("### Under the hood (optional)\n\nThe raw table."),
             nbformat.v4.new_code_cell("events_between('1923', '1924')", metadata={"tags": ["under-the-hood"]}),
             nbformat.v4.new_markdown_cell("**My choice and one reason:** *(double-click here and type)*",
                                           metadata={"tags": ["answer"]})]
    paper = paper_cells(cells)
    assert [cell.source.split("\n")[0] for cell in paper][:1] == ["Story"]
    assert not any("under the hood" in cell.source.lower() or "events_between" in cell.source for cell in paper)
    assert paper[-1].source.startswith("**My choice and one reason:**")
    assert "double-click" not in paper[-1].source and 'class="answer-space"' in paper[-1].source
