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
from matplotlib.backends.backend_agg import FigureCanvasAgg
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

FADED_ALPHA = 0.3     # possible-only spans
FADE_STEPS = 16       # an open-ended span fades out over this many steps


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


def check_known(kind: str, value: str, known) -> None:
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


# --- Affiliation timeline ---------------------------------------------------------------------

@dataclass
class Lane:
    label: str
    faction_id: str | None        # None for a faction's heading row
    claims: pd.DataFrame | None


def _lanes(tables: Tables, person_id: str | None) -> list[Lane]:
    """Rows of the timeline: per faction a heading and one lane per person (or, for one
    person, one lane per faction), each in the order joined."""
    rows = tables.affiliations.dropna(subset=["start_earliest"])
    rows = rows.assign(order=start_middle(rows))
    people = tables.people.set_index("person_id")["name"]
    factions = tables.factions.set_index("faction_id")["name"]
    joined = lambda frame, key: frame.groupby(key)["order"].min().sort_values(kind="stable").index  # noqa: E731
    if person_id is not None:
        rows = rows[rows["person_id"] == person_id]
        return [Lane(factions.get(f, f), f, rows[rows["faction_id"] == f]) for f in joined(rows, "faction_id")]
    lanes = []
    for faction_id in joined(rows, "faction_id"):
        in_faction = rows[rows["faction_id"] == faction_id]
        lanes.append(Lane(factions.get(faction_id, faction_id), None, None))
        for who in joined(in_faction, "person_id"):
            lanes.append(Lane(people.get(who, who), faction_id, in_faction[in_faction["person_id"] == who]))
    return lanes


def _rgba(colour: str, alpha: float) -> tuple:
    return (*to_rgb(colour), alpha)


DAYS = pd.date_range(PERIOD_START, PERIOD_END - pd.Timedelta(days=1), freq="D")
DAY_X = mdates.date2num(DAYS.to_pydatetime())
CERTAIN_LEVEL = 1.0


def lane_levels(claims: pd.DataFrame) -> tuple[np.ndarray, dict]:
    """For each day of the period, how strongly the claims of one lane put the person there:
    1.0 where a claim makes it certain, FADED_ALPHA where one makes it possible, less where
    a claim's start or end is not given and the bar fades towards it; 0 where none does.

    Claims from several texts are merged day by day, so a lane never stacks bars.
    """
    levels = np.zeros(len(DAYS))
    ends = {"open_start": False, "open_end": False}
    for claim in claims.itertuples():
        se, sl, ee, el = claim.start_earliest, claim.start_latest, claim.end_earliest, claim.end_latest
        start_unknown, end_unknown = se <= NO_EARLIER < sl, el >= NO_LATER > ee
        level = np.zeros(len(DAYS))
        plain_from = ee if start_unknown else se
        plain_to = sl if end_unknown else el
        level[(DAYS >= plain_from) & (DAYS <= plain_to)] = FADED_ALPHA
        if end_unknown:          # ended at a time no text gives: fade out towards the end of the period
            tail = DAYS > plain_to
            level[tail] = np.linspace(FADED_ALPHA, 0.03, tail.sum()) if tail.any() else 0
        if start_unknown:        # began at a time no text gives: fade in from the start of the period
            head = DAYS < plain_from
            level[head] = np.linspace(0.03, FADED_ALPHA, head.sum()) if head.any() else 0
        level[(DAYS >= sl) & (DAYS <= ee)] = CERTAIN_LEVEL
        levels = np.maximum(levels, level)
        ends["open_end"] |= bool(ee >= NO_LATER)
        ends["open_start"] |= bool(sl <= NO_EARLIER)
    return levels, ends


def _runs(codes: np.ndarray) -> list[tuple[int, int, float]]:
    """(first day, last day + 1, code) for each stretch of equal codes."""
    breaks = np.flatnonzero(np.diff(codes)) + 1
    starts = np.concatenate([[0], breaks])
    stops = np.concatenate([breaks, [len(codes)]])
    return [(int(a), int(b), float(codes[a])) for a, b in zip(starts, stops)]


