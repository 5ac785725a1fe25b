"""How heavy is each lesson? Words, code on show, raw tables, honest minutes, reading grade, speed.

    .venv/bin/python benchmarks/bench_lessons.py              # every lesson, table to stdout
    .venv/bin/python benchmarks/bench_lessons.py --out FILE   # also write the table (markdown)

Speed is each lesson's execution against a bare notebook that imports pandas and matplotlib and
draws one figure (the goal: at most 2 times), as the kernel's CPU seconds (steady on a shared
machine) and as wall-clock seconds. A benchmark, not a test.

Honest minutes: reading at 150 words a minute (the prose and the words of every card shown), two
minutes a practice question, three an explorer, and for each answer cell four minutes (five for a
decision point, twelve for the source task, six for each step of an essay plan).
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from test_lessons import hidden, prose_of, sentences, tags, words  # noqa: E402

READING_WPM = 150
BARE = """import pandas as pd
import matplotlib
import matplotlib.pyplot as plt
%matplotlib inline
frame = pd.DataFrame({"year": [1921, 1922, 1923], "members": [1, 2, 3]})
fig, ax = plt.subplots()
ax.plot(frame["year"], frame["members"])
plt.show()"""


def run(notebook) -> tuple[float, float]:
    """Wall-clock seconds, and the kernel's own CPU seconds (user + system, with its children):
    on a shared machine the CPU time is the steadier of the two."""
    import psutil

    start = time.perf_counter()
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}})
    with client.setup_kernel():
        kernel = psutil.Process(client.km.provisioner.process.pid)
        for index, cell in enumerate(notebook.cells):
            client.execute_cell(cell, index)
        used = kernel.cpu_times()
        cpu = used.user + used.system + used.children_user + used.children_system
    return time.perf_counter() - start, cpu


def bare_run() -> tuple[float, float]:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(BARE)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    return run(notebook)


def syllables(word: str) -> int:
    word = word.lower().strip("'’")
    groups = re.findall(r"[aeiouy]+", word)
    silent_e = word.endswith("e") and len(groups) > 1 and not word.endswith("le")
    return max(len(groups) - silent_e, 1)


def reading_grade(text: str) -> float:
    """Flesch-Kincaid grade level of the prose."""
    found = re.findall(r"[A-Za-z][A-Za-z'’\-]*", text)
    if not found:
        return 0.0
    per_sentence = len(found) / max(sentences(text), 1)
    per_word = sum(map(syllables, found)) / len(found)
    return 0.39 * per_sentence + 11.8 * per_word - 15.59


def shown_words(executed) -> int:
    """Words in the cards, tables and captions a student reads (text versions of the outputs)."""
    total = 0
    for cell in executed.cells:
        if cell.cell_type != "code" or "under-the-hood" in tags(cell):
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data and "sc-card" in str(data["text/html"]):
                total += words(str(data.get("text/plain", "")))
    return total


def minutes(notebook, executed) -> tuple[int, int]:
    """Minutes in class, and minutes of homework (the cells after a heading that says Homework)."""
    reading = (words(prose_of(notebook)) + shown_words(executed)) / READING_WPM
    activity = homework = 0.0
    previous = ""
    at_home = False
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and re.match(r"#+ .*", cell.source):
            at_home = bool(re.match(r"#+ (\d+\. )?Homework", cell.source))
        if at_home and "answer" in tags(cell):
            homework += 6
            continue
        if cell.cell_type == "code" and "ask(" in cell.source:
            activity += 2
        elif cell.cell_type == "code" and "Explorer(" in cell.source:
            activity += 3
        elif "answer" in tags(cell):
            if "Source task" in previous or "AQA" in previous:
                activity += 12
            elif "Decision point" in previous or "Decide before" in previous:
                activity += 5
            elif re.match(r"\*\*\d\.", previous.strip()) or "Extended writing" in previous:
                activity += 6
            else:
                activity += 4
        if cell.cell_type == "markdown" and "answer" not in tags(cell):
            previous = cell.source
    return round(reading + activity), round(homework)


def in_class(notebook, executed) -> str:
    lesson, homework = minutes(notebook, executed)
    return f"{lesson} + {homework} homework" if homework else str(lesson)


def stated_minutes(notebook) -> str:
    found = re.search(r"\*Time: (?:about )?(\d+) minutes", notebook.cells[0].source)
    return found.group(1) if found else "?"


def code_outputs(executed):
    """The outputs of the code cells on a student's path (not the optional one)."""
    for cell in executed.cells:
        if cell.cell_type == "code" and "under-the-hood" not in tags(cell):
            yield from cell.get("outputs", [])


def raw_tables(executed) -> int:
    return sum('class="dataframe"' in str(output.get("data", {}).get("text/html", ""))
               for output in code_outputs(executed))


def tables_shown(executed) -> int:
    """Tables a student reads: the cards' tables and any table written in the markdown."""
    shown = sum(str(output.get("data", {}).get("text/html", "")).count("<table")
                for output in code_outputs(executed))
    markdown = sum(1 for cell in executed.cells
                   if cell.cell_type == "markdown" and "answer" not in tags(cell)
                   and re.search(r"^\|.*\|\s*$", cell.source, re.M))
    return shown + markdown


HEADER = ("| lesson | words of prose | visible code cells (+ optional) | raw table outputs "
          "| tables shown | minutes: honest (stated) | reading grade (Flesch-Kincaid) "
          "| kernel CPU seconds (x bare) | wall seconds (x bare) |\n"
          "|---|---|---|---|---|---|---|---|---|")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path)
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each lesson and of the bare notebook (best taken)")
    parser.add_argument("lessons", nargs="*", type=Path)
    options = parser.parse_args()
    lessons = options.lessons or sorted((ROOT / "notebooks").glob("0*.ipynb"))
    rows, bares = [HEADER], []
    for path in lessons:
        notebook = nbformat.read(path, as_version=4)
        # Paired runs (bare, lesson, bare, lesson ...), best of each: the machine is shared,
        # and a neighbour's load should not count against a lesson.
        bare_runs, runs = [], []
        for _ in range(options.repeat):
            bare_runs.append(bare_run())
            executed = nbformat.read(path, as_version=4)
            runs.append(run(executed))
        bare, bare_cpu = (min(values) for values in zip(*bare_runs))
        seconds, cpu = (min(values) for values in zip(*runs))
        bares.append(bare_cpu)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        optional = sum("under-the-hood" in tags(cell) for cell in code)
        visible = sum(not hidden(cell) for cell in code) - optional
        prose = prose_of(notebook)
        rows.append(f"| {path.stem[:2]} | {words(prose):,} | {visible} (+{optional}) "
                    f"| {raw_tables(executed)} | {tables_shown(executed)} "
                    f"| {in_class(notebook, executed)} ({stated_minutes(notebook)}) "
                    f"| {reading_grade(prose):.1f} | {cpu:.1f} ({cpu / bare_cpu:.2f}x) "
                    f"| {seconds:.1f} ({seconds / bare:.2f}x) |")
        print(rows[-1], flush=True)
    table = "\n".join(rows) + (
        f"\n\nBare notebook (pandas, matplotlib, one figure): {min(bares):.1f}-{max(bares):.1f} "
        f"kernel CPU seconds; each lesson and its bare run: best of {options.repeat}, in turn.\n")
    print(table)
    if options.out:
        options.out.write_text(table)


if __name__ == "__main__":
    main()
