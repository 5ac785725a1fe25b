"""Render the lessons to self-contained HTML handouts, fit to print or read offline.

Each lesson is executed in a fresh kernel with SUCCESSION_STATIC=1 set, so the explorers
draw still pictures at their opening date instead of live widgets (a printout cannot move a
slider). Code cells are left out: the handout is the lesson's text, tables and pictures.
"""
from __future__ import annotations

import html
import os
import re
import sys
import tempfile
from pathlib import Path

STATIC_ENV = "SUCCESSION_STATIC"


def static_mode() -> bool:
    """True while a handout is being rendered: explorers show pictures, not widgets."""
    return os.environ.get(STATIC_ENV) == "1"


def lessons(folder: Path) -> list[Path]:
    """The numbered lessons, in order (the dashboard is not a lesson)."""
    return sorted(path for path in folder.glob("[0-9][0-9]_*.ipynb"))


def render(notebook_path: Path, out_dir: Path, timeout: int = 300) -> Path:
    """Execute one notebook and write it as one HTML file with its pictures inside."""
    import nbformat
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    notebook = nbformat.read(notebook_path, as_version=4)
    previous = os.environ.get(STATIC_ENV)
    os.environ[STATIC_ENV] = "1"  # the kernel inherits it
    try:
        with tempfile.TemporaryDirectory() as scratch:  # whatever a lesson writes stays out of the way
            NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                           resources={"metadata": {"path": scratch}}).execute()
    finally:
        if previous is None:
            os.environ.pop(STATIC_ENV, None)
        else:
            os.environ[STATIC_ENV] = previous
    printable(notebook)
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            embed_images=True)
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": notebook_path.stem}})
    body = offline(body)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{notebook_path.stem}.html"
    target.write_text(body, encoding="utf-8")
    return target


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def printable(notebook) -> None:
    """Make an executed notebook fit to print: no widget state, and alt text on every picture.

    Widgets cannot move on paper, and their saved state would make nbconvert load a widget
    script from the web. nbconvert's HTML ignores the alt text a chart puts in its display
    metadata, so each such picture is handed over as an <img> that carries it.
    """
    notebook.metadata.pop("widgets", None)
    notebook.cells = paper_cells(notebook.cells)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            data.pop(WIDGET_VIEW, None)
            alt = output.get("metadata", {}).get("image/png", {}).get("alt")
            if "image/png" in data and alt and "text/html" not in data:
                data["text/html"] = (f'<img src="data:image/png;base64,{data["image/png"].strip()}" '
                                     f'alt="{html.escape(alt, quote=True)}">')


def paper_cells(cells: list) -> list:
    """The lesson as printed: no optional "under the hood" cell (nor its heading), and each
    answer cell a labelled blank box to write in."""
    kept = []
    for cell in cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "under-the-hood" in tags:
            if kept and kept[-1].cell_type == "markdown" and "under the hood" in kept[-1].source.lower():
                kept.pop()
            continue
        if "answer" in tags and cell.cell_type == "markdown":
            label = re.match(r"\s*(\*\*[^*]+\*\*)", cell.source)
            cell.source = ((label.group(1) if label else "**Your answer:**") +
                           '\n\n<div class="answer-space" style="border:1px solid #767676;min-height:7em;'
                           'margin:4px 0 12px"></div>')
        kept.append(cell)
    return kept


def offline(page: str) -> str:
    """Drop the scripts nbconvert loads from the web (MathJax, require.js, mermaid): a handout needs none."""
    page = re.sub(r'<script[^>]*src="https?://[^"]*"[^>]*>\s*</script>', "", page)
    # mermaid comes in an inline module script that imports it from a CDN
    return re.sub(r'<script type="module">(?:(?!</script>).)*?https?://(?:(?!</script>).)*?</script>', "",
                  page, flags=re.S)


def render_all(notebooks: Path, out_dir: Path) -> list[Path]:
    written = []
    for number, path in enumerate(lessons(notebooks), start=1):
        print(f"[{number}] {path.name} ...", end=" ", flush=True, file=sys.stderr)
        written.append(render(path, out_dir))
        print("done", file=sys.stderr)
    return written