def _draw_lane(ax, y: float, claims: pd.DataFrame, style: FactionStyle, height: float = 0.62) -> None:
    """A lane's days as bars: solid where certain, faded where possible, fading where an end is not given."""
    memberships = claims[~claims["role"].isin(timeline.NOT_MEMBERSHIP)]
    levels, ends = lane_levels(memberships)
    # Fading stretches are drawn in a few steps of transparency, not one bar per day.
    codes = np.where((levels == CERTAIN_LEVEL) | (levels == FADED_ALPHA) | (levels == 0), levels,
                     np.ceil(levels / FADED_ALPHA * FADE_STEPS) / FADE_STEPS * FADED_ALPHA)
    runs = _runs(codes)
    for first, stop, code in runs:
        if code == 0:
            continue
        certain, plain = code == CERTAIN_LEVEL, code == FADED_ALPHA
        ax.add_patch(Rectangle(
            (DAY_X[first], y - height / 2), DAY_X[stop - 1] + 1 - DAY_X[first], height,
            facecolor=_rgba(style.colour, code), hatch=style.hatch or None,
            hatchcolor=_rgba(style.hatch_colour, min(1.0, code * 1.6)),
            edgecolor=_rgba(INK if certain else style.colour, 1.0 if certain or plain else 0.0),
            linewidth=0.8 if certain or plain else 0, linestyle="-" if certain else "--"))
    is_fading = [0 < code < FADED_ALPHA for _, _, code in runs]
    recantations = claims[claims["role"].isin(timeline.NOT_MEMBERSHIP)]
    if is_fading[-1] and recantations.empty:     # fades out at the end; a recantation would say more
        ax.annotate("end not given", (DAY_X[-1], y), xytext=(-3, 0), textcoords="offset points",
                    fontsize=7, color=MUTED, style="italic", va="center", ha="right")
    if is_fading[0]:
        ax.annotate("start not given", (DAY_X[0], y), xytext=(3, 0), textcoords="offset points",
                    fontsize=7, color=MUTED, style="italic", va="center", ha="left")
    if ends["open_end"] and levels[-1] == CERTAIN_LEVEL:      # went on past the period
        ax.annotate("", xy=(_x(PERIOD_END) + 60, y), xytext=(_x(PERIOD_END) - 5, y),
                    arrowprops=dict(arrowstyle="-|>", color=INK, linewidth=1.2), annotation_clip=False)
    if ends["open_start"] and levels[0] == CERTAIN_LEVEL:     # began before the period
        ax.annotate("", xy=(_x(PERIOD_START) - 60, y), xytext=(_x(PERIOD_START) + 5, y),
                    arrowprops=dict(arrowstyle="-|>", color=INK, linewidth=1.2), annotation_clip=False)
    for number, claim in enumerate(recantations.sort_values("start_earliest").itertuples()):
        _draw_recantation(ax, y, claim, label=number == 0)     # the word once; several texts may date it


