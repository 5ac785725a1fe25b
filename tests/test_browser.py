"""The dashboard in a real browser: Voila and JupyterLab, driven by Playwright with Debian's chromium.

Each server binds 127.0.0.1 on a free port and is stopped by its process id. The date is moved
with the keyboard, as a student without a mouse would, and the members shown must change to
the people the data gives. Screenshots go to the test's tmp_path (and to $SUCCESSION_SCREENS when set).
"""
import json
import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from conftest import require_chromium
from servers import free_port, start, stop
from test_explorers import PeopleShown, expected_members

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = ROOT / "notebooks" / "dashboard.ipynb"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
# Set SUCCESSION_SCREENS to a folder to keep a copy of each screenshot for a person to look at.
SCREENS = os.environ.get("SUCCESSION_SCREENS")
START_MONTH = "1923-06"       # where the faction explorer opens

pytestmark = [pytest.mark.browser, pytest.mark.timeout(420)]


def bin_of(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def save_screenshot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=False)
    if SCREENS:
        Path(SCREENS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SCREENS) / name)


def people_on_page(page) -> set:
    return PeopleShown(page.locator(".members-list").first.inner_html()).found


def move_date(page, handle, presses: int, month: str, timeout: float = 60_000) -> None:
    """Arrow keys on the slider handle, then wait until the list says it shows `month`."""
    handle.focus()
    for _ in range(presses):
        page.keyboard.press("ArrowRight")
    page.locator(f'.members-list [data-month="{month}"]').wait_for(timeout=timeout)


def run_all_cells(page, tmp_path: Path) -> None:
    """Run > Run All Cells until the faction explorer shows, asking again when nothing runs.

    JupyterLab sometimes starts a second kernel while opening a notebook and drops the first,
    and a Run All sent in between is lost or half done; so ask again while no cell is running
    and no explorer is showing.
    """
    page.locator('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status="idle"]').wait_for(timeout=120_000)
    explorer = page.locator(".jp-OutputArea .members-list [data-month]")
    running = page.locator(".jp-InputPrompt", has_text="[*]")
    for _ in range(4):
        dialog = page.locator(".jp-Dialog")
        if dialog.count():
            save_screenshot(page, tmp_path, "jupyterlab_dialog.png")
            pytest.fail(f"JupyterLab shows a dialog: {dialog.first.inner_text()[:500]}")
        page.locator("#jp-menu-panel").get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        asked = time.monotonic()
        while time.monotonic() - asked < 180:
            if explorer.count():
                return
            if time.monotonic() - asked > 15 and not running.count():
                break                     # nothing running and nothing shown: ask again
            time.sleep(0.5)
    save_screenshot(page, tmp_path, "jupyterlab_no_explorer.png")
    prompts = page.locator(".jp-InputPrompt").all_inner_texts()
    outputs = [text[:300] for text in page.locator(".jp-OutputArea-output").all_inner_texts()]
    pytest.fail(f"no faction explorer in JupyterLab after Run All; prompts {prompts}, outputs {outputs}")


@pytest.fixture(scope="module")
def browser():
    executable = require_chromium()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def voila_url(tmp_path_factory):
    require_chromium()
    folder = tmp_path_factory.mktemp("voila")
    port = free_port()
    process = start([bin_of("voila"), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1", str(DASHBOARD)],
                    folder, port)
    yield f"http://127.0.0.1:{port}/"
    stop(process)


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory):
    """JupyterLab on a copy of the dashboard, notebook windowing off so every cell is in the page."""
    require_chromium()
    folder = tmp_path_factory.mktemp("lab")
    shutil.copy(DASHBOARD, folder / "dashboard.ipynb")
    settings = folder / "lab-settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    env = os.environ.copy()
    env["JUPYTERLAB_SETTINGS_DIR"] = str(folder / "lab-settings")
    port, token = free_port(), "succession-test"
    command = [bin_of("jupyter"), "lab", "--no-browser", f"--port={port}", f"--IdentityProvider.token={token}",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={folder}"]
    if os.geteuid() == 0:
        command.append("--allow-root")      # Jupyter refuses root without it
    process = start(command, folder, port, env)
    yield f"http://127.0.0.1:{port}/lab/tree/dashboard.ipynb?token={token}"
    stop(process)


def test_voila_dashboard_follows_the_keyboard(browser, voila_url, tables, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(voila_url)
    members = page.locator(f'.members-list [data-month="{START_MONTH}"]')
    members.wait_for(timeout=180_000)         # a kernel starts and builds the three explorers
    assert people_on_page(page) == expected_members(START_MONTH, tables)

    handle = page.locator(".widget-slider .noUi-handle").first
    move_date(page, handle, 48, "1927-06")    # four years on, a month per key press
    shown = people_on_page(page)
    assert shown == expected_members("1927-06", tables)
    assert {person for group, _, person in shown if group == "united_opposition"} >= {"trotsky", "zinoviev", "kamenev"}
    assert page.locator(".faction-timeline img[alt*='Jun 1927']").count() == 1
    page.locator(".members-list").first.scroll_into_view_if_needed()
    save_screenshot(page, tmp_path, "voila_dashboard.png")

    page.locator(".body-seats img").first.scroll_into_view_if_needed()
    assert page.locator(".body-members [data-person]").count() > 0
    save_screenshot(page, tmp_path, "voila_bodies.png")
    page.close()


def test_jupyterlab_faction_explorer_follows_the_keyboard(browser, lab_url, tables, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(lab_url, wait_until="domcontentloaded")
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(state="visible", timeout=120_000)
    run_all_cells(page, tmp_path)
    page.locator(f'.jp-OutputArea .members-list [data-month="{START_MONTH}"]').wait_for(timeout=60_000)
    assert people_on_page(page) == expected_members(START_MONTH, tables)

    handle = page.locator(".jp-OutputArea .widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    move_date(page, handle, 12, "1924-06")
    shown = people_on_page(page)
    assert shown == expected_members("1924-06", tables)
    assert {("troika", "certain", who) for who in ("stalin", "zinoviev", "kamenev")} <= shown
    page.locator(".jp-OutputArea .members-list").first.scroll_into_view_if_needed()
    save_screenshot(page, tmp_path, "jupyterlab_factions.png")
    page.close()
