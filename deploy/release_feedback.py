"""Release the feedback that `python -m succession grade` wrote, through nbgrader's exchange.

    succession-release-feedback ASSIGNMENT [--graded ~/graded] [--course ~/succession]

`python -m succession grade` works in a folder of its own (--out, here ~/graded) and writes
feedback/<student>/<assignment>/*.html there. nbgrader's `release_feedback` files each page
under a key made from the submission's secret, which only the course folder's copy of the
submission holds (submitted/<student>/<assignment>/submission_secret.txt, from `collect`). So
this copies each student's pages into the course's feedback/ folder beside that secret and the
submission's time, then runs nbgrader's release_feedback for the course. A page made from an
older submission than the one collected is not released: grade again first.
Installed into the hub's environment by deploy/install.sh.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path


def stage(graded: Path, course: Path, assignment: str) -> tuple[list[str], list[str]]:
    """Copy the graded pages into course/feedback; (students staged, problems in plain words)."""
    staged, problems = [], []
    pages_root = graded / "feedback"
    if not pages_root.is_dir():
        return [], [
            f"no feedback in {graded}: run `python -m succession grade` with --out {graded} first"
        ]
    for student_dir in sorted(p for p in pages_root.iterdir() if p.is_dir()):
        student = student_dir.name
        pages = sorted((student_dir / assignment).glob("*.html"))
        if not pages:
            continue
        submitted = course / "submitted" / student / assignment
        secret, stamp = submitted / "submission_secret.txt", submitted / "timestamp.txt"
        if not secret.is_file():
            problems.append(f"{student}: no collected submission in {submitted} (collect first)")
            continue
        graded_stamp = graded / "submitted" / student / assignment / "timestamp.txt"
        if (
            graded_stamp.is_file()
            and stamp.is_file()
            and graded_stamp.read_text().strip() != stamp.read_text().strip()
        ):
            problems.append(
                f"{student}: the feedback is for the submission of {graded_stamp.read_text().strip()}, "
                f"but the one collected is of {stamp.read_text().strip()}: grade again"
            )
            continue
        target = course / "feedback" / student / assignment
        target.mkdir(parents=True, exist_ok=True)
        for page in pages:
            shutil.copyfile(page, target / page.name)
        shutil.copyfile(secret, target / "submission_secret.txt")
        if stamp.is_file():
            shutil.copyfile(stamp, target / "timestamp.txt")
        staged.append(student)
    return staged, problems


def release(course: Path, assignment: str) -> subprocess.CompletedProcess:
    """nbgrader's own command, in the course folder, so it reads every nbgrader config (the
    environment's, with the exchange, and the course's)."""
    bin_dir = Path(sys.executable).parent        # nbgrader runs a bare `alembic`
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    return subprocess.run([str(bin_dir / "nbgrader"), "release_feedback", assignment], cwd=course, env=env,
                          capture_output=True, text=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("assignment")
    parser.add_argument(
        "--graded", default="~/graded", help="the --out folder of `python -m succession grade`"
    )
    parser.add_argument(
        "--course",
        default=f"~/{os.environ.get('SUCCESSION_COURSE', 'succession')}",
        help="the nbgrader course folder (with nbgrader_config.py and submitted/)",
    )
    args = parser.parse_args(argv)
    graded, course = Path(args.graded).expanduser(), Path(args.course).expanduser()
    if not (course / "nbgrader_config.py").is_file():
        print(
            f"{course} is not a course folder: it has no nbgrader_config.py (give --course)",
            file=sys.stderr,
        )
        return 1
    staged, problems = stage(graded, course, args.assignment)
    for problem in problems:
        print(f"not released: {problem}", file=sys.stderr)
    if not staged:
        print(f"no feedback to release for {args.assignment}", file=sys.stderr)
        return 1
    result = release(course, args.assignment)
    if result.returncode != 0 or "[ERROR]" in result.stderr:
        print(f"nbgrader could not release the feedback:\n{result.stdout}{result.stderr}", file=sys.stderr)
        return 1
    print(
        f"Released feedback on {args.assignment} to {len(staged)} student(s): {', '.join(staged)}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
