"""The affiliation timeline: who stood in which faction, month by month, and a date cursor over it."""
from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import matplotlib.dates as mdates
import matplotlib.transforms as mtransforms
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from .. import timeline
from ..data import Tables
from ..style import (CHART_WIDTH, DATED, IMPRECISE, IMPRECISE_HATCH, INK, MIN_POINTS, REFERENCE, FactionStyle,
                     add_source_line, faction_styles, figure_context, status_text, status_words)
from .common import (NO_EARLIER, NO_LATER, PERIOD_END, PERIOD_START, _clip, _set_margins, _tables, _x,
                     check_in_period, check_known, month_label)
from .display import ChartFigure

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


DAYS = pd.date_range(PERIOD_START, PERIOD_END - pd.Timedelta(days=1), freq="D")
DAY_X = mdates.date2num(DAYS.to_pydatetime())
MONTH_FIRST = DAYS.to_period("M").start_time      # for each day, the first and last day of its month
MONTH_LAST = DAYS.to_period("M").end_time.normalize()
# Per day of a lane: nothing, a text's vague date allows it, a text (or a reference) dates it.
IMPRECISE_LEVEL, DATED_LEVEL = 0.5, 1.0
# Each lane has two layers: the standard history above, the texts' own dating below.
REFERENCE_BAR, TEXT_STRIP = (-0.36, 0.40), (0.08, 0.28)      # (top offset, height) in lane units


def is_reference(rows: pd.DataFrame) -> pd.Series:
    """Rows from the reference layer (the contract's basis 'reference'; 'external' before v0.4)."""
    return rows["basis"].isin(["reference", "external"]) if "basis" in rows else pd.Series(False, rows.index)


def lane_levels(claims: pd.DataFrame, exists_from: pd.Timestamp | None = None) -> tuple[np.ndarray, dict]:
    """For each day of the period, how the claims of one layer of a lane put the person in its month
    (as timeline.status_in): DATED_LEVEL where a claim dates it (its latest start to its earliest
    end), IMPRECISE_LEVEL where a claim's vague dates only allow it, 0 where none does, and 0
    before the faction existed.

    Claims from several texts are merged day by day, so a lane never stacks bars.
    """
    levels = np.zeros(len(DAYS))
    ends = {"open_start": False, "open_end": False, "end_not_given": False, "start_not_given": False}
    for claim in claims.itertuples():
        se, sl, ee, el = claim.start_earliest, claim.start_latest, claim.end_earliest, claim.end_latest
        level = np.zeros(len(DAYS))
        # Month by month, as timeline.status_in decides it, so the picture and the list agree.
        level[(MONTH_FIRST <= el) & (MONTH_LAST >= se)] = IMPRECISE_LEVEL
        level[(MONTH_FIRST <= ee) & (MONTH_LAST >= sl)] = DATED_LEVEL
        levels = np.maximum(levels, level)
        ends["open_end"] |= bool(ee >= NO_LATER)
        ends["open_start"] |= bool(sl <= NO_EARLIER)
        ends["end_not_given"] |= bool(el >= NO_LATER > ee)
        ends["start_not_given"] |= bool(se <= NO_EARLIER < sl)
    if exists_from is not None:
        levels[DAYS < exists_from] = 0
    return levels, ends


def _runs(codes: np.ndarray) -> list[tuple[int, int, float]]:
    """(first day, last day + 1, code) for each stretch of equal codes."""
    breaks = np.flatnonzero(np.diff(codes)) + 1
    starts = np.concatenate([[0], breaks])
    stops = np.concatenate([breaks, [len(codes)]])
    return [(int(a), int(b), float(codes[a])) for a, b in zip(starts, stops)]


def faction_start(tables: Tables, faction_id: str) -> pd.Timestamp | None:
    """The earliest day the faction may have existed (faction_spans.csv), or None where no
    span is recorded: nothing is drawn in a faction's lane before it."""
    spans = getattr(tables, "faction_spans", None)
    if spans is None or spans.empty or "start_earliest" not in spans:
        return None
    found = spans.loc[spans["faction_id"] == faction_id, "start_earliest"].dropna()
    return found.min() if len(found) else None


