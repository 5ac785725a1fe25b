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
            heading("Who stood where", "Choose a month (Tab to the Month list; the arrow keys move a month), "
                                       "use Previous and Next, or press Play and Pause; pick a person to trace "
                                       "one path. The list of members is beside the picture in a wide window, "
                                       "below it in a narrow one."),
            self.factions.widget,
            heading("The numbers the texts give", "Choose what is counted and which text; pick a figure to read "
                                                  "the quote it comes from. For party size, the line is the "
                                                  "standard history's count and each mark one text's figure."),
            self.figures.widget,
            heading("Party bodies", "Choose a body and a month: every seat as standard histories give it, "
                                    "who held it, which texts mention them, and where a text disagrees."),
            self.bodies.widget,
        ])


def dashboard(tables: Tables | None = None) -> Dashboard:
    return Dashboard(tables)
