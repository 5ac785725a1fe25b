"""Make (and remove) a class on this machine: Unix users, nbgrader's exchange, the course folder.

Run as root, from the hub's environment:
  python deploy/classroom.py setup  --instructors teacher --students ann,ben --passwords FILE
  python deploy/classroom.py remove --instructors teacher --students ann,ben
`setup` never replaces what a user wrote: lessons are copied only where no file of that name is,
and an existing course folder is kept (only missing assignments are added). `remove` deletes the
users named and their home folders: use it for demo and test classes only.

The hub's config (deploy/jupyterhub_config.py) imports the lesson and menu helpers from here.
"""

from __future__ import annotations

import argparse
import json
import os
import pwd
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,30}$")  # what useradd accepts on Debian, less capitals

# Which nbgrader menus each kind of account sees in JupyterLab (nbgrader's table in
# "Using nbgrader with JupyterHub"): students fetch and submit; the grader account runs the
# formgrader; instructors reach the formgrader through the hub's service and see the course list.
NBGRADER_PLUGINS = ["formgrader", "create-assignment", "assignment-list", "course-list"]
SHOWN = {
    "student": {"assignment-list"},
    "instructor": {"assignment-list", "course-list"},
    "grader": {"formgrader", "create-assignment"},
}


class ClassError(RuntimeError):
    """Something to fix before the class can be set up; the message says what."""


def names(text: str) -> list[str]:
    """'ann, ben' -> ['ann', 'ben'], each checked to be a user name useradd accepts."""
    found = [name.strip() for name in text.split(",") if name.strip()]
    for name in found:
        if not NAME.match(name):
            raise ClassError(
                f"{name!r} is not a Unix user name: use lower-case letters, digits, _ or -, "
                "starting with a letter, at most 31 characters"
            )
    return found


def lab_extensions_off(role: str) -> list[str]:
    return [
        f"@jupyter/nbgrader:{plugin}" for plugin in NBGRADER_PLUGINS if plugin not in SHOWN[role]
    ]


def home_of(user: str) -> Path:
    return Path(pwd.getpwnam(user).pw_dir)


def _chown(path: Path, user: str) -> None:
    entry = pwd.getpwnam(user)
    os.chown(path, entry.pw_uid, entry.pw_gid)


def write_page_config(user: str, disabled: list[str]) -> None:
    """~/.jupyter/labconfig/page_config.json: which JupyterLab plugins are off for this user."""
    folder = home_of(user) / ".jupyter" / "labconfig"
    path = folder / "page_config.json"
    config = {}
    if path.is_file():
        try:
            config = json.loads(path.read_text())
        except ValueError:
            config = {}  # a broken file of ours: write it anew
    wanted = {name: True for name in disabled}
    if config.get("disabledExtensions") == wanted:
        return
    config["disabledExtensions"] = wanted
    for part in (home_of(user) / ".jupyter", folder):
        part.mkdir(exist_ok=True)
        _chown(part, user)
    path.write_text(json.dumps(config, indent=1))
    _chown(path, user)


def copy_lessons(lessons: Path, user: str) -> list[Path]:
    """Copy the lessons into ~/lessons, skipping every file that is already there."""
    target = home_of(user) / "lessons"
    copied = []
    if not target.exists():
        target.mkdir()
        _chown(target, user)
    for source in sorted(Path(lessons).glob("*.ipynb")):
        destination = target / source.name
        if not destination.exists():
            shutil.copyfile(source, destination)
            _chown(destination, user)
            copied.append(destination)
    return copied


def make_user(user: str, login: bool = True) -> str | None:
    """A Unix user with a private home folder; a new one who may log in gets a random password.

    Returns the new password (None for a user who was already there: their password is kept).
    """
    if _exists(user):
        home_of(user).chmod(0o700)
        return None
    subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", user], check=True)
    home_of(user).chmod(0o700)  # nobody else reads a student's work
    if not login:
        return None  # a locked password: nobody logs in as this account
    password = secrets.token_urlsafe(9)
    subprocess.run(["chpasswd"], input=f"{user}:{password}\n", text=True, check=True)
    return password


def remove_user(user: str) -> None:
    try:
        pwd.getpwnam(user)
    except KeyError:
        return
    subprocess.run(["pkill", "-KILL", "-u", user], check=False)  # only this user's processes
    subprocess.run(["userdel", "--remove", user], check=False, stderr=subprocess.DEVNULL)
    if _exists(user):
        raise ClassError(f"could not remove the user {user}")


