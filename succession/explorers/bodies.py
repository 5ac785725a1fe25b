"""The bodies explorer: the seats of a party body on a month, and the dated changes."""
from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from .. import charts, timeline
from ..data import Tables, load
from ..style import faction_styles
from .controls import (CHART_BOX, MONTHS, ROW, TEXT_BOX, WidgetView, check_month, img_html, month_control,
                       png_bytes, sources_text, text_widget)
from .index import EvidenceIndex

def body_changes(body: str, tables: Tables) -> pd.DataFrame:
    """Dated joinings and leavings of a body: the starts and ends the texts give for intervals.

    A row dated by a single date ('1926') only says the person sat then, so it gives no change.
    """
    rows = tables.bodies[(tables.bodies["body"] == body) & tables.bodies["when"].str.contains("/")]
    names = tables.people.set_index("person_id")["name"]
    changes = []
    for row in rows.itertuples():
        start, _, end = row.when.partition("/")
        if start not in ("", "..") and pd.notna(row.start_earliest):
            changes.append((row.start_earliest, row.start_latest, start, "joined", row))
        if end not in ("", "..") and pd.notna(row.end_earliest):
            changes.append((row.end_earliest, row.end_latest, end, "left", row))
    return pd.DataFrame(
        [(earliest, latest, text, change, names.get(row.person_id, row.person_id), row.status, row.membership_id)
         for earliest, latest, text, change, row in changes],
        columns=["earliest", "latest", "when", "change", "name", "seat", "membership_id"],
    ).sort_values(["earliest", "name"]).reset_index(drop=True)


class BodiesExplorer(WidgetView):
    """The named members of a party body on a month, by alignment, with unknown seats and changes."""
    MAIN_BODIES = ["politburo", "central_committee"]

    def __init__(self, tables: Tables | None = None, body: str = "politburo", start: str = "1923-06",
                 index: EvidenceIndex | None = None):
        self.tables = tables if tables is not None else load()
        self.styles = faction_styles(self.tables.factions)
        present = set(self.tables.bodies["body"])
        bodies = self.MAIN_BODIES + sorted(present - set(self.MAIN_BODIES))
        self.body = widgets.Dropdown(options=[(charts.BODY_NAMES.get(b, b), b) for b in bodies],
                                     description="Body", style={"description_width": "initial"})
        charts.check_known("body", body, bodies)
        self.body.value = body
        self.date, self.play = month_control(start)
        self.picture = text_widget("body-seats")
        self.members = text_widget("body-members")
        self.changes = text_widget("body-changes")
        self._charts: dict[str, charts.SeatChart] = {}
        self._changes_cache: dict[str, tuple[pd.DataFrame, list[str]]] = {}
        self.index = index or EvidenceIndex(self.tables)
        self.widget = widgets.VBox([
            widgets.HBox([self.body], layout=widgets.Layout(flex_flow="row wrap")),
            widgets.HBox([self.play, self.date]),
            widgets.Box([widgets.Box([self.picture], layout=CHART_BOX),
                         widgets.VBox([self.members, self.changes], layout=TEXT_BOX)], layout=ROW),
        ])
        self._show()
        self.date.observe(lambda _: self._show(), names="value")
        self.body.observe(lambda _: self._show(), names="value")

    def show(self, when: str, body: str | None = None) -> None:
        if body is not None:
            charts.check_known("body", body, [value for _, value in self.body.options])
            self.body.value = body
        self.date.value = check_month(when)

    def _show(self) -> None:
        body, month = self.body.value, self.date.value
        seating = self.index.seats(body, month)
        self.members.value = self._members_html(seating)
        chart = self._charts.get(body)
        if chart is None:
            # Built for every month at once, so the figure keeps its size as the date moves.
            every_month = [self.index.seats(body, m) for m in MONTHS]
            chart = self._charts[body] = charts.SeatChart(body, self.tables, seatings=every_month)
        canvas = chart.show(month, seating).render()
        alt = seating.title() + ". The list beside it names each member and their faction."
        self.picture.value = img_html(png_bytes(canvas), alt)
        self.changes.value = self._changes_html(body, month)

    def _members_html(self, seating: charts.Seating) -> str:
        body, month = seating.body, seating.month
        aligned = self.index.alignments(month)
        items = []
        for member in self.index.body_members(body, month):
            faction_id, _, factions = aligned.get(member.person_id, (None, "", []))
            badge = self.styles[faction_id].badge() if faction_id else "<i>no faction recorded</i>"
            also = f" <small>(in: {html.escape('; '.join(factions))})</small>" if len(factions) > 1 else ""
            possible = "?" if member.status == timeline.POSSIBLE else ""
            seat = ", ".join(role.replace("_", " ") for role in member.roles)
            items.append(f'<li><span class="person {member.status}" data-person="{member.person_id}">'
                         f"{html.escape(member.name)}{possible}</span> "
                         f"<small>({html.escape(seat)}; {member.status})</small> {badge}{also} "
                         f"<small style='color:#555'>(texts: {html.escape(', '.join(member.sources) or 'none')})"
                         "</small></li>")
        name = charts.BODY_NAMES.get(body, body)
        listing = "<ul>" + "".join(items) + "</ul>" if items else "<p>No text names a member for this date.</p>"
        sizes = "".join(f"<p class='unknown-seats'>{self._size_text(seating, candidate)}</p>"
                        for candidate in (False, True) if not candidate or seating.candidate_size is not None)
        return (f'<div data-body="{body}" data-month="{month}"><h4 style="margin:0">{name}, '
                f"{charts.month_label(month)}: named members</h4>{listing}{sizes}</div>")

    @staticmethod
    def _size_text(seating: charts.Seating, candidate: bool) -> str:
        size = seating.candidate_size if candidate else seating.size
        word = "candidate seats" if candidate else "seats"
        if size is None:
            return (f"Size not given: the texts do not say how many {word} this body had then, "
                    "so the number of unnamed seats is unknown.")
        unknown, maybe = seating.count("unknown", candidate), seating.count("maybe", candidate)
        count = f"{unknown}" if not maybe else f"{unknown}-{unknown + maybe}"
        return (f"The texts give {size.text()} {word} ({size.when}; {size.source_id}, speaker {size.speaker}): "
                f"{count} unknown {word if count != '1' else word[:-1]}, held by people no text names.")

    def _changes_html(self, body: str, month: str) -> str:
        changes, items = self._changes(body)
        first, last = timeline.period(month)
        recent = (changes["latest"] >= first - pd.DateOffset(years=1)) & (changes["earliest"] <= last)
        recent_items = "".join(item for item, keep in zip(items, recent) if keep) or "<li>none the texts date</li>"
        return (f"<h4 style='margin:8px 0 0'>Changes in the year to {charts.month_label(month)}</h4>"
                f"<ul class='recent-changes'>{recent_items}</ul>"
                f"<details><summary>Every dated change</summary><ul>{''.join(items) or '<li>none</li>'}</ul></details>")

    def _changes(self, body: str) -> tuple[pd.DataFrame, list[str]]:
        """A body's dated changes and one list item each, worked out once per body."""
        if body not in self._changes_cache:
            changes = body_changes(body, self.tables)
            items = [f"<li>{html.escape(row.when)}: {html.escape(row.name)} {row.change} "
                     f"<small>({html.escape(row.seat)}; "
                     f"{html.escape(sources_text('bodies', row.membership_id, self.tables))})</small></li>"
                     for row in changes.itertuples()]
            self._changes_cache[body] = (changes, items)
        return self._changes_cache[body]


