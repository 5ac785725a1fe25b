"""JupyterLab's classroom settings: committed, current, and installed by the set-up script."""
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def generator():
    spec = importlib.util.spec_from_file_location("make_lab_overrides", ROOT / "scripts" / "make-lab-overrides.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_settings_match_this_jupyterlab():
    """A JupyterLab upgrade that adds or changes a shortcut makes this fail: rerun the script."""
    make = generator()
    assert json.loads(COMMITTED.read_text()) == make.overrides(make.lab_schemas()), \
        "share/jupyter/lab/settings/overrides.json is stale: run .venv/bin/python scripts/make-lab-overrides.py"


def test_no_command_mode_shortcut_fires_inside_an_output():
    make = generator()
    shortcuts = json.loads(COMMITTED.read_text())["@jupyterlab/shortcuts-extension:shortcuts"]["shortcuts"]
    defaults = make.default_shortcuts(make.lab_schemas())
    assert len(defaults) > 30                       # the arrows, D D, X, A, B, ... all of them
    for default in defaults:
        assert {**default, "disabled": True} in shortcuts, f"{default['keys']} still fires inside an explorer"
        assert {**default, "selector": make.COMMAND_MODE + make.INSIDE_OUTPUT} in shortcuts
    arrows = [s for s in shortcuts if s["keys"] == ["ArrowDown"] and not s.get("disabled")]
    assert arrows and all(s["selector"].endswith(":not(.jp-OutputArea-output *)") for s in arrows)


def test_the_environment_has_them():
    installed = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert installed.read_text() == COMMITTED.read_text(), "scripts/ensure-env.sh copies the settings into .venv"
