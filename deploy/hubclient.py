"""Drive a class hub as its people do, over HTTP: log in, use the Assignments tab's and the
formgrader's calls, read and write notebooks, type in a terminal. Used by tests/test_hub.py and
benchmarks/bench_hub.py; needs only requests and websocket-client (both in requirements.lock).
"""

from __future__ import annotations

import json
import re
import time
import uuid
from urllib.parse import quote

import requests


class HubError(RuntimeError):
    pass


class Person:
    """One browser's worth of hub session: a user logged in with their password."""

    def __init__(self, base: str, name: str, password: str, timeout: float = 180):
        self.base, self.name, self.password, self.timeout = (
            base.rstrip("/"),
            name,
            password,
            timeout,
        )
        self.http = requests.Session()
        self.token = ""

    # --- the hub ------------------------------------------------------------------------------
    def log_in(self) -> requests.Response:
        """The login form, as a browser posts it; returns the final page (the hub starts the server)."""
        page = self.http.get(f"{self.base}/hub/login", timeout=60)
        page.raise_for_status()
        xsrf = self.http.cookies.get("_xsrf") or _form_xsrf(page.text)
        answer = self.http.post(
            f"{self.base}/hub/login",
            timeout=self.timeout,
            data={"username": self.name, "password": self.password, "_xsrf": xsrf},
        )
        if answer.url.rstrip("/").endswith("/hub/login"):
            raise HubError(
                f"{self.name} could not log in (the login page came back: wrong password?)"
            )
        return answer

    def api_token(self) -> str:
        """A token for API calls, asked for as the logged-in user (the hub's own token page does this)."""
        xsrf = self.http.cookies.get("_xsrf", path="/hub/") or self.http.cookies.get("_xsrf")
        answer = self.http.post(
            f"{self.base}/hub/api/users/{self.name}/tokens",
            timeout=60,
            headers={"X-XSRFToken": xsrf, "Referer": f"{self.base}/hub/token"},
            json={"note": "succession hub client", "expires_in": 3600},
        )
        if answer.status_code != 201:
            raise HubError(f"{self.name}: no token ({answer.status_code} {answer.text[:300]})")
        self.token = answer.json()["token"]
        return self.token

    def hub(self, method: str, path: str, **kwargs) -> requests.Response:
        return requests.request(
            method,
            f"{self.base}/hub/api{path}",
            timeout=60,
            headers={"Authorization": f"token {self.token}"},
            **kwargs,
        )

    def wait_for_server(self, seconds: float | None = None) -> None:
        """Until the hub says this user's server is ready (it may still be starting after login)."""
        deadline = time.monotonic() + (seconds or self.timeout)
        while time.monotonic() < deadline:
            model = self.hub("GET", f"/users/{self.name}").json()
            server = model.get("servers", {}).get("", {})
            if server.get("ready"):
                return
            if not server:
                self.hub("POST", f"/users/{self.name}/server")
            time.sleep(0.5)
        raise HubError(f"{self.name}'s server was not ready within {seconds or self.timeout} s")

    # --- the user's own server, or a service -------------------------------------------------
    def url(self, path: str, service: str | None = None) -> str:
        prefix = f"/services/{service}" if service else f"/user/{self.name}"
        return f"{self.base}{prefix}{path}"

    def call(
        self, method: str, path: str, service: str | None = None, ok=(200, 201, 204), **kwargs
    ):
        kwargs.setdefault("timeout", self.timeout)
        answer = requests.request(
            method,
            self.url(path, service),
            allow_redirects=False,
            headers={"Authorization": f"token {self.token}"},
            **kwargs,
        )
        if ok and answer.status_code not in ok:
            raise HubError(
                f"{self.name}: {method} {path} -> {answer.status_code} {answer.text[:500]}"
            )
        return answer

    def read(self, path: str, service: str | None = None) -> dict:
        return self.call("GET", f"/api/contents/{quote(path)}", service).json()

    def write_notebook(self, path: str, notebook: dict) -> None:
        self.call(
            "PUT", f"/api/contents/{quote(path)}", json={"type": "notebook", "content": notebook}
        )

    def terminal(
        self, command: str, service: str | None = None, seconds: float = 600
    ) -> tuple[int, str]:
        """Type a command in a new terminal of the server; its exit code and what it printed."""
        import websocket

        name = self.call("POST", "/api/terminals", service).json()["name"]
        ws_url = self.url(f"/terminals/websocket/{name}", service).replace("http", "ws", 1)
        sock = websocket.create_connection(
            ws_url, header=[f"Authorization: token {self.token}"], timeout=30
        )
        marker = uuid.uuid4().hex
        output = ""
        try:
            sock.send(json.dumps(["stdin", f"{command}; echo {marker}:$?:done\r"]))
            deadline = time.monotonic() + seconds
            pattern = re.compile(rf"{marker}:(\d+):done")
            while time.monotonic() < deadline:
                try:
                    message = json.loads(sock.recv())
                except websocket.WebSocketTimeoutException:
                    continue
                if message[0] == "stdout":
                    output += message[1]
                    found = pattern.search(output)
                    if found:
                        return int(found.group(1)), output[: found.start()]
            raise HubError(
                f"{self.name}: the terminal command did not finish in {seconds} s:\n{output[-2000:]}"
            )
        finally:
            sock.close()
            self.call("DELETE", f"/api/terminals/{name}", service, ok=None)


