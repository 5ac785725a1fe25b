"""Matplotlib figures from the evidence base: one idea per figure, a title that states it,
a source line at the foot.

- affiliation_timeline: who stood in which faction, certain spans solid, possible ones faded
- figures_chart:        the numbers the texts give, grouped by what they count; points and
                        range bars only, never a line joining figures into a series
- body_seats:           the named members of a party body on a date, coloured by alignment,
                        with the seats no text names shown as unknown

The fast-update helpers (DateCursor, SeatChart) let the explorers change a date without
redrawing a figure from scratch.
"""
from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import matplotlib.dates as mdates
import matplotlib.transforms as mtransforms
import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from . import timeline
from .data import Tables, load
from .style import INK, MUTED, UNKNOWN_COLOUR, FactionStyle, add_source_line, faction_styles, figure_context

# The period the module covers: January 1921 to December 1929.
PERIOD_START = pd.Timestamp("1921-01-01")
PERIOD_END = pd.Timestamp("1930-01-01")
# dates.py writes "no bound" as these far-off days.
NO_EARLIER = pd.Timestamp("1800-01-01")
NO_LATER = pd.Timestamp("2100-12-31")

BODY_NAMES = {
    "politburo": "Politburo",
    "central_committee": "Central Committee",
    "secretariat": "Secretariat",
    "orgburo": "Orgburo",
    "central_control_commission": "Central Control Commission",
    "comintern_executive": "Comintern Executive",
    "sovnarkom": "Sovnarkom",
    "revvoensovet": "Revolutionary Military Council",
    "war_commissariat": "War Commissariat",
    "other": "Other body",
}
# figures.csv has no body column: a body_size figure names its body in its description.
BODY_WORDS = {
    "politburo": ["politburo", "political bureau"],
    "central_committee": ["central committee"],
    "secretariat": ["secretariat"],
    "orgburo": ["orgburo", "organisational bureau", "organizational bureau"],
    "central_control_commission": ["control commission"],
    "comintern_executive": ["comintern", "ecci", "executive committee of the communist international"],
    "sovnarkom": ["sovnarkom", "council of people's commissars"],
    "revvoensovet": ["revvoensovet", "military council"],
    "war_commissariat": ["war commissariat", "commissariat of war"],
}
COUNTS_LABELS = {
    "party_size": "Party size",
    "recruits": "Recruits",
    "share": "Shares",
    "opposition_strength": "Opposition strength",
    "body_size": "Sizes of party bodies",
    "expulsions": "Expulsions",
    "economy": "Economic indices",
    "prices": "Prices",
    "votes": "Votes",
    "repression": "Repression",
    "other": "Other figures",
}
# Which faction colours a person who stood in several at once: the narrower grouping.
KIND_PRIORITY = {"opposition": 0, "leadership_group": 1, "tendency": 2, "majority": 3}

FADED_ALPHA = 0.3     # possible-only spans
FADE_STEPS = 8        # an open-ended span fades out over this many steps


def _tables(tables: Tables | None) -> Tables:
    return tables if tables is not None else load()


def month_label(when) -> str:
    """'1926-10' -> 'Oct 1926'."""
    first, _ = timeline.period(when)
    return first.strftime("%b %Y")


