"""The dashboard in a real browser: Voila and JupyterLab, driven by Playwright with Debian's chromium.

Each server binds 127.0.0.1 on a free port and is stopped by its process id. The date is moved
with the keyboard, as a student without a mouse would, and the members shown must change to
the people the data gives. Screenshots go to the test's tmp_path (and to $SUCCESSION_SCREENS when set).
"""
import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from browser_checks import RequestLog, axe_violations, blocking, describe, require_axe
from conftest import require_chromium
from servers import CHROMIUM_ARGS, free_port, lab_command, lab_settings, start, stop, voila_command
from test_explorers import Shown as PeopleShown, expected_members

from succession import timeline
from succession.explorers import MONTHS, FiguresExplorer

ROOT = Path(__file__).resolve().parents[1]
DASHBOARD = ROOT / "notebooks" / "dashboard.ipynb"
# The lesson checked in JupyterLab: explorers, cards and practice questions in one.
LESSON = sorted((ROOT / "notebooks").glob("02_*.ipynb"))[0]
# Set SUCCESSION_SCREENS to a folder to keep a copy of each screenshot for a person to look at.
SCREENS = os.environ.get("SUCCESSION_SCREENS")
START_MONTH = "1923-06"       # where the faction explorer opens

pytestmark = [pytest.mark.browser, pytest.mark.timeout(420)]


BIN = Path(sys.executable).parent


def save_screenshot(page, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=False)
    if SCREENS:
        Path(SCREENS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SCREENS) / name)


def people_on_page(page) -> set:
    return PeopleShown(page.locator(".members-list").first.inner_html()).found


def move_date(page, month_list, presses: int, month: str, timeout: float = 60_000) -> None:
    """Arrow keys on the month list, then wait until the members list says it shows `month`."""
    month_list.focus()
    for _ in range(presses):
        page.keyboard.press("ArrowDown")
    page.locator(f'.members-list [data-month="{month}"]').wait_for(timeout=timeout)


def dismiss_dialog(page, tmp_path: Path) -> None:
    """Accept a JupyterLab dialog (such as "Select Kernel" on a busy machine) so it cannot block Run All.

    The test settings already turn on autoStartDefaultKernel; this is the second line of defence.
    """
    dialog = page.locator(".jp-Dialog")
    if not dialog.count():
        return
    save_screenshot(page, tmp_path, "jupyterlab_dialog.png")
    accept = dialog.locator(".jp-mod-accept")
    if not accept.count():
        pytest.fail(f"JupyterLab shows a dialog with no default button: {dialog.first.inner_text()[:500]}")
    accept.first.click()
    dialog.first.wait_for(state="detached", timeout=30_000)


def run_all_cells(page, tmp_path: Path, ready: str = ".jp-OutputArea .members-list [data-month]") -> None:
    """Run > Run All Cells until the faction explorer shows, asking again when nothing runs.

    JupyterLab sometimes starts a second kernel while opening a notebook and drops the first,
    and a Run All sent in between is lost or half done; so ask again while no cell is running
    and no explorer is showing.
    """
    page.locator('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status="idle"]').wait_for(timeout=120_000)
    explorer = page.locator(ready)
    running = page.locator(".jp-InputPrompt", has_text="[*]")
    for _ in range(4):
        dismiss_dialog(page, tmp_path)
        page.locator("#jp-menu-panel").get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        asked = time.monotonic()
        while time.monotonic() - asked < 180:
            dismiss_dialog(page, tmp_path)
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
    process = start(voila_command(DASHBOARD, port, BIN), folder, port)
    yield f"http://127.0.0.1:{port}/"
    stop(process)


