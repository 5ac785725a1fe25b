"""A class on a real JupyterHub, end to end (deploy/): real processes, real Unix users.

The hub runs deploy/jupyterhub_config.py with configurable-http-proxy, PAM logins, the
formgrader as a service and nbgrader's exchange. The instructor releases an assignment through
the formgrader; students log in with their password in Chromium, open a lesson and move the
faction explorer; they fetch the assignment in the Assignments tab's calls, answer (all right,
half right, blank, hostile) and submit; the instructor collects, grades with
`python -m succession grade` in the formgrader's terminal and releases the feedback; each
student fetches their own feedback only, and cannot read another student's files, the course
folder or the solutions. Every process is stopped by its id; the users made are removed.

Needs root (it makes Unix users) and what .ci/install-hub.sh installs; skips without them,
except in CI (CI=true), where it fails.
"""

import csv
import io
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import require_chromium
from servers import CHROMIUM_ARGS, free_port

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
sys.path.insert(0, str(DEPLOY))
from hubclient import Person, start_hub, stop_hub  # noqa: E402

ENV = Path(os.environ.get("SUCCESSION_ENV", "/opt/succession-hub/venv"))
PROXY = DEPLOY / "node_modules" / ".bin" / "configurable-http-proxy"
COURSE = "succession"
ASSIGNMENT = "01_troika"
SCREENS = os.environ.get("SUCCESSION_SCREENS")


def missing_or_skip():
    """Skip (outside CI) or fail (in CI) when the hub cannot run here, saying why."""
    problems = []
    if os.geteuid() != 0:
        problems.append("it must run as root (it makes Unix users)")
    if not (ENV / "bin" / "jupyterhub").exists():
        problems.append(f"no hub environment at {ENV} (run `sudo bash .ci/install-hub.sh`)")
    elif not (ENV / ".install-complete").exists():
        problems.append(
            f"deploy/install.sh did not finish in {ENV} (run it again and read its output)"
        )
    if not PROXY.exists():
        problems.append(
            f"no configurable-http-proxy at {PROXY} (run `sudo bash .ci/install-hub.sh`)"
        )
    if not problems:
        return
    if os.environ.get("CI") == "true":
        pytest.fail("CI=true but the hub test cannot run: " + "; ".join(problems))
    pytest.skip("the hub test cannot run here: " + "; ".join(problems))


def lesson_with_faction_explorer() -> str:
    """The first lesson that shows the faction explorer; else the dashboard, which always does."""
    for path in sorted((ROOT / "notebooks").glob("[0-9]*.ipynb")):
        if "FactionExplorer(" in path.read_text(encoding="utf-8"):
            return path.name
    assert (ROOT / "notebooks" / "dashboard.ipynb").is_file(), (
        "no lesson and no dashboard shows the faction explorer"
    )
    return "dashboard.ipynb"


class Class:
    """The running class: its hub, its people and their passwords, its folders."""

    def __init__(self, base, env, state, exchange, users, passwords):
        self.base, self.env, self.state, self.exchange = base, env, state, exchange
        self.users, self.passwords = users, passwords

    def person(self, role: str) -> Person:
        name = self.users[role]
        return Person(self.base, name, self.passwords.get(name, ""), timeout=300)