def check_in_period(when) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The first and last day of `when`, or a ValueError saying what was expected."""
    first, last = timeline.period(when)
    if first < PERIOD_START or last >= PERIOD_END:
        raise ValueError(f"{when!r} is outside the period: expected a date from 1921-01 to 1929-12")
    return first, last


def _check_known(kind: str, value: str, known) -> None:
    known = list(known)
    if value not in known:
        raise KeyError(f"unknown {kind} {value!r}; expected one of: {', '.join(map(str, known))}")


def _x(day: pd.Timestamp) -> float:
    return mdates.date2num(day.to_pydatetime())


def _clip(day: pd.Timestamp) -> pd.Timestamp:
    return min(max(day, PERIOD_START), PERIOD_END)


def _set_margins(fig: Figure, top: float, bottom: float, left: float, right: float) -> None:
    """Margins in inches, so titles and legends keep their room whatever the figure height."""
    width, height = fig.get_size_inches()
    fig.subplots_adjust(top=1 - top / height, bottom=bottom / height, left=left / width, right=1 - right / width)


# --- Queries the charts need (candidates for timeline.py) -----------------------------------

def alignments_on(when, tables: Tables | None = None) -> pd.DataFrame:
    """Each person's faction in a period: person_id, faction_id (the one shown), status, factions.

    A person may stand in several groupings at once (the Troika and the majority); the one
    shown is certain before possible, then the narrower kind (opposition before majority).
    """
    tables = _tables(tables)
    rows = tables.affiliations[~tables.affiliations["role"].isin(timeline.NOT_MEMBERSHIP)]
    rows = rows.assign(status=timeline.status_in(rows, when))
    rows = rows[rows["status"] != ""]
    columns = ["person_id", "faction_id", "status", "factions"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    kinds = tables.factions.set_index("faction_id")["kind"]
    names = tables.factions.set_index("faction_id")["name"]
    rows = rows.assign(status_rank=(rows["status"] != timeline.CERTAIN).astype(int),
                       kind_rank=rows["faction_id"].map(kinds).map(KIND_PRIORITY).fillna(9))
    rows = rows.sort_values(["person_id", "status_rank", "kind_rank", "start_earliest"],
                            ascending=[True, True, True, False])
    everything = rows.groupby("person_id")["faction_id"].agg(
        lambda ids: "; ".join(dict.fromkeys(names.get(i, i) for i in ids)))
    chosen = rows.drop_duplicates("person_id")[["person_id", "faction_id", "status"]]
    chosen["factions"] = chosen["person_id"].map(everything)
    return chosen.reset_index(drop=True)


@dataclass(frozen=True)
class BodySize:
    low: int
    high: int
    figure_id: str
    when: str
    source_id: str
    speaker: str


def body_size_on(body: str, when, tables: Tables | None = None) -> BodySize | None:
    """The size figures.csv gives for a body in a period (counts=body_size), or None."""
    tables = _tables(tables)
    figures = tables.figures[tables.figures["counts"] == "body_size"]
    words = BODY_WORDS.get(body, [body.replace("_", " ")])
    text = (figures["description"] + " " + figures["unit"]).str.lower()
    figures = figures[text.apply(lambda t: any(word in t for word in words))]
    if figures.empty:
        return None
    figures = figures.assign(status=timeline.status_in(figures, when))
    figures = figures[figures["status"] != ""]
    if figures.empty:
        return None
    best = figures.assign(rank=(figures["status"] != timeline.CERTAIN).astype(int)).sort_values(
        ["rank", "start_earliest"], ascending=[True, False]).iloc[0]
    return BodySize(int(best["value_low"]), int(best["value_high"]), best["figure_id"], best["when"],
                    best["source_id"], best["speaker"])


# --- Affiliation timeline ---------------------------------------------------------------------

@dataclass
class Lane:
    label: str
    faction_id: str | None        # None for a faction's heading row
    claims: pd.DataFrame | None


def _lanes(tables: Tables, person_id: str | None) -> list[Lane]:
    """Rows of the timeline: per faction a heading and one lane per person (or, for one
    person, one lane per faction in the order they joined)."""
    rows = tables.affiliations.dropna(subset=["start_earliest"])
    people = tables.people.set_index("person_id")["name"]
    factions = tables.factions.set_index("faction_id")["name"]
    if person_id is not None:
        rows = rows[rows["person_id"] == person_id]
        order = rows.groupby("faction_id")["start_earliest"].min().sort_values().index
        return [Lane(factions.get(f, f), f, rows[rows["faction_id"] == f]) for f in order]
    lanes = []
    for faction_id in rows.groupby("faction_id")["start_earliest"].min().sort_values().index:
        in_faction = rows[rows["faction_id"] == faction_id]
        lanes.append(Lane(factions.get(faction_id, faction_id), None, None))
        for who in in_faction.groupby("person_id")["start_earliest"].min().sort_values().index:
            lanes.append(Lane(people.get(who, who), faction_id, in_faction[in_faction["person_id"] == who]))
    return lanes


def _rgba(colour: str, alpha: float) -> tuple:
    return (*to_rgb(colour), alpha)


def _bar(ax, y, start, end, style: FactionStyle, alpha: float, height: float, dashed=False, edge=True):
    """One horizontal bar segment in the faction's colour and hatch."""
    if end <= start:
        return
    ax.add_patch(Rectangle(
        (_x(start), y - height / 2), _x(end) - _x(start), height,
        facecolor=_rgba(style.colour, alpha), hatch=style.hatch or None,
        hatchcolor=_rgba(style.hatch_colour, min(1.0, alpha * 1.6)),
        edgecolor=_rgba(INK if not dashed else style.colour, 1.0 if edge else 0.0),
        linewidth=0.8 if edge else 0, linestyle="--" if dashed else "-"))


