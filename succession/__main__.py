"""Command line: python -m succession validate | handouts (and the nbgrader commands)."""
from __future__ import annotations

import argparse
import os
import sys

from .data import DataError, data_dir, load_uncached


def validate(args) -> int:
    from .validate import check, quote_usage, seeds_dir

    folder = args.data or data_dir()
    seeds = args.seeds or seeds_dir()
    try:
        problems = check(folder, seeds, require_seeds=os.environ.get("CI") == "true")
    except DataError as error:  # the schema itself could not be read
        print(error, file=sys.stderr)
        return 1
    for problem in problems:
        print(problem)
    if problems:
        print(f"\n{len(problems)} problem(s) in {folder}", file=sys.stderr)
        return 1
    tables = load_uncached(folder)
    print(f"The data in {folder} is clean (version {tables.version}).")
    for name in tables.names:
        print(f"  {name:18} {len(tables[name]):5} rows")
    if os.path.isdir(seeds):
        for source, share in quote_usage(folder, seeds).items():
            print(f"  quotes from {source}: {share:.1%} of the text")
    else:
        print(f"  (quotes not checked: no source texts at {seeds}; set SEEDS_DIR)")
    return 0


def handouts(args) -> int:
    from pathlib import Path

    from .handouts import render_all

    notebooks = Path(args.notebooks)
    if not notebooks.is_dir():
        print(f"no folder {notebooks}: run this from the repository, or pass --notebooks", file=sys.stderr)
        return 1
    written = render_all(notebooks, Path(args.out))
    print(f"{len(written)} handouts in {args.out}/")
    return 0


def release(args) -> int:
    from .grading import GradingError, release as regenerate

    try:
        regenerate(args.course, args.assignments or None)
    except GradingError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def grade(args) -> int:
    from .grading import GradingError, grade as autograde

    try:
        autograde(args.folder, out=args.out, course=args.course, assignment=args.assignment, timeout=args.timeout,
                  workers=args.workers)
    except GradingError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m succession", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every table in data/ and report every problem at once")
    check.add_argument("--data", help="a data folder to check instead of the installed one")
    check.add_argument("--seeds", help="the folder of source texts (default: $SEEDS_DIR or ../shared/seeds)")
    check.set_defaults(run=validate)

    from .grading import LAYOUTS
    course_help = "the nbgrader course folder (default: this repository)"
    regenerate = commands.add_parser(
        "release", help="regenerate exercises/ (student versions) from solutions/ with nbgrader generate_assignment")
    regenerate.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="only these (default: all)")
    regenerate.add_argument("--course", help=course_help)
    regenerate.set_defaults(run=release)
    marking = commands.add_parser(
        "grade", help="autograde a folder of submissions: progress, a grade table (CSV) and feedback (HTML)",
        description="Autograde every submission in FOLDER with nbgrader, each in a sandbox (bubblewrap), "
                    "several at a time. FOLDER is only read; the results go to --out: grades_by_student.csv "
                    "(a row and a status for every file), grades_by_question.csv, "
                    "feedback/<student>/<assignment>/*.html (checked for leaks), and an nbgrader course folder "
                    "in which to mark the written answers (nbgrader formgrader).",
        epilog=LAYOUTS, formatter_class=argparse.RawDescriptionHelpFormatter)
    marking.add_argument("folder", help="the submissions")
    marking.add_argument("--out", help="where the results go (default: FOLDER-graded, beside FOLDER)")
    marking.add_argument("--assignment", help="grade only this assignment (needed for one file per student)")
    marking.add_argument("--timeout", type=int, default=30, help="seconds per cell before a cell is stopped (default 30)")
    marking.add_argument("--workers", type=int, help="submissions graded at once (default: one per core)")
    marking.add_argument("--course", help=course_help)
    marking.set_defaults(run=grade)
    render = commands.add_parser("handouts", help="render every lesson to an executed, self-contained HTML handout")
    render.add_argument("--notebooks", default="notebooks", help="the lessons folder (default: notebooks)")
    render.add_argument("--out", default="handouts", help="where to write the HTML (default: handouts, git-ignored)")
    render.set_defaults(run=handouts)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
