"""Feedback that cannot leak: the secrets of an assignment, cleaning outputs, checking pages.

The secrets are every line of the hidden tests, the mark schemes and exemplars (the written
answers' solution parts) and the solution code, less the lines the student version shows
anyway and the lines the student wrote themselves. Before nbgrader writes a feedback page,
the outputs and tracebacks of the test cells are cleaned of secret lines; after, the page is
searched for every secret line, and a page with any is withheld.
"""
from __future__ import annotations

import html
import re

import nbformat

SHORTEST = 12     # shorter lines ("### END SOLUTION", "else:") tell nothing


def _norm(text: str) -> str:
    """Compared without markdown's marks and extra spaces: a page shows markdown rendered."""
    return " ".join(re.sub(r"[*_`|#>\\]", " ", text).split())


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _between(source: str, begin: str, end: str) -> list[str]:
    return re.findall(rf"{re.escape(begin)}\n(.*?){re.escape(end)}", source, re.S)


def secret_lines(solution: nbformat.NotebookNode, release: nbformat.NotebookNode) -> set[str]:
    """Every line of the hidden tests, mark schemes, exemplars and solution code (normalised)."""
    found = set()
    for cell in solution.cells:
        parts = _between(cell.source, "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")
        parts += _between(cell.source, "### BEGIN SOLUTION", "### END SOLUTION")
        for part in parts:
            found.update(_norm(line) for line in part.splitlines())
    shown = {_norm(line) for cell in release.cells for line in cell.source.splitlines()}
    return {line for line in found - shown if len(line) >= SHORTEST and re.search(r"[A-Za-z]{3}", line)}


def own_lines(nb: nbformat.NotebookNode) -> set[str]:
    """What the student wrote: they may see their own words in their feedback."""
    return {_norm(line) for cell in nb.cells for line in cell.source.splitlines()}


def clean_test_outputs(nb: nbformat.NotebookNode, secrets: set[str]) -> int:
    """Tracebacks to their last line, secret lines out of test cells' outputs; how many lines went."""
    removed = 0
    for cell in nb.cells:
        if cell.cell_type != "code" or not (_meta(cell).get("grade") and not _meta(cell).get("solution")):
            continue
        kept = []
        for output in cell.outputs:
            if output.output_type == "error":
                output.traceback = [f"{output.ename}: {output.evalue}"]
                if any(s in _norm(output.evalue) for s in secrets):
                    output.evalue, removed = "(message withheld by the grader)", removed + 1
                    output.traceback = [f"{output.ename}: {output.evalue}"]
            elif output.output_type == "stream":
                lines = output.text.splitlines(keepends=True)
                clean = [line for line in lines if not any(s in _norm(line) for s in secrets)]
                removed += len(lines) - len(clean)
                output.text = "".join(clean)
                if not clean:
                    continue
            elif output.get("data"):
                text = " ".join(str(v) for v in output.data.values())
                if any(s in _norm(text) for s in secrets):
                    removed += 1
                    continue
            kept.append(output)
        cell.outputs = kept
    return removed


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return _norm(html.unescape(re.sub(r"<[^>]+>", "", page)))


def leaks(page: str, secrets: set[str]) -> list[str]:
    """The secret lines a feedback page shows (in its text or its markup)."""
    text, raw = visible_text(page), _norm(html.unescape(page))
    return sorted(s for s in secrets if s in text or s in raw)