@pytest.fixture
def lab_url(tmp_path_factory):
    """JupyterLab on copies of the dashboard and a lesson, notebook windowing off so every cell is in
    the page; one server per test, so that no notebook is left open behind another."""
    require_chromium()
    folder = tmp_path_factory.mktemp("lab")
    shutil.copy(DASHBOARD, folder / "dashboard.ipynb")
    shutil.copy(LESSON, folder / LESSON.name)
    port, token = free_port(), "succession-test"
    process = start(lab_command(folder, port, token, BIN), folder, port, lab_settings(folder))
    yield f"http://127.0.0.1:{port}/lab/tree/{{name}}?token={token}"
    stop(process)


def test_voila_dashboard_follows_the_keyboard(browser, voila_url, tables, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(voila_url)
    members = page.locator(f'.members-list [data-month="{START_MONTH}"]')
    members.wait_for(timeout=180_000)         # a kernel starts and builds the three explorers
    assert people_on_page(page) == expected_members(START_MONTH, tables)

    month_list = page.locator(".month-control select").first
    move_date(page, month_list, 48, "1927-06")    # four years on, a month per key press
    shown = people_on_page(page)
    assert shown == expected_members("1927-06", tables)
    assert {person for group, _, person in shown if group == "united_opposition"} >= {"trotsky", "zinoviev", "kamenev"}
    assert page.locator(".faction-timeline img[alt*='June 1927']").count() == 1
    page.locator(".members-list").first.scroll_into_view_if_needed()
    save_screenshot(page, tmp_path, "voila_dashboard.png")

    page.locator(".body-seats img").first.scroll_into_view_if_needed()
    assert page.locator(".body-members [data-person]").count() > 0
    save_screenshot(page, tmp_path, "voila_bodies.png")
    page.close()


def test_jupyterlab_faction_explorer_follows_the_keyboard(browser, lab_url, tables, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(lab_url.format(name="dashboard.ipynb"), wait_until="domcontentloaded")
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(state="visible", timeout=120_000)
    run_all_cells(page, tmp_path)
    page.locator(f'.jp-OutputArea .members-list [data-month="{START_MONTH}"]').wait_for(timeout=60_000)
    assert people_on_page(page) == expected_members(START_MONTH, tables)

    month_list = page.locator(".jp-OutputArea .month-control select").first
    month_list.scroll_into_view_if_needed()
    move_date(page, month_list, 12, "1924-06")
    shown = people_on_page(page)
    assert shown == expected_members("1924-06", tables)
    assert {who for group, _, who in shown if group == "troika"} >= {"stalin", "zinoviev", "kamenev"}
    page.locator(".jp-OutputArea .members-list").first.scroll_into_view_if_needed()
    save_screenshot(page, tmp_path, "jupyterlab_factions.png")
    page.close()


def wait_until_idle(page, tmp_path: Path, seconds: float = 300) -> None:
    """Until the kernel has been idle, with no cell waiting to run, for two seconds in a row."""
    idle = page.locator('.jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status="idle"]')
    running = page.locator(".jp-InputPrompt", has_text="[*]")
    deadline, quiet_since = time.monotonic() + seconds, None
    while time.monotonic() < deadline:
        dismiss_dialog(page, tmp_path)
        if idle.count() and not running.count():
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= 2:
                return
        else:
            quiet_since = None
        time.sleep(0.25)
    save_screenshot(page, tmp_path, "jupyterlab_still_running.png")
    pytest.fail(f"the notebook was still running after {seconds:.0f} s")


# Accessibility and the network: axe-core's rules, and every request the page makes.

def check_page(page, tmp_path: Path, name: str, log: RequestLog, context=None) -> None:
    """No critical or serious axe-core violation, and no request that leaves this machine."""
    save_screenshot(page, tmp_path, f"{name}.png")
    found = blocking(axe_violations(page, context))
    assert not found, f"{name}: accessibility barriers found by axe-core:\n{describe(found)}"
    assert not log.off_machine(), f"{name}: requests that leave this machine: {log.off_machine()}"


def test_voila_dashboard_is_accessible_and_offline(browser, voila_url, tmp_path):
    require_axe()
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    log = RequestLog(page)
    page.goto(voila_url)
    page.locator(".members-list [data-month]").first.wait_for(timeout=180_000)
    page.wait_for_load_state("networkidle")
    check_page(page, tmp_path, "voila_axe", log)
    page.close()


def test_voila_dashboard_fits_a_phone(browser, voila_url, tmp_path):
    """At 412 px wide nothing is cut off: the page does not scroll sideways, and pictures fit."""
    page = browser.new_page(viewport={"width": 412, "height": 900})
    page.goto(voila_url)
    page.locator(".members-list [data-month]").first.wait_for(timeout=180_000)
    save_screenshot(page, tmp_path, "voila_phone.png")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 2, f"the dashboard is {overflow} px wider than a 412 px phone screen"
    # A picture may keep its size (so its text stays readable) if it scrolls inside its own box.
    too_wide = page.evaluate("""() => [...document.querySelectorAll('img')].filter(img => {
            if (img.getBoundingClientRect().right <= window.innerWidth + 2) return false;
            for (let box = img.parentElement; box; box = box.parentElement) {
                const scrolls = ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
                if (scrolls && box.getBoundingClientRect().right <= window.innerWidth + 2) return false;
            }
            return true;
        }).map(img => (img.alt || img.src).slice(0, 80))""")
    assert not too_wide, f"pictures cut off at the screen's edge, not in a box that scrolls: {too_wide}"
    page.close()


def test_jupyterlab_lesson_is_accessible_and_offline(browser, lab_url, tmp_path):
    """A whole lesson run in JupyterLab: what the module puts on the page passes axe-core.

    The check covers the lesson's own content (rendered text and every output); JupyterLab's
    own toolbar and editors are JupyterLab's to fix, and are listed in the closing note.
    """
    require_axe()
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    log = RequestLog(page)
    page.goto(lab_url.format(name=LESSON.name), wait_until="domcontentloaded")
    page.locator(".jp-NotebookPanel .jp-Cell").first.wait_for(state="visible", timeout=120_000)
    run_all_cells(page, tmp_path, ready=".jp-OutputArea button:has-text('Open the')")
    wait_until_idle(page, tmp_path)
    # Open every explorer the lesson offers, from the keyboard, so they are checked too.
    launchers = page.locator(".jp-OutputArea button", has_text="Open the")
    try:
        launchers.first.wait_for(timeout=60_000)  # widgets render a moment after the kernel is idle
    except Exception:
        save_screenshot(page, tmp_path, "jupyterlab_no_launcher.png")
        buttons = page.locator(".jp-OutputArea button").all_inner_texts()
        errors = [t[:300] for t in page.locator(".jp-OutputArea-output[data-mime-type*=error]").all_inner_texts()]
        pytest.fail(f"{LESSON.name}: no explorer button to open; buttons {buttons}; errors {errors}")
    opened = launchers.count()
    assert opened, f"{LESSON.name} offers no explorer to open"
    for _ in range(opened):
        press(page, launchers.first)
        page.wait_for_function(f"() => [...document.querySelectorAll('.jp-OutputArea button')]"
                               f".filter(b => b.textContent.startsWith('Open the')).length < {opened}",
                               timeout=60_000)
        opened -= 1
    page.wait_for_function("() => ![...document.querySelectorAll('.jp-OutputArea button')]"
                           ".some(b => b.textContent.startsWith('Opening'))", timeout=120_000)
    page.locator(".jp-OutputArea .month-control >> visible=true").first.wait_for(timeout=60_000)
    wait_until_idle(page, tmp_path)
    content = {"include": [[".jp-OutputArea-output"], [".jp-MarkdownOutput"]]}
    check_page(page, tmp_path, "jupyterlab_lesson_axe", log, content)
    page.close()


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    from succession.handouts import lessons, render
    folder = tmp_path_factory.mktemp("handouts")
    return [render(path, folder) for path in lessons(ROOT / "notebooks")]


def test_every_handout_is_accessible_and_offline(browser, handouts, tmp_path):
    require_axe()
    for handout in handouts:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        log = RequestLog(page)
        page.goto(handout.as_uri())
        page.wait_for_load_state("load")
        check_page(page, tmp_path, f"handout_{handout.stem}", log)
        every = axe_violations(page)              # a handout is ours alone: no barrier of any level
        assert not every, f"{handout.name}: axe-core finds:\n{describe(every)}"
        missing = page.evaluate("""() => [...document.querySelectorAll('img')]
            .filter(img => !img.alt || img.alt.startsWith('No description'))
            .map(img => img.src.slice(0, 60))""")
        assert not missing, f"{handout.name}: pictures without alt text: {missing}"
        page.close()


# Every control of every explorer, from the keyboard: the picture itself must change (its bytes,
# not only its alt text), and the text must equal an independent query of the data.

def settled(read, want=None, differs_from=None, seconds: float = 30):
    """Read a part of the page until it equals `want` (or differs from `differs_from`), or time
    runs out; return the last reading. An explorer's list, picture and events are separate
    widget messages and reach the page one after another."""
    deadline = time.monotonic() + seconds
    while True:
        value = read()
        done = value == want if want is not None else value != differs_from
        if done or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def steady(read, quiet: float = 1.0, seconds: float = 30):
    """Read until the value has not changed for `quiet` seconds (messages still arriving settle)."""
    value, since, deadline = read(), time.monotonic(), time.monotonic() + seconds
    while time.monotonic() - since < quiet and time.monotonic() < deadline:
        time.sleep(0.2)
        again = read()
        if again != value:
            value, since = again, time.monotonic()
    return value


def picture_src(page, selector: str) -> str:
    return page.locator(f"{selector} img").first.get_attribute("src") or ""


def press(page, control, key: str = "Enter") -> None:
    control.focus()
    page.keyboard.press(key)


def wait_for_month(page, selector: str, month: str, timeout: float = 60_000) -> None:
    page.locator(f'{selector} [data-month="{month}"]').first.wait_for(timeout=timeout)


def events_shown(page) -> set:
    return set(page.locator(".events-near [data-event]").evaluate_all(
        "items => items.map(item => item.dataset.event)"))


def expected_events(month: str, tables) -> set:
    return set(timeline.events_near(month, 5, tables)["event_id"])


def seats_shown(page) -> set:
    return set(page.locator(".body-members [data-seat]").evaluate_all(
        "items => items.map(item => item.dataset.person + ':' + item.dataset.seat)"))


def expected_seats(body: str, month: str, tables) -> set:
    return {f"{row.person_id}:{row.seat}" for row in timeline.seats_on(body, month, tables).itertuples()}


def figures_shown(page) -> set:
    return set(page.locator(".figures-table [data-figure]").evaluate_all(
        "rows => rows.map(row => row.dataset.figure)"))


def shown_month(page, selector: str) -> str:
    return page.locator(f"{selector} [data-month]").first.get_attribute("data-month")


def test_voila_every_control_changes_the_picture_and_the_text(browser, voila_url, tables, tmp_path):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(voila_url)
    wait_for_month(page, ".members-list", START_MONTH, timeout=180_000)
    month_lists = page.locator(".month-control select")
    factions_month, bodies_month = month_lists.nth(0), month_lists.nth(1)

    # The faction explorer's month: the arrow keys on the month list.
    before = picture_src(page, ".faction-timeline")
    assert events_shown(page) == expected_events(START_MONTH, tables)
    press(page, factions_month, "ArrowDown")
    wait_for_month(page, ".members-list", "1923-07")
    assert settled(lambda: people_on_page(page), expected_members("1923-07", tables)) == \
        expected_members("1923-07", tables)
    assert settled(lambda: events_shown(page), expected_events("1923-07", tables)) == \
        expected_events("1923-07", tables)
    assert settled(lambda: picture_src(page, ".faction-timeline"), differs_from=before) != before, \
        "the faction timeline's picture did not move"

    # Next month, pressed from the keyboard.
    press(page, page.get_by_role("button", name="Next month").first)
    wait_for_month(page, ".members-list", "1923-08")
    assert settled(lambda: people_on_page(page), expected_members("1923-08", tables)) == \
        expected_members("1923-08", tables)

    # Trace one person: the path table and the picture follow.
    before = steady(lambda: picture_src(page, ".faction-timeline"))
    trotsky = tables.people.set_index("person_id")["name"]["trotsky"]
    page.get_by_label("Trace one person").first.select_option(label=trotsky)
    page.locator(".person-path tbody tr").first.wait_for(timeout=60_000)
    assert page.locator(".person-path tbody tr").count() == len(timeline.person_path("trotsky", tables))
    assert settled(lambda: picture_src(page, ".faction-timeline"), differs_from=before) != before, \
        "tracing a person did not redraw the timeline"

    # Play, then Pause: the months move, and Pause keeps the student's place.
    press(page, page.get_by_role("button", name="Play").first)
    deadline = time.monotonic() + 60
    while shown_month(page, ".members-list") in ("1923-08", "1923-09") and time.monotonic() < deadline:
        time.sleep(0.2)
    press(page, page.get_by_role("button", name="Pause").first)
    time.sleep(2.5)                              # a paused explorer must not move on, nor go back
    paused = shown_month(page, ".members-list")
    assert paused > "1923-09", f"Play did not move the months on (still {paused})"
    time.sleep(2.5)
    assert shown_month(page, ".members-list") == paused, "the months moved on after Pause"
    assert people_on_page(page) == expected_members(paused, tables)

    # The bodies explorer: its month, then its body.
    page.locator(".body-seats img").first.scroll_into_view_if_needed()
    before = picture_src(page, ".body-seats")
    start = shown_month(page, ".body-members")
    assert seats_shown(page) == expected_seats("politburo", start, tables)
    month = MONTHS[MONTHS.index(start) + 40]
    for _ in range(40):                          # forty months on, one key press each
        press(page, bodies_month, "ArrowDown")
    wait_for_month(page, ".body-members", month)
    assert settled(lambda: seats_shown(page), expected_seats("politburo", month, tables)) == \
        expected_seats("politburo", month, tables)
    assert settled(lambda: picture_src(page, ".body-seats"), differs_from=before) != before, \
        "the bodies explorer's picture did not follow the month"
    before = steady(lambda: picture_src(page, ".body-seats"))
    page.get_by_label("Body").first.select_option(label="Secretariat")
    page.locator('.body-members [data-body="secretariat"]').first.wait_for(timeout=60_000)
    assert settled(lambda: seats_shown(page), expected_seats("secretariat", month, tables)) == \
        expected_seats("secretariat", month, tables)
    assert settled(lambda: picture_src(page, ".body-seats"), differs_from=before) != before, \
        "the bodies explorer's picture did not follow the body"

    # The figures explorer: what is counted, and which text.
    before = steady(lambda: picture_src(page, ".figures-chart"))
    counted = page.get_by_label("What is counted").first
    options = counted.evaluate("select => [...select.options].map(option => option.value)")
    choice = next(value for value in options if value != counted.input_value())
    counted.select_option(value=choice)          # ipywidgets' option values are the labels
    assert settled(lambda: picture_src(page, ".figures-chart"), differs_from=before) != before, \
        "the figures chart did not follow its filter"
    # What the student chose, read from the list itself, not from the explorer's own output.
    chosen = dict(FiguresExplorer(tables).counts.options)[counted.input_value()]
    page.locator(f'.figures-table[data-counts="{chosen}"]').first.wait_for(timeout=30_000)
    assert figures_shown(page) == set(timeline.figures_by(chosen or None, None, tables=tables)["figure_id"])
    save_screenshot(page, tmp_path, "voila_controls.png")
    page.close()
