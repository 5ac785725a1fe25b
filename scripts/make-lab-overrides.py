"""Write share/jupyter/lab/settings/overrides.json: JupyterLab settings for classrooms.

The same file serves a student's own computer (scripts/ensure-env.sh copies it into .venv) and
a class hub (deploy/install.sh, deploy/tljh/install.sh and postBuild copy it).

    .venv/bin/python scripts/make-lab-overrides.py

- No news or update checks (a classroom may be offline).
- No "Select Kernel" dialog: the notebook's own kernel starts; no windowing of long notebooks.
- Keys typed in an explorer or a practice question stay there. JupyterLab's command-mode
  shortcuts (arrows move between cells, D D deletes one, X cuts one) also fire while a drop-down
  or a radio button inside an output has the focus, so the arrow keys could not move a month
  and a letter typed in a list could delete a cell. Each such shortcut is switched off and
  added again for the same keys, except when the focus is inside an output.

Run again after a JupyterLab upgrade; tests/test_lab_settings.py fails when the file is stale.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
COMMAND_MODE = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"
INSIDE_OUTPUT = ":not(.jp-OutputArea-output *)"


def default_shortcuts(lab_schemas: Path) -> list[dict]:
    """The notebook's command-mode shortcuts, as JupyterLab's own schema declares them."""
    schema = json.loads((lab_schemas / "@jupyterlab" / "notebook-extension" / "tracker.json").read_text())
    return [s for s in schema["jupyter.lab.shortcuts"] if s["selector"] == COMMAND_MODE and s["keys"]]


def overrides(lab_schemas: Path) -> dict:
    shortcuts = []
    for shortcut in default_shortcuts(lab_schemas):
        shortcuts.append({**shortcut, "disabled": True})
        shortcuts.append({**shortcut, "selector": COMMAND_MODE + INSIDE_OUTPUT})
    return {
        "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
        # Every cell stays in the page, so an explorer draws wherever a student scrolls to it.
        "@jupyterlab/notebook-extension:tracker": {"autoStartDefaultKernel": True, "windowingMode": "none"},
        "@jupyterlab/shortcuts-extension:shortcuts": {"shortcuts": shortcuts},
    }


def lab_schemas() -> Path:
    return Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas"


if __name__ == "__main__":
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(json.dumps(overrides(lab_schemas()), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