def _draw_layer(ax, y: float, levels: np.ndarray, style: FactionStyle, top: float, height: float) -> None:
    """Dated days solid in the faction's colour and pattern; vague ones white with a dark hatch.
    Both have a dark outline, so every bar stands out from the white page (WCAG 3:1)."""
    for first, stop, code in _runs(levels):
        if code == 0:
            continue
        x, width = DAY_X[first], DAY_X[stop - 1] + 1 - DAY_X[first]
        if code == DATED_LEVEL:
            ax.add_patch(Rectangle((x, y + top), width, height, facecolor=style.colour, hatch=style.hatch or None,
                                   hatchcolor=style.hatch_colour, edgecolor=INK, linewidth=1.0))
        else:
            ax.add_patch(Rectangle((x, y + top), width, height, facecolor="white", hatch=IMPRECISE_HATCH,
                                   hatchcolor=INK, edgecolor=INK, linewidth=1.2))


def _draw_lane(ax, y: float, claims: pd.DataFrame, style: FactionStyle, exists_from=None) -> dict:
    """A lane: the standard history's span as a bar above, the texts' own dating as a strip below."""
    memberships = claims[~claims["role"].isin(timeline.NOT_MEMBERSHIP)]
    reference = is_reference(memberships)
    drawn = {}
    for layer, rows, (top, height) in (("reference", memberships[reference], REFERENCE_BAR),
                                       ("texts", memberships[~reference], TEXT_STRIP)):
        levels, ends = lane_levels(rows, exists_from)
        if layer == "reference":      # a standard history's row holds over its whole span (timeline.status_in)
            levels = np.where(levels > 0, DATED_LEVEL, 0.0)
        drawn[layer] = levels
        _draw_layer(ax, y, levels, style, top, height)
        middle = y + top + height / 2
        if ends["open_end"] and levels[-1] == DATED_LEVEL:      # went on past the period
            ax.annotate("", xy=(_x(PERIOD_END) + 60, middle), xytext=(_x(PERIOD_END) - 5, middle),
                        arrowprops=dict(arrowstyle="-|>", color=INK, linewidth=1.2), annotation_clip=False)
        if ends["open_start"] and levels[0] == DATED_LEVEL:     # began before the period
            ax.annotate("", xy=(_x(PERIOD_START) - 60, middle), xytext=(_x(PERIOD_START) + 5, middle),
                        arrowprops=dict(arrowstyle="-|>", color=INK, linewidth=1.2), annotation_clip=False)
    recantations = claims[claims["role"].isin(timeline.NOT_MEMBERSHIP)]
    for number, claim in enumerate(recantations.sort_values("start_earliest").itertuples()):
        _draw_recantation(ax, y, claim, label=number == 0)     # the word once; several texts may date it
    return drawn


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
                fontsize=MIN_POINTS, color=INK, style="italic", zorder=6,
                bbox=dict(boxstyle="round,pad=0.1", facecolor="white", edgecolor="none", alpha=0.8))