def _draw_recantation(ax, y: float, claim, label: bool = True) -> None:
    """A recantation is a dated act: a mark at the middle of its possible span, a whisker across it."""
    se, el = _clip(claim.start_earliest), _clip(claim.end_latest)
    middle = se + (el - se) / 2
    if el - se > pd.Timedelta(days=40):
        ax.plot([_x(se), _x(el)], [y, y], color=INK, linewidth=1, zorder=5)
    ax.plot([_x(middle)], [y], marker="X", markersize=9, color=INK, markeredgecolor="white", zorder=5)
    if not label:
        return
    # The word goes left of the mark, where the lane is already drawn, so it never runs off the axes.
    ax.annotate("recanted", (_x(middle), y), xytext=(-8, 0), textcoords="offset points", ha="right", va="center",
                fontsize=8, color=INK, style="italic", zorder=6,
                bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none", alpha=0.8))


def _time_axis(ax) -> None:
    ax.set_xlim(_x(PERIOD_START), _x(PERIOD_END))
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=[4, 7, 10]))
    ax.grid(axis="x", which="major", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(axis="x", labeltop=True, top=True)


def uncertainty_key() -> list:
    """Legend entries that explain how certainty is drawn (in a neutral grey)."""
    return [
        Patch(facecolor="#999999", edgecolor=INK, label="certain: every date the texts give agrees"),
        Patch(facecolor=(0.6, 0.6, 0.6, FADED_ALPHA), edgecolor="#999999", linestyle="--",
              label="possible: the texts' dates allow it"),
        Patch(facecolor=(0.6, 0.6, 0.6, 0.14), edgecolor="none", label="fading: end (or start) not given"),
        Line2D([], [], marker=r"$\rightarrow$", linestyle="none", color=INK, markersize=12,
               label="arrow: went on past the period"),
        Line2D([], [], marker="X", linestyle="none", color=INK, markersize=8, label="recanted"),
    ]


def faction_key(styles: dict[str, FactionStyle], faction_ids) -> list:
    return [Patch(facecolor=styles[f].colour, hatch=styles[f].hatch or None, hatchcolor=styles[f].hatch_colour,
                  edgecolor=INK, label=styles[f].label) for f in faction_ids]


def start_middle(rows: pd.DataFrame) -> pd.Series:
    """The middle of each row's possible start: how a path and a timeline put claims in order,
    so that 'perhaps 1926' does not come before 'December 1925'."""
    return rows["start_earliest"] + (rows["start_latest"] - rows["start_earliest"]) / 2


def path_summary(person_id: str, tables: Tables | None = None) -> str:
    """'Troika → Leningrad Opposition → United Opposition → recanted', in the order joined."""
    path = timeline.person_path(person_id, tables).dropna(subset=["start_earliest"])
    steps = path.assign(step=path["faction"].where(~path["role"].isin(timeline.NOT_MEMBERSHIP), "recanted"),
                        order=start_middle(path))
    return " → ".join(steps.groupby("step")["order"].min().sort_values().index)


def affiliation_timeline(person_id: str | None = None, cursor=None, tables: Tables | None = None) -> Figure:
    """Gantt bars of who stood in which faction, 1921-1929; one person's path if person_id is given.

    Solid over the span every text-given date makes certain, faded over the spans the dates
    only allow, fading out where a text gives no end; `cursor` ('1926-10') marks a month.
    """
    tables = _tables(tables)
    if person_id is not None:
        check_known("person", person_id, tables.people["person_id"])
    styles = faction_styles(tables.factions)
    lanes = _lanes(tables, person_id)
    with figure_context():
        if person_id is None:
            title = ("Who stood in which faction, 1921-1929: solid where the texts make it certain, "
                     "faded where only possible")
        else:
            name = tables.people.set_index("person_id")["name"][person_id]
            title = f"{name}'s path: {path_summary(person_id, tables) or 'no affiliation in the texts'}"
        title = textwrap.fill(title, 100)
        top = 0.75 + 0.22 * title.count("\n")
        height = top + 1.3 + 0.27 * max(len(lanes), 2) + 0.3
        fig = Figure(figsize=(11, height))
        ax = fig.add_subplot()
        _set_margins(fig, top=top, bottom=1.3, left=3.0, right=0.45)
        for y, lane in enumerate(lanes):
            if lane.claims is None:
                continue
            _draw_lane(ax, y, lane.claims, styles[lane.faction_id])
        ax.set_ylim(len(lanes) - 0.4, -0.6)
        ax.set_yticks(range(len(lanes)), [lane.label for lane in lanes])
        for tick, lane in zip(ax.get_yticklabels(), lanes):
            if lane.claims is None:
                tick.set_fontweight("bold")
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        _time_axis(ax)
        fig.suptitle(title, x=0.01, y=1 - 0.12 / height, ha="left", va="top",
                     fontsize=12, fontweight="bold")
        drawn = list(dict.fromkeys(lane.faction_id for lane in lanes if lane.faction_id))
        fig.legend(handles=faction_key(styles, drawn) + uncertainty_key(), loc="lower left",
                   bbox_to_anchor=(0.01, 0.22 / height), ncol=4, fontsize=8, frameon=False)
        if not lanes:
            ax.text(0.5, 0.5, "No dated affiliation in the texts", transform=ax.transAxes, ha="center")
        rows = tables.affiliations if person_id is None else tables.affiliations[
            tables.affiliations["person_id"] == person_id]
        undated = int(rows["start_earliest"].isna().sum())
        not_drawn = f" {undated} undated claim{'s' * (undated != 1)} not drawn." if undated else ""
        add_source_line(fig, f"Source: affiliations.csv, dates as the texts give them "
                             f"({_sources_of('affiliations', tables)}).{not_drawn}")
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
                                    fig=ax.figure, y=21, units="points")
    label = ax.text(0, 1.0, "", transform=above,
                    ha="center", va="bottom", fontsize=9, fontweight="bold", color="white", zorder=6,
                    bbox=dict(boxstyle="round,pad=0.2", facecolor=INK, edgecolor="none"))
    cursor = DateCursor(band, label)
    cursor.move(when)
    return cursor


