"""Render the lessons to self-contained HTML handouts, fit to print or read offline.

Each lesson is executed in a fresh kernel with SUCCESSION_STATIC=1 set, so the explorers
draw still pictures at their opening date instead of live widgets (a printout cannot move a
slider). Code cells are left out: the handout is the lesson's text, tables and pictures.
"""
from __future__ import annotations

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
    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                            embed_images=True)
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": notebook_path.stem}})
    body = offline(body)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{notebook_path.stem}.html"
    target.write_text(body, encoding="utf-8")
    return target


def offline(html: str) -> str:
    """Drop the scripts nbconvert loads from the web (MathJax, require.js): a handout needs none."""
    return re.sub(r'<script[^>]*src="https?://[^"]*"[^>]*>\s*</script>', "", html)


def render_all(notebooks: Path, out_dir: Path) -> list[Path]:
    written = []
    for number, path in enumerate(lessons(notebooks), start=1):
        print(f"[{number}] {path.name} ...", end=" ", flush=True, file=sys.stderr)
        written.append(render(path, out_dir))
        print("done", file=sys.stderr)
    return written
