"""The succession class on The Littlest JupyterHub: a jupyterhub_config.d file.

deploy/tljh/install.sh copies this to /opt/tljh/config/jupyterhub_config.d/, where TLJH loads
it after its own settings. TLJH makes the Unix users (as jupyter-<name>), runs each server with
systemd and culls idle servers; this adds what a class needs: the formgrader as a service run
by the grader account, the instructor and student groups nbgrader reads, and the lessons copied
into each home on first login. The class list is /opt/tljh/config/succession.env
(SUCCESSION_INSTRUCTORS, SUCCESSION_STUDENTS; comma-separated hub user names).
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub provides get_config)

CONFIG = Path(os.environ.get("SUCCESSION_TLJH_CONFIG", "/opt/tljh/config"))
USER_ENV = Path(os.environ.get("SUCCESSION_TLJH_USER_ENV", "/opt/tljh/user"))
sys.path.insert(0, str(CONFIG / "succession"))
from classroom import copy_lessons, lab_extensions_off, names, write_page_config  # noqa: E402


def read_class(path: Path) -> dict:
    values = {}
    if path.is_file():
        for line in path.read_text().splitlines():
            if "=" in line and not line.lstrip().startswith("#"):
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip().strip('"')
    return values


settings = read_class(CONFIG / "succession.env")
COURSE = settings.get("SUCCESSION_COURSE", "succession")
GRADER = f"grader-{COURSE}"  # a hub user; its Unix user is jupyter-grader-...
INSTRUCTORS = names(settings.get("SUCCESSION_INSTRUCTORS", ""))
STUDENTS = names(settings.get("SUCCESSION_STUDENTS", ""))
EXCHANGE = settings.get("SUCCESSION_EXCHANGE", "/srv/nbgrader/exchange")
LESSONS = USER_ENV / "share" / "succession" / "lessons"


def already(value, empty):
    """What TLJH (or an earlier file) set, or `empty` where nothing was (a lazy traitlets value)."""
    return value if isinstance(value, (set, list, dict, tuple)) else empty


def unix(name: str) -> str:
    return f"jupyter-{name}"  # TLJH's Unix name for a hub user


c.Authenticator.allowed_users = (
    set(already(c.Authenticator.allowed_users, set())) | set(INSTRUCTORS) | set(STUDENTS) | {GRADER}
)
c.Authenticator.admin_users = set(already(c.Authenticator.admin_users, set())) | set(INSTRUCTORS)
c.Spawner.environment = {
    **dict(already(c.Spawner.environment, {})),
    "SUCCESSION_EXCHANGE": EXCHANGE,
}
c.Spawner.default_url = "/lab"


def prepare_home(spawner):
    user = unix(spawner.user.name)
    try:
        copy_lessons(LESSONS, user)
        write_page_config(
            user,
            lab_extensions_off("instructor" if spawner.user.name in INSTRUCTORS else "student"),
        )
    except KeyError:
        pass  # the Unix user does not exist yet: TLJH makes it as the server starts; next login


c.Spawner.pre_spawn_hook = prepare_home
c.JupyterHub.load_groups = {
    f"formgrade-{COURSE}": {"users": INSTRUCTORS + [GRADER]},
    f"nbgrader-{COURSE}": {"users": STUDENTS + INSTRUCTORS},
}
c.JupyterHub.load_roles = list(already(c.JupyterHub.load_roles, [])) + [
    {
        "name": f"formgrade-{COURSE}",
        "groups": [f"formgrade-{COURSE}"],
        "scopes": [
            f"access:services!service={COURSE}",
            "list:services",
            f"read:services!service={COURSE}",
        ],
    },
    {
        "name": f"nbgrader-{COURSE}",
        "groups": [f"nbgrader-{COURSE}"],
        "scopes": ["list:services", f"read:services!service={COURSE}"],
    },
    {"name": "server", "scopes": ["inherit"]},
    {
        "name": f"{COURSE}-service",
        "services": [COURSE],
        "scopes": ["list:users", "read:users", "read:groups", f"groups!group=nbgrader-{COURSE}"],
    },
]
grader_home = f"/home/{unix(GRADER)}"
c.JupyterHub.services = list(already(c.JupyterHub.services, [])) + [
    {
        "name": COURSE,
        "url": "http://127.0.0.1:9999",
        "command": [
            str(USER_ENV / "bin" / "jupyterhub-singleuser"),
            f"--ServerApp.root_dir={grader_home}",
        ],
        "user": unix(GRADER),
        "cwd": grader_home,
        "environment": {
            "JUPYTERHUB_DEFAULT_URL": "/lab",
            "SUCCESSION_EXCHANGE": EXCHANGE,
            "HOME": grader_home,
            "PATH": f"{USER_ENV / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        },
        "oauth_no_confirm": True,
    }
]