# --- Figures the texts give -------------------------------------------------------------------

def value_text(low: float, high: float, unit: str, qualifier: str) -> str:
    fmt = lambda v: f"{v:,.0f}" if abs(v) >= 100 or float(v).is_integer() else f"{v:,.3g}"  # noqa: E731
    value = fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"
    return " ".join(part for part in (qualifier, value, unit) if part)


def needs_log_scale(values) -> bool:
    """True when the numbers span more than two orders of magnitude (and are all positive)."""
    values = [v for v in values if pd.notna(v)]
    return bool(values) and min(values) > 0 and max(values) / min(values) > 100


def figures_shown(counts: str | None = None, source_id: str | None = None,
                  tables: Tables | None = None) -> pd.DataFrame:
    """timeline.figures_by, checked, with value_high filled where a text gives only one value."""
    tables = _tables(tables)
    if counts is not None:
        check_known("counts", counts, COUNTS_LABELS)
    if source_id is not None:
        check_known("source", source_id, tables.sources["source_id"])
    figures = timeline.figures_by(counts, source_id, tables)
    return figures.assign(value_high=figures["value_high"].fillna(figures["value_low"]))


FIGURE_ROW_INCHES = 0.3        # one figure's row
FIGURE_PANEL_GAP = 0.95        # between panels: room for the x axis and the next panel's title


def figures_chart(counts: str | None = None, source_id: str | None = None,
                  tables: Tables | None = None) -> Figure:
    """Every figure the texts give, one panel per thing counted.

    Each figure is a point (or a bar across the range its words allow), labelled with its
    text and speaker; nothing joins two figures, because no text gives them as a series.
    """
    figures = figures_shown(counts, source_id, tables)
    # Within a panel, figures in the same unit sit together, in date order.
    groups = [(what, group.sort_values(["unit", "start_earliest", "value_low"], na_position="last"))
              for what, group in figures.groupby("counts", sort=False)]
    order = list(COUNTS_LABELS)
    groups.sort(key=lambda item: order.index(item[0]) if item[0] in order else 99)
    top, bottom = 0.5, 0.45
    heights = [FIGURE_ROW_INCHES * (len(group) + 0.6) for _, group in groups]
    with figure_context():
        height = top + bottom + sum(heights) + FIGURE_PANEL_GAP * max(len(groups) - 1, 0) + 0.55
        fig = Figure(figsize=(12, max(height, 2.2)))
        if counts and len(figures):
            low, high = figures["value_low"].min(), figures["value_high"].max()
            title = (f"{COUNTS_LABELS[counts]}: {len(figures)} figure{'s' * (len(figures) != 1)} from the texts, "
                     f"{value_text(low, high, '', '')}; separate claims, not a series")
        else:
            title = (f"The numbers in the texts: {len(figures)} figures, each as its text gives it, "
                     "grouped by what it counts")
        if source_id:
            title += f" (only {source_id})"
        fig.suptitle(textwrap.fill(title, 110), x=0.01, y=1 - 0.1 / fig.get_figheight(), ha="left", va="top",
                     fontsize=12, fontweight="bold")
        add_source_line(fig, "Source: figures.csv. Points are single figures, bars the range a text's words "
                             "allow; no line joins figures, because no text gives them as a series.")
        if not groups:
            fig.text(0.5, 0.5, "No figures in the texts for this choice", ha="center", va="center")
            return fig
        left, right = 3.7 / 12, 1 - 3.1 / 12
        y = fig.get_figheight() - top - 0.3
        for (what, group), panel in zip(groups, heights):
            y -= panel
            ax = fig.add_axes((left, y / fig.get_figheight(), right - left, panel / fig.get_figheight()))
            _figure_panel(ax, what, group)
            y -= FIGURE_PANEL_GAP
    return fig


