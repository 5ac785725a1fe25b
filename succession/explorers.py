"""Widgets over the charts and queries, and the dashboard that Voila serves.

- FactionExplorer: a month slider (with play) showing who stood in which faction, certain
  and possible told apart; the affiliation timeline with a cursor; a person's path; the
  events nearest the date with their sources.
- FiguresExplorer: the numbers the texts give, filtered by what they count and by text,
  with the quote behind any one of them.
- BodiesExplorer: the named members of a party body on a date, by alignment, with the
  seats no text names shown as unknown, and the dated changes.

Everything a test (or a screen reader) needs is text in a widget value: each HTML widget
carries a CSS class (members-list, events-near, person-path, figures-table, figure-quote,
body-members, body-changes) and each picture is an <img> with alt text.
"""
from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from . import charts, timeline
from .data import Tables, load
from .handouts import static_mode
from .style import faction_styles

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


# --- Month-by-month answers, looked up rather than queried ----------------------------------

@dataclass
class Member:
    person_id: str
    name: str
    status: str          # certain or possible
    roles: list[str]
    sources: list[str]
    claims: list[str]


class MonthlyIndex:
    """Every row's status ('certain', 'possible' or '') in every month of the period, worked out
    once with timeline.status_in, so a date change is a lookup rather than a query."""

    def __init__(self, frame: pd.DataFrame):
        frame = frame.reset_index(drop=True)
        self.rows = list(frame.itertuples(index=False))
        self.status = {month: timeline.status_in(frame, month).to_numpy() for month in MONTHS}

    def on(self, month: str) -> list[tuple[object, str]]:
        status = self.status[check_month(month)]
        return [(self.rows[i], status[i]) for i in np.flatnonzero(status != "")]


def strongest(claims, role_field: str, id_field: str, names: dict, sources: dict) -> list[Member]:
    """One Member per person from (row, status) claims: certain if any claim is (as timeline.members_on)."""
    found: dict[str, Member] = {}
    for row, status in claims:
        person = row.person_id
        member = found.setdefault(person, Member(person, names.get(person, person), status, [], [], []))
        if status == timeline.CERTAIN:
            member.status = timeline.CERTAIN
        member.roles.append(getattr(row, role_field))
        member.sources += [s for s in sources.get(getattr(row, id_field), "").split("; ") if s]
        member.claims.append(getattr(row, id_field))
    for member in found.values():
        member.roles, member.sources = sorted(set(member.roles)), sorted(set(member.sources))
    return sorted(found.values(), key=lambda m: (m.status, m.name))


class EvidenceIndex:
    """The month-by-month answers the explorers need, from the tables, precomputed for speed.

    Each method gives what a timeline.py (or charts.py) query gives; tests/test_explorers.py
    checks that they agree for every month.
    """

    def __init__(self, tables: Tables):
        self.tables = tables
        self.names = dict(zip(tables.people["person_id"], tables.people["name"]))
        self.kinds = dict(zip(tables.factions["faction_id"], tables.factions["kind"]))
        self.faction_names = dict(zip(tables.factions["faction_id"], tables.factions["name"]))
        memberships = tables.affiliations[~tables.affiliations["role"].isin(timeline.NOT_MEMBERSHIP)]
        self.affiliations = MonthlyIndex(memberships)
        self.affiliation_sources = timeline.sources_by_record("affiliations", tables).to_dict()
        self.body_sources = timeline.sources_by_record("bodies", tables).to_dict()
        self._bodies: dict[str, MonthlyIndex] = {}
        self._sizes: dict[tuple[str, bool], MonthlyIndex] = {}
        events = tables.events
        centre = events["start_earliest"] + (events["end_latest"] - events["start_earliest"]) / 2
        self.event_centres = centre.to_numpy(dtype="datetime64[ns]")
        self.event_starts = events["start_earliest"].to_numpy(dtype="datetime64[ns]")

    def members_by_faction(self, month: str) -> dict[str, list[Member]]:
        """faction_id -> members (certain first, then by name), as timeline.members_on gives them."""
        claims: dict[str, list] = {}
        for row, status in self.affiliations.on(month):
            claims.setdefault(row.faction_id, []).append((row, status))
        order = list(self.tables.factions["faction_id"])
        return {faction: strongest(claims[faction], "role", "affiliation_id", self.names, self.affiliation_sources)
                for faction in sorted(claims, key=lambda f: order.index(f) if f in order else len(order))}

    def alignments(self, month: str) -> dict[str, tuple[str, str, list[str]]]:
        """person_id -> (faction shown, status, every faction), as timeline.alignments_on gives them."""
        ranked = sorted(self.affiliations.on(month), key=lambda claim: (
            claim[0].person_id, claim[1] != timeline.CERTAIN,
            timeline.KIND_PRIORITY.get(self.kinds.get(claim[0].faction_id), 9), -claim[0].start_earliest.value))
        result: dict[str, tuple[str, str, list[str]]] = {}
        for row, status in ranked:
            if row.person_id not in result:
                result[row.person_id] = (row.faction_id, status, [])
            every = result[row.person_id][2]
            name = self.faction_names.get(row.faction_id, row.faction_id)
            if name not in every:
                every.append(name)
        return result

    def body_members(self, body: str, month: str) -> list[Member]:
        if body not in self._bodies:
            self._bodies[body] = MonthlyIndex(self.tables.bodies[self.tables.bodies["body"] == body])
        return strongest(self._bodies[body].on(month), "status", "membership_id", self.names, self.body_sources)

    def body_size(self, body: str, month: str, candidates: bool = False) -> timeline.BodySize | None:
        """As timeline.body_size_on."""
        key = (body, candidates)
        if key not in self._sizes:
            self._sizes[key] = MonthlyIndex(timeline.size_figures(body, candidates, self.tables))
        found = sorted(self._sizes[key].on(month),
                       key=lambda claim: (claim[1] != timeline.CERTAIN, -claim[0].start_earliest.value))
        return timeline.make_body_size(found[0][0]._asdict()) if found else None

    def seats(self, body: str, month: str) -> charts.Seating:
        """As charts.seats_on(body, month)."""
        aligned = self.alignments(month)
        members = [(m.name, m.person_id, m.status, m.roles) for m in self.body_members(body, month)]
        return charts.arrange_seats(body, month, members, {p: a[0] for p, a in aligned.items()},
                                    self.body_size(body, month), self.body_size(body, month, candidates=True))

    def events_near(self, month: str, count: int = 5) -> list[int]:
        """Row numbers of the events nearest a month, in date order, as timeline.events_near."""
        first, last = timeline.period(month)
        middle = (first + (last - first) / 2).to_datetime64()
        distance = np.abs(self.event_centres - middle)
        nearest = np.argsort(distance, kind="stable")[:count]
        return [int(i) for i in sorted(nearest, key=lambda i: self.event_starts[i])]


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


