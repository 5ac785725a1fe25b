"""The numbers the texts give: one panel per thing counted and unit, never two units on one axis.

A figure is a point, or a bar across the range its words allow; "not more than 1.25" is an
open-ended mark reaching down from its bound (not a bar from 0), "thousands" one reaching up
from its floor; indices ("compared with before the war") are bars against a "pre-war = 100" line.
"""
from __future__ import annotations

import re
import textwrap

import numpy as np
import pandas as pd

from .. import timeline
from ..data import Tables
from ..style import CHART_WIDTH, INK, MIN_POINTS, add_source_line, figure_context
from .common import COUNTS_LABELS, _tables, check_known
from .display import ChartFigure

# Words that make a figure an upper bound only: drawn open towards the smaller numbers.
UPPER_BOUND = re.compile(r"\b(not more than|no more than|less than|fewer than|under|at most|below|barely)\b", re.I)
LABEL_CHARS = 30              # per label line at 12 pt
INDEX_UNIT = "index"          # every index_*_100 unit shares one axis: 100 = the level before the war


def value_text(low: float, high: float, unit: str, qualifier: str) -> str:
    """'about 1,000,000,000 roubles', '5,000–8,000 people', 'at least 2,000 people'."""
    fmt = lambda v: f"{v:,.0f}" if abs(v) >= 100 or float(v).is_integer() else f"{v:,.3g}"  # noqa: E731
    if pd.isna(high):
        value = f"at least {fmt(low)}" if not qualifier else fmt(low)
    elif UPPER_BOUND.search(qualifier or "") and low == 0:
        value = fmt(high)              # 'not more than 1.25', not '0-1.25'
    else:
        value = fmt(low) if low == high else f"{fmt(low)}–{fmt(high)}"
    return " ".join(part for part in (qualifier, value, unit) if part)


def needs_log_scale(values) -> bool:
    """True when the numbers span more than two orders of magnitude (and are all positive)."""
    values = [v for v in values if pd.notna(v)]
    return bool(values) and min(values) > 0 and max(values) / min(values) > 100


def bound_kind(row) -> str:
    """'upper' (not more than X), 'lower' (at least X: no top given), 'range', or 'exact'."""
    if pd.isna(row.value_high):
        return "lower"
    if UPPER_BOUND.search(str(row.qualifier or "")) and row.value_low == 0:
        return "upper"
    return "exact" if row.value_low == row.value_high else "range"


def axis_unit(unit: str) -> str:
    return INDEX_UNIT if str(unit).startswith("index_") else str(unit)


def figures_shown(counts: str | None = None, source_id: str | None = None,
                  tables: Tables | None = None) -> pd.DataFrame:
    """timeline.figures_by, checked, with the kind of bound and the axis each figure goes on."""
    tables = _tables(tables)
    if counts is not None:
        check_known("counts", counts, COUNTS_LABELS)
    if source_id is not None:
        check_known("source", source_id, tables.sources["source_id"])
    figures = timeline.figures_by(counts, source_id, tables)
    return figures.assign(bound=[bound_kind(row) for row in figures.itertuples()],
                          axis=figures["unit"].map(axis_unit))


ROW_INCHES = 0.8              # one figure: three lines of 12 pt
PANEL_GAP = 1.0               # between panels: the x axis and the next panel's title
LEFT_INCHES = 3.3             # the labels


def _panels(figures: pd.DataFrame) -> list[tuple[str, str, pd.DataFrame]]:
    """(counts, axis unit, figures) per panel, in the order of COUNTS_LABELS."""
    order = list(COUNTS_LABELS)
    panels = [(what, unit, group.sort_values(["start_earliest", "value_low"], na_position="last"))
              for (what, unit), group in figures.groupby(["counts", "axis"], sort=False)]
    return sorted(panels, key=lambda p: (order.index(p[0]) if p[0] in order else 99, p[1]))


def figures_chart(counts: str | None = None, source_id: str | None = None,
                  tables: Tables | None = None) -> ChartFigure:
    """Every figure the texts give, one panel per thing counted and unit.

    Each figure is labelled with its text and speaker; nothing joins two figures, because no
    text gives them as a series (charts.party_size_chart sets them against the standard one).
    """
    figures = figures_shown(counts, source_id, tables)
    panels = _panels(figures)
    heights = [ROW_INCHES * (len(group) + 0.5) for _, _, group in panels]
    with figure_context():
        top, bottom = 0.9, 0.75
        height = top + bottom + sum(heights) + PANEL_GAP * max(len(panels) - 1, 0)
        fig = ChartFigure(figsize=(CHART_WIDTH, max(height, 2.4)))
        what = COUNTS_LABELS.get(counts, "The numbers in the texts") if counts else "The numbers in the texts"
        title = f"{what}: {len(figures)} figure{'s' * (len(figures) != 1)} from the texts"
        if source_id:
            title += f" (only {source_id})"
        fig.suptitle(textwrap.fill(title, 60), x=0.01, y=1 - 0.1 / fig.get_figheight(), ha="left", va="top")
        add_source_line(fig, "Source: figures.csv. Each figure as its text gives it; no line joins them.")
        alt_parts = []
        if not panels:
            fig.text(0.5, 0.5, "No figures in the texts for this choice", ha="center", va="center")
        y = fig.get_figheight() - top
        for (what_counted, unit, group), panel in zip(panels, heights):
            y -= panel
            ax = fig.add_axes((LEFT_INCHES / CHART_WIDTH, y / fig.get_figheight(),
                               1 - (LEFT_INCHES + 0.35) / CHART_WIDTH, panel / fig.get_figheight()))
            _figure_panel(ax, what_counted, unit, group)
            alt_parts.append(f"{ax.get_title(loc='left')}: " + "; ".join(
                f"{row.description} ({row.when or 'undated'}), {row.source_id}: "
                f"{value_text(row.value_low, row.value_high, _unit(row.unit), row.qualifier)}"
                for row in group.itertuples()))
            y -= PANEL_GAP
        alt = f"{title}. " + (" ".join(part + "." for part in alt_parts) if alt_parts else "No figures.")
        fig.describe(alt, "Each figure the texts give, as the text gives it: a dot for one number, a bar for a "
                          "range, an arrow for a bound ('not more than', 'at least'); indices are bars against "
                          "the level before the war (100). The table lists them in words.")
    return fig


