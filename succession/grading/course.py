"""The course folder: where the instructor versions are, and nbgrader's API on a course."""
from __future__ import annotations

import contextlib
import os
import shutil
import sys
from pathlib import Path

from . import GradingError

CONFIG = "nbgrader_config.py"
SOURCE, RELEASE = "solutions", "exercises"   # as set in the course's nbgrader_config.py
SKIP = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc")


def default_course() -> Path:
    """The repository this package was installed from (editable install), else the current folder."""
    repository = Path(__file__).resolve().parents[2]
    if (repository / CONFIG).is_file() and (repository / SOURCE).is_dir():
        return repository
    return Path.cwd()


def assignments(course: Path) -> list[str]:
    """The assignment names: folders of solutions/ that hold a notebook."""
    folder = Path(course) / SOURCE
    if not folder.is_dir():
        raise GradingError(f"{folder} does not exist: is {course} the course folder (with {CONFIG})?")
    return sorted(d.name for d in folder.iterdir() if d.is_dir() and any(d.glob("*.ipynb")))


def notebook_names(course: Path, assignment: str) -> list[str]:
    return sorted(p.stem for p in (Path(course) / SOURCE / assignment).glob("*.ipynb"))


def venv_on_path() -> None:
    """nbgrader runs a bare `alembic` to create the gradebook: use the one beside this Python."""
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")


def nbgrader_api(root: Path):
    """nbgrader's own Python API on a course folder, configured by its nbgrader_config.py."""
    venv_on_path()
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(CONFIG, path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    config.NbGraderAPI.log_level = "WARN"
    return NbGraderAPI(CourseDirectory(config=config), config=config)


def check(result: dict, what: str) -> None:
    if not result.get("success"):
        detail = (result.get("error") or "") + (result.get("log") or "")
        raise GradingError(f"nbgrader could not {what}:\n{detail.strip()[-3000:]}")


@contextlib.contextmanager
def output_to(log: Path):
    """Send everything written to stdout/stderr (nbgrader, kernels) to a log file for a while."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with open(log, "ab") as handle:
        os.dup2(handle.fileno(), 1)
        os.dup2(handle.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])
