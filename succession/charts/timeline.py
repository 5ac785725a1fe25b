"""The affiliation timeline: who stood in which faction, month by month, and a date cursor over it."""
from __future__ import annotations

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

from .. import timeline
from ..data import Tables
from ..style import INK, MUTED, FactionStyle, add_source_line, faction_styles, figure_context
from .common import (FADE_STEPS, FADED_ALPHA, NO_EARLIER, NO_LATER, PERIOD_END, PERIOD_START, _clip,
                     _set_margins, _tables, _x, check_in_period, check_known, month_label)

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


