"""The faction explorer: who stood in which faction in a month, a person's path, the events near.

Each member carries a mark and the words of their status (standard history / the texts date it
here / a text's vague date allows it); the timeline draws the standard history above and the
texts' own dating below, so the two layers are told apart in the picture and in the list.
"""
from __future__ import annotations

import html

import ipywidgets as widgets

from .. import charts, timeline
from ..data import Tables, load
from ..style import DATED, IMPRECISE, REFERENCE, faction_styles, status_words
from .controls import (BESIDE, CHART_BOX, ROW, TABLE_STYLE, TEXT_BOX, WIDE, CursorPicture, WidgetView, check_month, date_words,
                       img_html, month_control, month_words, scroll_table, sources_text, status_html, text_widget)
from .index import EvidenceIndex, Member

STATUS_SHOWN = (REFERENCE, DATED, IMPRECISE)      # the order the list gives them in


def status_key() -> str:
    """What the three marks mean, in words."""
    items = "".join(f"<li>{status_html(code)}: {_meaning(code)}</li>" for code in STATUS_SHOWN)
    return f'<ul class="status-key" style="font-size:95%;margin:4px 0">{items}</ul>'


def _meaning(code: str) -> str:
    return {REFERENCE: "the date standard histories give",
            DATED: "one of the four texts puts them there in this month",
            IMPRECISE: "a text's date is vague (\"in 1923\", \"end not given\") and allows this month, "
                       "without dating it here"}[code]