def _draw_claim(ax, y: float, claim, style: FactionStyle, height: float = 0.62) -> None:
    """A claim's possible span faded, its certain span solid; ends the texts leave open fade out."""
    se, sl, ee, el = claim.start_earliest, claim.start_latest, claim.end_earliest, claim.end_latest
    if pd.isna(el):
        el = ee
    if claim.role in timeline.NOT_MEMBERSHIP:      # a recantation: a dated act, drawn as a mark
        middle = se + (el - se) / 2
        if el - se > pd.Timedelta(days=40):
            ax.plot([_x(_clip(se)), _x(_clip(el))], [y, y], color=INK, linewidth=1)
        ax.plot([_x(middle)], [y], marker="X", markersize=9, color=INK, markeredgecolor="white", zorder=5)
        ax.annotate("recanted", (_x(_clip(el)), y), xytext=(6, 0), textcoords="offset points",
                    va="center", fontsize=8, color=INK, style="italic")
        return
    start_open, start_unknown = sl <= NO_EARLIER, se <= NO_EARLIER < sl
    end_open, end_unknown = ee >= NO_LATER, el >= NO_LATER > ee

    fade_in_end = _clip(ee) if start_unknown else _clip(se)
    fade_out_start = _clip(sl) if end_unknown else _clip(el)
    if start_unknown:                               # began at a time no text gives
        _gradient(ax, y, PERIOD_START, fade_in_end, style, height, rising=True)
    if end_unknown:                                 # ended at a time no text gives
        _gradient(ax, y, fade_out_start, PERIOD_END, style, height, rising=False)
        ax.annotate("end not given", (_x(fade_out_start), y + height / 2), xytext=(3, 1),
                    textcoords="offset points", fontsize=7, color=MUTED, style="italic", va="bottom")
    _bar(ax, y, fade_in_end, fade_out_start, style, FADED_ALPHA, height, dashed=True)
    if sl < ee:
        _bar(ax, y, _clip(sl), _clip(ee), style, 1.0, height)
    if end_open and sl < PERIOD_END:               # went on past the period
        ax.annotate("", xy=(_x(PERIOD_END) + 60, y), xytext=(_x(PERIOD_END) - 5, y),
                    arrowprops=dict(arrowstyle="-|>", color=INK, linewidth=1.2), annotation_clip=False)
    if start_open and ee > PERIOD_START:            # began before the period
        ax.annotate("", xy=(_x(PERIOD_START) - 60, y), xytext=(_x(PERIOD_START) + 5, y),
                    arrowprops=dict(arrowstyle="-|>", color=INK, linewidth=1.2), annotation_clip=False)


def _gradient(ax, y, start, end, style, height, rising: bool) -> None:
    """A faded bar that fades further towards the unknown end, in steps."""
    if end <= start:
        return
    edges = pd.date_range(start, end, periods=FADE_STEPS + 1)
    alphas = np.linspace(FADED_ALPHA, 0.03, FADE_STEPS)
    if rising:
        alphas = alphas[::-1]
    for left, right, alpha in zip(edges[:-1], edges[1:], alphas):
        _bar(ax, y, left, right, style, alpha, height, edge=False)