class FiguresExplorer(WidgetView):
    """The figures the texts give, by what they count and by text, with any one figure's quote."""

    def __init__(self, tables: Tables | None = None, counts: str = "party_size", source_id: str = ""):
        self.tables = tables if tables is not None else load()
        present = list(dict.fromkeys(self.tables.figures["counts"]))
        counts_options = [("everything", "")] + [(charts.COUNTS_LABELS.get(c, c), c)
                                                 for c in charts.COUNTS_LABELS if c in present]
        if counts not in [value for _, value in counts_options]:
            counts = ""
        self.counts = widgets.Dropdown(options=counts_options, value=counts, description="What is counted",
                                       style={"description_width": "initial"})
        sources = [("every text", "")] + [(f"{row.source_id}: {row.author}, {row.title}", row.source_id)
                                           for row in self.tables.sources.itertuples()]
        self.source = widgets.Dropdown(options=sources, description="Text", style={"description_width": "initial"})
        if source_id:
            charts.check_known("source", source_id, self.tables.sources["source_id"])
            self.source.value = source_id
        self.quote_choice = widgets.Dropdown(description="Show the quote for", style={"description_width": "initial"},
                                             layout=widgets.Layout(width="min(100%, 640px)"))
        self.picture = text_widget("figures-chart")
        self.table = text_widget("figures-table")
        self.quote = text_widget("figure-quote")
        self.widget = widgets.VBox([
            widgets.HBox([self.counts, self.source], layout=widgets.Layout(flex_flow="row wrap")),
            widgets.Box([widgets.Box([self.picture], layout=CHART_BOX),
                         widgets.VBox([self.quote_choice, self.quote], layout=TEXT_BOX)], layout=ROW),
            self.table,
        ])
        self._refresh()
        self.counts.observe(lambda _: self._refresh(), names="value")
        self.source.observe(lambda _: self._refresh(), names="value")
        self.quote_choice.observe(lambda _: self._show_quote(), names="value")

    def shown(self) -> pd.DataFrame:
        return charts.figures_shown(self.counts.value or None, self.source.value or None, self.tables)

    def _refresh(self) -> None:
        figures = self.shown()
        figure = charts.figures_chart(self.counts.value or None, self.source.value or None, self.tables)
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
        what = charts.COUNTS_LABELS.get(self.counts.value, "all figures")
        alt = (f"{what}: {len(figures)} figures from the texts, each a point or a range bar labelled with its text "
               "and speaker; the table below lists them.")
        self.picture.value = img_html(png_bytes(canvas), alt)
        self.table.value = self._table_html(figures)
        options = [(f"{row.when or 'undated'}: {row.description} ({row.source_id}, {row.speaker})", row.figure_id)
                   for row in figures.itertuples()]
        self.quote_choice.options = options or [("no figures", "")]
        self.quote_choice.value = self.quote_choice.options[0][1]
        self._show_quote()

    def _table_html(self, figures: pd.DataFrame) -> str:
        rows = "".join(
            f"<tr data-figure='{row.figure_id}'>"
            f"<td>{html.escape(charts.COUNTS_LABELS.get(row.counts, row.counts))}</td>"
            f"<td>{html.escape(row.description)}</td>"
            f"<td>{html.escape(charts.value_text(row.value_low, row.value_high, row.unit, row.qualifier))}</td>"
            f"<td>{html.escape(row.when or 'undated')}</td><td>{html.escape(row.source_id)}</td>"
            f"<td>{html.escape(row.speaker)}</td></tr>" for row in figures.itertuples())
        return (f"{TABLE_STYLE}<table class='succession-table'><caption>The figures in the chart, as text</caption>"
                "<thead><tr><th>counts</th>"
                "<th>what</th><th>value (as the words allow)</th><th>when</th><th>text</th><th>speaker</th>"
                f"</tr></thead><tbody>{rows}</tbody></table>")

    def _show_quote(self) -> None:
        figure_id = self.quote_choice.value
        if not figure_id:
            self.quote.value = "<p>No figure chosen.</p>"
            return
        quotes = timeline.evidence_for("figures", figure_id, self.tables)
        items = "".join(f"<blockquote>“{html.escape(q.quote)}”<br><small>{html.escape(q.speaker)}, in "
                        f"{html.escape(q.source_id)} ({html.escape(q.locator)})</small></blockquote>"
                        for q in quotes.itertuples())
        self.quote.value = f"<div data-figure='{figure_id}'>{items or '<p>No quote recorded.</p>'}</div>"


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
