"""JupyterHub for a class on one server: the succession module and nbgrader's exchange.

Real Unix users (as The Littlest JupyterHub has): students and instructors log in with their
Unix password (PAM), and each one's server runs as that user in their home folder. The
formgrader runs as a hub service named after the course, as its own Unix user (the grader
account), which the instructors reach through the hub. deploy/classroom.py makes the users,
the exchange and the course folder; deploy/demo.sh does it all for a demo class.

Every setting comes from the environment (the defaults are below), so that the demo, the
test and the benchmark use this one file:
  SUCCESSION_HUB_STATE   folder for the hub's database, cookie secret and logs
  SUCCESSION_HUB_IP      address to listen on (default 127.0.0.1: this computer only)
  SUCCESSION_HUB_PORT    port of the proxy, the address people open (default 8000)
  SUCCESSION_ENV         the Python environment of the single-user servers
  SUCCESSION_PROXY       the configurable-http-proxy command (deploy/node_modules)
  SUCCESSION_COURSE      the course id (default succession); the service has this name
  SUCCESSION_GRADER      the Unix user that runs the formgrader (default grader-<course>)
  SUCCESSION_INSTRUCTORS, SUCCESSION_STUDENTS   comma-separated Unix user names
  SUCCESSION_EXCHANGE    nbgrader's exchange folder (default /srv/nbgrader/exchange)
  SUCCESSION_LESSONS     the lessons copied into each home on first login (notebooks/)
"""

import os
import secrets
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub provides get_config)

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from classroom import (  # noqa: E402 (after the path is set)
    copy_lessons,
    lab_extensions_off,
    names,
    write_page_config,
)

STATE = Path(os.environ.get("SUCCESSION_HUB_STATE", HERE / "state"))
ENV = Path(os.environ.get("SUCCESSION_ENV", "/opt/succession-hub/venv"))
COURSE = os.environ.get("SUCCESSION_COURSE", "succession")
GRADER = os.environ.get("SUCCESSION_GRADER", f"grader-{COURSE}")
INSTRUCTORS = names(os.environ.get("SUCCESSION_INSTRUCTORS", "instructor"))
STUDENTS = names(os.environ.get("SUCCESSION_STUDENTS", ""))
EXCHANGE = os.environ.get("SUCCESSION_EXCHANGE", "/srv/nbgrader/exchange")
LESSONS = Path(os.environ.get("SUCCESSION_LESSONS", HERE.parent / "notebooks"))
SERVICE_PORT = int(os.environ.get("SUCCESSION_SERVICE_PORT", "9999"))
STATE.mkdir(parents=True, exist_ok=True)
os.chmod(STATE, 0o700)  # the database and secrets: root only

# --- the hub and its proxy ------------------------------------------------------------------
c.JupyterHub.ip = os.environ.get("SUCCESSION_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("SUCCESSION_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("SUCCESSION_HUB_API_PORT", "8081"))
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")
c.ConfigurableHTTPProxy.command = [
    os.environ.get("SUCCESSION_PROXY", str(HERE / "node_modules/.bin/configurable-http-proxy"))
]
c.ConfigurableHTTPProxy.api_url = (
    f"http://127.0.0.1:{int(os.environ.get('SUCCESSION_PROXY_API_PORT', '8001'))}"
)
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.ConfigurableHTTPProxy.debug = False
c.JupyterHub.template_vars = {
    "announcement_login": "The succession module: log in with your school user name."
}

# --- who may log in: real Unix users, by their password -------------------------------------
c.JupyterHub.authenticator_class = "pam"
# The grader account is a hub user too (nbgrader asks the hub for its groups), but has no
# password, so nobody logs in as it.
c.Authenticator.allowed_users = set(INSTRUCTORS) | set(STUDENTS) | {GRADER}
c.Authenticator.admin_users = set(INSTRUCTORS)  # instructors can start and stop students' servers
c.LocalAuthenticator.create_system_users = False  # deploy/classroom.py makes the users
c.PAMAuthenticator.open_sessions = False  # no systemd login session per server