def _figure_panel(ax, what: str, unit: str, group: pd.DataFrame) -> None:
    ys = np.arange(len(group))
    lows = group["value_low"].to_numpy(float)
    highs = group["value_high"].to_numpy(float)
    bounds = group["bound"].to_numpy()
    index = unit == INDEX_UNIT
    shown_unit = "before the war = 100" if index else _unit(unit)
    title = f"{COUNTS_LABELS.get(what, what)} ({shown_unit})"
    tops = np.where(np.isnan(highs), lows, highs)
    positive = np.concatenate([lows[lows > 0], tops[tops > 0]])
    log = not index and needs_log_scale(positive)
    if log:
        ax.set_xscale("log")
        left, right = positive.min() / 3, positive.max() * 3
        title += ", log scale"
    else:
        left, right = 0, max(np.nanmax(tops) * 1.15, 110 if index else 1)
    ax.set_xlim(left, right)
    span = (np.log10(right) - np.log10(left)) if log else right - left
    arrow = lambda value, sign: value * 10 ** (sign * span * 0.12) if log else value + sign * span * 0.12  # noqa: E731
    for y, low, high, top, kind in zip(ys, lows, highs, tops, bounds):
        if index and kind != "upper":
            ax.barh(y, top, height=0.5, color="#9fb7d9", edgecolor=INK, linewidth=1.0)
        if kind == "exact":
            ax.plot([low], [y], marker="o", markersize=9, color=INK, zorder=3)
        elif kind == "range":
            ax.plot([low, high], [y, y], color=INK, linewidth=3, solid_capstyle="butt")
            ax.plot([low, high], [y, y], marker="|", markersize=16, markeredgewidth=2.5, color=INK, linestyle="none")
        elif kind == "upper":       # not more than: a bound with an open arrow towards the smaller numbers
            ax.annotate("", xy=(max(arrow(high, -1), left), y), xytext=(high, y),
                        arrowprops=dict(arrowstyle="-|>", color=INK, linewidth=2, linestyle="--"))
            ax.plot([high], [y], marker="|", markersize=18, markeredgewidth=3, color=INK)
        else:                       # at least: a floor with an open arrow towards the larger numbers
            ax.annotate("", xy=(min(arrow(low, 1), right), y), xytext=(low, y),
                        arrowprops=dict(arrowstyle="-|>", color=INK, linewidth=2, linestyle="--"))
            ax.plot([low], [y], marker="|", markersize=18, markeredgewidth=3, color=INK)
    if index:
        ax.axvline(100, color=INK, linewidth=1.5, linestyle=(0, (4, 2)))
        ax.annotate("pre-war = 100", (100, -0.5), xytext=(-4, 0), textcoords="offset points", va="bottom", ha="right",
                    fontsize=MIN_POINTS, color=INK, annotation_clip=False)
    ax.set_title(textwrap.shorten(title, 60, placeholder="…"), fontsize=MIN_POINTS + 1, pad=14)
    labels = []
    for row in group.itertuples():
        speaker = "author" if row.speaker == row.source_id else row.speaker
        value = value_text(row.value_low, row.value_high, "" if index else _unit(row.unit), row.qualifier)
        labels.append("\n".join(textwrap.shorten(line, LABEL_CHARS, placeholder="…") for line in (
            row.description, f"{row.when or 'undated'} · {row.source_id} ({speaker})", value)))
    ax.set_yticks(ys, labels, fontsize=MIN_POINTS, linespacing=1.1)
    ax.set_ylim(len(group) - 0.5, -0.6)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#e5e5e5")
    ax.set_axisbelow(True)
    ax.xaxis.set_major_formatter(_plain_number)


def _unit(unit: str) -> str:
    return str(unit).replace("_", " ")


def _plain_number(value, _position=None) -> str:
    if value >= 1_000_000_000:
        return f"{value / 1_000_000_000:g}bn"
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}m"
    if value >= 10_000:
        return f"{value / 1000:g}k"
    return f"{value:g}"