def _figure_panel(ax, what: str, group: pd.DataFrame) -> None:
    ys = np.arange(len(group))
    lows, highs = group["value_low"].to_numpy(float), group["value_high"].to_numpy(float)
    units = list(dict.fromkeys(group["unit"]))
    unit = _unit(units[0]) if len(units) == 1 else "units differ, so positions compare sizes only"
    title = f"{COUNTS_LABELS.get(what, what)} ({unit})"
    positive = np.concatenate([lows[lows > 0], highs[highs > 0]])
    if needs_log_scale(positive):          # the figures differ by orders of magnitude
        ax.set_xscale("log")
        ax.set_xlim(positive.min() / 2, positive.max() * 2)
        title += ", log scale"
        zero = lows <= 0                   # a log scale has no zero: such figures sit at the left edge, marked
        ax.scatter(np.full(zero.sum(), positive.min() / 2), ys[zero], marker="<", s=40, color=INK,
                   clip_on=False, zorder=3)
        lows, highs = np.where(zero, np.nan, lows), np.where(zero, np.nan, highs)
    else:
        ax.set_xlim(min(0, np.nanmin(lows)), np.nanmax(highs) * 1.08 if np.nanmax(highs) > 0 else 1)
    exact = lows == highs
    ranged = ~exact & ~np.isnan(lows)
    ax.hlines(ys[ranged], lows[ranged], highs[ranged], color=INK, linewidth=3)
    ax.scatter(lows[ranged], ys[ranged], marker="|", s=120, color=INK, linewidths=2)
    ax.scatter(highs[ranged], ys[ranged], marker="|", s=120, color=INK, linewidths=2)
    ax.scatter(lows[exact], ys[exact], marker="o", s=36, color=INK, zorder=3)
    ax.set_title(title, fontsize=10)
    labels = [textwrap.shorten(f"{row.when or 'undated'} · {row.description}", 58, placeholder="…")
              for row in group.itertuples()]
    ax.set_yticks(ys, labels, fontsize=8)
    ax.set_ylim(len(group) - 0.4, -0.6)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#e5e5e5")
    ax.set_axisbelow(True)
    ax.xaxis.set_major_formatter(_plain_number)
    for y, row in zip(ys, group.itertuples()):
        if y and row.unit != group["unit"].iloc[y - 1]:       # a thin rule between units
            ax.axhline(y - 0.5, color="#bbbbbb", linewidth=0.6)
        value = value_text(row.value_low, row.value_high, _unit(row.unit) if len(units) > 1 else "", row.qualifier)
        # Text and speaker first, so a long value is what gets shortened.
        speaker = "author" if row.speaker == row.source_id else row.speaker
        ax.annotate(textwrap.shorten(f"{row.source_id} ({speaker}): {value}", 50, placeholder="…"), (1.01, y),
                    xycoords=("axes fraction", "data"), va="center", fontsize=8, color=INK)


def _unit(unit: str) -> str:
    return unit.replace("_", " ")


def _plain_number(value, _position=None) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}m"
    if value >= 10_000:
        return f"{value / 1000:g}k"
    return f"{value:g}"


# --- Party bodies -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Seat:
    label: str                 # the name, or "" for an unknown seat
    faction_id: str | None     # alignment on the date, None if no faction recorded
    kind: str                  # "named", "possible", "unknown" or "maybe" (a seat only if the range's top holds)
    candidate: bool = False    # a candidate (non-voting) seat


@dataclass
class Seating:
    """A body's seats on a date, and the sizes (of members, of candidates) the texts give."""
    body: str
    month: str
    seats: list[Seat]
    size: timeline.BodySize | None
    candidate_size: timeline.BodySize | None

    def count(self, kind: str, candidate: bool | None = None) -> int:
        return sum(seat.kind == kind and (candidate is None or seat.candidate == candidate) for seat in self.seats)

    def title(self) -> str:
        """'Politburo, Jun 1923: 6 members named of 6 seats (0 unknown); 4 candidates named ...'"""
        head = f"{BODY_NAMES.get(self.body, self.body)}, {month_label(self.month)}: "
        return head + "; ".join(part for part in (self._part(False), self._part(True)) if part)

    def _part(self, candidate: bool) -> str:
        named = self.count("named", candidate) + self.count("possible", candidate)
        size = self.candidate_size if candidate else self.size
        if candidate and not named and size is None:
            return ""
        word = "candidate" if candidate else "member"
        text = f"{named} {word}{'s' * (named != 1)} named"
        possible = self.count("possible", candidate)
        if possible:
            text += f" ({possible} only possibly)"
        if size is None:
            return text + ", size not given"
        unknown, maybe = self.count("unknown", candidate), self.count("maybe", candidate)
        unknown_text = f"{unknown}" if not maybe else f"{unknown}-{unknown + maybe}"
        return text + f" of {size.text()} seats ({unknown_text} unknown)"


