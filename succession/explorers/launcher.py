"""A button that opens an explorer inside a lesson, built only when the student asks for it.

    explore("factions", start="1923-06", person_id="trotsky")
    explore("bodies", body="politburo", start="1923-01")
    explore("figures", counts="party_size")

Building an explorer takes a second or more (it draws its charts), so a lesson that showed every
explorer at once would run slowly. The launcher checks its options at once (a mistake is found
when the lesson runs, not when a student clicks) and shows one button; the click builds the
explorer and puts it where the button was. For a printed handout (static mode) it shows the
explorer's still picture instead.
"""
from __future__ import annotations

import html
import importlib
import inspect

import ipywidgets as widgets

from .. import charts
from ..data import Tables, load
from ..handouts import static_mode
from .controls import WidgetView, check_month, month_words

# kind -> (module, class, the explorer's name in words). Imported on the click, not before.
KINDS = {
    "factions": ("faction", "FactionExplorer", "the faction explorer"),
    "bodies": ("bodies", "BodiesExplorer", "the party-bodies explorer"),
    "figures": ("figures", "FiguresExplorer", "the figures explorer"),
}
TOOLTIP = "Build the explorer here (it takes a few seconds), then move the month and choose"


def explorer_class(kind: str):
    module, name, _ = KINDS[kind]
    return getattr(importlib.import_module(f"{__package__}.{module}"), name)


class Launcher(WidgetView):
    """One button; clicked, the explorer replaces it. `explorer` is None until then."""

    def __init__(self, kind: str, tables: Tables | None = None, **options):
        if kind not in KINDS:
            raise ValueError(f"there is no explorer called {kind!r}: expected one of "
                             f"{', '.join(repr(k) for k in KINDS)}")
        self.kind, self.options = kind, dict(options)
        self.tables = tables if tables is not None else load()     # loaded once per session
        self._check_options()
        self.explorer = None
        self.button = widgets.Button(description=self.description(), tooltip=TOOLTIP,
                                     button_style="info",
                                     layout=widgets.Layout(width="auto", max_width="100%",
                                                           align_self="flex-start"))
        self.button.on_click(lambda _: self.open())
        self.widget = widgets.VBox([self.button], layout=widgets.Layout(max_width="100%"))
        self.widget.add_class("explorer-launcher")

    def _check_options(self) -> None:
        """The options the explorer takes, with values it knows: a plain error now, not on the click."""
        _, _, words = KINDS[self.kind]
        parameters = inspect.signature(explorer_class(self.kind)).parameters
        allowed = [p for p in parameters if p not in ("self", "tables", "index")]
        open_ended = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters.values())
        for option in self.options:
            if option not in allowed and not open_ended:
                raise ValueError(f"{words} has no option {option!r}: expected {', '.join(allowed)}")
        if "start" in self.options:
            check_month(self.options["start"])
        person = self.options.get("person_id")
        if person:
            known = sorted(set(self.tables.affiliations["person_id"]))
            if person not in known:
                raise ValueError(f"unknown person {person!r} for the faction explorer: expected one "
                                 f"with a faction recorded: {', '.join(known)}")
        if self.kind == "bodies" and "body" in self.options:
            charts.check_known("body", self.options["body"], sorted(set(self.tables.bodies["body"])))
        counts = self.options.get("counts")
        if counts:
            known = sorted(set(self.tables.figures["counts"]))
            if counts not in known:
                raise ValueError(f"the figures explorer cannot show {counts!r}: expected one of "
                                 f"{', '.join(known)}")

    def description(self) -> str:
        """The button's words: which explorer, and where it opens."""
        _, _, words = KINDS[self.kind]
        options = self.options
        if self.kind == "figures":
            counts = options.get("counts")
            what = charts.COUNTS_LABELS.get(counts, counts).lower() if counts else "every figure"
            return f"Open {words}: {what}"
        month = month_words(options.get("start", "1923-06"))
        if self.kind == "bodies":
            body = options.get("body", "politburo")
            return f"Open {words}: the {charts.BODY_NAMES.get(body, body)} in {month}"
        person = options.get("person_id")
        if person:
            name = self.tables.people.set_index("person_id")["name"].get(person, person)
            return f"Open {words} at {month}, tracing {name}"
        return f"Open {words} at {month}"

    def open(self):
        """Build the explorer (once) and show it in place of the button."""
        if self.explorer is None:
            self.button.description, self.button.disabled = "Opening... (a few seconds)", True
            try:
                self.explorer = explorer_class(self.kind)(tables=self.tables, **self.options)
            except (KeyError, ValueError) as error:     # shown in words, where the button was
                message = widgets.HTML(f"<p><b>The explorer could not open:</b> "
                                       f"{html.escape(str(error))}</p>")
                self.widget.children = (message,)
                raise
            self.widget.children = (self.explorer.widget,)
        return self.explorer

    def _repr_mimebundle_(self, **kwargs):
        if static_mode():       # a printed handout: the explorer's still picture, built now
            return self.open()._repr_mimebundle_(**kwargs)
        return self.widget._repr_mimebundle_(**kwargs)


def explore(kind: str, **options) -> Launcher:
    """A button that opens an explorer: kind is "factions", "bodies" or "figures"; the options are
    the explorer's (start="1923-06", person_id="trotsky", body="politburo", counts="party_size")."""
    return Launcher(kind, **options)