def _time_axis(ax) -> None:
    ax.set_xlim(_x(PERIOD_START), _x(PERIOD_END))
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=[4, 7, 10]))
    ax.grid(axis="x", which="major", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(axis="x", labeltop=True, top=True)


def uncertainty_key(style: FactionStyle | None = None) -> list:
    """Legend entries that explain how certainty is drawn (in a neutral grey)."""
    grey = style or FactionStyle("key", "", "#999999", "", "#222222")
    return [
        Patch(facecolor=grey.colour, edgecolor=INK, label="certain: every date the texts give agrees"),
        Patch(facecolor=(0.6, 0.6, 0.6, FADED_ALPHA), edgecolor="#999999", linestyle="--",
              label="possible: the texts' dates allow it"),
        Patch(facecolor=(0.6, 0.6, 0.6, 0.08), edgecolor="none", label="fading: end (or start) not given"),
        Line2D([], [], marker=r"$\rightarrow$", linestyle="none", color=INK, markersize=12,
               label="arrow: went on past the period"),
        Line2D([], [], marker="X", linestyle="none", color=INK, markersize=8, label="recanted"),
    ]


def faction_key(styles: dict[str, FactionStyle], faction_ids) -> list:
    return [Patch(facecolor=styles[f].colour, hatch=styles[f].hatch or None, hatchcolor=styles[f].hatch_colour,
                  edgecolor=INK, label=styles[f].label) for f in faction_ids]


def path_summary(person_id: str, tables: Tables | None = None) -> str:
    """'Troika → Leningrad Opposition → United Opposition → recanted' (in the order joined)."""
    path = timeline.person_path(person_id, tables)
    steps = []
    for row in path.itertuples():
        step = "recanted" if row.role in timeline.NOT_MEMBERSHIP else row.faction
        if not steps or steps[-1] != step:
            steps.append(step)
    return " → ".join(steps)


def affiliation_timeline(person_id: str | None = None, cursor=None, tables: Tables | None = None) -> Figure:
    """Gantt bars of who stood in which faction, 1921-1929; one person's path if person_id is given.

    Solid over the span every text-given date makes certain, faded over the spans the dates
    only allow, fading out where a text gives no end; `cursor` ('1926-10') marks a month.
    """
    tables = _tables(tables)
    if person_id is not None:
        _check_known("person", person_id, tables.people["person_id"])
    styles = faction_styles(tables.factions)
    lanes = _lanes(tables, person_id)
    with figure_context():
        height = 1.9 + 0.27 * max(len(lanes), 2) + 0.5
        fig = Figure(figsize=(11, height))
        ax = fig.add_subplot()
        _set_margins(fig, top=0.95, bottom=1.3, left=1.9, right=0.5)
        for y, lane in enumerate(lanes):
            if lane.claims is None:
                continue
            for claim in lane.claims.itertuples():
                _draw_claim(ax, y, claim, styles[claim.faction_id])
        ax.set_ylim(len(lanes) - 0.4, -0.6)
        ax.set_yticks(range(len(lanes)), [lane.label for lane in lanes])
        for tick, lane in zip(ax.get_yticklabels(), lanes):
            if lane.claims is None:
                tick.set_fontweight("bold")
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        _time_axis(ax)
        if person_id is None:
            title = "Who stood in which faction, 1921-1929: solid where the texts make it certain, faded where only possible"
        else:
            name = tables.people.set_index("person_id")["name"][person_id]
            title = f"{name}'s path: {path_summary(person_id, tables) or 'no affiliation in the texts'}"
        fig.suptitle(textwrap.fill(title, 110), x=0.01, y=1 - 0.12 / height, ha="left", va="top",
                     fontsize=12, fontweight="bold")
        drawn = list(dict.fromkeys(lane.faction_id for lane in lanes if lane.faction_id))
        fig.legend(handles=faction_key(styles, drawn) + uncertainty_key(), loc="lower left",
                   bbox_to_anchor=(0.01, 0.22 / height), ncol=4, fontsize=8, frameon=False)
        if not lanes:
            ax.text(0.5, 0.5, "No dated affiliation in the texts", transform=ax.transAxes, ha="center")
        sources = _sources_of("affiliations", tables)
        add_source_line(fig, f"Source: affiliations.csv, dates as the texts give them ({sources}).")
        if cursor is not None:
            add_cursor(ax, cursor)
    return fig


def _sources_of(table: str, tables: Tables) -> str:
    ids = sorted(set(tables.evidence.loc[tables.evidence["table"] == table, "source_id"]))
    return "texts: " + ", ".join(ids) if ids else "no texts"


@dataclass
class DateCursor:
    """A shaded band over one month, with its name above the axes; move() shifts both."""
    band: Rectangle
    label: object

    def move(self, when) -> None:
        first, last = check_in_period(when)
        self.band.set_x(_x(first))
        self.band.set_width(_x(last + pd.Timedelta(days=1)) - _x(first))
        self.label.set_x(_x(first + (last - first) / 2))
        self.label.set_text(month_label(when) if first != last else first.strftime("%d %b %Y"))

    @property
    def artists(self):
        return [self.band, self.label]


def add_cursor(ax, when) -> DateCursor:
    check_in_period(when)
    band = ax.axvspan(0, 1, color=INK, alpha=0.18, zorder=4, linewidth=0)
    # Above the top date labels, so it never hides a year.
    above = mtransforms.offset_copy(mtransforms.blended_transform_factory(ax.transData, ax.transAxes),
                                    fig=ax.figure, y=16, units="points")
    label = ax.text(0, 1.0, "", transform=above,
                    ha="center", va="bottom", fontsize=9, fontweight="bold", color="white", zorder=6,
                    bbox=dict(boxstyle="round,pad=0.2", facecolor=INK, edgecolor="none"))
    cursor = DateCursor(band, label)
    cursor.move(when)
    return cursor


# --- Figures the texts give -------------------------------------------------------------------

def _value_text(low: float, high: float, unit: str, qualifier: str) -> str:
    fmt = lambda v: f"{v:,.0f}" if abs(v) >= 100 or float(v).is_integer() else f"{v:,.3g}"  # noqa: E731
    value = fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"
    return " ".join(part for part in (qualifier, value, unit) if part)


def needs_log_scale(values) -> bool:
    """True when the numbers span more than two orders of magnitude (and are all positive)."""
    values = [v for v in values if pd.notna(v)]
    return bool(values) and min(values) > 0 and max(values) / min(values) > 100


def figures_chart(counts: str | None = None, source_id: str | None = None,
                  tables: Tables | None = None) -> Figure:
    """Every figure the texts give, one panel per thing counted (and unit).

    Each figure is a point (or a bar across the range its words allow), labelled with its
    text and speaker; nothing joins two figures, because no text gives them as a series.
    """
    tables = _tables(tables)
    if counts is not None:
        _check_known("counts", counts, COUNTS_LABELS)
    if source_id is not None:
        _check_known("source", source_id, tables.sources["source_id"])
    figures = timeline.figures_by(counts, source_id, tables)
    groups = [(what, group.sort_values(["start_earliest", "value_low"], na_position="last"))
              for what, group in figures.groupby("counts", sort=False)]
    order = list(COUNTS_LABELS)
    groups.sort(key=lambda item: order.index(item[0]) if item[0] in order else 99)
    rows = sum(len(group) for _, group in groups)
    with figure_context():
        height = 1.5 + 0.32 * rows + 0.75 * len(groups)
        fig = Figure(figsize=(11, max(height, 2.5)))
        if not groups:
            what = COUNTS_LABELS.get(counts, "figures") if counts else "figures"
            fig.suptitle(f"No {what.lower()} in the texts" + (f" of {source_id}" if source_id else ""),
                         x=0.01, ha="left", fontweight="bold")
            add_source_line(fig, "Source: figures.csv")
            return fig
        axes = fig.subplots(len(groups), 1, squeeze=False,
                            gridspec_kw=dict(height_ratios=[len(g) + 0.8 for _, g in groups], hspace=0.9))[:, 0]
        _set_margins(fig, top=0.85, bottom=0.55, left=3.4, right=2.7)
        for ax, (what, group) in zip(axes, groups):
            _figure_panel(ax, what, group)
        if counts:
            title = f"{COUNTS_LABELS[counts]}: {len(figures)} figures as the texts give them, each on its own"
        else:
            title = f"The numbers in the texts: {len(figures)} figures, each as its text gives it, grouped by what it counts"
        fig.suptitle(textwrap.fill(title, 110), x=0.01, y=1 - 0.1 / fig.get_figheight(), ha="left", va="top",
                     fontsize=12, fontweight="bold")
        add_source_line(fig, "Source: figures.csv. Points are single figures, bars the range a text's words "
                             "allow; no line joins figures, because no text gives them as a series.")
    return fig


def _figure_panel(ax, what: str, group: pd.DataFrame) -> None:
    ys = np.arange(len(group))
    lows, highs = group["value_low"].to_numpy(float), group["value_high"].to_numpy(float)
    exact = lows == highs
    ax.hlines(ys[~exact], lows[~exact], highs[~exact], color=INK, linewidth=3)
    ax.scatter(lows[~exact], ys[~exact], marker="|", s=120, color=INK, linewidths=2)
    ax.scatter(highs[~exact], ys[~exact], marker="|", s=120, color=INK, linewidths=2)
    ax.scatter(lows[exact], ys[exact], marker="o", s=36, color=INK, zorder=3)
    units = list(dict.fromkeys(group["unit"]))
    unit = units[0] if len(units) == 1 else "units differ: see labels"
    title = f"{COUNTS_LABELS.get(what, what)} ({unit})"
    if needs_log_scale(np.concatenate([lows, highs])):
        ax.set_xscale("log")      # the figures differ by orders of magnitude
        ax.set_xlim(lows.min() / 2, highs.max() * 2)
        title += ", log scale"
    else:
        ax.set_xlim(min(0, lows.min()), highs.max() * 1.08 if highs.max() > 0 else 1)
    ax.set_title(title, fontsize=10)
    labels = [f"{row.when or 'undated'} · {textwrap.shorten(row.description, 44, placeholder='…')}"
              for row in group.itertuples()]
    ax.set_yticks(ys, labels, fontsize=8)
    ax.set_ylim(len(group) - 0.4, -0.6)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#e5e5e5")
    ax.set_axisbelow(True)
    ax.xaxis.set_major_formatter(_plain_number)
    for y, row in zip(ys, group.itertuples()):
        shown_unit = row.unit if len(units) > 1 else ""
        text = f"{_value_text(row.value_low, row.value_high, shown_unit, row.qualifier)} · {row.source_id} ({row.speaker})"
        ax.annotate(textwrap.shorten(text, 48, placeholder="…"), (1.01, y),
                    xycoords=("axes fraction", "data"), va="center", fontsize=8, color=INK)


def _plain_number(value, _position=None) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}m"
    if value >= 10_000:
        return f"{value / 1000:g}k"
    return f"{value:g}"