def _time_axis(ax) -> None:
    ax.set_xlim(_x(PERIOD_START), _x(PERIOD_END))
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.xaxis.set_minor_locator(mdates.MonthLocator(bymonth=[4, 7, 10]))
    ax.grid(axis="x", which="major", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    ax.tick_params(axis="x", labeltop=True, top=True)


def layer_key() -> list:
    """Legend entries for the two layers and the marks (in neutral grey and ink)."""
    return [
        Patch(facecolor="#999999", edgecolor=INK, label=f"upper bar: {status_text(REFERENCE)}"),
        Patch(facecolor="#999999", edgecolor=INK, label=f"lower strip, solid: {status_text(DATED)}"),
        Patch(facecolor="white", edgecolor=INK, hatch=IMPRECISE_HATCH, linewidth=1.2,
              label=f"hatched: {status_text(IMPRECISE)}"),
        Line2D([], [], marker=r"$\rightarrow$", linestyle="none", color=INK, markersize=12,
               label="arrow: went on past 1929"),
        Line2D([], [], marker="X", linestyle="none", color=INK, markersize=9, label="recanted"),
    ]


uncertainty_key = layer_key     # the name before the reference layer


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


def _legend_rows(entries: int, columns: int = 2) -> int:
    return math.ceil(entries / columns)


LANE_INCHES = 0.34          # one lane at 12 pt
LABEL_CHARS = 24            # lane labels are shortened to this, so the bars keep their room


def affiliation_timeline(person_id: str | None = None, cursor=None, tables: Tables | None = None) -> Figure:
    """Who stood in which faction, 1921-1929 (one person's path if person_id is given).

    Each lane has two layers: the standard history's span as a bar above, the texts' own
    dating as a strip below, solid where the texts date it and hatched where a vague date only
    allows it; nothing is drawn before a faction existed. `cursor` ('1926-10') marks a month.
    """
    tables = _tables(tables)
    if person_id is not None:
        check_known("person", person_id, tables.people["person_id"])
    styles = faction_styles(tables.factions)
    lanes = _lanes(tables, person_id)
    drawn = list(dict.fromkeys(lane.faction_id for lane in lanes if lane.faction_id))
    key = faction_key(styles, drawn) + layer_key()
    with figure_context():
        if person_id is None:
            name = ""
            title = "Who stood in which faction, 1921-1929"
        else:
            name = tables.people.set_index("person_id")["name"][person_id]
            title = f"{name}'s path: {path_summary(person_id, tables) or 'no affiliation recorded'}"
        title = textwrap.fill(title, 70)
        top = 0.45 + 0.25 * title.count("\n") + 0.45        # the title, then the year labels above the bars
        bottom = 0.45 + 0.27 * _legend_rows(len(key)) + 0.35
        lane_inches = LANE_INCHES if person_id is None else 1.5 * LANE_INCHES    # one path: room to read both layers
        height = top + bottom + lane_inches * max(len(lanes), 2)
        fig = ChartFigure(figsize=(CHART_WIDTH, height))
        ax = fig.add_subplot()
        _set_margins(fig, top=top, bottom=bottom, left=2.45, right=0.3)
        for y, lane in enumerate(lanes):
            if lane.claims is None:
                continue
            _draw_lane(ax, y, lane.claims, styles[lane.faction_id], faction_start(tables, lane.faction_id))
        ax.set_ylim(len(lanes) - 0.45, -0.55)
        ax.set_yticks(range(len(lanes)), [textwrap.shorten(lane.label, LABEL_CHARS, placeholder="…")
                                          for lane in lanes])
        for tick, lane in zip(ax.get_yticklabels(), lanes):
            if lane.claims is None:
                tick.set_fontweight("bold")
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        _time_axis(ax)
        fig.suptitle(title, x=0.01, y=1 - 0.1 / height, ha="left", va="top")
        fig.legend(handles=key, loc="lower left", bbox_to_anchor=(0.01, 0.4 / height), ncol=2, frameon=False,
                   handlelength=1.6, columnspacing=1.0, borderaxespad=0)
        if not lanes:
            ax.text(0.5, 0.5, "No dated affiliation recorded", transform=ax.transAxes, ha="center")
        rows = tables.affiliations if person_id is None else tables.affiliations[
            tables.affiliations["person_id"] == person_id]
        undated = int(rows["start_earliest"].isna().sum())
        not_drawn = f" {undated} undated claim{'s' * (undated != 1)} not drawn." if undated else ""
        add_source_line(fig, f"Source: affiliations.csv ({_sources_of('affiliations', tables)}).{not_drawn}")
        fig.describe(timeline_alt(name, lanes, person_id, tables, month_label(cursor) if cursor else ""),
                     timeline_caption(person_id is not None))
        if cursor is not None:
            add_cursor(ax, cursor)
    return fig


def timeline_alt(name: str, lanes: list[Lane], person_id: str | None, tables: Tables, cursor: str = "") -> str:
    """What the timeline shows, in words, for a screen reader."""
    at = f" A band marks {cursor}." if cursor else ""
    how = (f"Upper bars: {status_words(REFERENCE)}; lower strips: the texts, solid where "
           f"{status_words(DATED)}, hatched where {status_words(IMPRECISE)}.")
    if person_id is not None:
        return (f"Timeline of {name}'s factions, 1921-1929: {path_summary(person_id, tables) or 'none recorded'}. "
                f"{how}{at}")
    factions = [lane.label for lane in lanes if lane.claims is None]
    people = len({lane.label for lane in lanes if lane.claims is not None})
    return (f"Timeline of who stood in which faction, 1921-1929: {len(factions)} factions "
            f"({', '.join(factions)}), {people} people. {how}{at}")


def timeline_caption(one_person: bool) -> str:
    what = "one person's factions" if one_person else "each faction's members"
    return (f"The picture shows {what} month by month. Each row has two layers: the bar above is what "
            "standard histories say, the strip below is how the four texts date it (solid: the texts date it "
            "to those months; hatched: a text's vague date allows it). An X marks a recantation.")


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
                    ha="center", va="bottom", fontsize=MIN_POINTS, fontweight="bold", color="white", zorder=6,
                    bbox=dict(boxstyle="round,pad=0.2", facecolor=INK, edgecolor="none"))
    cursor = DateCursor(band, label)
    cursor.move(when)
    return cursor


