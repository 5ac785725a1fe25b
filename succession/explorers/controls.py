"""The controls and picture helpers every explorer shares."""
from __future__ import annotations

import base64
import html
import io

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from .. import charts, timeline
from ..data import Tables
from ..handouts import static_mode

MONTHS = [f"{year}-{month:02d}" for year in range(1921, 1930) for month in range(1, 13)]
PLAY_INTERVAL_MS = 700
CHART_BOX = widgets.Layout(flex="3 1 700px", min_width="0")   # narrower than about 1000 px: the text goes below
TEXT_BOX = widgets.Layout(flex="1 1 300px", min_width="0", padding="0 0 0 12px")
ROW = widgets.Layout(display="flex", flex_flow="row wrap", align_items="flex-start", width="100%")


# --- Controls and pictures -------------------------------------------------------------------

def check_month(when: str) -> str:
    if when not in MONTHS:
        raise ValueError(f"{when!r} is not a month the explorer shows: expected YYYY-MM from 1921-01 to 1929-12")
    return when


def month_control(start: str, description: str = "Date") -> tuple[widgets.SelectionSlider, widgets.Play]:
    """A slider over the months 1921-01..1929-12 (arrow keys move a month) and a play button."""
    slider = widgets.SelectionSlider(options=[(charts.month_label(m), m) for m in MONTHS], value=check_month(start),
                                     description=description, continuous_update=True,
                                     layout=widgets.Layout(width="min(100%, 640px)"),
                                     style={"description_width": "initial"})
    play = widgets.Play(value=slider.index, min=0, max=len(MONTHS) - 1, interval=PLAY_INTERVAL_MS,
                        description="Play through the months", tooltip="Play through the months")
    widgets.jslink((play, "value"), (slider, "index"))
    return slider, play


# Tables and lists beside the charts: plain, left-aligned, light rules.
TABLE_STYLE = ("<style>.succession-table{border-collapse:collapse;font-size:90%}"
               ".succession-table th,.succession-table td{text-align:left;vertical-align:top;padding:2px 8px;"
               "border-bottom:1px solid #ddd}.succession-table caption{text-align:left;font-weight:600}</style>")


def text_widget(css_class: str) -> widgets.HTML:
    widget = widgets.HTML()
    widget.add_class(css_class)
    return widget


def png_bytes(canvas: FigureCanvasAgg) -> bytes:
    """The canvas as PNG, compressed lightly: speed matters more than bytes on a local link."""
    width, height = canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def img_html(png: bytes, alt: str, css_class: str = "chart") -> str:
    data = base64.b64encode(png).decode("ascii")
    return (f'<img class="{css_class}" src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
            f'style="max-width:100%;height:auto">')


def still_html(widget: widgets.Widget) -> str:
    """The widget's current state as static HTML: its pictures, texts and chosen values."""
    parts = []

    def walk(item):
        if isinstance(item, widgets.HTML):
            parts.append(item.value)
        elif isinstance(item, (widgets.SelectionSlider, widgets.Dropdown)) and item.description:
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
    """'cliff (ch. 16); deutscher (II.3)', or the reference for an external row."""
    if basis == "external":
        return f"external: {reference or 'reference not given'}"
    rows = timeline.evidence_for(table, record_id, tables)
    if rows.empty:
        return "no quote recorded"
    return "; ".join(dict.fromkeys(f"{row.source_id} ({row.locator})" for row in rows.itertuples()))


