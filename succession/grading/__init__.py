"""nbgrader for the graded assignments: quiet test cells, regenerate exercises/, grade submissions.

- `quiet()` wraps the body of every autograded test cell (it runs inside students' kernels,
  so this file imports only the standard library).
- `release()` (release.py) regenerates the student versions in exercises/ from solutions/.
- `grade()` (grade.py) autogrades a folder of submissions: each file is sorted (intake.py),
  repaired from the instructor's version (repair.py), scanned for tampering (integrity.py),
  run in a sandbox (sandbox.py) by parallel workers (workers.py, execute.py); feedback is
  checked for leaks before it is written (feedback_check.py) and every file gets a row in
  the grade tables (tables.py).

Nothing here knows an answer: the answer keys live only in the hidden tests in solutions/.
"""
from __future__ import annotations

import contextlib
import io
import logging
import os
import warnings

__all__ = ["GradingError", "quiet", "release", "grade", "find_submissions", "LAYOUTS"]


class GradingError(RuntimeError):
    """Something the instructor has to fix before grading can go on; the message says what."""


@contextlib.contextmanager
def quiet():
    """Run the body of a test cell with warnings, logging and stderr kept out of its output.

    nbgrader gives a test cell 0 points if it writes anything to stderr, even when every
    assertion passed. Errors still propagate, so a wrong answer still fails.
    """
    with warnings.catch_warnings(), contextlib.redirect_stderr(io.StringIO()):
        warnings.simplefilter("ignore")
        # matplotlib and pandas report through logging, whose last-resort handler writes to stderr.
        previous = logging.root.manager.disable
        logging.disable(logging.CRITICAL)
        saved = _silence_fd(2)   # C libraries write to file descriptor 2, past sys.stderr
        try:
            yield
        finally:
            _restore_fd(2, saved)
            logging.disable(previous)


def _silence_fd(fd: int) -> int | None:
    try:
        saved = os.dup(fd)
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), fd)
        return saved
    except OSError:      # no such descriptor (some embedded interpreters): nothing to silence
        return None


def _restore_fd(fd: int, saved: int | None) -> None:
    if saved is not None:
        os.dup2(saved, fd)
        os.close(saved)


def __getattr__(name):
    """The commands, imported only when asked for (kernels import this package for quiet()).

    The modules release.py and grade.py share their names with their main functions: once
    imported, the package attribute is set to the function, not the module.
    """
    import importlib

    where = {"release": ("release", "release"), "grade": ("grade", "grade"), "LAYOUTS": ("intake", "LAYOUTS"),
             "find_submissions": ("intake", "find_submissions")}
    if name not in where:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = where[name]
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
    globals()[name] = value
    return value
