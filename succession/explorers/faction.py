"""The faction explorer: who stood in which faction on a month, a person's path, the events near."""
from __future__ import annotations

import html

import ipywidgets as widgets

from .. import charts, timeline
from ..data import Tables, load
from ..style import faction_styles
from .controls import (CHART_BOX, ROW, TABLE_STYLE, TEXT_BOX, CursorPicture, WidgetView, check_month, img_html,
                       month_control, sources_text, text_widget)
from .index import EvidenceIndex, Member

# --- The explorers ---------------------------------------------------------------------------

def _date_hint() -> str:
    return ('<p style="font-size:90%;color:#555">Certain: every date the texts give puts them there for the whole '
            "month. Possible: the texts' dates allow it but do not settle it.</p>")


class FactionExplorer(WidgetView):
    """Who stood in which faction on a month; a person's path; the events nearest the date."""

    def __init__(self, tables: Tables | None = None, start: str = "1923-06", person_id: str = "",
                 index: EvidenceIndex | None = None):
        self.tables = tables if tables is not None else load()
        self.styles = faction_styles(self.tables.factions)
        self.date, self.play = month_control(start)
        self.person = widgets.Dropdown(options=self._person_options(), description="Trace one person",
                                       style={"description_width": "initial"})
        if person_id:
            self._check_person(person_id)
        self.members = text_widget("members-list")
        self.picture = text_widget("faction-timeline")
        self.path = text_widget("person-path")
        self.events = text_widget("events-near")
        self._event_source_cache: dict[str, str] = {}
        self.index = index or EvidenceIndex(self.tables)
        self.widget = widgets.VBox([
            widgets.HBox([self.play, self.date]), self.person,
            widgets.Box([widgets.Box([self.picture], layout=CHART_BOX),
                         widgets.VBox([self.members, self.events], layout=TEXT_BOX)], layout=ROW),
            self.path,
        ])
        self.person.value = person_id
        self._draw_timeline()
        self._show_date()
        self.date.observe(lambda _: self._show_date(), names="value")
        self.person.observe(lambda _: self._on_person(), names="value")

    def _person_options(self) -> list[tuple[str, str]]:
        people = self.tables.people[self.tables.people["person_id"].isin(self.tables.affiliations["person_id"])]
        return [("everyone", "")] + sorted(zip(people["name"], people["person_id"]))

    def _check_person(self, person_id: str) -> None:
        known = [value for _, value in self.person.options if value]
        if person_id not in known:
            raise KeyError(f"unknown person {person_id!r}; expected one with an affiliation: {', '.join(known)}")

    def show(self, when: str, person_id: str | None = None) -> None:
        """Move to a month (and a person), as a student would with the controls."""
        if person_id is not None:
            if person_id:
                self._check_person(person_id)
            self.person.value = person_id
        self.date.value = check_month(when)

    # What the controls change.
    def _on_person(self) -> None:
        self._draw_timeline()
        self._show_date()

    def _draw_timeline(self) -> None:
        person_id = self.person.value or None
        figure = charts.affiliation_timeline(person_id, tables=self.tables)
        self._timeline = CursorPicture(figure, charts.add_cursor(figure.axes[0], self.date.value))
        self.path.value = self._path_html(person_id)

    def _show_date(self) -> None:
        month = self.date.value
        self.members.value = self._members_html(month)     # first: what the student reads
        png = self._timeline.png_at(month)
        self.picture.value = img_html(png, self._alt_text(month))
        self.events.value = self._events_html(month)

    # The text beside the chart.
    def _members_html(self, month: str) -> str:
        chosen = self.person.value
        items = []
        for faction_id, members in self.index.members_by_faction(month).items():
            parts = []
            for status in (timeline.CERTAIN, timeline.POSSIBLE):
                names = [self._person_span(m, chosen) for m in members if m.status == status]
                if names:
                    parts.append(f"<i>{status}:</i> {', '.join(names)}")
            sources = sorted({source for m in members for source in m.sources})
            items.append(f'<li data-faction="{faction_id}">{self.styles[faction_id].badge()} '
                         f'{"; ".join(parts)} <small style="color:#555">(texts: '
                         f'{html.escape(", ".join(sources) or "none")})</small></li>')
        body = "<ul>" + "".join(items) + "</ul>" if items else "<p>No text places anyone in a faction then.</p>"
        return (f'<div data-month="{month}"><h4 style="margin:0">Factions in '
                f"{charts.month_label(month)}</h4>{body}{_date_hint()}</div>")

    @staticmethod
    def _person_span(member: Member, chosen: str) -> str:
        roles = [role for role in member.roles if role != "member"]
        roles = f" ({html.escape(', '.join(roles))})" if roles else ""
        name = html.escape(member.name) + ("?" if member.status == timeline.POSSIBLE else "")
        if member.person_id == chosen:
            name = f"<mark>{name}</mark>"
        return (f'<span class="person {member.status}" data-person="{member.person_id}" '
                f'title="{member.status}: claims {html.escape(", ".join(member.claims))}">{name}{roles}</span>')

    def _alt_text(self, month: str) -> str:
        label = charts.month_label(month)
        if self.person.value:
            name = dict((v, n) for n, v in self.person.options)[self.person.value]
            return (f"Timeline of {name}'s factions, 1921-1929: {charts.path_summary(self.person.value, self.tables)}. "
                    f"Cursor at {label}. The table below gives every step as text.")
        return (f"Timeline of who stood in which faction, 1921-1929, solid where certain and faded where only "
                f"possible, with a cursor at {label}. The list beside it names the members in {label}.")

    def _path_html(self, person_id: str | None) -> str:
        if not person_id:
            return "<p><i>Choose a person above to trace one path through the factions.</i></p>"
        path = timeline.person_path(person_id, self.tables)
        name = self.tables.people.set_index("person_id")["name"][person_id]
        rows = []
        for row in path.itertuples():
            style = self.styles.get(row.faction_id)
            faction = style.badge() if style else html.escape(row.faction_id)
            sources = sources_text("affiliations", row.affiliation_id, self.tables)
            rows.append(f"<tr><td>{html.escape(row.when or 'undated')}</td><td>{faction}</td>"
                        f"<td>{html.escape(row.role)}</td><td>{html.escape(sources)}</td>"
                        f"<td>{html.escape(row.note or '')}</td></tr>")
        return (f"<h4 style='margin:4px 0'>{html.escape(name)}'s path: "
                f"{html.escape(charts.path_summary(person_id, self.tables))}</h4>"
                f"{TABLE_STYLE}<table class='succession-table'><thead><tr><th>when (as the text gives it)</th>"
                "<th>faction</th><th>role</th>"
                f"<th>sources</th><th>note</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")

    def _events_html(self, month: str) -> str:
        events = self.tables.events
        items = []
        for i in self.index.events_near(month):
            row = events.iloc[i]
            sources = self._event_sources(row)
            items.append(f"<li><b>{html.escape(row['when'])}</b> {html.escape(row['title'])} "
                         f"<small style='color:#555'>({html.escape(row['category'])}; {html.escape(sources)})"
                         "</small></li>")
        return (f"<h4 style='margin:8px 0 0'>Events nearest {charts.month_label(month)}</h4>"
                f"<ul>{''.join(items) or '<li>none in the texts</li>'}</ul>")

    def _event_sources(self, row) -> str:
        if row["event_id"] not in self._event_source_cache:
            self._event_source_cache[row["event_id"]] = sources_text(
                "events", row["event_id"], self.tables, row["basis"], row["reference"])
        return self._event_source_cache[row["event_id"]]


