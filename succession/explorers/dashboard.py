"""The three explorers on one page: what Voila serves."""
from __future__ import annotations

import ipywidgets as widgets

from ..data import Tables, load
from .bodies import BodiesExplorer
from .controls import WidgetView
from .faction import FactionExplorer
from .figures import FiguresExplorer
from .index import EvidenceIndex

class Dashboard(WidgetView):
    """The three explorers, one after another, each under a heading that says how to use it."""

    def __init__(self, tables: Tables | None = None):
        tables = tables if tables is not None else load()
        index = EvidenceIndex(tables)        # both date explorers look up the same answers
        self.factions = FactionExplorer(tables, index=index)
        self.figures = FiguresExplorer(tables)
        self.bodies = BodiesExplorer(tables, index=index)
        heading = lambda title, help_text: widgets.HTML(  # noqa: E731
            f"<h2 style='margin-bottom:2px'>{title}</h2><p style='margin-top:0'>{help_text}</p>")
        self.widget = widgets.VBox([
            heading("Who stood where", "Move the date with the slider (Tab to it, then the arrow keys move a "
                                       "month) or press play; pick a person to trace one path."),
            self.factions.widget,
            heading("The numbers the texts give", "Choose what is counted and which text; pick a figure to read "
                                                  "the quote it comes from."),
            self.figures.widget,
            heading("Party bodies", "Choose a body and a date: named members by faction, and the seats no text "
                                    "names."),
            self.bodies.widget,
        ])


def dashboard(tables: Tables | None = None) -> Dashboard:
    return Dashboard(tables)
