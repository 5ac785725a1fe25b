"""How fast the explorers answer a date change, in the kernel and in a browser.

    .venv/bin/python benchmarks/bench_explorers.py [--changes 50] [--presses 20] [--no-browser]

Kernel side, per explorer: the time from setting the date until the new picture is PNG-encoded
and the text updated (the observers run synchronously, so that is the time the assignment
takes), against redrawing the whole figure from scratch for the same months.
Browser side: Voila serves notebooks/dashboard.ipynb; for each key press on the faction
explorer's slider, the time from the keydown to the member list changing on the page, both
read from the page's own clock. Keys go to the faction explorer's Month list (a labelled
drop-down: the arrow keys move a month).

Goals: kernel p95 < 100 ms and at least 3x faster than the full redraw; browser p95 < 250 ms
(and a key press always well under 300 ms). A bodies explorer month whose composition it has
not drawn before costs one full draw; the months after it reuse that picture.
This prints figures; it is not a test.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from servers import CHROMIUM_ARGS, free_port, voila_command, wait_for_port  # noqa: E402  (shared with the browser tests)
CHROMIUM = "/usr/bin/chromium"


def summary(seconds: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    ms = np.array(seconds) * 1000
    return float(np.median(ms)), float(np.percentile(ms, 95))


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


# --- kernel side ---

def bench_kernel(changes: int) -> None:
    from succession import charts, explorers
    from succession.data import load

    tables = load()
    months = explorers.MONTHS[12:12 + changes]          # one month per change, as the arrow keys go
    factions = explorers.FactionExplorer(tables, start=explorers.MONTHS[11])
    bodies = explorers.BodiesExplorer(tables, start=explorers.MONTHS[11])

    def faction_from_scratch(month):
        figure = charts.affiliation_timeline(cursor=month, tables=tables)
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
        factions.members.value = factions._members_html(month)
        factions.picture.value = explorers.img_html(explorers.png_bytes(canvas), factions._alt_text(month))
        factions.events.value = factions._events_html(month)

    def bodies_from_scratch(month):
        seating = charts.seats_on("politburo", month, tables)          # queried, not looked up
        bodies.members.value = bodies._members_html(seating)
        chart = charts.SeatChart("politburo", tables, key=False)       # nothing kept from before
        bodies.picture.value = explorers.img_html(chart.png(seating), seating.alt())
        bodies.changes.value = bodies._changes_html("politburo", month)

    rows = []
    for name, explorer, from_scratch in (("faction explorer", factions, faction_from_scratch),
                                         ("bodies explorer (Politburo)", bodies, bodies_from_scratch)):
        fast = [timed(lambda m=month: setattr(explorer.date, "value", m)) for month in months]
        full = [timed(lambda m=month: from_scratch(m)) for month in months]
        rows.append((name, summary(fast), summary(full)))

    print(f"Kernel: {changes} date changes per explorer, value change -> PNG encoded and text updated (ms)")
    print(f"  {'explorer':30} {'median':>8} {'p95':>8}   {'full redraw median':>18} {'p95':>8}   "
          f"{'speed-up (median, p95)':>22}")
    for name, (median, p95), (full_median, full_p95) in rows:
        print(f"  {name:30} {median:8.1f} {p95:8.1f}   {full_median:18.1f} {full_p95:8.1f}   "
              f"{full_median / median:10.1f}x {full_p95 / p95:6.1f}x")
    print("  goals: p95 < 100 ms, at least 3x faster than the full redraw")


# --- browser side ---

WATCH_LIST = """() => {
    // Page clock: when the key went down, and when the member list next changed.
    const list = document.querySelector('.members-list');
    window.benchKeydown = 0;
    window.benchChanged = [];
    document.addEventListener('keydown', () => { window.benchKeydown = performance.now(); }, true);
    new MutationObserver(() => {
        const shown = list.querySelector('[data-month]');
        window.benchChanged.push([performance.now(), shown ? shown.dataset.month : '']);
    }).observe(list, {subtree: true, childList: true, characterData: true});
}"""


def bench_browser(presses: int) -> None:
    from playwright.sync_api import sync_playwright

    scratch = Path(tempfile.mkdtemp(prefix="bench-voila-"))
    env = os.environ.copy()
    for variable in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "MPLCONFIGDIR"):
        env[variable] = str(scratch / variable.lower())     # keep Jupyter's files out of the home folder
    port = free_port()
    # The dashboard as dashboard.sh serves it: the module's own page template (no CDN links).
    voila = subprocess.Popen(voila_command(ROOT / "notebooks" / "dashboard.ipynb", port, Path(sys.executable).parent),
                             cwd=scratch, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    latencies = []
    try:
        wait_for_port(port, voila)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            started = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/")
            page.locator(".members-list [data-month]").wait_for(timeout=180_000)
            page_load = time.perf_counter() - started
            page.evaluate(WATCH_LIST)
            month_list = page.locator(".month-control select").first     # the faction explorer's Month
            month_list.focus()
            for _ in range(presses):
                before = page.locator(".members-list [data-month]").get_attribute("data-month")
                seen = page.evaluate("window.benchChanged.length")
                page.keyboard.press("ArrowDown")
                page.wait_for_function(
                    "([seen, before]) => window.benchChanged.slice(seen).some(c => c[1] && c[1] !== before)",
                    arg=[seen, before], timeout=30_000)
                keydown, changes = page.evaluate("[window.benchKeydown, window.benchChanged]")
                changed = next(at for at, month in changes[seen:] if month and month != before)
                latencies.append((changed - keydown) / 1000)
            browser.close()
    finally:
        voila.terminate()
        voila.wait(timeout=30)
    median, p95 = summary(latencies)
    print(f"Browser (Voila, chromium): {presses} key presses, keydown -> member list changed (ms)")
    print(f"  median {median:.1f}   p95 {p95:.1f}   (page load to first list: {page_load:.1f} s)   goal: p95 < 250 ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=50, help="date changes per explorer in the kernel")
    parser.add_argument("--presses", type=int, default=20, help="key presses in the browser")
    parser.add_argument("--no-browser", action="store_true", help="skip the Voila measurement")
    arguments = parser.parse_args()
    os.environ.setdefault("MPLBACKEND", "Agg")
    bench_kernel(arguments.changes)
    if not arguments.no_browser:
        if not Path(CHROMIUM).exists():
            print(f"Browser: skipped, no {CHROMIUM}")
        else:
            bench_browser(arguments.presses)


if __name__ == "__main__":
    main()
