"""`python -m succession release`: regenerate the student versions (exercises/) from solutions/."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from . import GradingError
from .course import CONFIG, RELEASE, SKIP, SOURCE, assignments, check, default_course, nbgrader_api, output_to


def release(course: Path | None = None, names: list[str] | None = None, out: Path | None = None,
            progress=print) -> list[str]:
    """Regenerate the student versions with `nbgrader generate_assignment`.

    Runs nbgrader in a temporary copy of the course, so no gradebook or log lands in the
    repository, and copies its release folder to `out` (default: the course's exercises/),
    replacing what was there. With no `names`, every assignment is regenerated and folders
    in `out` with no instructor version are removed.
    """
    course = Path(course or default_course()).resolve()
    every = assignments(course)
    names = list(names or every)
    unknown = sorted(set(names) - set(every))
    if unknown:
        raise GradingError(f"no assignment {', '.join(unknown)} in {course / SOURCE}; there are: {', '.join(every)}")
    out = Path(out or course / RELEASE)
    with tempfile.TemporaryDirectory(prefix="succession-release-") as tmp:
        work = Path(tmp)
        shutil.copy(course / CONFIG, work / CONFIG)
        for name in names:
            shutil.copytree(course / SOURCE / name, work / SOURCE / name, ignore=SKIP)
        with output_to(work / "nbgrader.log"):
            api = nbgrader_api(work)
            results = {name: api.generate_assignment(name, force=True, create=True) for name in names}
        for name in names:
            check(results[name], f"generate {name}")
            target = out / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(work / RELEASE / name, target, ignore=SKIP)
            progress(f"{name}: {', '.join(sorted(p.name for p in target.iterdir()))} -> {target}")
    if names == every and out.is_dir():
        for stray in sorted(d for d in out.iterdir() if d.is_dir() and d.name not in every):
            shutil.rmtree(stray)
            progress(f"removed {stray}: it has no instructor version in {SOURCE}/")
    return names
