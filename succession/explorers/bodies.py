"""The bodies explorer: every seat of a party body in a month, from the standard history, with
the texts that mention each holder beside it, and the texts' disagreeing claims apart.

The list says the same as the picture, seat by seat; "Changes" lists the standard history's
changes of composition in the year to the month, so a student sees when a seat changed hands.
"""
from __future__ import annotations

import html

import ipywidgets as widgets
import pandas as pd

from .. import charts, timeline
from ..data import Tables, load
from ..style import REFERENCE, faction_styles
from .controls import (BESIDE, CHART_BOX, ROW, TEXT_BOX, WIDE, WidgetView, check_month, date_words, img_html,
                       month_control, month_words, sources_text, status_html, text_widget)
from .index import EvidenceIndex

SEAT_HEADINGS = {"full": "Full members", "candidate": "Candidate members (no vote)", "member": "Members"}


def body_changes(body: str, tables: Tables) -> pd.DataFrame:
    """The dated joinings and leavings of a body: from the standard history where it has the
    body's compositions, else from the texts' intervals. Columns: earliest, latest, when, change,
    name, seat, membership_id, basis."""
    bodies = tables.bodies[tables.bodies["body"] == body]
    reference = bodies[bodies["basis"].isin(["reference", "external"])]
    rows = reference if len(reference) else bodies[bodies["when"].str.contains("/")]
    names = tables.people.set_index("person_id")["name"]
    changes = []
    for row in rows.itertuples():
        start, _, end = row.when.partition("/")
        if start not in ("", "..") and pd.notna(row.start_earliest):
            changes.append((row.start_earliest, row.start_latest, start, "joined", row))
        if end not in ("", "..") and pd.notna(row.end_earliest) and row.end_latest < charts.NO_LATER:
            changes.append((row.end_earliest, row.end_latest, end, "left", row))
    frame = pd.DataFrame(
        [(earliest, latest, text, change, names.get(row.person_id, row.person_id), row.status, row.membership_id,
          row.basis) for earliest, latest, text, change, row in changes],
        columns=["earliest", "latest", "when", "change", "name", "seat", "membership_id", "basis"])
    if len(reference):
        # A re-elected person 'leaves' and 'joins' on the same day: not a change a student needs.
        key = frame[["earliest", "name", "seat"]].astype(str).agg("|".join, axis=1)
        joined, left = set(key[frame["change"] == "joined"]), set(key[frame["change"] == "left"])
        frame = frame[~key.isin(joined & left)]
    return frame.sort_values(["earliest", "change", "name"]).reset_index(drop=True)


