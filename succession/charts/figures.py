"""The numbers the texts give: points and range bars, one panel per thing counted."""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import timeline
from ..data import Tables
from ..style import INK, add_source_line, figure_context
from .common import COUNTS_LABELS, _tables, check_known

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