def seats_on(body: str, when, tables: Tables | None = None) -> Seating:
    """The seats to draw: named members (by alignment, then name), then unknown seats."""
    tables = _tables(tables)
    check_known("body", body, sorted(set(tables.bodies["body"]) | set(BODY_NAMES)))
    check_in_period(when)
    members = timeline.body_members_on(body, when, tables)
    aligned = timeline.alignments_on(when, tables)
    return arrange_seats(body, when,
                         [(row.name, row.person_id, row.status, row.roles.split(", ")) for row in members.itertuples()],
                         dict(zip(aligned["person_id"], aligned["faction_id"])),
                         timeline.body_size_on(body, when, False, tables), timeline.body_size_on(body, when, True, tables))


def arrange_seats(body: str, month: str, members, alignment: dict[str, str],
                  size: timeline.BodySize | None, candidate_size: timeline.BodySize | None) -> Seating:
    """Seats from (name, person_id, status, seat roles) and person_id -> faction_id.

    Members fill the size the texts give for members, candidates the size for candidates;
    the seats left over are unknown: no text names who held them.
    """
    seats = []
    for name, person_id, status, roles in members:
        kind = "possible" if status == timeline.POSSIBLE else "named"
        seats.append(Seat(name, alignment.get(person_id), kind, candidate=set(roles) == {"candidate"}))
    seats.sort(key=lambda s: (s.candidate, s.kind != "named", s.faction_id or "~", s.label))
    for candidate, given in ((False, size), (True, candidate_size)):
        if given is None:
            continue
        named = sum(seat.candidate == candidate for seat in seats)
        unknown = max(0, given.low - named)
        maybe = max(0, given.high - named) - unknown
        extra = [Seat("", None, "unknown", candidate)] * unknown + [Seat("", None, "maybe", candidate)] * maybe
        at = len(seats) if candidate else sum(not seat.candidate for seat in seats)
        seats[at:at] = extra
    return Seating(body, month, seats, size, candidate_size)


