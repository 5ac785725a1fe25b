"""The party's size: the standard histories' series as a line, each text's figure a point on it.

Only the numbers a reference states are drawn (no line is drawn across a gap longer than
MAX_GAP_YEARS); a text's figure sits at its date, with a bar across the range its words or its
date allow, labelled with the text, so a student sees which figure fits the standard series.
"""
from __future__ import annotations

import textwrap

import matplotlib.dates as mdates
import numpy as np
import pandas as pd

from .. import timeline
from ..data import Tables
from ..cards import text_name
from ..style import CHART_WIDTH, INK, MIN_POINTS, add_source_line, figure_context, status_words
from .common import NO_LATER, _tables
from .display import ChartFigure
from .figures import bound_kind, value_text

TEXT_MARKERS = ["o", "s", "D", "^", "v", "P"]      # one per text, so the mark says which text, not only the label


def _millions(value, _position=None) -> str:
    return f"{value / 1_000_000:g}m" if value >= 1_000_000 else f"{value / 1000:g}k" if value else "0"


def party_size_chart(tables: Tables | None = None) -> ChartFigure:
    """Party members by year: the standard series (members and candidates together, and full
    members where the reference gives them) and every party-size figure a text gives."""
    tables = _tables(tables)
    series = timeline.party_size(tables)
    texts = timeline.figures_by("party_size", tables=tables)
    with figure_context():
        sources = list(dict.fromkeys(texts["source_id"]))
        keys = 2 + len(sources)                           # legend rows, one entry a row
        height = 5.2 + 0.27 * keys
        fig = ChartFigure(figsize=(CHART_WIDTH, height))
        ax = fig.add_axes((0.12, (0.75 + 0.27 * keys) / height, 0.84, 3.6 / height))
        fig.suptitle("How big was the party? The standard figures and the texts' figures", x=0.01,
                     y=0.985, ha="left", va="top")
        drawn = []
        for column, label, style in (("total", "members and candidates", "-"), ("full_members", "full members", "--")):
            points = series.dropna(subset=[column])
            if points.empty:
                continue
            ax.plot(points["date"], points[column].astype(float), linestyle=style, marker="s", markersize=6,
                    color=INK, linewidth=2, label=f"{label} ({status_words(timeline.REFERENCE)})")
            drawn.append(f"{label}: " + ", ".join(f"{row.when} {int(getattr(row, column)):,}"
                                                   for row in points.itertuples()))
        described = []
        for row in texts.itertuples():
            marker = TEXT_MARKERS[sources.index(row.source_id) % len(TEXT_MARKERS)]
            kind = bound_kind(row)
            value = row.value_low if kind != "upper" else row.value_high
            if pd.isna(row.start_earliest):
                continue                # an undated figure has no place on a time axis: the table lists it
            start, end = row.start_earliest, min(row.end_latest, pd.Timestamp("1930-12-31"))
            middle = start + (end - start) / 2
            if end - start > pd.Timedelta(days=40):       # the date is vague: a whisker across the span
                ax.plot([start, end], [value, value], color=INK, linewidth=1.5)
            if kind == "range":
                ax.plot([middle, middle], [row.value_low, row.value_high], color=INK, linewidth=3)
            ax.plot([middle], [value], marker=marker, markersize=11, markerfacecolor="white", markeredgecolor=INK,
                    markeredgewidth=2, linestyle="none", zorder=4)
            text = value_text(row.value_low, row.value_high, "", row.qualifier)
            ax.annotate(textwrap.shorten(f"{text_name(row.source_id)}: {text}", 34, placeholder="…"), (middle, value),
                        xytext=(8, 8), textcoords="offset points", fontsize=MIN_POINTS, color=INK,
                        bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.85))
            described.append(f"{text_name(row.source_id)} ({row.when}): {text}")
        for source in sources:
            ax.plot([], [], marker=TEXT_MARKERS[sources.index(source) % len(TEXT_MARKERS)], markersize=10,
                    markerfacecolor="white", markeredgecolor=INK, markeredgewidth=2, linestyle="none",
                    label=f"a figure from {text_name(source)} (the texts)")
        ax.xaxis.set_major_locator(mdates.YearLocator(2))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.set_xlim(pd.Timestamp("1917-01-01"), pd.Timestamp("1931-01-01"))
        ax.yaxis.set_major_formatter(_millions)
        ax.set_ylim(bottom=0)
        ax.set_ylabel("party members")
        ax.grid(axis="y", color="#e5e5e5")
        ax.legend(loc="upper left", bbox_to_anchor=(-0.1, -0.12), ncol=1, frameon=False, borderaxespad=0)
        if series.empty:
            ax.text(0.5, 0.6, "No standard series in the evidence base yet", transform=ax.transAxes,
                    ha="center", fontsize=MIN_POINTS)
        # The works themselves are listed in data/references.csv; a count keeps the line short.
        references = sorted({part.split(",")[0] for part in series["reference"].dropna() if part})
        add_source_line(fig, f"Source: standard histories ({len(references)} references, data/party_size.csv); "
                             "the four texts (data/figures.csv).")
        undated = int(texts["start_earliest"].isna().sum())
        alt = ("Line chart of the party's size, 1917-1930. The standard figures: " +
               ("; ".join(drawn) or "none recorded") + ". The texts' figures, each a point: " +
               ("; ".join(described) or "none") + "." +
               (f" {undated} undated figure{'s' * (undated != 1)} not drawn." if undated else ""))
        fig.describe(alt, "The line joins the party sizes that standard histories give for each year; each "
                          "open mark is one figure from one of the four texts, at the date it gives, so you can "
                          "see which text's number fits the standard figures and which does not.")
    return fig


def fits(tables: Tables | None = None) -> pd.DataFrame:
    """Each dated text figure beside the standard total nearest its date: figure_id, source_id,
    when, text_value, standard_when, standard_total, ratio. What the picture shows, as a table."""
    tables = _tables(tables)
    series = timeline.party_size(tables).dropna(subset=["total"])
    texts = timeline.figures_by("party_size", tables=tables).dropna(subset=["start_earliest"])
    rows = []
    for row in texts.itertuples():
        if series.empty:
            break
        end = row.end_latest if row.end_latest < NO_LATER else row.start_latest
        middle = row.start_earliest + (end - row.start_earliest) / 2
        nearest = series.iloc[int(np.argmin(np.abs((series["date"] - middle).dt.days)))]
        value = row.value_low if pd.notna(row.value_low) and row.value_low else row.value_high
        rows.append((row.figure_id, row.source_id, row.when, value, nearest["when"], float(nearest["total"]),
                     round(float(value) / float(nearest["total"]), 2)))
    return pd.DataFrame(rows, columns=["figure_id", "source_id", "when", "text_value", "standard_when",
                                       "standard_total", "ratio"])
