"""The controls and picture helpers every explorer shares.

The month control is a labelled drop-down of months in words ("June 1923") with Previous and
Next buttons and a Play / Pause pair, all named in words, so a screen reader says the month and
every control works from the keyboard (Tab to it; the arrow keys move the drop-down a month;
Enter or Space presses a button). It replaces ipywidgets' slider, whose handle has no
accessible name and announces an index, and ipywidgets' Play, whose buttons are icons with no
name and whose Stop sends the date back to January 1921. Play still uses a Play widget for its
timer, hidden; Pause stops it where it is.
"""
from __future__ import annotations

import html

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg

from .. import charts, timeline
from ..charts.display import canvas_png, figure_html
from ..data import Tables
from ..dates import EDTFError, in_words
from ..handouts import static_mode
from ..style import status_tag

MONTHS = [f"{year}-{month:02d}" for year in range(1921, 1930) for month in range(1, 13)]
PLAY_INTERVAL_MS = 1000          # a month a second: time to read the list change
# Side by side where the window has room for both (about 1150 px), else the text goes below.
CHART_BOX = widgets.Layout(flex="3 1 816px", min_width="0", max_width="100%")
TEXT_BOX = widgets.Layout(flex="1 1 300px", min_width="0", padding="0 0 0 12px")
ROW = widgets.Layout(display="flex", flex_flow="row wrap", align_items="flex-start", width="100%")
WRAP = widgets.Layout(display="flex", flex_flow="row wrap", align_items="center", width="100%")
WIDE = {"description_width": "initial"}
# Where the words sit relative to a picture depends on the window's width: say both.
BESIDE = "beside or below the picture"


def month_words(month: str) -> str:
    """'1923-06' -> 'June 1923'."""
    first, _ = timeline.period(month)
    return first.strftime("%B %Y")


def date_words(when: str) -> str:
    """An EDTF date as a student reads it ('about July 1926'), or as written if words cannot say it."""
    try:
        return in_words(str(when or ""))
    except (EDTFError, ValueError):
        return str(when or "undated")


def check_month(when: str) -> str:
    if when not in MONTHS:
        raise ValueError(f"{when!r} is not a month the explorer shows: expected YYYY-MM from 1921-01 to 1929-12")
    return when


class MonthControl:
    """Month drop-down, Previous / Next, Play / Pause. `value` is the month ('1923-06')."""

    def __init__(self, start: str, description: str = "Month"):
        self.date = widgets.Dropdown(options=[(month_words(m), m) for m in MONTHS], value=check_month(start),
                                     description=description, style=WIDE,
                                     layout=widgets.Layout(width="auto", max_width="100%"))
        self.previous = widgets.Button(description="◀ Previous month", tooltip="Go back one month")
        self.next = widgets.Button(description="Next month ▶", tooltip="Go on one month")
        self.play_button = widgets.Button(description="▶ Play", tooltip="Play through the months, one a second")
        self.pause_button = widgets.Button(description="❚❚ Pause", tooltip="Pause: stay on this month",
                                           disabled=True)
        for button in (self.previous, self.next, self.play_button, self.pause_button):
            button.layout = widgets.Layout(width="auto")
        # The timer: a Play widget, hidden (its icon-only buttons are never shown).
        self.timer = widgets.Play(value=self.date.index, min=0, max=len(MONTHS) - 1, interval=PLAY_INTERVAL_MS,
                                  layout=widgets.Layout(display="none"))
        widgets.link((self.timer, "value"), (self.date, "index"))
        self.previous.on_click(lambda _: self.step(-1))
        self.next.on_click(lambda _: self.step(1))
        self.play_button.on_click(lambda _: self.play())
        self.pause_button.on_click(lambda _: self.pause())
        self.timer.observe(lambda _: self._show_playing(), names="playing")
        self.widget = widgets.Box([self.date, self.previous, self.next, self.play_button, self.pause_button,
                                   self.timer], layout=WRAP)
        self.widget.add_class("month-control")

    @property
    def value(self) -> str:
        return self.date.value

    def step(self, months: int) -> None:
        self.date.index = min(max(self.date.index + months, 0), len(MONTHS) - 1)

    def play(self) -> None:
        self.timer.playing = True

    def pause(self) -> None:
        """Stop the timer where it is: the month stays."""
        self.timer.playing = False

    def _show_playing(self) -> None:
        playing = self.timer.playing
        self.play_button.disabled, self.pause_button.disabled = playing, not playing


