"""Execute a notebook top to bottom in a fresh kernel, the way a student's Run All would."""
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK_TIMEOUT = 300  # seconds for the whole notebook
CELL_TIMEOUT = 120


def execute(path: Path, workdir: Path) -> nbformat.NotebookNode:
    """Run every cell with `workdir` as the current folder; raises CellExecutionError on any error."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(workdir)}})
    client.execute()
    return notebook


def leftovers(path: Path) -> list[str]:
    """What a committed notebook should not carry: outputs, execution counts, saved widget state."""
    notebook = nbformat.read(path, as_version=4)
    found = []
    if "widgets" in notebook.metadata:
        found.append("saved widget state (metadata.widgets)")
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            found.append(f"cell {number} has outputs")
        if cell.get("execution_count") is not None:
            found.append(f"cell {number} has an execution count")
    return found