# --- each user's server: JupyterLab as that Unix user, in their home folder --------------
c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = [str(ENV / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 120  # a busy server (thirty logins in a minute) starts slowly
c.Spawner.http_timeout = 120
# What every server (and the formgrader) gets in its environment.
COMMON_ENV = {
    "SUCCESSION_EXCHANGE": EXCHANGE,  # read by the environment's nbgrader_config.py
    "PATH": f"{ENV / 'bin'}:/usr/local/bin:/usr/bin:/bin",  # nbgrader runs a bare `alembic`
}
if (ENV.parent / "python" / "lib").is_dir():  # deploy/install.sh copied a Python there
    COMMON_ENV["LD_LIBRARY_PATH"] = str(ENV.parent / "python" / "lib")
c.Spawner.environment = dict(COMMON_ENV)


def prepare_home(spawner):
    """Before a user's server starts: the lessons in ~/lessons, and the right nbgrader menus."""
    user = spawner.user.name
    role = "instructor" if user in INSTRUCTORS else "student"
    copy_lessons(LESSONS, user)
    write_page_config(user, lab_extensions_off(role))


c.Spawner.pre_spawn_hook = prepare_home

# --- groups and roles, as nbgrader's "Using nbgrader with JupyterHub" has them ------------
# formgrade-<course>: may use the formgrader service; nbgrader-<course>: the course's students.
c.JupyterHub.load_groups = {
    "instructors": {"users": INSTRUCTORS},
    f"formgrade-{COURSE}": {"users": INSTRUCTORS + [GRADER]},
    f"nbgrader-{COURSE}": {"users": STUDENTS + INSTRUCTORS},
}
c.JupyterHub.load_roles = [
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
    # A server's own token may do what its user may (nbgrader asks the hub for the user's groups).
    {"name": "server", "scopes": ["inherit"]},
    # The formgrader finds the students of the course and adds new ones to its group.
    {
        "name": f"{COURSE}-service",
        "services": [COURSE],
        "scopes": ["list:users", "read:users", "read:groups", f"groups!group=nbgrader-{COURSE}"],
    },
    {
        "name": "idle-culler",
        "services": ["idle-culler"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    },
]


def service_token(name: str) -> str:
    """A token for a service, kept in the state folder so that restarts keep it."""
    path = STATE / f"{name}.token"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


grader_home = Path(os.path.expanduser(f"~{GRADER}"))
c.JupyterHub.services = [
    {  # the formgrader: a Jupyter server as the grader account, in the course folder's parent
        "name": COURSE,
        "url": f"http://127.0.0.1:{SERVICE_PORT}",
        "command": [
            str(ENV / "bin" / "jupyterhub-singleuser"),
            f"--ServerApp.root_dir={grader_home}",
        ],
        "user": GRADER,
        "cwd": str(grader_home),
        "api_token": service_token(COURSE),
        "environment": {
            "JUPYTERHUB_DEFAULT_URL": "/lab",
            "HOME": str(grader_home),
            "MPLBACKEND": "Agg",
            **COMMON_ENV,
        },
        "oauth_no_confirm": True,
    },
    {  # servers with nothing happening for an hour are stopped, which frees their memory
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={int(os.environ.get('SUCCESSION_CULL_SERVERS_AFTER', '3600'))}",
            f"--cull-every={int(os.environ.get('SUCCESSION_CULL_EVERY', '300'))}",
        ],
    },
]

if not Path(c.ConfigurableHTTPProxy.command[0]).exists():
    raise SystemExit(
        f"configurable-http-proxy is missing at {c.ConfigurableHTTPProxy.command[0]}: "
        "run `npm ci --prefix deploy` (or deploy/demo.sh, which does it)"
    )