# --- Party bodies -----------------------------------------------------------------------------

@dataclass
class Seat:
    label: str                 # the name, or "" for an unknown seat
    faction_id: str | None     # alignment on the date, None if no faction recorded
    kind: str                  # "named", "possible", "candidate", "unknown", "maybe"


def seats_on(body: str, when, tables: Tables | None = None) -> tuple[list[Seat], BodySize | None]:
    """The seats to draw: named members (by alignment, then name), then unknown seats."""
    tables = _tables(tables)
    _check_known("body", body, sorted(set(tables.bodies["body"]) | set(BODY_NAMES)))
    check_in_period(when)
    members = timeline.body_members_on(body, when, tables)
    aligned = alignments_on(when, tables).set_index("person_id")
    seats = []
    for row in members.itertuples():
        faction = aligned["faction_id"].get(row.person_id)
        kind = ("candidate" if set(row.roles.split(", ")) == {"candidate"}
                else "possible" if row.status == timeline.POSSIBLE else "named")
        seats.append(Seat(row.name, faction, kind))
    order = {"named": 0, "possible": 1, "candidate": 2}
    seats.sort(key=lambda s: (order[s.kind], s.faction_id or "~", s.label))
    size = body_size_on(body, when, tables)
    if size is not None:
        counted = sum(seat.kind != "candidate" for seat in seats)
        unknown = max(0, size.low - counted)
        maybe = max(0, size.high - counted) - unknown
        seats += [Seat("", None, "unknown")] * unknown + [Seat("", None, "maybe")] * maybe
    return seats, size