def month_control(start: str, description: str = "Month") -> MonthControl:
    return MonthControl(start, description)


# Tables and lists beside the charts: plain, left-aligned, light rules; a wide table scrolls in
# its own box instead of hiding its last column.
TABLE_STYLE = ("<style>.succession-table{border-collapse:collapse;font-size:100%}"
               ".succession-table th,.succession-table td{text-align:left;vertical-align:top;padding:2px 8px;"
               "border-bottom:1px solid #ddd}.succession-table caption{text-align:left;font-weight:600}"
               ".table-scroll{overflow-x:auto;max-width:100%}</style>")


def scroll_table(table_html: str, label: str) -> str:
    """A table in a box that scrolls sideways, reachable and named for keyboard users."""
    return (f'<div class="table-scroll" role="region" aria-label="{html.escape(label)}" tabindex="0">'
            f"{table_html}</div>")


def text_widget(css_class: str) -> widgets.HTML:
    widget = widgets.HTML(layout=widgets.Layout(max_width="100%"))
    widget.add_class(css_class)
    return widget


def png_bytes(canvas: FigureCanvasAgg) -> bytes:
    return canvas_png(canvas)


def img_html(png: bytes, alt: str, caption: str = "", css_class: str = "chart") -> str:
    """A picture with alt text (and a caption), in a box that scrolls on a narrow screen."""
    return figure_html(png, alt, caption, css_class)


def still_html(widget: widgets.Widget) -> str:
    """The widget's current state as static HTML: its pictures, texts and chosen values."""
    parts = []

    def walk(item):
        if isinstance(item, widgets.HTML):
            parts.append(item.value)
        elif isinstance(item, widgets.Dropdown) and item.description:
            parts.append(f"<p><b>{html.escape(item.description)}:</b> {html.escape(str(item.label))}</p>")
        for child in getattr(item, "children", ()):
            walk(child)

    walk(widget)
    note = "<p><i>A still picture of the explorer. Open the notebook to move the date and choose.</i></p>"
    return note + "".join(parts)


class WidgetView:
    """Shows `self.widget` in a notebook, or a still picture of it while a handout is rendered."""

    widget: widgets.Widget

    def _repr_mimebundle_(self, **kwargs):
        if static_mode():
            return {"text/html": still_html(self.widget), "text/plain": type(self).__name__}
        return self.widget._repr_mimebundle_(**kwargs)


class CursorPicture:
    """A figure drawn once; moving its date cursor redraws only the cursor over a cached background."""

    def __init__(self, figure, cursor: charts.DateCursor):
        self.figure, self.cursor = figure, cursor
        self.canvas = FigureCanvasAgg(figure)
        for artist in cursor.artists:
            artist.set_visible(False)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(figure.bbox)
        for artist in cursor.artists:
            artist.set_visible(True)

    def png_at(self, when) -> bytes:
        self.cursor.move(when)
        self.canvas.restore_region(self.background)
        for artist in self.cursor.artists:
            self.figure.draw_artist(artist)
        return png_bytes(self.canvas)


def sources_text(table: str, record_id: str, tables: Tables, basis: str = "text", reference: str = "") -> str:
    """'cliff (ch. 16); deutscher (II.3)', or 'standard history: <reference>' for a reference row."""
    if basis in ("reference", "external"):
        return f"standard history: {reference or 'reference not given'}"
    rows = timeline.evidence_for(table, record_id, tables)
    if rows.empty:
        return "no quote recorded"
    return "; ".join(dict.fromkeys(f"{row.source_id} ({row.locator})" for row in rows.itertuples()))


def status_html(code: str) -> str:
    return status_tag(code)
