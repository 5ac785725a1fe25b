"""Shared test set-up: keep every Jupyter, IPython and matplotlib file in a temporary folder."""
import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

# Before anything imports Jupyter or matplotlib: their config and caches go here, not into
# the user's home or the repository.
_SANDBOX = Path(tempfile.mkdtemp(prefix="succession-tests-"))
atexit.register(shutil.rmtree, _SANDBOX, ignore_errors=True)
for variable, sub in {"JUPYTER_CONFIG_DIR": "jupyter-config", "JUPYTER_RUNTIME_DIR": "jupyter-runtime",
                      "IPYTHONDIR": "ipython", "MPLCONFIGDIR": "matplotlib", "XDG_CACHE_HOME": "cache",
                      "JUPYTERLAB_SETTINGS_DIR": "lab-settings", "JUPYTERLAB_WORKSPACES_DIR": "lab-workspaces"}.items():
    os.environ[variable] = str(_SANDBOX / sub)
    (_SANDBOX / sub).mkdir(parents=True, exist_ok=True)
os.environ["MPLBACKEND"] = "Agg"
os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
# Commands the tests start (jupyter, voila, nbgrader, alembic) come from this environment.
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def sandbox() -> Path:
    return _SANDBOX


@pytest.fixture(scope="session")
def tables():
    """The real evidence base, loaded once for the tests that share it."""
    from succession.data import load
    return load()


def require_chromium():
    """Skip outside CI when there is no browser; in CI a missing browser is a failure."""
    if CHROMIUM.exists():
        return str(CHROMIUM)
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true but /usr/bin/chromium is missing: .ci/run should have installed Debian's chromium")
    pytest.skip("no /usr/bin/chromium: install Debian's chromium package to run the browser tests")


def seeds_or_skip():
    """The source texts, or a skip saying why (a failure under CI)."""
    from succession.validate import seeds_dir
    folder = seeds_dir()
    if folder.is_dir():
        return folder
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but the source texts are missing at {folder} (set SEEDS_DIR)")
    pytest.skip(f"the source texts are not at {folder}: set SEEDS_DIR to check quotes")