def _exists(user: str) -> bool:
    try:
        pwd.getpwnam(user)
        return True
    except KeyError:
        return False


def make_exchange(exchange: Path) -> None:
    """nbgrader's exchange: every user may write in it; each course's folder sets its own rights."""
    exchange.mkdir(parents=True, exist_ok=True)
    exchange.chmod(0o777 | 0o1000)  # sticky: nobody removes another's course folder


def make_course(grader: str, course: str, exchange: Path) -> Path:
    """The grader account's course folder: nbgrader_config.py and solutions/ (the instructor versions)."""
    home = home_of(grader)
    folder = home / course
    folder.mkdir(exist_ok=True)
    config = folder / "nbgrader_config.py"
    if not config.exists():
        text = (ROOT / "nbgrader_config.py").read_text(encoding="utf-8")
        text += (
            f"\n# On the hub (deploy/classroom.py): this folder is the course {course!r}.\n"
            f"c.CourseDirectory.root = {str(folder)!r}\n"
            f"c.CourseDirectory.course_id = {course!r}\n"
        )
        config.write_text(text, encoding="utf-8")
    source = folder / "solutions"
    source.mkdir(exist_ok=True)
    for assignment in sorted(d for d in (ROOT / "solutions").iterdir() if d.is_dir()):
        if not (source / assignment.name).exists():
            shutil.copytree(
                assignment,
                source / assignment.name,
                ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
            )
    # The grader's own nbgrader config points at the course (nbgrader's documented layout).
    jupyter = home / ".jupyter"
    jupyter.mkdir(exist_ok=True)
    user_config = jupyter / "nbgrader_config.py"
    if not user_config.exists():
        user_config.write_text(
            f"c = get_config()  # noqa: F821\nc.CourseDirectory.root = {str(folder)!r}\n"
            f"c.CourseDirectory.course_id = {course!r}\n"
        )
    for path in [folder, jupyter, *folder.rglob("*"), *jupyter.rglob("*")]:
        _chown(path, grader)
    write_page_config(grader, lab_extensions_off("grader"))
    return folder


def setup(args) -> int:
    instructors, students = names(args.instructors), names(args.students)
    new = {}
    for user in [*instructors, *students]:
        password = make_user(user)
        if password:
            new[user] = password
    make_user(args.grader, login=False)
    if new and args.passwords:
        path = Path(args.passwords)
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "a") as handle:
            handle.writelines(f"{user} {password}\n" for user, password in new.items())
        print(f"Passwords of the {len(new)} new user(s): {path} (root only; hand them out)")
    make_exchange(Path(args.exchange))
    folder = make_course(args.grader, args.course, Path(args.exchange))
    for user in students:
        copy_lessons(ROOT / "notebooks", user)
    print(
        f"Class ready: {len(instructors)} instructor(s), {len(students)} student(s); course folder {folder}; "
        f"exchange {args.exchange}"
    )
    return 0


def remove(args) -> int:
    for user in [*names(args.instructors), *names(args.students), args.grader]:
        remove_user(user)
    course_exchange = Path(args.exchange) / args.course
    if args.remove_exchange and course_exchange.exists():
        shutil.rmtree(course_exchange)
    print("Removed the class's users" + (f" and {course_exchange}" if args.remove_exchange else ""))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name, run in (("setup", setup), ("remove", remove)):
        command = commands.add_parser(name)
        command.add_argument(
            "--instructors", default=os.environ.get("SUCCESSION_INSTRUCTORS", "instructor")
        )
        command.add_argument("--students", default=os.environ.get("SUCCESSION_STUDENTS", ""))
        command.add_argument("--course", default=os.environ.get("SUCCESSION_COURSE", "succession"))
        command.add_argument("--grader", default=None)
        command.add_argument(
            "--exchange", default=os.environ.get("SUCCESSION_EXCHANGE", "/srv/nbgrader/exchange")
        )
        command.set_defaults(run=run)
        if name == "setup":
            command.add_argument(
                "--passwords", help="append each new user's name and password to this file"
            )
        else:
            command.add_argument(
                "--remove-exchange",
                action="store_true",
                help="also delete the course's folder in the exchange",
            )
    args = parser.parse_args(argv)
    args.grader = args.grader or os.environ.get("SUCCESSION_GRADER") or f"grader-{args.course}"
    if os.geteuid() != 0:
        print("Run this as root (sudo): it makes Unix users.", file=sys.stderr)
        return 1
    try:
        return args.run(args)
    except (ClassError, subprocess.CalledProcessError) as error:
        print(f"Could not {args.command} the class: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