@pytest.fixture(scope="module")
def hub(tmp_path_factory):
    missing_or_skip()
    tag = "sh" + secrets.token_hex(2)  # names no real user has; removed at the end
    users = {
        "instructor": f"{tag}-teacher",
        "grader": f"{tag}-grader",
        "right": f"{tag}-ann",
        "half": f"{tag}-ben",
        "blank": f"{tag}-cat",
        "hostile": f"{tag}-dan",
    }
    students = [users[k] for k in ("right", "half", "blank", "hostile")]
    state = Path(tempfile.mkdtemp(prefix="succession-hub-state-"))
    exchange_parent = Path(tempfile.mkdtemp(prefix="succession-hub-exchange-"))
    exchange_parent.chmod(0o755)  # every student reaches the exchange inside it
    exchange = exchange_parent / "exchange"
    port = free_port()
    env = dict(
        os.environ,
        SUCCESSION_ENV=str(ENV),
        SUCCESSION_HUB_STATE=str(state),
        SUCCESSION_COURSE=COURSE,
        SUCCESSION_INSTRUCTORS=users["instructor"],
        SUCCESSION_STUDENTS=",".join(students),
        SUCCESSION_GRADER=users["grader"],
        SUCCESSION_EXCHANGE=str(exchange),
        SUCCESSION_HUB_PORT=str(port),
        SUCCESSION_HUB_API_PORT=str(free_port()),
        SUCCESSION_PROXY_API_PORT=str(free_port()),
        SUCCESSION_SERVICE_PORT=str(free_port()),
        SUCCESSION_LESSONS=str(ROOT / "notebooks"),
    )
    for variable in (
        "JUPYTER_CONFIG_DIR",
        "JUPYTER_RUNTIME_DIR",
        "IPYTHONDIR",
        "JUPYTERLAB_SETTINGS_DIR",
        "JUPYTERLAB_WORKSPACES_DIR",
        "MPLCONFIGDIR",
        "XDG_CACHE_HOME",
    ):
        env.pop(variable, None)  # the tests' sandbox folders: users cannot read them
    python = str(ENV / "bin" / "python")
    passwords_file = state / "passwords.txt"
    process = None
    try:
        made = subprocess.run(
            [python, str(DEPLOY / "classroom.py"), "setup", "--passwords", str(passwords_file)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert made.returncode == 0, f"classroom setup failed:\n{made.stdout}\n{made.stderr}"
        passwords = dict(
            line.split(" ", 1) for line in passwords_file.read_text().split("\n") if line
        )
        process = start_hub(
            str(DEPLOY / "jupyterhub_config.py"), env, state / "hub.log", f"http://127.0.0.1:{port}"
        )
        yield Class(f"http://127.0.0.1:{port}", env, state, exchange, users, passwords)
    finally:
        if process is not None:
            stop_hub(process, state, list(users.values()))
        subprocess.run(
            [python, str(DEPLOY / "classroom.py"), "remove", "--remove-exchange"],
            env=env,
            capture_output=True,
            timeout=300,
        )
        log = state / "hub.log"
        if log.exists():
            keep = tmp_path_factory.mktemp("hub-log") / "hub.log"
            shutil.copy(log, keep)
            print(f"hub log kept at {keep}")
        shutil.rmtree(state, ignore_errors=True)
        shutil.rmtree(exchange_parent, ignore_errors=True)


def solution_sources() -> dict:
    """grade_id -> the instructor's answer (the solution region of each autograded answer cell)."""
    notebook = json.loads(
        (ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text(encoding="utf-8")
    )
    answers = {}
    for cell in notebook["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and meta.get("solution") and "### BEGIN SOLUTION" in source:
            before, rest = source.split("### BEGIN SOLUTION", 1)
            answers[meta["grade_id"]] = before + rest.split("### END SOLUTION", 1)[0]
    assert answers, "the solutions notebook has no autograded answers"
    return answers


def answer(notebook: dict, kind: str, others: list[str], grader: str) -> dict:
    """Fill a fetched notebook as a student of this kind would."""
    answers = solution_sources()
    ids = sorted(answers)
    for cell in notebook["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if grade_id not in answers:
            continue
        if kind == "right" or (kind == "half" and ids.index(grade_id) % 2 == 0):
            cell["source"] = answers[grade_id]
        elif kind == "hostile" and grade_id == ids[0]:
            # Reads what it should not (other students, the course, the gradebook), tries to
            # write into another home, and fills the notebook with noise.
            cell["source"] = "\n".join(
                [
                    "import glob, os",
                    f"for pattern in ['/home/{others[0]}/*', '/home/{grader}/{COURSE}/solutions/*/*.ipynb',",
                    f"                '/home/{grader}/{COURSE}/gradebook.db', '/home/*/{COURSE}/*/*.ipynb']:",
                    "    for path in glob.glob(pattern):",
                    "        try:",
                    "            print('READ', path, open(path, errors='replace').read()[:2000])",
                    "        except OSError as error:",
                    "            print('DENIED', path, error)",
                    "try:",
                    f"    open('/home/{others[0]}/pwned.txt', 'w').write('x')",
                    "except OSError as error:",
                    "    print('DENIED write', error)",
                    "print('noise ' * 20000)",
                    answers[grade_id],
                ]
            )
    return notebook


def save_screenshot(page, name: str, folder: Path) -> None:
    path = folder / name
    page.screenshot(path=str(path))
    if SCREENS:
        Path(SCREENS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SCREENS) / name)


def answer_kernel_dialogs(page, name: str, role: str, folder: Path) -> None:
    """Accept JupyterLab's "Select Kernel" (its default, Python 3), as a student would; fail on any other dialog."""
    for _ in range(5):
        dialog = page.locator(".jp-Dialog")
        if not dialog.count():
            return
        text = dialog.first.inner_text()
        if "Select Kernel" not in text:
            save_screenshot(page, f"hub_{role}_dialog.png", folder)
            pytest.fail(f"{name}: JupyterLab shows a dialog: {text[:500]}")
        dialog.first.locator(".jp-mod-accept").first.click()  # "Select"
        time.sleep(1)  # the next dialog, if any, opens now
    save_screenshot(page, f"hub_{role}_dialog.png", folder)
    pytest.fail(f"{name}: JupyterLab keeps asking which kernel to start")


def lesson_in_browser(browser, klass: Class, role: str, lesson: str, folder: Path) -> None:
    """Log in with the password, open the lesson in JupyterLab, run it, move the faction explorer."""
    person = klass.person(role)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(f"{klass.base}/hub/login", timeout=120_000)
        page.fill("#username_input", person.name)
        page.fill("#password_input", person.password)
        page.click("#login_submit")
        page.wait_for_url(re.compile(rf".*/user/{re.escape(person.name)}/lab.*"), timeout=300_000)
        page.goto(f"{klass.base}/user/{person.name}/lab/tree/lessons/{lesson}", timeout=120_000)
        page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(state="visible", timeout=180_000)
        page.locator(
            '.jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status="idle"]'
        ).wait_for(timeout=180_000)
        explorer = page.locator(".jp-OutputArea .members-list [data-month]")
        running = page.locator(".jp-InputPrompt", has_text="[*]")
        for _ in range(4):  # JupyterLab may drop a Run All sent while its kernel starts
            answer_kernel_dialogs(page, person.name, role, folder)
            page.locator("#jp-menu-panel").get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            asked = time.monotonic()
            while time.monotonic() - asked < 420 and not explorer.count():
                if time.monotonic() - asked > 20 and not running.count():
                    break  # nothing running and nothing shown: ask again
                time.sleep(0.5)
            if explorer.count():
                break
        else:
            save_screenshot(page, f"hub_{role}_no_explorer.png", folder)
            pytest.fail(f"{person.name}: no faction explorer after Run All in {lesson}")
        month = explorer.first.get_attribute("data-month")
        year, number = map(int, month.split("-"))
        following = f"{year + number // 12}-{number % 12 + 1:02d}"
        step = page.locator(".jp-OutputArea").get_by_role("button", name="Next month")
        if step.count():
            step.first.scroll_into_view_if_needed()
            step.first.click()
        else:  # an explorer with a slider: the arrow key moves a month
            handle = page.locator(".jp-OutputArea .widget-slider .noUi-handle").first
            handle.scroll_into_view_if_needed()
            handle.focus()
            page.keyboard.press("ArrowRight")
        page.locator(f'.jp-OutputArea .members-list [data-month="{following}"]').wait_for(
            timeout=60_000
        )
        page.locator(".jp-OutputArea .members-list").first.scroll_into_view_if_needed()
        save_screenshot(page, f"hub_{role}_lesson.png", folder)
    finally:
        context.close()


def denied(person: Person, command: str) -> str:
    """Run a command in the person's own terminal (as their Unix user); it must be refused."""
    code, output = person.terminal(command + " 2>&1")
    assert code != 0 and "Permission denied" in output, (
        f"{person.name} could run `{command}` (exit {code}):\n{output[-1500:]}"
    )
    return output


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.timeout(1500)
def test_a_class_on_the_hub(hub, tmp_path):
    klass = hub
    users = klass.users
    students = ["right", "half", "blank", "hostile"]
    grader_home = f"/home/{users['grader']}"

    # 1. The instructor logs in and releases the assignment through the formgrader service.
    teacher = klass.person("instructor")
    teacher.log_in()
    teacher.api_token()
    teacher.wait_for_server()
    made = teacher.call("POST", f"/formgrader/api/assignment/{ASSIGNMENT}/assign", COURSE).json()
    assert made["success"], made.get("log")
    released = teacher.call(
        "POST", f"/formgrader/api/assignment/{ASSIGNMENT}/release", COURSE
    ).json()
    assert released["success"], released.get("log")
    assert (klass.exchange / COURSE / "outbound" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()

    # 2. Students log in with their passwords, open a lesson and move the faction explorer.
    require_chromium()
    lesson = lesson_with_faction_explorer()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        try:
            for role in students:
                lesson_in_browser(browser, klass, role, lesson, tmp_path)
        finally:
            browser.close()

    # 3. They fetch, answer and submit, as the Assignments tab does.
    people = {role: klass.person(role) for role in students}
    path = f"{COURSE}/{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    for role, person in people.items():
        person.log_in()
        person.api_token()
        person.wait_for_server()
        listed = person.call("GET", f"/assignments?course_id={COURSE}").json()
        assert any(
            a["assignment_id"] == ASSIGNMENT and a["status"] == "released" for a in listed["value"]
        ), listed
        person.call(
            "POST", "/assignments/fetch", json={"course_id": COURSE, "assignment_id": ASSIGNMENT}
        )
        notebook = person.read(path)["content"]
        if role != "blank":
            others = [people[r].name for r in students if r != role]
            person.write_notebook(path, answer(notebook, role, others, users["grader"]))
        sent = person.call(
            "POST", "/assignments/submit", json={"course_id": COURSE, "assignment_id": ASSIGNMENT}
        ).json()
        assert sent["success"], sent

    # 4. No student reads another's work, the course folder, the solutions or others' submissions.
    ann, dan = people["right"], people["hostile"]
    denied(dan, f"ls /home/{ann.name}")
    denied(dan, f"cat /home/{ann.name}/{path}")
    denied(dan, f"ls {grader_home}/{COURSE}/solutions")
    denied(dan, f"ls {klass.exchange}/{COURSE}/inbound")
    denied(dan, f"touch /home/{ann.name}/pwned.txt")
    assert not Path(f"/home/{ann.name}/pwned.txt").exists()

    # 5. The instructor collects, grades with the module's command and releases the feedback.
    collected = teacher.call(
        "POST", f"/formgrader/api/assignment/{ASSIGNMENT}/collect", COURSE
    ).json()
    assert collected["success"], collected.get("log")
    code, output = teacher.terminal(
        f"cd ~ && python -m succession grade {COURSE}/submitted --course {COURSE} --out graded "
        f"--assignment {ASSIGNMENT}",
        COURSE,
        seconds=900,
    )
    assert code == 0, f"grading failed (exit {code}):\n{output[-4000:]}"
    table = teacher.read("graded/grades_by_student.csv", COURSE)["content"]
    # one row per student's notebook (nbgrader's collect also leaves .txt files beside it,
    # which the grade table lists as "not graded")
    rows = {row["student"]: row for row in csv.DictReader(io.StringIO(table))
            if not row.get("file", "").endswith(".txt")}
    assert set(rows) == {p.name for p in people.values()}, rows
    for role in ("right", "half", "blank"):
        row = rows[people[role].name]
        assert row["autograded_max"], f"{people[role].name} ({role}) was not graded: {row}\n{output[-3000:]}"
    points = {role: float(rows[p.name]["autograded"] or 0) for role, p in people.items()}
    full = float(rows[ann.name]["autograded_max"])
    assert points["right"] == full > 0, rows
    assert points["blank"] == 0, rows
    assert 0 < points["half"] < full, rows
    code, output = teacher.terminal(
        f"succession-release-feedback {ASSIGNMENT} --graded ~/graded --course ~/{COURSE}", COURSE
    )
    assert code == 0, f"releasing feedback failed (exit {code}):\n{output[-3000:]}"

    # 6. Each student fetches their own feedback, and only that.
    pages = {}
    for role, person in people.items():
        person.call(
            "POST",
            "/assignments/fetch_feedback",
            json={"course_id": COURSE, "assignment_id": ASSIGNMENT},
        )
        folder = person.read(f"{COURSE}/{ASSIGNMENT}/feedback")["content"]
        stamps = [item["name"] for item in folder if item["type"] == "directory"]
        assert len(stamps) == 1, f"{person.name}: expected one feedback folder, got {folder}"
        html = person.read(f"{COURSE}/{ASSIGNMENT}/feedback/{stamps[0]}/{ASSIGNMENT}.html")[
            "content"
        ]
        own = Path(f"{grader_home}/graded/feedback/{person.name}/{ASSIGNMENT}/{ASSIGNMENT}.html")
        assert own.is_file() and html == own.read_text(encoding="utf-8"), (
            f"{person.name} fetched feedback that is not the page graded for them"
        )
        assert "hidden-check" not in html and "### BEGIN HIDDEN TESTS" not in html, (
            f"{person.name}'s feedback shows the hidden tests"
        )
        pages[role] = html
    assert pages["right"] != pages["blank"]
    denied(dan, f"ls {klass.exchange}/{COURSE}/feedback")
    denied(dan, f"cat /home/{ann.name}/{COURSE}/{ASSIGNMENT}/feedback/*/{ASSIGNMENT}.html")


# --- the recipes for a school, checked as far as this machine allows -------------------------


def merged(defaults: dict, values: dict) -> dict:
    """values over defaults, as helm merges a values file onto the chart's own."""
    out = dict(defaults)
    for key, value in values.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


def z2jh_errors(values: dict) -> list[str]:
    import jsonschema
    import yaml

    schema = json.loads((DEPLOY / "z2jh" / "values.schema.json").read_text(encoding="utf-8"))
    defaults = yaml.safe_load((DEPLOY / "z2jh" / "chart-values.yaml").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    return [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}"
        for e in validator.iter_errors(merged(defaults, values))
    ]


def test_the_zero_to_jupyterhub_values_fit_the_charts_schema():
    import yaml

    values = yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text(encoding="utf-8"))
    assert z2jh_errors(values) == []
    # and the check can fail: a misspelt setting and a wrong type are caught
    assert any(
        "singleuser" in e
        for e in z2jh_errors(merged(values, {"singleuser": {"memmory": {"limit": "1G"}}}))
    )
    assert any("cull" in e for e in z2jh_errors(merged(values, {"cull": {"timeout": "an hour"}})))


def test_the_zero_to_jupyterhub_extra_config_sets_groups_and_roles():
    """The Python the chart runs in the hub: groups for nbgrader, a role per user kind."""
    import yaml
    from traitlets.config import Config

    values = yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text(encoding="utf-8"))
    c = Config()
    c.Authenticator.allowed_users = set(values["hub"]["config"]["Authenticator"]["allowed_users"])
    exec(values["hub"]["extraConfig"]["succession"], {"c": c})  # noqa: S102 - our own config text
    groups = c.JupyterHub.load_groups
    assert groups["formgrade-succession"]["users"] == ["instructor"]
    assert "student01" in groups["nbgrader-succession"]["users"]
    role = c.KubeSpawner.environment["SUCCESSION_ROLE"]

    class Spawner:
        def __init__(self, name):
            self.user = type("User", (), {"name": name})()

    assert role(Spawner("instructor")) == "grader" and role(Spawner("student01")) == "student"


def test_the_littlest_jupyterhub_snippet_adds_the_course(tmp_path, monkeypatch):
    """deploy/tljh/succession_hub.py, loaded as TLJH loads jupyterhub_config.d files."""
    from traitlets.config import Config

    config = tmp_path / "config"
    (config / "succession").mkdir(parents=True)
    shutil.copy(DEPLOY / "classroom.py", config / "succession" / "classroom.py")
    (config / "succession.env").write_text(
        "SUCCESSION_INSTRUCTORS=teacher\nSUCCESSION_STUDENTS=ann,ben\n"
    )
    monkeypatch.setenv("SUCCESSION_TLJH_CONFIG", str(config))
    monkeypatch.setattr(sys, "path", list(sys.path))
    c = Config()
    code = (DEPLOY / "tljh" / "succession_hub.py").read_text(encoding="utf-8")
    exec(
        compile(code, "succession_hub.py", "exec"), {"get_config": lambda: c, "__name__": "config"}
    )  # noqa: S102
    assert {"teacher", "ann", "ben", "grader-succession"} <= c.Authenticator.allowed_users
    assert c.Authenticator.admin_users == {"teacher"}
    service = next(s for s in c.JupyterHub.services if s["name"] == "succession")
    assert service["user"] == "jupyter-grader-succession"  # TLJH's Unix name for a hub user
    assert c.JupyterHub.load_groups["nbgrader-succession"]["users"] == ["ann", "ben", "teacher"]
    scopes = {r["name"]: r["scopes"] for r in c.JupyterHub.load_roles}
    assert "access:services!service=succession" in scopes["formgrade-succession"]
    assert "access:services!service=succession" not in scopes["nbgrader-succession"]


def test_the_hub_packages_leave_requirements_lock_unchanged():
    """deploy/requirements.txt pins only packages that requirements.lock does not, and every pin is exact."""
    lock = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            lock[name.lower().replace("_", "-")] = version
    pins = {}
    for line in (DEPLOY / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            assert re.fullmatch(r"[A-Za-z0-9_.-]+==[0-9][0-9A-Za-z.]*", line), (
                f"not an exact pin: {line}"
            )
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version
    assert {"jupyterhub", "jupyterhub-idle-culler"} <= set(pins)
    assert not set(pins) & set(lock), (
        f"deploy/requirements.txt repins {set(pins) & set(lock)} from requirements.lock"
    )