class SeatChart:
    """The seats of one body, drawn once and then restyled in place for each date.

    Every tile a date could need exists from the start; a date change only sets colours,
    hatches and labels and redraws those over a cached picture of the rest.
    Member seats come first; candidate seats start on a row of their own.
    """
    COLUMNS, MANY_COLUMNS = 8, 14     # more, smaller tiles for a big body
    HEADING_INCHES = 1.0              # title and size note, above the tiles

    def __init__(self, body: str, tables: Tables | None = None, seatings: list[Seating] | None = None):
        """`seatings`: the dates the chart will show, so it is built just big enough for them
        (without them, big enough for everyone ever named and the largest sizes given)."""
        self.tables = _tables(tables)
        check_known("body", body, sorted(set(self.tables.bodies["body"]) | set(BODY_NAMES)))
        self.body = body
        self.styles = faction_styles(self.tables.factions)
        most = max((len(s.seats) for s in seatings), default=0) if seatings else self._most_seats()
        self.columns = self.COLUMNS if most <= 48 else self.MANY_COLUMNS
        rows = max([self.rows_for(s.seats) for s in seatings] if seatings else [math.ceil(most / self.columns) + 1])
        rows = max(rows, 1)
        self.capacity = rows * self.columns
        with figure_context():
            self.figure = Figure(figsize=(11, 2.3 + 0.5 * rows))
            height = self.figure.get_figheight()
            ax = self.figure.add_axes((0.01, 1.3 / height, 0.98, 0.5 * rows / height))
            ax.set_xlim(0, self.columns)
            ax.set_ylim(rows, 0)
            ax.axis("off")
            self.axes = ax
            font = 8 if self.columns == self.COLUMNS else 6.5
            self.tiles, self.names = [], []
            for index in range(self.capacity):
                row, column = divmod(index, self.columns)
                self.tiles.append(ax.add_patch(Rectangle((column + 0.04, row + 0.06), 0.92, 0.88, visible=False)))
                # Name and faction as text on a white label: the colour is never the only cue.
                self.names.append(ax.text(column + 0.5, row + 0.5, "", ha="center", va="center", fontsize=font,
                                          color=INK, visible=False, linespacing=1.05,
                                          bbox=dict(boxstyle="square,pad=0.1", facecolor="white",
                                                    edgecolor="none", alpha=0.85)))
                self.names[-1].set_clip_path(self.tiles[-1])   # a tile is redrawn alone: keep its text inside
            self.title = self.figure.text(0.01, 1 - 0.1 / height, "", ha="left", va="top",
                                          fontsize=12, fontweight="bold")
            self.size_note = self.figure.text(0.01, 1 - 0.68 / height, "", fontsize=9, color=MUTED, va="top")
            present = sorted(set(self.tables.affiliations["faction_id"]) & set(self.styles))
            key = faction_key(self.styles, present) + [
                Patch(facecolor="white", edgecolor=INK, label="no faction recorded"),
                Patch(facecolor=UNKNOWN_COLOUR, edgecolor=MUTED, label="unknown seat: no text names its holder"),
                Patch(facecolor="white", edgecolor=MUTED, linestyle=":",
                      label="perhaps a seat (size given as a range)"),
                Patch(facecolor="#cccccc", edgecolor=INK, linestyle="--", alpha=0.5,
                      label="faded, name with '?': possibly a member"),
            ]
            self.figure.legend(handles=key, loc="lower left", bbox_to_anchor=(0.01, 0.28 / height),
                               ncol=4, fontsize=8, frameon=False)
            add_source_line(self.figure, "Source: bodies.csv (named members), affiliations.csv (alignment), "
                                         "figures.csv (sizes, counts=body_size).")
        self.canvas = FigureCanvasAgg(self.figure)
        self._background = None     # everything that never changes, drawn once
        self._seats: list[Seat | None] = [None] * self.capacity    # the seat each tile shows

    def _most_seats(self) -> int:
        """Seats enough for any date: everyone ever named here and the largest sizes given."""
        people = self.tables.bodies.loc[self.tables.bodies["body"] == self.body, "person_id"].nunique()
        sizes = 0
        for candidates in (False, True):
            figures = timeline.size_figures(self.body, candidates, self.tables)
            if len(figures):
                sizes += int(figures["value_high"].fillna(figures["value_low"]).max())
        return people + sizes

    def _slots(self, seats: list[Seat]) -> list[Seat | None]:
        """Seats by tile: members, then a new row for candidates (None leaves a tile empty)."""
        members = [seat for seat in seats if not seat.candidate]
        candidates = [seat for seat in seats if seat.candidate]
        if not candidates:
            return members
        gap = -len(members) % self.columns
        return members + [None] * gap + candidates

    def rows_for(self, seats: list[Seat]) -> int:
        return math.ceil(len(self._slots(seats)) / self.columns)

    def show(self, when, seating: Seating | None = None) -> "SeatChart":
        """Restyle the tiles for a date (the figure is not rebuilt); seats_on's answer may be passed in."""
        seating = seating or seats_on(self.body, when, self.tables)
        slots = self._slots(seating.seats)
        if len(slots) > self.capacity:   # more seats than planned for: rebuild bigger
            self.__init__(self.body, self.tables, seatings=[seating])
            slots = self._slots(seating.seats)
        seats = slots + [None] * (self.capacity - len(slots))
        for index, seat in enumerate(seats):
            if seat == self._seats[index]:
                continue
            if seat is None:
                self.tiles[index].set_visible(False)
                self.names[index].set_visible(False)
            else:
                self._style_tile(self.tiles[index], self.names[index], seat)
        self._seats = seats
        self.title.set_text(textwrap.fill(seating.title(), 100))
        notes = []
        for word, size in (("members", seating.size), ("candidates", seating.candidate_size)):
            if size is not None:
                notes.append(f"{word}: {size.text()} ({size.when}; {size.source_id}, speaker {size.speaker})")
        self.size_note.set_text("Sizes the texts give, " + "; ".join(notes) if notes else
                                "The texts give no size for this date, so the seats they leave unnamed "
                                "cannot be drawn.")
        return self

    def render(self) -> FigureCanvasAgg:
        """Draw the current date. The first time, everything; after that only the tiles whose
        seat changed and the heading, each over its part of a cached picture of the rest."""
        changing = [*self.tiles, *self.names, self.title, self.size_note]
        if self._background is None:
            shown = [artist.get_visible() for artist in changing]
            for artist in changing:
                artist.set_visible(False)
            self.canvas.draw()
            self._background = self.canvas.copy_from_bbox(self.figure.bbox)
            for artist, visible in zip(changing, shown):
                artist.set_visible(visible)
            self._drawn = [None] * self.capacity
            self._drawn_heading = None
            self.canvas.restore_region(self._background)
        for index, seat in enumerate(self._seats):
            if seat != self._drawn[index]:
                self._restore(self._cell_box(index))
                if seat is not None:
                    self.figure.draw_artist(self.tiles[index])
                    if self.names[index].get_visible():
                        self.figure.draw_artist(self.names[index])
                self._drawn[index] = seat
        heading = (self.title.get_text(), self.size_note.get_text())
        if heading != self._drawn_heading:
            width, height = self.canvas.get_width_height()
            self._restore((0, 0, width, int(self.HEADING_INCHES * self.figure.dpi)))
            self.figure.draw_artist(self.title)
            self.figure.draw_artist(self.size_note)
            self._drawn_heading = heading
        return self.canvas

    def _restore(self, box: tuple[int, int, int, int]) -> None:
        """Put back the cached picture inside box (pixels, origin top left)."""
        # xy is where the cached region's own corner goes: the whole figure's, so (0, 0).
        self.canvas.restore_region(self._background, bbox=box, xy=(0, 0))

    def _cell_box(self, index: int) -> tuple[int, int, int, int]:
        row, column = divmod(index, self.columns)
        (x0, y0), (x1, y1) = self.axes.transData.transform([(column, row + 1), (column + 1, row)])
        height = self.canvas.get_width_height()[1]
        return (int(math.floor(x0)), int(math.floor(height - y1)), int(math.ceil(x1)), int(math.ceil(height - y0)))

    def _style_tile(self, tile: Rectangle, name, seat: Seat) -> None:
        tile.set_visible(True)
        if seat.kind in ("unknown", "maybe"):
            tile.set(facecolor=UNKNOWN_COLOUR if seat.kind == "unknown" else "white", edgecolor=MUTED, hatch=None,
                     alpha=1.0, linestyle="-" if seat.kind == "unknown" else ":")
            name.set_text("candidate" if seat.candidate else "")
            name.set_visible(seat.candidate)
            return
        style = self.styles.get(seat.faction_id) if seat.faction_id else None
        possible = seat.kind == "possible"
        tile.set(facecolor=style.colour if style else "white", edgecolor=INK,
                 hatch=(style.hatch or None) if style else None, hatchcolor=style.hatch_colour if style else INK,
                 alpha=0.45 if possible else 1.0, linestyle="--" if possible else "-")
        faction = textwrap.shorten(style.label, 24, placeholder="…") if style else "no faction recorded"
        extra = " (cand.)" if seat.candidate else ""   # candidates also sit on rows of their own
        name.set_text(f"{surname(seat.label)}{'?' if possible else ''}{extra}\n{faction}")
        name.set_visible(True)


def surname(name: str) -> str:
    """'Grigory Zinoviev' -> 'Zinoviev'; 'Smirnov (first name not given)' -> 'Smirnov'."""
    words = name.split("(")[0].split()
    return words[-1] if words else name


def body_seats(body: str, when, tables: Tables | None = None) -> Figure:
    """The named members of a party body on a date, coloured by their faction then, with the
    seats no text names drawn as unknown (when figures.csv gives the body's size)."""
    tables = _tables(tables)
    seating = seats_on(body, when, tables)
    return SeatChart(body, tables, seatings=[seating]).show(when, seating).figure