class BodiesExplorer(WidgetView):
    """Every seat of a party body in a month, who holds it, the texts that mention them."""
    MAIN_BODIES = ["politburo", "orgburo", "secretariat", "central_committee"]

    def __init__(self, tables: Tables | None = None, body: str = "politburo", start: str = "1923-06",
                 index: EvidenceIndex | None = None):
        self.tables = tables if tables is not None else load()
        self.styles = faction_styles(self.tables.factions)
        present = set(self.tables.bodies["body"])
        bodies = [b for b in self.MAIN_BODIES if b in present or b == "politburo"] + sorted(
            present - set(self.MAIN_BODIES))
        self.body = widgets.Dropdown(options=[(charts.BODY_NAMES.get(b, b), b) for b in bodies],
                                     description="Body", style=WIDE, layout=widgets.Layout(width="auto"))
        charts.check_known("body", body, bodies)
        self.body.value = body
        self.month = month_control(start)
        self.date, self.play = self.month.date, self.month.timer
        self.picture = text_widget("body-seats")
        self.members = text_widget("body-members")
        self.changes = text_widget("body-changes")
        self._charts: dict[str, charts.SeatChart] = {}
        self._changes_cache: dict[str, tuple[pd.DataFrame, list[str]]] = {}
        self.index = index or EvidenceIndex(self.tables)
        self.widget = widgets.VBox([
            widgets.Box([self.body], layout=widgets.Layout(display="flex", flex_flow="row wrap")),
            self.month.widget,
            widgets.Box([widgets.Box([self.picture], layout=CHART_BOX),
                         widgets.VBox([self.members, self.changes], layout=TEXT_BOX)], layout=ROW),
        ], layout=widgets.Layout(max_width="100%"))
        self._show()
        self.date.observe(lambda _: self._show(), names="value")
        self.body.observe(lambda _: self._show(), names="value")

    def show(self, when: str, body: str | None = None) -> None:
        if body is not None:
            charts.check_known("body", body, [value for _, value in self.body.options])
            self.body.value = body
        self.date.value = check_month(when)

    def seating(self) -> charts.Seating:
        return self.index.seats(self.body.value, self.date.value)

    def _show(self) -> None:
        body, month = self.body.value, self.date.value
        seating = self.index.seats(body, month)
        self.members.value = self._members_html(seating)
        chart = self._charts.get(body)
        if chart is None:
            chart = self._charts[body] = charts.SeatChart(body, self.tables, key=False)
        alt = seating.alt() + f" The list {BESIDE} says the same, seat by seat."
        self.picture.value = img_html(chart.png(seating), alt, _caption(seating))
        self.changes.value = self._changes_html(body, month)

    def _members_html(self, seating: charts.Seating) -> str:
        body, month = seating.body, seating.month
        aligned = self.index.alignments(month)
        sections = []
        for seat, heading in SEAT_HEADINGS.items():
            held = seating.held(seat)
            if not held:
                continue
            items = "".join(self._holder_item(s, aligned) for s in held)
            sections.append(f"<h4 style='margin:6px 0 0'>{heading}</h4><ul class='seats'>{items}</ul>")
        if not seating.framed:
            sections.append(f"<p class='unknown-seats'>{self._size_text(seating)}</p>")
        disagreements = seating.disagreements()
        if disagreements:
            items = "".join(
                f"<li class='disagreement' data-person='{s.person_id}' data-claim-seat='{s.seat}'>"
                f"<b>{html.escape(', '.join(s.texts) or 'a text')}</b> puts {html.escape(s.label)} in a "
                f"{html.escape(s.seat)} seat; <b>standard histories</b>: {html.escape(s.standard)}.</li>"
                for s in disagreements)
            sections.append("<h4 style='margin:6px 0 0'>Where the texts disagree with the standard history</h4>"
                            f"<ul class='disagreements'>{items}</ul>")
        name = charts.BODY_NAMES.get(body, body)
        how = (f"Seats as standard histories give them {status_html(REFERENCE)}; beside each holder, the texts "
               "that mention them then." if seating.framed else
               "No standard list of this body is in the evidence base: the people the texts name.")
        listing = "".join(sections) or "<p>No seat recorded for this month.</p>"
        return (f'<div data-body="{body}" data-month="{month}"><h3 style="margin:0;font-size:110%">{name}, '
                f"{month_words(month)}</h3><p style='margin:2px 0'>{how}</p>{listing}</div>")

    def _holder_item(self, seat: charts.Seat, aligned: dict) -> str:
        faction_id, _, factions = aligned.get(seat.person_id, (None, "", []))
        badge = self.styles[faction_id].badge() if faction_id in self.styles else "<i>no faction recorded</i>"
        also = f" <small>(in: {html.escape('; '.join(factions))})</small>" if len(factions) > 1 else ""
        texts = ", ".join(seat.texts) if seat.texts else "no text names them then"
        if seat.reference:
            texts += f"; standard history: {seat.reference}"
        status = "" if seat.kind == REFERENCE else f" {status_html(seat.kind)}"
        return (f'<li><span class="person {seat.kind}" data-person="{seat.person_id}" data-seat="{seat.seat}">'
                f"{html.escape(seat.label)}</span>{status} {badge}{also} "
                f"<small style='color:#444'>(texts: {html.escape(texts)})</small></li>")

    @staticmethod
    def _size_text(seating: charts.Seating) -> str:
        size = seating.size
        if size is None:
            return ("Size not given: the texts do not say how many seats this body had then, "
                    "so the number of unnamed seats is unknown.")
        unknown, maybe = seating.count("unknown", False), seating.count("maybe", False)
        count = f"{unknown}" if not maybe else f"{unknown}-{unknown + maybe}"
        return (f"The texts give {size.text()} seats ({size.when}; {size.source_id}, speaker {size.speaker}): "
                f"{count} unknown seat{'s' * (count != '1')}, held by people no text names.")

    def _changes_html(self, body: str, month: str) -> str:
        changes, items = self._changes(body)
        first, last = timeline.period(month)
        recent = (changes["latest"] >= first - pd.DateOffset(years=1)) & (changes["earliest"] <= last)
        recent_items = "".join(item for item, keep in zip(items, recent) if keep) or "<li>none recorded</li>"
        return (f"<h3 style='margin:8px 0 0;font-size:110%'>Changes in the year to {month_words(month)}</h3>"
                f"<ul class='recent-changes'>{recent_items}</ul>"
                f"<details><summary>Every dated change</summary><ul>{''.join(items) or '<li>none</li>'}</ul></details>")

    def _changes(self, body: str) -> tuple[pd.DataFrame, list[str]]:
        """A body's dated changes and one list item each, worked out once per body."""
        if body not in self._changes_cache:
            changes = body_changes(body, self.tables)
            reference = dict(zip(self.tables.bodies["membership_id"], self.tables.bodies["reference"]))
            items = [f"<li>{html.escape(date_words(row.when))}: {html.escape(row.name)} {row.change} "
                     f"<small>({html.escape(row.seat)}; "
                     f"{html.escape(sources_text('bodies', row.membership_id, self.tables, row.basis, reference.get(row.membership_id, '')))})"
                     "</small></li>" for row in changes.itertuples()]
            self._changes_cache[body] = (changes, items)
        return self._changes_cache[body]


def _caption(seating: charts.Seating) -> str:
    if seating.framed:
        return ("Each tile is one seat as standard histories give it, coloured by the holder's faction that month, "
                "with the texts that mention the holder. Dashed tiles are claims in the texts that the standard "
                "history does not support: disagreements, not seats.")
    return ("No standard list of this body is in the evidence base: each tile is a person a text names; "
            "grey tiles are seats no text names.")