class FactionExplorer(WidgetView):
    """Who stood in which faction in a month; a person's path; the events nearest the date."""

    def __init__(self, tables: Tables | None = None, start: str = "1923-06", person_id: str = "",
                 index: EvidenceIndex | None = None):
        self.tables = tables if tables is not None else load()
        self.styles = faction_styles(self.tables.factions)
        self.month = month_control(start)
        self.date, self.play = self.month.date, self.month.timer
        self.person = widgets.Dropdown(options=self._person_options(), description="Trace one person",
                                       style=WIDE, layout=widgets.Layout(width="auto", max_width="100%"))
        if person_id:
            self._check_person(person_id)
        self.members = text_widget("members-list")
        self.picture = text_widget("faction-timeline")
        self.path = text_widget("person-path")
        self.events = text_widget("events-near")
        self._event_source_cache: dict[str, str] = {}
        self.index = index or EvidenceIndex(self.tables)
        self.widget = widgets.VBox([
            self.month.widget, self.person,
            widgets.Box([widgets.Box([self.picture], layout=CHART_BOX),
                         widgets.VBox([self.members, self.events], layout=TEXT_BOX)], layout=ROW),
            self.path,
        ], layout=widgets.Layout(max_width="100%"))
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
        self._figure = figure
        self._timeline = CursorPicture(figure, charts.add_cursor(figure.axes[0], self.date.value))
        self.path.value = self._path_html(person_id)

    def _show_date(self) -> None:
        month = self.date.value
        self.members.value = self._members_html(month)     # first: what the student reads
        png = self._timeline.png_at(month)
        self.picture.value = img_html(png, self._alt_text(month), self._figure.caption)
        self.events.value = self._events_html(month)

    # The text beside (or below) the chart.
    def _members_html(self, month: str) -> str:
        chosen = self.person.value
        items = []
        for faction_id, members in self.index.members_by_faction(month).items():
            parts = []
            for status in STATUS_SHOWN:
                names = [self._person_span(m, chosen) for m in members if m.status == status]
                if names:
                    parts.append(f"{status_html(status)}: {', '.join(names)}")
            sources = sorted({source for m in members for source in m.sources})
            items.append(f'<li data-faction="{faction_id}">{self.styles[faction_id].badge()}<br>'
                         f'{"<br>".join(parts)} <small style="color:#444">(texts: '
                         f'{html.escape(", ".join(sources) or "none")})</small></li>')
        body = "<ul>" + "".join(items) + "</ul>" if items else "<p>No one is recorded in a faction then.</p>"
        return (f'<div data-month="{month}"><h3 style="margin:0;font-size:110%">Factions in '
                f"{month_words(month)}</h3>{body}{status_key()}</div>")

    @staticmethod
    def _person_span(member: Member, chosen: str) -> str:
        roles = [role for role in member.roles if role != "member"]
        roles = f" ({html.escape(', '.join(roles))})" if roles else ""
        name = html.escape(member.name)
        if member.person_id == chosen:
            name = f"<mark>{name}</mark>"
        return (f'<span class="person {member.status}" data-person="{member.person_id}" '
                f'title="{html.escape(status_words(member.status))}: claims {html.escape(", ".join(member.claims))}">'
                f"{name}{roles}</span>")

    def _alt_text(self, month: str) -> str:
        """The chart's own alt text (drawn without a cursor), then the month the band marks."""
        return (f"{self._figure.alt_text} A band marks {month_words(month)}. "
                f"The list {BESIDE} names the members in {month_words(month)}.")

    def _path_html(self, person_id: str | None) -> str:
        if not person_id:
            return "<p><i>Choose a person above to trace one path through the factions.</i></p>"
        path = timeline.person_path(person_id, self.tables)
        name = self.tables.people.set_index("person_id")["name"][person_id]
        rows = []
        for row in path.itertuples():
            style = self.styles.get(row.faction_id)
            faction = style.badge() if style else html.escape(row.faction_id)
            basis = getattr(row, "basis", "text")
            status = _path_status(row)
            sources = sources_text("affiliations", row.affiliation_id, self.tables, basis,
                                   getattr(row, "reference", ""))
            closed = getattr(row, "closed_by", "")
            closed = f" Ended by: {html.escape(str(closed))}." if isinstance(closed, str) and closed else ""
            rows.append(f"<tr><td>{html.escape(date_words(row.when))}</td><td>{faction}</td>"
                        f"<td>{html.escape(row.role)}</td><td>{status_html(status)}</td>"
                        f"<td>{html.escape(sources)}</td><td>{html.escape(str(row.note or ''))}{closed}</td></tr>")
        table = (f"<table class='succession-table'><caption>{html.escape(name)}'s path, step by step</caption>"
                 "<thead><tr><th scope='col'>when</th><th scope='col'>faction</th><th scope='col'>role</th>"
                 "<th scope='col'>how we know</th><th scope='col'>sources</th><th scope='col'>note</th></tr></thead>"
                 f"<tbody>{''.join(rows)}</tbody></table>")
        return (f"<h3 style='margin:4px 0;font-size:110%'>{html.escape(name)}'s path: "
                f"{html.escape(charts.path_summary(person_id, self.tables))}</h3>"
                f"{TABLE_STYLE}{scroll_table(table, name + ' path table')}")

    def _events_html(self, month: str) -> str:
        events = self.tables.events
        items = []
        for i in self.index.events_near(month):
            row = events.iloc[i]
            basis = row["basis"]
            status = REFERENCE if basis in ("reference", "external") else DATED
            sources = self._event_sources(row)
            items.append(f"<li data-event='{html.escape(row['event_id'])}'><b>{html.escape(date_words(row['when']))}"
                         f"</b> {html.escape(row['title'])} {status_html(status)} "
                         f"<small style='color:#444'>({html.escape(sources)})</small></li>")
        return (f"<h3 style='margin:8px 0 0;font-size:110%'>Events nearest {month_words(month)}</h3>"
                f"<ul>{''.join(items) or '<li>none recorded</li>'}</ul>")

    def _event_sources(self, row) -> str:
        if row["event_id"] not in self._event_source_cache:
            self._event_source_cache[row["event_id"]] = sources_text(
                "events", row["event_id"], self.tables, row["basis"], row["reference"])
        return self._event_source_cache[row["event_id"]]


def _path_status(row) -> str:
    """A step of a path: a standard history's, or a text's, dated or vague (its start given to a month)."""
    if getattr(row, "basis", "text") in ("reference", "external"):
        return REFERENCE
    precise = row.start_latest - row.start_earliest <= timeline.period("1923-01")[1] - timeline.period("1923-01")[0]
    return DATED if precise else IMPRECISE
