"""Command line: python -m succession validate [--data DIR] [--seeds DIR]."""
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m succession", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every table in data/ and report every problem at once")
    check.add_argument("--data", help="a data folder to check instead of the installed one")
    check.add_argument("--seeds", help="the folder of source texts (default: $SEEDS_DIR or ../shared/seeds)")
    check.set_defaults(run=validate)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