def seats_title(body: str, when, seats: list[Seat], size: BodySize | None) -> str:
    named = sum(seat.kind in ("named", "possible") for seat in seats)
    possible = sum(seat.kind == "possible" for seat in seats)
    unknown = sum(seat.kind == "unknown" for seat in seats)
    maybe = sum(seat.kind == "maybe" for seat in seats)
    candidates = sum(seat.kind == "candidate" for seat in seats)
    head = f"{BODY_NAMES.get(body, body)}, {month_label(when)}: the texts name {named} member{'s' * (named != 1)}"
    if size is None:
        tail = "; they do not give its size"
    else:
        seats_text = f"{size.low}" if size.low == size.high else f"{size.low}-{size.high}"
        unknown_text = f"{unknown}" if not maybe else f"{unknown}-{unknown + maybe}"
        tail = f" of {seats_text} seats ({unknown_text} unknown)"
    hedge = f" ({possible} only possibly)" if possible else ""
    extra = f", and {candidates} candidate{'s' * (candidates != 1)}" if candidates else ""
    return head + hedge + tail + extra


class SeatChart:
    """The seats of one body, drawn once and then restyled in place for each date.

    Every tile a date could need exists from the start; a date change only sets colours,
    hatches and labels, so no layout is recomputed.
    """
    COLUMNS = 8

    def __init__(self, body: str, tables: Tables | None = None, capacity: int | None = None):
        self.tables = _tables(tables)
        _check_known("body", body, sorted(set(self.tables.bodies["body"]) | set(BODY_NAMES)))
        self.body = body
        self.styles = faction_styles(self.tables.factions)
        self.capacity = capacity or self._capacity()
        self.columns = self.COLUMNS if self.capacity <= 48 else 14
        rows = max(1, math.ceil(self.capacity / self.columns))
        with figure_context():
            self.figure = Figure(figsize=(11, 1.9 + 0.5 * rows))
            ax = self.figure.add_axes((0.01, 0.9 / self.figure.get_figheight(), 0.98,
                                       1 - 1.75 / self.figure.get_figheight()))
            ax.set_xlim(0, self.columns)
            ax.set_ylim(rows, 0)
            ax.axis("off")
            self.axes = ax
            font = 9 if self.columns == self.COLUMNS else 7
            self.tiles, self.names = [], []
            for index in range(self.capacity):
                row, column = divmod(index, self.columns)
                self.tiles.append(ax.add_patch(Rectangle((column + 0.04, row + 0.06), 0.92, 0.88, visible=False)))
                # Name and faction as text on a white label: the colour is never the only cue.
                self.names.append(ax.text(column + 0.5, row + 0.5, "", ha="center", va="center", fontsize=font,
                                          color=INK, visible=False, linespacing=1.1,
                                          bbox=dict(boxstyle="round,pad=0.12", facecolor="white",
                                                    edgecolor="none", alpha=0.9)))
            self.title = self.figure.suptitle("", x=0.01, y=1 - 0.1 / self.figure.get_figheight(), ha="left",
                                              va="top", fontsize=12, fontweight="bold")
            self.size_note = self.figure.text(0.01, 1 - 0.5 / self.figure.get_figheight(), "", fontsize=9,
                                              color=MUTED, va="top")
            present = sorted(set(self.tables.affiliations["faction_id"]) & set(self.styles))
            key = faction_key(self.styles, present) + [
                Patch(facecolor="white", edgecolor=INK, label="no faction recorded"),
                Patch(facecolor=UNKNOWN_COLOUR, edgecolor=MUTED, label="unknown seat: no text names its holder"),
                Patch(facecolor="white", edgecolor=MUTED, linestyle=":", label="perhaps a seat (size given as a range)"),
                Patch(facecolor="#cccccc", edgecolor=INK, linestyle="--", alpha=0.5,
                      label="faded, name with '?': possibly a member"),
            ]
            self.figure.legend(handles=key, loc="lower left", bbox_to_anchor=(0.01, 0.28 / self.figure.get_figheight()),
                               ncol=4, fontsize=8, frameon=False)
            add_source_line(self.figure, "Source: bodies.csv (named members), affiliations.csv (alignment), "
                                         "figures.csv (size, counts=body_size).")

    def _capacity(self) -> int:
        people = self.tables.bodies.loc[self.tables.bodies["body"] == self.body, "person_id"].nunique()
        sizes = self.tables.figures.loc[self.tables.figures["counts"] == "body_size", "value_high"]
        return max(1, people + int(sizes.max() if len(sizes) else 0))

    def show(self, when) -> "SeatChart":
        """Restyle the tiles for a date (the figure is not rebuilt)."""
        seats, size = seats_on(self.body, when, self.tables)
        if len(seats) > self.capacity:   # more seats than planned for: rebuild bigger
            self.__init__(self.body, self.tables, capacity=len(seats))
        for index, (tile, name) in enumerate(zip(self.tiles, self.names)):
            if index >= len(seats):
                tile.set_visible(False)
                name.set_visible(False)
                continue
            self._style_tile(tile, name, seats[index])
        self.title.set_text(seats_title(self.body, when, seats, size))
        if size is None:
            self.size_note.set_text("Size: not given in the texts for this date, so unknown seats cannot be shown.")
        else:
            self.size_note.set_text(f"Size from figures.csv {size.figure_id} ({size.when}): {size.source_id}, "
                                    f"speaker {size.speaker}.")
        return self

    def _style_tile(self, tile: Rectangle, name, seat: Seat) -> None:
        tile.set_visible(True)
        style = self.styles.get(seat.faction_id) if seat.faction_id else None
        faded = seat.kind in ("possible", "candidate")
        tile.set_alpha(0.45 if faded else 1.0)
        tile.set_linestyle("--" if faded else ":" if seat.kind == "maybe" else "-")
        if seat.kind in ("unknown", "maybe"):
            tile.set_facecolor(UNKNOWN_COLOUR if seat.kind == "unknown" else "white")
            tile.set_edgecolor(MUTED)
            tile.set_hatch(None)
            name.set_visible(False)
            return
        tile.set_facecolor(style.colour if style else "white")
        tile.set_edgecolor(INK)
        tile.set_hatch(style.hatch or None if style else None)
        tile.set_hatchcolor(style.hatch_colour if style else INK)
        suffix = " ?" if seat.kind == "possible" else " (cand.)" if seat.kind == "candidate" else ""
        faction = style.label if style else "no faction recorded"
        name.set_text(f"{seat.label}{suffix}\n{textwrap.shorten(faction, 22, placeholder='…')}")
        name.set_visible(True)


def body_seats(body: str, when, tables: Tables | None = None) -> Figure:
    """The named members of a party body on a date, coloured by their faction then, with the
    seats no text names drawn as unknown (when figures.csv gives the body's size)."""
    tables = _tables(tables)
    seats, _ = seats_on(body, when, tables)
    return SeatChart(body, tables, capacity=max(1, len(seats))).show(when).figure