def _form_xsrf(page: str) -> str:
    found = re.search(r'name="_xsrf" value="([^"]+)"', page)
    return found.group(1) if found else ""


# --- starting and stopping a hub (the test and the benchmark) ---------------------------------


def start_hub(config: str, env: dict, log_path, api_url: str, seconds: float = 120):
    """Start `jupyterhub -f config` and wait until its API answers; returns the process."""
    import subprocess

    log = open(log_path, "ab")
    process = subprocess.Popen(
        [f"{env['SUCCESSION_ENV']}/bin/jupyterhub", "-f", config],
        env=env,
        cwd=env["SUCCESSION_HUB_STATE"],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise HubError(f"the hub exited with code {process.returncode}; see {log_path}")
        try:
            if requests.get(f"{api_url}/hub/api/", timeout=5).ok:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.5)
    stop_hub(process, env["SUCCESSION_HUB_STATE"], [])
    raise HubError(f"the hub did not answer within {seconds} s; see {log_path}")


def stop_hub(process, state, users: list[str], seconds: float = 90) -> list[int]:
    """Stop the hub by its process id, then whatever it left: the processes it had started
    (proxy, services, servers), its proxy by the pid file, and any process of the given users,
    each by its id. Returns the ids that had to be stopped after the hub."""
    import os
    import signal
    from pathlib import Path

    import psutil

    started = []
    try:
        started = [child.pid for child in psutil.Process(process.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        pass
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=seconds)
        except Exception:  # noqa: BLE001 - it did not stop in time
            process.kill()
            process.wait(timeout=30)
    candidates = list(started)
    pid_file = Path(state) / "proxy.pid"
    if pid_file.is_file():
        try:
            proxy = psutil.Process(int(pid_file.read_text().strip()))
            if "configurable-http-proxy" in " ".join(proxy.cmdline()):  # not a reused id
                candidates.append(proxy.pid)
        except (ValueError, psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    names = set(users)
    for proc in psutil.process_iter(["pid", "username"]):
        if proc.info["username"] in names:
            candidates.append(proc.info["pid"])
    mine = {os.getpid(), *(p.pid for p in psutil.Process().parents())}
    leftovers = []
    for pid in sorted(set(candidates) - mine):
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                continue
            os.kill(pid, signal.SIGTERM)
            leftovers.append(pid)
        except (psutil.NoSuchProcess, ProcessLookupError):
            continue
    procs = []
    for pid in leftovers:
        try:
            procs.append(psutil.Process(pid))
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(procs, timeout=20)
    for proc in alive:
        proc.kill()
    return leftovers
